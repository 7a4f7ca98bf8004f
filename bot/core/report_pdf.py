"""/report's page: a ``Report`` drawn as a one-page A4 PDF, with matplotlib's PDF backend.

The text is IPAexGothic (shipped by ``matplotlib-fontja``, found by ``chart.font_path``),
embedded as a subset TrueType font (``pdf.fonttype`` 42: a CID font with a ToUnicode map),
so Japanese shows on any machine and every word can be copied, searched and extracted.
Characters the font lacks (emoji) are left out rather than drawn as empty boxes. Texts are
measured with the font's own advance widths, so every line is cut or wrapped to fit and the
page never overflows: what does not fit is counted ("…and 7 more people").

``pdf_bytes`` renders in the chart's worker processes (``chart.run_in_worker``), off the
event loop; the PDF exists only in memory and is never written to disk.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bot.core.chart import font_path, run_in_worker
from bot.core.old_numbers import format_value
from bot.core.report import Bucket, NumberLine, Period, Report
from bot.messages import MONTHS_EN, format_date, plain

if TYPE_CHECKING:
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

# A4 portrait in points (1/72 inch), and the page's frame
PAGE_W, PAGE_H = 595.0, 842.0
MARGIN = 48.0
WIDTH = PAGE_W - 2 * MARGIN
BOTTOM = PAGE_H - 58.0           # nothing below this but the footer
INK, GREY, LIGHT = "#222222", "#666666", "#999999"
SOLVED, FOCUS, THANKS = "#8fbde0", "#1b5e96", "#f0a030"
BODY = 9.5                       # body text size
LINE = 13.5                      # body line height
MAX_PEOPLE = 12                  # lines of people at most
QUOTE_LINES = 2                  # lines one quote may take
MAX_OLD = 5                      # old numbers shown


# --- text that fits ------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _font() -> Any:
    from matplotlib.ft2font import FT2Font

    font = FT2Font(font_path())
    return font, frozenset(font.get_charmap()), font.units_per_EM


@lru_cache(maxsize=8192)
def _advance(char: str) -> float:
    """The width of ``char`` at 1 pt."""
    from matplotlib.ft2font import LoadFlags

    font, _, units = _font()
    return font.load_char(ord(char), flags=LoadFlags.NO_SCALE).horiAdvance / units


def drawable(text: str) -> str:
    """``text`` on one line with only what the font can draw: whitespace folded, emoji and
    other characters it lacks left out."""
    covered = _font()[1]
    kept = "".join(c for c in text if ord(c) in covered or c.isspace())
    return " ".join(kept.split())


def width(text: str, size: float) -> float:
    return sum(_advance(c) for c in text) * size


def fit(text: str, size: float, room: float) -> str:
    """``text`` as it is if it fits in ``room`` points, else cut with "…"."""
    if width(text, size) <= room:
        return text
    room -= width("…", size)
    used, cut = 0.0, 0
    for i, char in enumerate(text):
        used += _advance(char) * size
        if used > room:
            cut = i
            break
    return text[:cut].rstrip() + "…"


_NO_LINE_START = set("、。,.!?!?」』)】〕・ー…%")
_NO_LINE_END = set("「『(【〔“‘")


def wrap(text: str, size: float, room: float, max_lines: int) -> list[str]:
    """``text`` in lines of at most ``room`` points, at most ``max_lines`` of them (the last
    cut with "…"). Latin words break at spaces; Japanese anywhere, never before 。、」."""
    lines: list[str] = []
    rest = text
    while rest and len(lines) < max_lines - 1:
        if width(rest, size) <= room:
            break
        used, cut = 0.0, len(rest)
        for i, char in enumerate(rest):
            used += _advance(char) * size
            if used > room:
                cut = max(1, i)
                break
        while cut > 1 and (rest[cut] in _NO_LINE_START or rest[cut - 1] in _NO_LINE_END):
            cut -= 1
        space = rest.rfind(" ", 0, cut + 1)
        if space > 0 and not _wide(rest[cut - 1]) and not _wide(rest[cut]):
            cut = space
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        lines.append(fit(rest, size, room))
    return lines


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


# --- words ---------------------------------------------------------------------------------

def _date(lang: str, day: date, key: str = "rp_date") -> str:
    """A date with its year (``rp_date``) or without (``rp_date_short``)."""
    month: str | int = day.month
    if lang != "ja":  # English names the month: January, or Jan in the short forms
        month = MONTHS_EN[day.month - 1] if key == "rp_date" else MONTHS_EN[day.month - 1][:3]
    return plain(lang, key, year=day.year, month=month, day=day.day)


def short_date(lang: str, iso: str, with_year: bool) -> str:
    day = date.fromisoformat(iso)
    return _date(lang, day, "rp_date_short_year" if with_year else "rp_date_short")


def period_title(lang: str, period: Period) -> str:
    """2026 Q4 / 2026年 第4四半期; 2026 / 2026年; or the range's dates."""
    if period.quarter:
        return plain(lang, "rp_period_quarter", year=period.first.year, quarter=period.quarter)
    if period.whole_year:
        return plain(lang, "rp_period_year", year=period.first.year)
    same_year = period.first.year == period.last.year
    first = (format_date(lang, period.first.isoformat()) if same_year
             else _date(lang, period.first))
    return plain(lang, "rp_period_range", first=first, last=_date(lang, period.last))


