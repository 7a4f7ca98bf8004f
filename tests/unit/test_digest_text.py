"""Pure parts of the weekly digest: streaks, people, splitting, and the words it chooses."""

from datetime import date

from bot.core.digest import Person, WeekSummary, people_of
from bot.core.digest_text import render, split_message, utf16_length
from bot.core.practice import Standing
from storage.models import Entry, Thanks

TODAY = date(2026, 11, 28)


def entry(entry_id: int, who: str, problem: str = "p", how: str = "h") -> Entry:
    return Entry(entry_id, 1, "2026-11-27", "done", None, who, problem, how, None, "quick",
                 None, 0, 0, 0)


def thanks(sender: str | None, text: str | None = "thanks", entry_id: int | None = None):
    return Thanks(1, 1, "kept", "manual", "text", None, sender, None, None, None, None, None,
                  None, 0, "2026-11-27", text, None, None, None, entry_id, None)


def summary(**kw) -> WeekSummary:
    values = dict(language="en", week_start=date(2026, 11, 23), today=TODAY, problems=[],
                  thanks=[], people=[], last_week=0, average=0.0, focus=None, focus_matches=0,
                  days_with_entry=0, streak=0, intention=None, average_weeks=4)
    values.update(kw)
    return WeekSummary(**values)


def test_people_are_grouped_by_name_and_thanks_back_counted():
    problems = [entry(1, "Mia"), entry(2, " mia "), entry(3, "Leo"), entry(4, "Ann")]
    people = people_of(problems, [thanks("Leo")], {1: 1})
    assert people == [Person("Mia", 2, 1), Person("Leo", 1, 1), Person("Ann", 1, 0)]


def test_split_keeps_lines_whole_and_counts_utf16():
    text = "\n".join(f"<b>{i}</b> 🌱 " + "あ" * 50 for i in range(200))
    parts = split_message(text, 4096)
    assert len(parts) > 1 and all(utf16_length(p) <= 4096 for p in parts)
    assert "\n".join(parts) == text


def test_comparison_words():
    ten_entries = [entry(i, f"p{i}") for i in range(6)]
    sunday = date(2026, 11, 29)  # the scheduled digest, on the week's last day
    text = render(summary(problems=ten_entries, last_week=2, average=3.0, today=sunday))
    assert "4 more than last week (2), above your 4-week average of 3" in "\n".join(text)
    text = render(summary(problems=ten_entries[:1], last_week=3, average=4.5, today=sunday))
    assert "2 fewer than last week (3), a little below your 4-week average of 4.5" in text[0]
    text = render(summary(problems=ten_entries[:1], last_week=None, average=None))
    assert "Your first week here" in text[0]
    text = render(summary(problems=ten_entries[:1], last_week=1, average=1.0, average_weeks=1,
                          today=sunday), question=True)
    assert "The same as last week (1)." in text[0]
    assert "Whose problem do you want to solve next week?" in text[0]


def test_the_week_count_and_the_streak_of_active_weeks():
    """"Week 5 of 13" for a week with an entry; a week with nothing yet says how many weeks
    are behind, never a number it has not earned; the streak (of active weeks) from 2 on."""
    one = [entry(1, "Mia")]
    sunday = date(2026, 11, 29)
    week = date(2026, 11, 23)

    def line(lang: str, practice: Standing | None, **kw) -> str:
        text = "\n".join(render(summary(language=lang, today=sunday, practice=practice,
                                         **kw)))
        return [x for x in text.split("\n") if x.startswith("📅")][0]

    active = dict(problems=one, days_with_entry=3, streak=9)
    assert line("en", Standing(week, 5, True, 9), **active) == (
        "📅 Week 5 of 13 · Days with an entry: 3 of 7 · 9 weeks in a row")
    assert line("ja", Standing(week, 5, True, 9), **active) == (
        "📅 13週間の5週目・記録した日:7日中3日・9週連続")
    assert line("en", Standing(week, 13, True, 1), problems=one, days_with_entry=1,
                streak=1) == "📅 Week 13 of 13 · Days with an entry: 1 of 7"
    # a week with only a thank-you counts too (no days with an entry)
    assert line("en", Standing(week, 2, True, 2), thanks=[thanks("Jun")], streak=2) == (
        "📅 Week 2 of 13 · 2 weeks in a row")
    # a week with nothing (the digest of a quiet week): how many weeks are behind
    assert line("en", Standing(week, 4, False, 0)) == "📅 4 of 13 weeks so far"
    assert line("ja", Standing(week, 4, False, 0)) == "📅 13週間のうち4週を記録"
    assert line("en", Standing(week, 0, False, 0)) == (
        "📅 Your 13 weeks begin with your next entry")
    assert line("ja", Standing(week, 0, False, 0)) == "📅 13週間は次の記録からはじまります"
    # /week on a Wednesday with nothing yet: the weeks before keep their streak
    text = "\n".join(render(summary(today=date(2026, 11, 25), practice=Standing(
        week, 4, False, 4), streak=4)))
    assert "📅 4 of 13 weeks so far · 4 weeks in a row" in text


