"""The daily question's cadence (/settings → 📅 Days) in both languages: every day, three
times a week (Mon, Wed, Fri), once a week on a chosen day, or chosen weekdays; questions
arrive only on those days (the clock runs over weeks, across a DST change), a "later"
reminder follows, writing stays open on every day, and /settings and /start say the days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.e2e.test_checkin import prompt_messages
from tests.e2e.test_onboarding import buttons
from tests.e2e.test_settings import edits_of, labels, sends_to, shown


async def questions_over(harness, user, first: datetime, days: int) -> list[str]:
    """Run the clock from ``first`` one day at a time (a dispatcher pass at each); the local
    dates of the daily questions sent meanwhile."""
    before = len(prompt_messages(harness, user))
    for day in range(days):
        harness.clock.set(first + timedelta(days=day))
        await harness.dispatch()
    sent = prompt_messages(harness, user)[before:]
    by_message = {r["message_id"]: r["local_date"] for r in harness.prompts(user.id)
                  if r["status"] == "sent"}
    return [by_message[m["message_id"]] for m in sent]


def weekdays(dates: list[str]) -> list[str]:
    return [date.fromisoformat(d).strftime("%a") for d in dates]


async def test_three_times_a_week_in_japanese(harness, ja_user):
    await harness.onboard(ja_user)  # Saturday Nov 28 2026, 10:00 in Tokyo; 21:00 every day
    menu = (await harness.send(ja_user, "/settings"))[-1]
    assert labels(menu)["set:menu:days"] == "📅 曜日"
    sent = sends_to(harness, ja_user)

    assert await harness.press(ja_user, menu, "set:menu:days") == []
    screen = shown(harness, ja_user, menu)
    assert screen["text"].startswith("<b>毎日の質問</b>:21:00(日本時間)\n"
                                     "どの曜日にお聞きしましょうか? 記録はどの日でもできます。")
    assert list(labels(screen).items()) == [
        ("set:days:127", "✅ 毎日"), ("set:days:21", "週3回(月・水・金)"),
        ("set:days:once", "週1回…"), ("set:days:pick", "曜日を選ぶ…"), ("set:back", "« 戻る")]

    assert await harness.press(ja_user, menu, "set:days:21") == []
    screen = shown(harness, ja_user, menu)
    # saved and rescheduled at once: not tonight (a Saturday) but Monday
    assert screen["text"].startswith("保存しました。次の質問は11月30日 21:00です。\n\n"
                                     "<b>毎日の質問</b>:月・水・金の21:00(日本時間)")
    assert labels(screen)["set:days:21"] == "✅ 週3回(月・水・金)"
    row = harness.user_row(ja_user.id)
    assert (row["checkin_days"], row["next_checkin_date"], row["next_checkin_utc"]) == (
        21, "2026-11-30", int(datetime(2026, 11, 30, 12, tzinfo=UTC).timestamp()))

    assert await harness.press(ja_user, menu, "set:back") == []
    assert "毎日の質問:月・水・金の21:00(日本時間)\n" in shown(harness, ja_user, menu)["text"]
    assert sends_to(harness, ja_user) == sent and edits_of(harness, menu) == 3
    replies = await harness.send(ja_user, "/start")
    assert "毎日の質問:月・水・金の21:00(日本時間)" in replies[-1]["text"]

    # two weeks at 21:00 in Tokyo (12:00 UTC): only on Mondays, Wednesdays and Fridays
    dates = await questions_over(harness, ja_user, datetime(2026, 11, 28, 12, 1, tzinfo=UTC), 15)
    assert dates == ["2026-11-30", "2026-12-02", "2026-12-04", "2026-12-07", "2026-12-09",
                     "2026-12-11"]
    assert {r["local_date"] for r in harness.prompts(ja_user.id)} == set(dates)

    # writing stays open on a day without the question (Saturday Dec 12)
    replies = await harness.send(ja_user, "佐藤さん / 資料の締切 / 構成案を一緒に作った")
    assert "記録しました" in replies[-1]["text"]
    assert [e["local_date"] for e in harness.entries(ja_user.id)] == ["2026-12-12"]


async def test_once_a_week_and_chosen_days_in_english_across_the_dst_change(harness, en_user):
    harness.clock.set(datetime(2026, 10, 20, 16, 0, tzinfo=UTC))  # Tuesday, 12:00 in New York
    await harness.onboard(en_user, zone="America/New_York")
    menu = (await harness.send(en_user, "/settings"))[-1]
    assert labels(menu)["set:menu:days"] == "📅 Days"
    await harness.press(en_user, menu, "set:menu:days")
    assert list(labels(shown(harness, en_user, menu)).values()) == [
        "✅ Every day", "3 times a week: Mon, Wed, Fri", "Once a week…", "Choose the days…",
        "« Back"]

    await harness.press(en_user, menu, "set:days:once")
    screen = shown(harness, en_user, menu)
    assert screen["text"] == "<b>Once a week</b>: on which day should I ask?"
    assert list(labels(screen).items()) == [
        ("set:days:1", "Monday"), ("set:days:2", "Tuesday"), ("set:days:4", "Wednesday"),
        ("set:days:8", "Thursday"), ("set:days:16", "Friday"), ("set:days:32", "Saturday"),
        ("set:days:64", "Sunday"), ("set:menu:days", "« Back")]
    await harness.press(en_user, menu, "set:days:64")  # Sundays
    screen = shown(harness, en_user, menu)
    assert screen["text"].startswith(
        "Saved. Next daily question: October 25 at 21:00.\n\n"
        "<b>Daily question</b>: every Sunday at 9:00 pm New York time")
    assert labels(screen)["set:days:once"] == "✅ Once a week…"
    assert harness.user_row(en_user.id)["checkin_days"] == 64

    # choose the days: Wednesday too
    await harness.press(en_user, menu, "set:days:pick")
    screen = shown(harness, en_user, menu)
    assert list(labels(screen).values()) == ["▫️ Mon", "▫️ Tue", "▫️ Wed", "▫️ Thu", "▫️ Fri",
                                             "▫️ Sat", "✅ Sun", "« Back"]
    await harness.press(en_user, menu, "set:dayt:2")
    screen = shown(harness, en_user, menu)
    assert screen["text"].startswith("Saved. Next daily question: tomorrow at 21:00.\n\n"
                                     "<b>Daily question</b>: Wed, Sun at 9:00 pm New York time")
    assert labels(screen)["set:dayt:2"] == "✅ Wed"
    # a day taken away and given back; the last one cannot go
    await harness.press(en_user, menu, "set:dayt:6")
    await harness.press(en_user, menu, "set:dayt:2")
    assert "At least one day, please" in shown(harness, en_user, menu)["text"]
    assert harness.user_row(en_user.id)["checkin_days"] == 4
    await harness.press(en_user, menu, "set:dayt:6")
    assert harness.user_row(en_user.id)["checkin_days"] == 4 | 64
    await harness.press(en_user, menu, "set:menu:days")
    assert labels(shown(harness, en_user, menu))["set:days:pick"] == "✅ Choose the days…"
    await harness.press(en_user, menu, "set:back")
    text = shown(harness, en_user, menu)["text"]
    assert "Daily question: Wed, Sun at 9:00 pm New York time\n" in text
    replies = await harness.send(en_user, "/start")
    assert "Daily question: Wed, Sun at 9:00 pm New York time." in replies[-1]["text"]

    # Wednesdays and Sundays at 21:00 in New York, across Sunday Nov 1 (EDT -> EST): each
    # day at 02:30 UTC is after 21:00 in either
    dates = await questions_over(harness, en_user, datetime(2026, 10, 21, 2, 30, tzinfo=UTC),
                                 17)
    assert dates == ["2026-10-21", "2026-10-25", "2026-10-28", "2026-11-01", "2026-11-04"]
    assert weekdays(dates) == ["Wed", "Sun", "Wed", "Sun", "Wed"]
    sent = {r["local_date"]: r["sent_utc"] for r in harness.prompts(en_user.id)}
    # on the transition Sunday the question is due at 21:00 EST = 02:00 UTC on Monday
    assert harness.rows("SELECT due_utc FROM prompts WHERE user_id = ? AND local_date = ?",
                        (en_user.id, "2026-11-01"))[0][0] == int(
        datetime(2026, 11, 2, 2, 0, tzinfo=UTC).timestamp())
    assert sent["2026-10-28"] is not None


async def test_a_later_reminder_follows_the_cadence(harness, ja_user, en_user):
    await harness.onboard(ja_user)
    await harness.onboard(en_user, zone="Asia/Tokyo")
    harness.clock.set(datetime(2026, 11, 28, 12, 0, tzinfo=UTC))  # Saturday, 21:00 in Tokyo
    await harness.dispatch()
    for user in (ja_user, en_user):
        [prompt] = prompt_messages(harness, user)
        await harness.press(user, prompt, next(b for b in buttons(prompt)
                                               if b.startswith("ci:later:")))
        assert harness.user_row(user.id)["snooze_until_utc"] is not None
    # the Japanese user leaves Saturday out: its reminder goes too; the English one keeps it
    menu = (await harness.send(ja_user, "/settings"))[-1]
    await harness.press(ja_user, menu, "set:menu:days")
    await harness.press(ja_user, menu, "set:days:21")
    assert harness.user_row(ja_user.id)["snooze_until_utc"] is None
    menu = (await harness.send(en_user, "/settings"))[-1]
    await harness.press(en_user, menu, "set:menu:days")
    await harness.press(en_user, menu, "set:days:pick")
    await harness.press(en_user, menu, "set:dayt:0")  # every day but Monday
    assert harness.user_row(en_user.id)["snooze_until_utc"] is not None
    assert "Tue, Wed, Thu, Fri, Sat, Sun at 9:00 pm Tokyo time" in shown(
        harness, en_user, menu)["text"]
    harness.clock.set(datetime(2026, 11, 28, 13, 1, tzinfo=UTC))
    await harness.dispatch()
    assert len(prompt_messages(harness, ja_user)) == 1  # no reminder
    assert len(prompt_messages(harness, en_user)) == 2  # the reminder
    assert [r["status"] for r in harness.prompts(en_user.id)] == ["sent", "sent"]
