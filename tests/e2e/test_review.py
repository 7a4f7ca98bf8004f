"""The 13 weeks, driven as a Telegram user would, in both languages, with the injected clock
(13 weeks pass in seconds): the digest's "week N of 13" line and its streak of active weeks,
a quiet week not counted, the 13-week review after the digest that closes the 13th active
week (its chart, people helped most with merges, best quotes, focus, streak), its question
answered by a new focus, the claim once per cycle and the cycle moved on; a long-time user's
first review at their next 13-week boundary, with the digest turned off."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

W = timedelta(weeks=1)


pytestmark = pytest.mark.usefixtures("no_errors")



def texts(harness, user) -> list[str]:
    return [m.get("text") or m.get("caption") or "" for m in harness.api.sent_messages(user.id)]


def digests(harness, user) -> list[str]:
    return [t for t in texts(harness, user) if t.startswith("🌱") and "💭" in t]


def reviews(harness, user) -> list[str]:
    return [t for t in texts(harness, user) if t.startswith("🌳")]


def week_line(text: str) -> str:
    return next(line for line in text.split("\n") if line.startswith("📅"))


# English: an entry on the Saturday of each active week (a quiet week between), the
# digest every Sunday at 20:00 UTC.
ENGLISH_WEEKS = [
    # (entries, thank-yous) of each calendar week from November 23, 2026; None: quiet
    (["Mia / her bike chain broke / fixed it together"], []),
    (["Jo / moving day / carried boxes", "Leo / lost his keys / called the locksmith"],
     ["/thanks Leo / thx"]),
    (["Mia / flat bike tyre / lent a pump"], []),
    (["Joanna / the spreadsheet / showed the export"], []),
    None,
    (["Mia / bike lights / fitted new ones"],
     ["/thanks Mia / Thank you so much, you saved my week — I could not have done it "
      "without you!"]),
    (["Leo / a cover letter / read it through"], []),
    (["Jo / her printer / replaced the cartridge"], ["/thanks Mia / thanks!"]),
    (["Ken / a flat battery / jump-started the car"], []),
    (["Joanna / the budget sheet / fixed the formulas"],
     ["/thanks Joanna / Thanks for the help with the move, really appreciated"]),
    (["Mia / the bike shop quote / compared prices"], []),
    (["Leo / the train times / found a faster one"], []),
    (["Mia / her bike basket / bolted it on"], []),
    (["Ana / a lost cat / put up posters"], []),
]


async def test_english_13_weeks_digest_count_review_and_next_focus(harness, en_user):
    await harness.onboard(en_user, zone="UTC")  # Saturday November 28; digest Sunday 20:00
    await harness.send(en_user, "/focus Mia / bike")
    first_monday = date(2026, 11, 23)
    lines: list[str] = []
    for n, week in enumerate(ENGLISH_WEEKS):
        monday = first_monday + n * W
        saturday = datetime(monday.year, monday.month, monday.day, 10, 0, tzinfo=UTC) \
            + timedelta(days=5)
        if week is not None:
            harness.clock.set(saturday)
            entries, thanks = week
            for text in entries + thanks:
                await harness.send(en_user, text)
        if n == 3:  # Jo and Joanna are one person
            replies = await harness.send(en_user, "/people merge Joanna + Jo")
            assert "Joanna" in replies[-1]["text"]
        await harness.at(saturday + timedelta(hours=34))  # Sunday 20:00
        lines.append(week_line(digests(harness, en_user)[-1]))
        if n < len(ENGLISH_WEEKS) - 1:
            assert reviews(harness, en_user) == []

    assert lines[0] == "📅 Week 1 of 13 · Days with an entry: 1 of 7"
    assert lines[1] == "📅 Week 2 of 13 · Days with an entry: 1 of 7 · 2 weeks in a row"
    assert lines[3] == "📅 Week 4 of 13 · Days with an entry: 1 of 7 · 4 weeks in a row"
    # the quiet week is not counted; on its last evening the streak is still alive
    assert lines[4] == "📅 4 of 13 weeks so far · 4 weeks in a row"
    assert lines[5] == "📅 Week 5 of 13 · Days with an entry: 1 of 7"
    assert lines[13] == "📅 Week 13 of 13 · Days with an entry: 1 of 7 · 9 weeks in a row"

    # the review came right after that digest: its chart, then its words
    sent = harness.api.sent_messages(en_user.id)
    digest_at = max(i for i, m in enumerate(sent) if "💭" in (m.get("text") or "")
                    and "Week 13 of 13" in m["text"])
    chart, review = sent[digest_at + 1], sent[digest_at + 2]
    assert chart.get("photo") and chart["caption"] == (
        "Problems solved and thank-yous, week by week over your 13 weeks")
    text = review["text"]
    assert text.startswith("🌳 <b>Your 13 weeks</b> · November 23 – February 28\n")
    assert "🧩 Problems you solved: <b>14</b> · 💌 Thank-yous received: <b>4</b>" in text
    assert ("🤝 <b>The people you helped most</b>\n"
            "Mia — 5 problems · 💌 2 thank-yous\n"
            "Joanna — 4 problems · 💌 1 thank-you\n"
            "Leo — 3 problems · 💌 1 thank-you\n") in text
    assert ("💬 <b>In their words</b>\n"
            "“Thank you so much, you saved my week — I could not have done it without you!”"
            " — Mia, January 2\n"
            "“Thanks for the help with the move, really appreciated” — Joanna, January 30\n"
            "“thx” — Leo, December 5\n") in text
    assert "thanks!" not in text  # Mia's other one: one quote per person
    assert "🎯 Your focus “Mia / bike”: 5 in these 13 weeks" in text
    assert "📅 9 weeks in a row with an entry or a thank-you" in text
    assert "📅 Your 13 weeks took 14 weeks: quiet weeks don't break the count" in text
    assert text.endswith("A new 13 weeks starts now.\n"
                         "💭 <b>Whose problems do you want to focus on for the next 13 "
                         "weeks?</b>")
    buttons = [b["text"] for row in review["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["🎯 Choose my focus", "Keep “Mia / bike”"]
    # claimed once for the cycle; the next 13 weeks start the Monday after the 13th
    rows = harness.rows("SELECT cycle_start, local_date, status FROM reviews")
    assert [tuple(r) for r in rows] == [("2026-11-23", "2027-02-28", "sent")]
    assert harness.user_row(en_user.id)["cycle_start"] == "2027-03-01"
    await harness.at(datetime(2027, 2, 28, 21, 0, tzinfo=UTC))
    assert len(reviews(harness, en_user)) == 1

    # the question: a new focus for the next 13 weeks
    replies = await harness.press(en_user, review, "rv:focus")
    assert "For whom, and which problem?" in replies[-1]["text"]
    replies = await harness.send(en_user, "young parents / sleep")
    assert replies[-1]["text"] == ("🎯 Your focus for the next 13 weeks: "
                                   "<b>young parents / sleep</b>. /focus changes it anytime.")
    row = harness.user_row(en_user.id)
    assert (row["focus_who"], row["focus_problem"], row["awaiting"]) == (
        "young parents", "sleep", None)

    # a new 13 weeks: the next digest of a week with an entry says week 1
    harness.clock.set(datetime(2027, 3, 6, 10, 0, tzinfo=UTC))
    await harness.send(en_user, "Sam / no sleep with the baby / took the night shift")
    await harness.at(datetime(2027, 3, 7, 20, 0, tzinfo=UTC))
    assert week_line(digests(harness, en_user)[-1]).startswith("📅 Week 1 of 13 ·")
    assert "10 weeks in a row" in week_line(digests(harness, en_user)[-1])
    assert len(reviews(harness, en_user)) == 1
    # /week shows the count too
    replies = await harness.send(en_user, "/week")
    assert "📅 Week 1 of 13" in replies[-1]["text"]


async def test_japanese_long_time_user_gets_the_review_at_the_next_boundary(harness, ja_user):
    """A user from before the 13 weeks existed: 25 active weeks behind them (the last ten in
    a row), so this week, with an entry, is their 26th: the 13th of their current 13 weeks.
    The digest is off; the review still comes on Sunday at the digest's time."""
    await harness.onboard(ja_user, zone="Asia/Tokyo")  # Saturday November 28, 10:00 JST
    menu = (await harness.send(ja_user, "/settings"))[-1]
    await harness.press(ja_user, menu, "dg:off")
    assert harness.user_row(ja_user.id)["next_digest_utc"] is None
    assert harness.user_row(ja_user.id)["next_review_date"] == "2026-11-29"
    assert harness.user_row(ja_user.id)["cycle_start"] == "2026-11-23"  # set up this week
    this_monday = date(2026, 11, 23)
    back = [*range(1, 11), *range(12, 41, 2)]
    assert len(back) == 25
    created = int(datetime(2025, 11, 1, tzinfo=UTC).timestamp())
    # as a user from before migration 0011: set up a year ago, never counted
    statements = [("UPDATE users SET created_utc = ?, cycle_start = NULL WHERE user_id = ?",
                   (created, ja_user.id))]
    for n in back:
        day = (this_monday - n * W + timedelta(days=2)).isoformat()  # a Wednesday
        who = "母" if n % 3 == 0 else "同僚の佐藤さん"
        statements.append((
            "INSERT INTO entries (user_id, local_date, status, who, problem, how, source,"
            " created_utc, updated_utc, completed_utc) VALUES (?, ?, 'done', ?, ?, ?,"
            " 'quick', ?, ?, ?)",
            (ja_user.id, day, who, "資料の締切", "一緒に作った", created,
             created, created)))
    harness.execute(*statements)
    await harness.send(ja_user, "Sato / 見積もりの計算 / 一緒にやり直した")
    await harness.send(ja_user, "/people 統合 佐藤さん + Sato")
    await harness.send(ja_user, "/thanks 佐藤 / 資料づくり、本当に助かりました!ありがとうございます")
    await harness.send(ja_user, "/thanks 母 / ありがとう")

    replies = await harness.send(ja_user, "/week")
    assert "📅 13週間の13週目・記録した日:ここまで6日中1日・11週連続" in replies[-1]["text"]
    # counted for the first time: the current 13 weeks start after the 13th of the 25
    assert harness.user_row(ja_user.id)["cycle_start"] == "2026-08-10"

    # Sunday 20:00 in Tokyo (11:00 UTC): no digest, but the review
    await harness.at(datetime(2026, 11, 29, 10, 59, tzinfo=UTC))
    assert reviews(harness, ja_user) == []
    await harness.at(datetime(2026, 11, 29, 11, 0, tzinfo=UTC))
    assert digests(harness, ja_user) == []
    [text] = reviews(harness, ja_user)
    assert text.startswith("🌳 <b>13週間のふりかえり</b>(8月17日〜11月29日)\n")
    assert "🧩 解決した問題:<b>13件</b>・💌 受け取った「ありがとう」:<b>2件</b>" in text
    assert "🤝 <b>いちばん力になった人</b>\n同僚の佐藤さん — 解決9件・💌 1件\n母 — 解決4件・💌 1件\n" in text
    assert ("💬 <b>もらった言葉</b>\n「資料づくり、本当に助かりました!ありがとうございます」— 佐藤(11月28日)\n"
            "「ありがとう」— 母(11月28日)\n") in text
    assert "🎯 指標はまだありません。下のボタンで決めると、次の13週間で数えます。" in text
    assert "📅 記録か「ありがとう」のあった週が11週連続" in text
    assert "📅 13週間に15週かかりました。記録のない週は数えないので、途切れません" in text
    assert text.endswith("💭 <b>次の13週間は、誰のどんな問題に力を注ぎたいですか?</b>")
    assert [m["caption"] for m in harness.api.sent_messages(ja_user.id) if m.get("photo")
            ] == ["直近12週間の「解決した問題」と「ありがとう」",  # /week's
                  "13週間の「解決した問題」と「ありがとう」(週ごと)"]
    rows = harness.rows("SELECT cycle_start, status FROM reviews WHERE user_id = ?",
                        (ja_user.id,))
    assert [tuple(r) for r in rows] == [("2026-08-10", "sent")]
    assert harness.user_row(ja_user.id)["cycle_start"] == "2026-11-30"

    review = next(m for m in harness.api.sent_messages(ja_user.id)
                  if (m.get("text") or "").startswith("🌳"))
    buttons = [b["text"] for row in review["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["🎯 指標を決める"]
    await harness.press(ja_user, review, "rv:focus")
    replies = await harness.send(ja_user, "20代女性の転職不安")
    assert replies[-1]["text"] == ("🎯 次の13週間の指標:<b>20代女性 / 転職不安</b>。"
                                   "/focus でいつでも変えられます。")
    # the next week has nothing yet: a new 13 weeks, none behind
    harness.clock.set(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))
    replies = await harness.send(ja_user, "/week")
    assert "📅 13週間は次の記録からはじまります・11週連続" in replies[-1]["text"]
    # a week later, no second review for anything
    await harness.at(datetime(2026, 12, 6, 11, 0, tzinfo=UTC))
    assert len(reviews(harness, ja_user)) == 1