def test_a_week_still_running_is_not_compared():
    one = [entry(1, "Mia")]
    for today in (date(2026, 11, 23), TODAY):  # Monday, Saturday
        text = render(summary(problems=one, last_week=7, average=6.0, today=today))[0]
        assert "Your week so far" in text
        assert "📈" not in text and "fewer" not in text and "last week" not in text


def test_a_past_week_is_never_this_week():
    # sent (or asked for with /week last) after the week's last day
    text = render(summary(problems=[entry(1, "Mia")], last_week=3, average=None,
                          average_weeks=0, intention="Jun", today=date(2026, 12, 1)))[0]
    assert "Last week" in text and "that week was: “Jun”" in text
    assert "2 fewer than the week before (3)" in text
    assert "this week" not in text.lower()
    ja = render(summary(language="ja", problems=[entry(1, "Mia")], last_week=3, average=None,
                        average_weeks=0, intention="Jun", today=date(2026, 12, 1)))[0]
    assert "先週のふりかえり" in ja and "その前の週(3件)" in ja and "今週" not in ja


def test_user_text_is_escaped():
    text = render(summary(problems=[entry(1, "<b>Mallory</b>", "a & b")],
                          thanks=[thanks("<i>x</i>", "<script>")]))[0]
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in text and "a &amp; b" in text
    assert "<script>" not in text


def test_a_week_with_thanks_but_no_problems_says_no_zeros():
    text = render(summary(thanks=[thanks("Ana", "thank you!")], last_week=2, average=2.0))[0]
    assert "Thank-yous received: 1" in text and "yet the thanks kept coming" in text
    assert "Problems you solved" not in text and "0" not in text.replace("2026", "")


# --- the README's digest examples are this code's output ----------------------------------

def readme_sample(lang: str) -> WeekSummary:
    """The typical week the README shows: seven problems (the best one oldest) and two
    thank-yous, one of them a screenshot."""
    def e(i, who, problem, how, outcome=None):
        return Entry(i, 1, "2026-11-27", "done", None, who, problem, how, outcome, "quick",
                     None, 0, 0, 0)

    def th(i, who, text, source="manual", kind="text", entry_id=None):
        return Thanks(i, 1, "kept", source, kind, None, who, None, None, None, None, None,
                      None, 0, "2026-11-27", text, None, None, None, entry_id, None)

    if lang == "en":
        problems = [e(7, "my neighbour", "lost cat", "put up posters"),
                    e(6, "Mia", "her résumé felt weak", "rewrote the summary together"),
                    e(5, "Ana", "printer jam", "fixed it"),
                    e(4, "Dad", "phone full", "cleared old videos"),
                    e(3, "Jun", "lost in the codebase", "paired for an hour"),
                    e(2, "Mia", "flat tyre", "lent a pump"),
                    e(1, "Kenji", "shop site down before a sale", "restored the backup",
                      "the sale went ahead")]
        thanks_ = [th(2, "Jun", None, "screenshot", "photo"),
                   th(1, "Kenji", "You saved our sale, thank you!", entry_id=1)]
        focus = None
    else:
        problems = [e(5, "同僚の佐藤さん", "会議の準備", "議事録を代わりに取った"),
                    e(4, "後輩の鈴木さん", "Excelのマクロ", "書き方を教えた"),
                    e(3, "母", "スマホの容量", "古い動画を整理した"),
                    e(2, "同僚の佐藤さん", "資料の締切", "構成案を一緒に作った"),
                    e(1, "取引先の山田さん", "見積もりの締切", "夜までに仕上げた", "受注できた")]
        thanks_ = [th(2, "鈴木", None, "screenshot", "photo"),
                   th(1, "取引先の山田さん", "本当に助かりました!", entry_id=1)]
        from bot.core.focus import Focus
        focus = Focus("20代女性", "転職不安")
    linked = {1: 1}
    thanked = {1}
    return summary(language=lang, problems=problems, thanks=thanks_,
                   people=people_of(problems, thanks_, linked), last_week=5 if lang == "en"
                   else 3, average=4.5 if lang == "en" else 3.0, average_weeks=4,
                   days_with_entry=6, streak=9, focus=focus, focus_matches=1,
                   thanked_entries=thanked, today=date(2026, 11, 29),
                   practice=Standing(date(2026, 11, 23), 5, True, 9))


def readme_block(lang: str) -> str:
    """The rendered digest as plain text, with its button, as the README shows it."""
    import html
    import re

    from bot.messages import t

    [text] = render(readme_sample(lang), question=True)
    text = html.unescape(re.sub(r"</?[bi]>", "", text))
    return f"{text}   [{t(lang, 'btn_intention')}]"


def test_readme_shows_the_real_digest():
    import pathlib

    readme = pathlib.Path("README.md").read_text("utf-8")
    for lang in ("ja", "en"):
        assert f"```\n{readme_block(lang)}\n```" in readme, readme_block(lang)


def test_a_typical_english_week_fits_one_phone_screen():
    assert len(readme_block("en").split("\n")) <= 16


if __name__ == "__main__":  # python -m tests.unit.test_digest_text: the README's examples
    for language in ("ja", "en"):
        print(f"```\n{readme_block(language)}\n```\n")