def _dates_line(report: Report) -> str:
    """Under the title: a quarter's or a year's dates, a range's length."""
    lang, period = report.language, report.period
    if period.quarter or period.whole_year:
        dates = plain(lang, "rp_pdf_dates", first=_date(lang, period.first),
                      last=_date(lang, period.last))
    else:
        dates = plain(lang, "rp_pdf_days", count=f"{period.days:,}")
    if report.running:
        return plain(lang, "rp_pdf_so_far", dates=dates, today=_date(lang, report.today))
    return dates


def _counted(lang: str, key: str, count: int) -> str:
    return plain(lang, f"{key}_one" if count == 1 else f"{key}_other", count=count)


def bucket_label(lang: str, bucket: Bucket, monthly: bool, first_of_page: bool) -> str:
    day = bucket.first
    if not monthly:
        return f"{day.month}/{day.day}"
    month = f"{day.month}月" if lang == "ja" else MONTHS_EN[day.month - 1][:3]
    return f"{month}\n{day.year}" if first_of_page or day.month == 1 else month


# --- the page ------------------------------------------------------------------------------

@dataclass
class _Page:
    fig: Figure
    y: float = 0.0              # the next baseline, in points from the top

    def text(self, x: float, y: float, text: str, size: float, color: str = INK,
             ha: str = "left") -> None:
        from matplotlib.font_manager import FontProperties

        self.fig.text(x / PAGE_W, 1 - y / PAGE_H, text, ha=ha, va="baseline", color=color,
                      fontproperties=FontProperties(fname=font_path(), size=size),
                      parse_math=False)

    def rule(self, y: float) -> None:
        self.fig.add_artist(_line(MARGIN, PAGE_W - MARGIN, y))


def _line(x0: float, x1: float, y: float) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([x0 / PAGE_W, x1 / PAGE_W], [1 - y / PAGE_H] * 2, color="#dddddd",
                  linewidth=0.8)


def render_report(report: Report) -> bytes:
    """The one-page PDF (bytes) of ``report``."""
    import matplotlib
    from matplotlib.backends.backend_pdf import FigureCanvasPdf
    from matplotlib.figure import Figure

    lang = report.language
    with matplotlib.rc_context({"pdf.fonttype": 42, "pdf.compression": 6}):
        fig = Figure(figsize=(PAGE_W / 72, PAGE_H / 72), dpi=72)
        FigureCanvasPdf(fig)
        page = _Page(fig)
        _header(page, report)
        _numbers(page, report)
        _chart(page, report)
        _people_and_quotes(page, report)
        page.text(MARGIN, PAGE_H - 32, fit(plain(lang, "rp_pdf_footer", date=_date(
            lang, report.today)), 7.5, WIDTH), 7.5, LIGHT)
        buf = io.BytesIO()
        fig.savefig(buf, format="pdf", metadata={
            "Title": drawable(f"{plain(lang, 'rp_pdf_brand')} — "
                              f"{period_title(lang, report.period)}"),
            "Creator": "value journal", "Producer": None, "CreationDate": None})
    return buf.getvalue()


def _header(page: _Page, report: Report) -> None:
    lang = report.language
    page.text(MARGIN, 62, fit(plain(lang, "rp_pdf_brand"), 8.5, WIDTH), 8.5, GREY)
    page.text(MARGIN, 92, fit(period_title(lang, report.period), 22, WIDTH), 22)
    page.text(MARGIN, 110, fit(_dates_line(report), 10, WIDTH), 10, GREY)
    page.rule(122)
    page.y = 122


