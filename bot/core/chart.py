"""Weekly chart renderer: PNG bytes of problems solved and thank-yous per week.

Uses ``Figure`` + ``FigureCanvasAgg`` directly (no pyplot, no GUI backend, no global state
changes). ``chart_png`` renders in worker processes (``WORKERS``, started on first use).
Text is drawn with the IPAexGothic font shipped by ``matplotlib-fontja``; the package is
located without importing it, because importing it rewrites global rcParams.
"""

from __future__ import annotations

import asyncio
import importlib.util
import io
import logging
import multiprocessing
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bot.messages import t

if TYPE_CHECKING:
    from matplotlib.font_manager import FontProperties

# matplotlib is imported inside the functions: it costs ~0.4 s, paid on the first chart, not
# at bot start-up.

log = logging.getLogger(__name__)
T = TypeVar("T")

FONT_FILE = "ipaexg.ttf"
_SOLVED_COLOR, _THANKS_COLOR = "#2a7ab9", "#f0a030"
_font_lock = threading.Lock()
_font_path: str | None = None


@dataclass(frozen=True)
class WeekBar:
    label: str
    solved: int
    thanks: int


def font_path() -> str:
    """Path of ipaexg.ttf inside the installed matplotlib_fontja, registered once."""
    global _font_path
    with _font_lock:
        if _font_path is None:
            spec = importlib.util.find_spec("matplotlib_fontja")  # finds, does not import
            if spec is None or not spec.submodule_search_locations:
                raise RuntimeError("matplotlib-fontja is not installed")
            path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / FONT_FILE
            if not path.is_file():
                raise RuntimeError(f"font file not found: {path}")
            from matplotlib.font_manager import fontManager

            fontManager.addfont(str(path))  # makes the "IPAexGothic" family known too
            _font_path = str(path)
        return _font_path


def _font(size: float) -> FontProperties:
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=font_path(), size=size)


_pool_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
WORKERS = max(1, min(4, os.cpu_count() or 1))


def _renderers() -> ProcessPoolExecutor:
    """Worker processes that render charts: a chart costs tens of ms of CPU, which in the
    bot's own process would hold the event loop (Python's lock) and set the pace of a digest
    fan-out. Started on the first chart, kept for the life of the process."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=WORKERS,
                                        mp_context=multiprocessing.get_context("spawn"))
        return _pool


def warm_up() -> None:
    """Start the worker processes and load matplotlib in them now, in the background, so
    that the first digest does not wait for it (a few seconds on a busy machine)."""
    try:
        _renderers().submit(font_path)
    except Exception as exc:  # rendering falls back to a thread, if it comes to that
        log.warning("chart workers did not start: %s", type(exc).__name__)


# Charts rendered ahead of their digest (``prepare``), by what they show: the same bars in the
# same language are the same picture, so a chart whose data changed since is simply not found.
CACHE_SIZE = 1000  # about 22 KB each
_cache: OrderedDict[tuple[tuple[WeekBar, ...], str, str], bytes] = OrderedDict()
DIGEST_TITLE = "chart_title"     # "Last 12 weeks"
REVIEW_TITLE = "rv_chart_title"  # "Your 13 weeks": the review's active weeks


async def chart_png(bars: Sequence[WeekBar], lang: str,
                    title: str = DIGEST_TITLE) -> bytes | None:
    """The chart, rendered ahead (``prepare``) or now in a worker process, off the event
    loop; None if rendering fails: a chart is a bonus, never worth losing the text it comes
    with. ``title``: the catalog key of its title."""
    key = (tuple(bars), lang, title)
    cached = _cache.get(key)
    if cached is not None:
        _cache.move_to_end(key)
        return cached
    return await _render(key)


async def prepare(bars: Sequence[WeekBar], lang: str, title: str = DIGEST_TITLE) -> None:
    """Render a chart that a digest (or review) due soon will show, so that sending it waits
    for no rendering (``chart_png`` finds it)."""
    key = (tuple(bars), lang, title)
    if key in _cache:
        return
    png = await _render(key)
    if png is not None:
        _cache[key] = png
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def prepared() -> int:
    return len(_cache)


async def _render(key: tuple[tuple[WeekBar, ...], str, str]) -> bytes | None:
    global _pool
    bars, lang, title = key
    loop = asyncio.get_running_loop()
    try:
        try:
            return await loop.run_in_executor(_renderers(), render_weekly_chart, bars, lang,
                                              title)
        except BrokenProcessPool:  # a worker died (e.g. killed): start new ones next time
            with _pool_lock:
                _pool = None
            return await asyncio.to_thread(render_weekly_chart, bars, lang, title)
    except Exception as exc:
        log.error("chart rendering failed: %s", type(exc).__name__)
        return None


async def run_in_worker(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in the renderers' worker processes, off the event loop (in a thread if
    the pool broke): for other pictures than the chart (/report's PDF). ``fn`` and its
    arguments must pickle; errors are the caller's to handle."""
    global _pool
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(_renderers(), fn, *args)
    except BrokenProcessPool:
        with _pool_lock:
            _pool = None
        return await asyncio.to_thread(fn, *args)


def render_weekly_chart(bars: Sequence[WeekBar], lang: str, title: str = DIGEST_TITLE) -> bytes:
    """Render grouped bars for the given weeks (oldest first) as an 800x450 PNG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    solved_name, thanks_name, no_data = (
        t(lang, key) for key in ("chart_solved", "chart_thanks", "chart_no_data"))
    fig = Figure(figsize=(6.4, 3.6), dpi=125)
    # fixed margins for the fixed 800x450 size: a layout engine would draw the figure twice
    fig.subplots_adjust(left=0.06, right=0.98, bottom=0.09, top=0.86)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if not bars:
        ax.set_axis_off()
        ax.text(0.5, 0.5, no_data, ha="center", va="center", color="#666666",
                transform=ax.transAxes, fontproperties=_font(14))
    else:
        ax.set_title(t(lang, title, n=len(bars)), loc="left", fontproperties=_font(13))
        xs = range(len(bars))
        width = 0.4
        for offset, values, name, color in (
            (-width / 2, [b.solved for b in bars], solved_name, _SOLVED_COLOR),
            (width / 2, [b.thanks for b in bars], thanks_name, _THANKS_COLOR),
        ):
            cont = ax.bar([x + offset for x in xs], values, width, label=name, color=color)
            ax.bar_label(cont, labels=[str(v) if v else "" for v in values], padding=1,
                         fontproperties=_font(7), color="#444444")
        top = max(max(b.solved, b.thanks) for b in bars)
        ax.set_ylim(0, max(1, top) * 1.15)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xticks(list(xs), [b.label for b in bars])
        ax.tick_params(axis="x", length=0)
        ax.grid(axis="y", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        for tick in ax.get_xticklabels() + ax.get_yticklabels():
            tick.set_fontproperties(_font(8))
        ax.legend(loc="lower right", bbox_to_anchor=(1, 1), ncols=2, frameon=False,
                  prop=_font(9), borderaxespad=0.2)

    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
