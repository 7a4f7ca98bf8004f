"""Pure parts of the 13-week review: which quotes are the best, how people are grouped, the
words in both languages, and the README's examples (this code's output)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from bot.core.chart import WeekBar
from bot.core.focus import Focus
from bot.core.names import person_key
from bot.core.people import build_directory
from bot.core.review import Helped, ReviewData, best_quotes, quote_score, thanks_groups, who_groups
from bot.core.review_text import render
from bot.messages import plain
from storage.models import Entry, Thanks

START = date(2026, 9, 7)


def entry(i: int, who: str, day: str = "2026-10-01") -> Entry:
    return Entry(i, 1, day, "done", None, who, "p", "h", None, "quick", None, i, 0, 0)


def thanks(i: int, sender: str | None, text: str | None, entry_id: int | None = None,
           day: str = "2026-10-01") -> Thanks:
    return Thanks(i, 1, "kept", "manual", "text", None, sender, None, None, None, None, None,
                  None, i, day, text, None, None, None, entry_id, None)


def test_the_best_quotes_are_specific_heartfelt_and_one_per_person():
    records = [
        thanks(1, "Mia", "thanks"),
        thanks(2, "Mia", "Thank you so much — you saved my week, I couldn't have done it!"),
        thanks(3, "Leo", "Thanks for staying late to fix the invoice export.", entry_id=7),
        thanks(4, "Ana", None),                          # a screenshot: no words to quote
        thanks(5, "Jun", "ok"),
        thanks(6, "佐藤", "本当に助かりました!ありがとうございます"),
    ]
    assert quote_score(records[1]) > quote_score(records[2]) > quote_score(records[0])
    assert quote_score(records[5]) > quote_score(records[0])  # Japanese says more in less
    chosen = best_quotes(records, lambda r: person_key(r.sender_name))
    assert [r.thanks_id for r in chosen] == [2, 6, 3]
    # one per person, merges included: Jun is Mia here
    chosen = best_quotes(records, lambda r: "mia" if r.sender_name == "Jun" else
                         person_key(r.sender_name), limit=10)
    assert [r.thanks_id for r in chosen] == [2, 6, 3]
    # an unnamed sender is nobody's: each may be quoted
    anonymous = [thanks(8, None, "thank you!"), thanks(9, None, "thanks a lot!")]
    assert len(best_quotes(anonymous, lambda r: person_key(r.sender_name))) == 2


def test_people_helped_most_follow_merges():
    problems = [entry(1, "同僚の佐藤さん"), entry(2, "佐藤"), entry(3, "Sato"), entry(4, "母")]
    records = [thanks(1, "佐藤", "助かりました", entry_id=1), thanks(2, "Mia", "thx", entry_id=4)]
    from storage.people import Alias

    directory = build_directory(who_groups(problems), thanks_groups(records, problems),
                                [Alias(1, "sato", "佐藤", "Sato", "佐藤")])
    people = {p.name: (p.problems, p.thanks) for p in directory.people}
    # named as /people names them (the way written most, here also the sender's)
    assert people == {"佐藤": (3, 1), "母": (1, 1), "Mia": (0, 1)}


def sample(lang: str) -> ReviewData:
    """The review the README shows."""
    weeks = [START + timedelta(weeks=n) for n in (0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13)]
    solved = (3, 4, 2, 5, 3, 6, 4, 3, 5, 7, 4, 3, 5)
    thanked = (1, 0, 2, 1, 0, 2, 1, 1, 3, 2, 0, 1, 2)
    bars = [WeekBar(f"{w.month}/{w.day}", s, t) for w, s, t in zip(weeks, solved, thanked,
                                                                    strict=True)]
    if lang == "en":
        people = [Helped("Mia", 9, 3), Helped("Kenji", 6, 2), Helped("my neighbour Ana", 5, 0)]
        quotes = [thanks(1, "Kenji", "You saved our sale — I honestly couldn't have done it "
                         "without you. Thank you!", entry_id=3, day="2026-10-16"),
                  thanks(2, "Mia", "Thanks for the mock interview, I got the job!!",
                         day="2026-11-20"),
                  thanks(3, "Jun", "thank you, really appreciated", day="2026-09-18")]
        focus = Focus("young parents", "sleep")
    else:
        people = [Helped("同僚の佐藤さん", 9, 3), Helped("取引先の山田さん", 6, 2),
                  Helped("後輩の鈴木さん", 5, 0)]
        quotes = [thanks(1, "取引先の山田さん", "本当に助かりました!おかげで受注できました。",
                         entry_id=3, day="2026-10-16"),
                  thanks(2, "佐藤", "資料づくり、ありがとうございました", day="2026-11-20"),
                  thanks(3, "鈴木", "マクロ、感謝です", day="2026-09-18")]
        focus = Focus("20代女性", "転職不安")
    return ReviewData(language=lang, cycle_start=START, weeks=weeks, bars=bars,
                      solved=sum(solved), thanked=sum(thanked), people=people, quotes=quotes,
                      focus=focus, focus_matches=11, streak=9,
                      fullest=(weeks[9], 7))


def readme_block(lang: str) -> str:
    """The rendered review as plain text, with its buttons, as the README shows it."""
    review = sample(lang)
    [text] = render(review)
    text = html.unescape(re.sub(r"</?[bi]>", "", text))
    buttons = [plain(lang, "btn_next_focus"),
               plain(lang, "btn_keep_focus", focus=str(review.focus))]
    chart = plain(lang, "rv_chart_caption")
    return f"(a chart: {chart})\n{text}   [{'] ['.join(buttons)}]"


def test_the_review_in_words():
    en = render(sample("en"))[0]
    assert en.startswith("🌳 <b>Your 13 weeks</b> · September 7 – December 13\n")
    assert "Your fullest week: the week of November 16, 7 problems solved" in en
    assert "Mia — 9 problems · 💌 3 thank-yous" in en
    assert "my neighbour Ana — 5 problems\n" in en
    assert "— Kenji, October 16" in en
    assert "🎯 Your focus “young parents / sleep”: 11 in these 13 weeks" in en
    assert "📅 Your 13 weeks took 14 weeks" in en
    ja = render(sample("ja"))[0]
    assert "同僚の佐藤さん — 解決9件・💌 3件" in ja and "後輩の鈴木さん — 解決5件\n" in ja
    assert "」— 取引先の山田さん(10月16日)" in ja


def test_user_text_is_escaped_and_long_quotes_shortened():
    review = sample("en")
    review.people = [Helped("<b>Mallory</b>", 2, 0)]
    review.quotes = [thanks(1, "<i>x</i>", "a & b " * 60)]
    text = render(review)[0]
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in text and "&lt;i&gt;x&lt;/i&gt;" in text
    assert "a &amp; b" in text and "…”" in text
    # no focus, no streak, no quiet weeks: those lines are left out
    review.focus, review.streak = None, 1
    review.weeks = [START + timedelta(weeks=n) for n in range(13)]
    text = render(review)[0]
    assert "No personal metric yet" in text
    assert "in a row" not in text and "took" not in text


def test_readme_shows_the_real_review():
    import pathlib

    readme = pathlib.Path("README.md").read_text("utf-8")
    for lang in ("ja", "en"):
        assert f"```\n{readme_block(lang)}\n```" in readme, readme_block(lang)


if __name__ == "__main__":  # python -m tests.unit.test_review_text: the README's examples
    for language in ("ja", "en"):
        print(f"```\n{readme_block(language)}\n```\n")