def _numbers(page: _Page, report: Report) -> None:
    """The new numbers as big figures; the old ones beside them, if the user gave any."""
    lang = report.language
    top = page.y + 20
    old = report.numbers[:MAX_OLD]
    new_width = WIDTH * (0.5 if old else 1.0)
    page.text(MARGIN, top, plain(lang, "rp_pdf_new"), 9, GREY)
    figures = [(report.solved, "rp_pdf_solved"), (report.thanks, "rp_pdf_thanks"),
               (report.people_count, "rp_pdf_people")]
    if report.focus:
        figures.append((report.focus_total, "rp_pdf_focus"))
    cell = new_width / len(figures)
    for i, (value, key) in enumerate(figures):
        x = MARGIN + i * cell
        page.text(x, top + 32, fit(f"{value:,}", 26, cell - 4), 26,
                  FOCUS if key == "rp_pdf_focus" else INK)
        for i, label in enumerate(wrap(plain(lang, key), 8, cell - 4, 2)):
            page.text(x, top + 47 + i * 10.5, label, 8, GREY)
    bottom = top + 58
    if old:
        x = MARGIN + new_width + 12
        room = PAGE_W - MARGIN - x
        page.fig.add_artist(_vertical(x - 8, top - 10, top + 58))
        page.text(x, top, plain(lang, "rp_pdf_old"), 9, GREY)
        y = top + 4
        many_years = report.period.first.year != report.through.year
        for line in old:
            y += 15
            page.text(x, y, fit(drawable(line.name), BODY, room * 0.34), BODY)
            page.text(x + room * 0.36, y, fit(_old_values(lang, line, many_years), 8.5,
                                              room * 0.64), 8.5, INK)
        if report.numbers_count > len(old):
            y += 13
            page.text(x, y, plain(lang, "rp_pdf_old_more",
                                  count=report.numbers_count - len(old)), 8, GREY)
        bottom = max(bottom, y)
    page.rule(bottom + 12)
    page.y = bottom + 12


def _vertical(x: float, y0: float, y1: float) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([x / PAGE_W] * 2, [1 - y0 / PAGE_H, 1 - y1 / PAGE_H], color="#dddddd",
                  linewidth=0.8)


def _old_values(lang: str, line: NumberLine, with_year: bool) -> str:
    end = format_value(line.end_value)
    end_date = short_date(lang, line.end_date, with_year)
    if not line.changed:
        return plain(lang, "rp_pdf_old_once", end=end, end_date=end_date)
    return plain(lang, "rp_pdf_old_since", start=format_value(line.start_value),
                 start_date=short_date(lang, line.start_date, with_year), end=end,
                 end_date=end_date)


