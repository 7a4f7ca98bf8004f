"""Weekly chart renderer: valid PNGs, Japanese glyphs present, safe across threads."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from PIL import Image

from bot.core.chart import WeekBar, font_path, render_weekly_chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def twelve_weeks(ja: bool = False) -> list[WeekBar]:
    labels = [f"{11 if i > 3 else 10}/{(i * 7) % 28 + 1}" for i in range(12)]
    if not ja:
        labels = [f"Nov {i + 1}" for i in range(12)]
    return [WeekBar(label, solved=(i * 3) % 7, thanks=(i * 5) % 11) for i, label in enumerate(labels)]


def check_png(data: bytes) -> Image.Image:
    assert data.startswith(PNG_SIGNATURE)
    img = Image.open(io.BytesIO(data))
    img.load()
    assert img.format == "PNG"
    w, h = img.size
    assert 700 <= w <= 1000 and 380 <= h <= 600, img.size
    return img


def glyph_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_twelve_weeks_png(lang: str) -> None:
    data = render_weekly_chart(twelve_weeks(ja=lang == "ja"), lang)
    check_png(data)
    assert 5_000 < len(data) < 300_000, len(data)


@pytest.mark.parametrize("lang", ["en", "ja", "xx"])
def test_empty_and_all_zero_render(lang: str) -> None:
    check_png(render_weekly_chart([], lang))
    check_png(render_weekly_chart([WeekBar("11/23", 0, 0)] * 12, lang))
    check_png(render_weekly_chart([WeekBar("11/23", 0, 0)], lang))


def test_unknown_lang_falls_back_to_en() -> None:
    bars = twelve_weeks()
    assert render_weekly_chart(bars, "xx") == render_weekly_chart(bars, "en")


def test_japanese_renders_without_missing_glyphs() -> None:
    bars = [WeekBar(f"{i + 1}月第1週", i, i + 1) for i in range(12)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_png(render_weekly_chart(bars, "ja"))
        check_png(render_weekly_chart([], "ja"))
    assert glyph_warnings(caught) == []


def test_missing_glyph_check_is_not_vacuous() -> None:
    # Japanese text in DejaVu Sans must trigger the warning the test above looks for.
    fig = Figure(figsize=(2, 1), dpi=50)
    FigureCanvasAgg(fig)
    fig.text(0.1, 0.5, "解決した問題", fontproperties=FontProperties(family="DejaVu Sans"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    assert glyph_warnings(caught)


def test_font_is_ipaex() -> None:
    path = font_path()
    assert "ipaex" in Path(path).name.lower() and Path(path).is_file()
    assert "ipaex" in findfont(FontProperties(family="IPAexGothic")).lower()


def test_no_pyplot_and_no_global_rcparams_change() -> None:
    # In a fresh interpreter: rendering imports neither pyplot nor matplotlib_fontja
    # (whose import rewrites rcParams["font.family"]).
    code = (
        "import sys, matplotlib\n"
        "before = list(matplotlib.rcParams['font.family'])\n"
        "from bot.core.chart import WeekBar, render_weekly_chart\n"
        "render_weekly_chart([WeekBar('1/1', 1, 2)], 'ja')\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
        "assert 'matplotlib_fontja' not in sys.modules\n"
        "assert list(matplotlib.rcParams['font.family']) == before\n"
        "print('ok')\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_concurrent_renders() -> None:
    jobs = [(twelve_weeks(ja=i % 2 == 0), "ja" if i % 2 == 0 else "en") for i in range(8)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: render_weekly_chart(*job), jobs))
    for data in results:
        check_png(data)
    serial = render_weekly_chart(*jobs[0])
    assert results[0] == serial and results[2] == serial
