"""/report's page: one A4 page whatever the journal holds, every word extractable (Japanese
too: a TrueType font with a ToUnicode map, not Type 3), nothing drawn off the page, text cut
and wrapped to fit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.core import report_pdf
from bot.core.report import Bucket, NumberLine, Period, PersonLine, Quote, Report, quarter_of
from bot.messages import plain
from tests import report_pdf_check as check

TODAY = date(2026, 11, 28)
JA_NAMES = ("同僚の佐藤さん", "取引先の山田さん", "母", "後輩の鈴木さん", "ミカ", "部長")
EN_NAMES = ("Mia", "Kenji", "my neighbour Ana", "Priya Sharma", "Leo", "Dad")
LONG_JA = "遅くまで請求書を直してくれて、本当にありがとうございました。" * 8
LONG_EN = "You saved our sale, thank you so much for staying up all night with us! " * 6


def big_report(lang: str, people: int = 60, quotes: int = 80) -> Report:
    names = JA_NAMES if lang == "ja" else EN_NAMES
    lines = tuple(PersonLine(f"{names[i % len(names)]}{i}", 40 - i // 2, i % 4,
                             ("資料の締切に間に合わない" if lang == "ja" else "her résumé felt weak",
                              "引っ越しの準備" if lang == "ja" else "moving day"))
                  for i in range(people))
    said = [("山田さん", "本当に助かりました!"), ("佐藤 花子", LONG_JA), ("Kenji", LONG_EN),
            ("Ana 🌱", "Thanks for the ride 💌 and the $5 coffee, $ign here")]
    kept = tuple(Quote((date(2026, 10, 1) + timedelta(days=i % 58)).isoformat(),
                       said[i % 4][0], said[i % 4][1]) for i in range(quotes))
    period = quarter_of(TODAY)
    buckets = tuple(Bucket(period.first + timedelta(days=7 * i), i % 6, i % 4, i % 3)
                    for i in range(14))
    numbers = tuple(NumberLine(f"{'フォロワー' if lang == 'ja' else 'Followers'} {i}", 1200 + i,
                               "2026-10-01", 1350 + i, "2026-11-28") for i in range(8))
    return Report(lang, period, TODAY, 420, 180, people + 5, lines, kept, quotes + 20, 7,
                  buckets, False, "20代女性 / 転職不安", 96, numbers, len(numbers))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_full_journal_fits_one_page_and_says_how_many_more(lang):
    report = big_report(lang)
    data = report_pdf.render_report(report)
    assert check.pages(data) == 1
    words = check.text(data)
    footer = plain(lang, "rp_pdf_footer", date="2026年11月28日" if lang == "ja"
                   else "November 28, 2026")
    first = report.people[0].name
    assert first in words
    more = "…ほか" if lang == "ja" else "…and "
    assert more in words
    assert ("ほかに言葉のあるお礼が" if lang == "ja" else "more thank-yous with words") in words
    # nothing drawn outside the page, and only the footer below the last line's room
    for x, y, piece in check.baselines(data):
        assert 40 <= x <= report_pdf.PAGE_W - 40, piece
        assert 20 <= y <= report_pdf.PAGE_H - 40, piece
        if y < report_pdf.PAGE_H - report_pdf.BOTTOM - 2:
            assert piece.strip() in footer, piece
    assert check.ink(data) > 0.01


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_japanese_is_embedded_truetype_and_extractable(lang):
    data = report_pdf.render_report(big_report(lang, people=3, quotes=4))
    fonts = check.fonts(data)
    assert fonts and all(f["subtype"] == "/Type0" and f["descendant"] == "/CIDFontType2"
                         and f["to_unicode"] and "IPAexGothic" in str(f["base"])
                         for f in fonts), fonts
    words = check.text(data)
    assert "本当に助かりました!" in words
    assert "同僚の佐藤さん0" in words if lang == "ja" else "Mia0" in words
    # emoji the font lacks are left out; a "$" is a dollar, not mathematics
    assert "Thanks for the ride and the $5 coffee, $ign here" in words
    assert "🌱" not in words


def test_long_quotes_are_shortened_and_keep_who_said_them():
    data = report_pdf.render_report(big_report("ja", people=2, quotes=3))
    words = check.text(data)
    assert "— 佐藤 花子" in words
    assert "…」" in words
    assert LONG_JA not in words


def test_an_empty_chart_and_no_quotes_still_draw_cleanly():
    report = Report("en", Period(date(2026, 11, 1), date(2026, 11, 28)), TODAY, 1, 0, 1,
                    (PersonLine("Mia", 1, 0, ("bike",)),), (), 0, 0,
                    (Bucket(date(2026, 11, 1), 1, 0, 0),), False, None, 0, (), 0)
    data = report_pdf.render_report(report)
    words = check.text(data)
    assert "No thank-you with words in this period." in words
    assert "November 1 – November 28, 2026 28 days" in words


@pytest.mark.parametrize(("text", "room"), [
    ("同僚の佐藤さんの資料の締切に間に合わない問題を一緒に解決した" * 3, 200.0),
    ("You saved our sale, thank you so much for staying up all night! " * 4, 180.0),
    ("Mixed 日本語 and English, 「かぎかっこ」、句読点。" * 4, 150.0),
])
def test_lines_fit_their_room(text, room):
    for size in (8.5, 9.5, 12.0):
        assert report_pdf.width(report_pdf.fit(text, size, room), size) <= room
        lines = report_pdf.wrap(text, size, room, 3)
        assert 1 <= len(lines) <= 3
        assert all(report_pdf.width(line, size) <= room for line in lines)
        assert not any(line.startswith(("、", "。", "」")) for line in lines[1:])
        assert lines[-1].endswith("…")


def test_wrap_keeps_latin_words_whole():
    lines = report_pdf.wrap("people helped the most this quarter", 8.5, 60, 4)
    assert all(part in "people helped the most this quarter".split()
               for line in lines for part in line.split())


def test_period_titles():
    assert report_pdf.period_title("ja", quarter_of(TODAY)) == "2026年 第4四半期"
    assert report_pdf.period_title("en", quarter_of(TODAY)) == "2026 Q4"
    spanning = Period(date(2025, 12, 1), date(2026, 1, 31))
    assert report_pdf.period_title("en", spanning) == "December 1, 2025 – January 31, 2026"
    assert report_pdf.period_title("ja", spanning) == "2025年12月1日〜2026年1月31日"