def _chart(page: _Page, report: Report) -> None:
    """Problems solved and thank-yous bucket by bucket, the personal metric's share of the
    problems drawn darker inside their bars."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.ticker import MaxNLocator

    lang = report.language
    title = plain(lang, "rp_pdf_by_month" if report.monthly else "rp_pdf_by_week")
    top = page.y + 22
    page.text(MARGIN, top, title, 11)
    height = 150.0
    chart_top = top + 12
    ax = page.fig.add_axes((MARGIN / PAGE_W + 0.03, 1 - (chart_top + height) / PAGE_H,
                            WIDTH / PAGE_W - 0.03, height / PAGE_H))
    small = FontProperties(fname=font_path(), size=7)
    legend_font = FontProperties(fname=font_path(), size=8)
    buckets = report.buckets
    xs = list(range(len(buckets)))
    bar = 0.38
    solved = [b.solved for b in buckets]
    ax.bar([x - bar / 2 for x in xs], solved, bar, color=SOLVED,
           label=plain(lang, "chart_solved"))
    if report.focus:
        ax.bar([x - bar / 2 for x in xs], [b.focus for b in buckets], bar, color=FOCUS,
               label=fit(drawable(plain(lang, "rp_pdf_focus_legend", focus=report.focus)),
                         8, WIDTH * 0.45))
    ax.bar([x + bar / 2 for x in xs], [b.thanks for b in buckets], bar, color=THANKS,
           label=plain(lang, "chart_thanks"))
    top_value = max([1, *solved, *(b.thanks for b in buckets)])
    ax.set_ylim(0, top_value * 1.12)
    ax.set_xlim(-0.6, len(buckets) - 0.4)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    step = max(1, -(-len(buckets) // 14))  # at most 14 labels
    ax.set_xticks(xs[::step], [bucket_label(lang, b, report.monthly, i == 0)
                               for i, b in enumerate(buckets)][::step])
    ax.tick_params(axis="both", length=0, pad=3)
    for tick in ax.get_xticklabels() + ax.get_yticklabels():
        tick.set_fontproperties(small)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color("#bbbbbb")
    ax.grid(axis="y", color="#eeeeee", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="lower right", bbox_to_anchor=(1, 1.0), ncols=3, frameon=False,
              prop=legend_font, borderaxespad=0.3, handlelength=1.2, columnspacing=1.2)
    page.y = chart_top + height + 28  # below the tick labels (two lines for months)


def _people_and_quotes(page: _Page, report: Report) -> None:
    """The people (with their problems), then the thank-yous in their words: as many as
    the rest of the page holds, the rest counted."""
    lang = report.language
    many_years = report.period.first.year != report.through.year
    blocks = _quote_blocks(report, many_years)
    heading = 24.0
    lines = int((BOTTOM - page.y - 2 * heading) // LINE)  # for both lists

    # how many lines each list gets: the people first, but three quotes keep their room
    wordless = 1 if report.wordless else 0
    keep_for_quotes = (sum(len(b) for _, b in blocks[:3]) + (1 if report.quotes_count > 3
                                                              else 0) if blocks else 1)
    people_lines = min(min(len(report.people), MAX_PEOPLE), lines - keep_for_quotes - wordless)
    people_lines = max(people_lines, 1)
    shown = report.people[:people_lines]
    if report.people_count > len(shown) and len(shown) == people_lines and people_lines > 1:
        shown = shown[:people_lines - 1]  # the last line says how many more
    more_people = report.people_count - len(shown)
    used = len(shown) + (1 if more_people else 0)

    y = page.y + heading - 4
    page.text(MARGIN, y, plain(lang, "rp_pdf_people_title"), 11)
    name_room = WIDTH * 0.28
    for person in shown:
        y += LINE
        page.text(MARGIN, y, fit(drawable(person.name), BODY, name_room - 6), BODY)
        parts = []
        if person.problems:
            parts.append(_counted(lang, "rp_pdf_problems", person.problems))
        if person.thanks:
            parts.append(_counted(lang, "rp_pdf_thanks", person.thanks))
        counts = " · ".join(parts)
        page.text(MARGIN + name_room, y, counts, 8.5, GREY)
        examples = drawable(" / ".join(person.examples))
        room = WIDTH - name_room - width(counts, 8.5) - 10
        if examples and room > 40:
            page.text(MARGIN + name_room + width(counts, 8.5) + 10, y,
                      fit(examples, 8.5, room), 8.5)
    if more_people:
        y += LINE
        page.text(MARGIN, y, _counted(lang, "rp_pdf_more_people", more_people), 8.5, GREY)

    y += heading
    page.text(MARGIN, y, plain(lang, "rp_pdf_quotes_title"), 11)
    left = lines - used - wordless
    fitted: list[tuple[str, list[str]]] = []
    for when, block in blocks:  # the best first
        more_after = 1 if len(fitted) + 1 < report.quotes_count else 0
        if len(block) + more_after > left:
            break
        fitted.append((when, block))
        left -= len(block)
    date_room = 84.0 if many_years else 58.0
    for when, block in sorted(fitted, key=lambda item: item[0]):  # in date order
        for i, text in enumerate(block):
            y += LINE
            if i == 0:
                page.text(MARGIN, y, short_date(lang, when, many_years), 8.5, GREY)
            page.text(MARGIN + date_room, y, text, BODY)
    if not report.quotes_count:
        y += LINE
        page.text(MARGIN, y, plain(lang, "rp_pdf_no_quotes"), BODY, GREY)
    elif report.quotes_count > len(fitted):
        y += LINE
        page.text(MARGIN, y, _counted(lang, "rp_pdf_more_quotes",
                                      report.quotes_count - len(fitted)), 8.5, GREY)
    if report.wordless:
        y += LINE
        page.text(MARGIN, y, plain(lang, "rp_pdf_wordless", count=report.wordless), 8.5, GREY)
    page.y = y
    if y > BOTTOM:  # never expected: the lines above are counted to fit
        log.warning("report page overflowed by %.0f pt", y - BOTTOM)


def _quote_blocks(report: Report, many_years: bool) -> list[tuple[str, list[str]]]:
    """Each quote (the best first) as its date and its lines: the words in quotation marks
    and who said them, in at most two lines (long words shortened, the name kept)."""
    lang = report.language
    room = WIDTH - (84.0 if many_years else 58.0)
    blocks = []
    for quote in report.quotes:
        who, words = fit(drawable(quote.sender), BODY, room / 3), drawable(quote.text)

        def said(text: str, who: str = who) -> str:
            return plain(lang, "thanks_line", quote=plain(lang, "quote_marks", text=text),
                         who=who)

        lines = wrap(said(words), BODY, room, QUOTE_LINES + 1)
        if len(lines) > QUOTE_LINES:  # the longest start of the words that fits, and "…"
            low, high = 0, len(words)
            while low < high:
                mid = (low + high + 1) // 2
                if len(wrap(said(words[:mid].rstrip() + "…"), BODY, room,
                            QUOTE_LINES + 1)) <= QUOTE_LINES:
                    low = mid
                else:
                    high = mid - 1
            lines = wrap(said(words[:low].rstrip() + "…"), BODY, room, QUOTE_LINES)
        blocks.append((quote.local_date, lines))
    return blocks


async def pdf_bytes(report: Report) -> bytes | None:
    """The report's PDF, rendered in a worker process; None if rendering failed."""
    try:
        return await run_in_worker(render_report, report)
    except Exception as exc:
        log.error("report rendering failed: %s", type(exc).__name__)
        return None
