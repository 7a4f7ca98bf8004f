"""/settings in both languages: one message edited in place, time zones by city, times with
their zone's name, and the weekly digest's time typed like the daily one."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.test_onboarding import buttons


def shown(harness, user, message: dict) -> dict:
    """A bot message as it reads now (after edits in place)."""
    [found] = [m for m in harness.api.sent_messages(user.id)
               if m["message_id"] == message["message_id"]]
    return found


def labels(message: dict) -> dict[str, str]:
    """Button data → label."""
    markup = message.get("reply_markup") or {}
    return {b["callback_data"]: b["text"] for row in markup.get("inline_keyboard", [])
            for b in row}


def sends_to(harness, user) -> int:
    return len([c for c in harness.api.calls_to("sendMessage", ok_only=True)
                if int(c.params["chat_id"]) == user.id])


def edits_of(harness, message: dict) -> int:
    return len([c for c in harness.api.calls_to("editMessageText", ok_only=True)
                if int(c.params["message_id"]) == message["message_id"]])


async def test_a_japanese_settings_visit_is_one_message(harness, ja_user):
    await harness.onboard(ja_user)
    menu = (await harness.send(ja_user, "/settings"))[-1]
    assert "タイムゾーン:東京\n" in menu["text"]
    assert "毎日の質問:21:00(日本時間)" in menu["text"]
    assert "書いた日は聞かない:オン" in menu["text"]
    assert "週のふりかえり:日曜 20:00(日本時間)" in menu["text"]
    assert labels(menu)["set:skiplogged"] == "書いた日は聞かない:オン"
    sent = sends_to(harness, ja_user)

    presses = ["set:menu:tz", "set:tz:Asia/Seoul", "set:menu:time", "set:time:07:00",
               "set:menu:persona", "set:persona:student", "set:menu:lang", "set:back",
               "set:skiplogged", "set:pause", "set:resume", "dg:menu", "dg:day:5",
               "dg:asktime", "dg:time:21:00", "dg:weekstart:6", "dg:back", "set:close"]
    for data in presses:
        if data == "set:tz:Asia/Seoul":
            zones = labels(shown(harness, ja_user, menu))
            assert [zones[f"set:tz:{z}"] for z in ("Asia/Tokyo", "Asia/Seoul", "Asia/Shanghai",
                                                   "Asia/Singapore", "America/Los_Angeles",
                                                   "Europe/London")] == [
                "東京", "ソウル", "上海", "シンガポール", "ロサンゼルス", "ロンドン"]
            assert zones["set:back"] == "« 戻る"
        if data == "set:time:07:00":
            assert "set:time:21:00" in buttons(shown(harness, ja_user, menu))
            assert labels(shown(harness, ja_user, menu))["set:time:21:00"] == "21:00"
        assert await harness.press(ja_user, menu, data) == [], data
        if data == "set:tz:Asia/Seoul":
            text = shown(harness, ja_user, menu)["text"]
            assert "タイムゾーン:ソウル\n" in text and "毎日の質問:21:00(韓国時間)" in text
    assert sends_to(harness, ja_user) == sent  # nothing new was posted
    assert edits_of(harness, menu) == len(presses)
    text = shown(harness, ja_user, menu)["text"]
    assert "毎日の質問:7:00(韓国時間)" in text
    assert "週のふりかえり:土曜 21:00(韓国時間)" in text
    assert "書いた日は聞かない:オフ" in text and "タイプ:学生" in text
    assert "/settings でまた開けます" in text and buttons(shown(harness, ja_user, menu)) == []
    row = harness.user_row(ja_user.id)
    assert (row["timezone"], row["checkin_time"], row["persona"], row["skip_if_logged"],
            row["paused"], row["digest_weekday"], row["digest_time"], row["week_start_day"]
            ) == ("Asia/Seoul", "07:00", "student", 0, 0, 5, "21:00", 6)


async def test_an_english_settings_visit_is_one_message(harness, en_user):
    await harness.onboard(en_user, zone="America/New_York")
    menu = (await harness.send(en_user, "/settings"))[-1]
    assert "Time zone: New York\n" in menu["text"]
    assert "Daily question: 9:00 pm New York time" in menu["text"]
    assert "Don't ask on days you've already written: on" in menu["text"]
    assert "Weekly digest: Sunday 8:00 pm New York time" in menu["text"]
    assert "Skip the question if I already wrote" not in menu["text"]
    sent = sends_to(harness, en_user)
    assert await harness.press(en_user, menu, "set:menu:tz") == []
    zones = labels(shown(harness, en_user, menu))
    assert [zones[f"set:tz:{z}"] for z in (
        "Europe/London", "America/New_York", "America/Chicago", "America/Los_Angeles",
        "Asia/Tokyo", "Australia/Sydney", "Asia/Kolkata", "UTC")] == [
        "London", "New York", "Chicago", "Los Angeles", "Tokyo", "Sydney", "Delhi", "UTC"]
    assert await harness.press(en_user, menu, "set:tz:Europe/London") == []
    text = shown(harness, en_user, menu)["text"]
    assert "Time zone: London\n" in text and "Daily question: 9:00 pm London time" in text
    assert await harness.press(en_user, menu, "set:menu:time") == []
    assert labels(shown(harness, en_user, menu))["set:time:07:00"] == "7:00 am"
    assert await harness.press(en_user, menu, "set:time:07:00") == []
    assert "Daily question: 7:00 am London time" in shown(harness, en_user, menu)["text"]
    assert await harness.press(en_user, menu, "dg:menu") == []
    assert labels(shown(harness, en_user, menu))["dg:asktime"] == "🕗 Time: 8:00 pm"
    assert await harness.press(en_user, menu, "dg:back") == []
    assert await harness.press(en_user, menu, "set:close") == []
    assert sends_to(harness, en_user) == sent
    assert edits_of(harness, menu) == 7


async def test_a_typed_digest_time_is_saved_in_both_languages(harness, ja_user, en_user):
    await harness.onboard(ja_user)
    await harness.onboard(en_user, zone="America/New_York")

    menu = (await harness.send(ja_user, "/settings"))[-1]
    await harness.press(ja_user, menu, "dg:menu")
    await harness.press(ja_user, menu, "dg:asktime")
    assert "週のふりかえりは何時に" in shown(harness, ja_user, menu)["text"]
    assert harness.user_row(ja_user.id)["awaiting"] == "dgtime"
    replies = await harness.send(ja_user, "19時半")  # typed: a reply, then the digest menu
    assert len(replies) == 1
    assert "保存しました。次の週のふりかえりは" in replies[0]["text"]
    assert "週のふりかえり</b>:日曜 19:30(日本時間)" in replies[0]["text"]
    row = harness.user_row(ja_user.id)
    assert (row["digest_time"], row["awaiting"]) == ("19:30", None)
    # Sunday 2026-11-29 19:30 in Tokyo = 10:30 UTC
    assert row["next_digest_utc"] == int(datetime(2026, 11, 29, 10, 30, tzinfo=UTC).timestamp())

    menu = (await harness.send(en_user, "/settings"))[-1]
    await harness.press(en_user, menu, "dg:menu")
    await harness.press(en_user, menu, "dg:asktime")
    replies = await harness.send(en_user, "half past seven")
    assert "“half past seven” isn't a time I can use" in replies[0]["text"]
    assert "dg:time:20:00" in buttons(replies[0])
    assert harness.user_row(en_user.id)["awaiting"] == "dgtime"
    replies = await harness.send(en_user, "7:45pm")
    assert "Weekly digest</b>: Sunday 7:45 pm New York time" in replies[-1]["text"]
    row = harness.user_row(en_user.id)
    assert (row["digest_time"], row["awaiting"]) == ("19:45", None)
    assert row["next_digest_utc"] == int(datetime(2026, 11, 30, 0, 45, tzinfo=UTC).timestamp())


async def test_a_quick_entry_typed_at_the_digest_time_question_is_an_entry(harness, en_user):
    await harness.onboard(en_user)
    menu = (await harness.send(en_user, "/settings"))[-1]
    await harness.press(en_user, menu, "dg:menu")
    await harness.press(en_user, menu, "dg:asktime")
    await harness.send(en_user, "Mika / résumé / rewrote it")
    assert [e["who"] for e in harness.entries(en_user.id)] == ["Mika"]
    row = harness.user_row(en_user.id)
    assert (row["digest_time"], row["awaiting"]) == ("20:00", None)


async def test_a_typed_zone_shows_its_city(harness, ja_user, en_user):
    await harness.onboard(ja_user)
    menu = (await harness.send(ja_user, "/settings"))[-1]
    await harness.press(ja_user, menu, "set:menu:tz")
    replies = await harness.send(ja_user, "Europe/Lisbon")
    assert "タイムゾーン:Lisbon\n" in replies[-1]["text"]
    assert "毎日の質問:21:00(Lisbon時間)" in replies[-1]["text"]
    await harness.press(ja_user, replies[-1], "set:menu:tz")
    replies = await harness.send(ja_user, "ロンドン")
    assert "毎日の質問:21:00(イギリス時間)" in replies[-1]["text"]

    await harness.onboard(en_user)
    menu = (await harness.send(en_user, "/settings"))[-1]
    await harness.press(en_user, menu, "set:menu:tz")
    replies = await harness.send(en_user, "America/Argentina/Cordoba")
    assert "Time zone: Cordoba\n" in replies[-1]["text"]
    assert "Daily question: 9:00 pm Cordoba time" in replies[-1]["text"]
    await harness.press(en_user, replies[-1], "set:menu:tz")
    replies = await harness.send(en_user, "+5:30")
    assert "Daily question: 9:00 pm UTC+05:30" in replies[-1]["text"]
