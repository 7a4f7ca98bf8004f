"""/start in Japanese and English, time zone and time answers typed or tapped, /start again."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.fakebotapi import FakeUser


def buttons(message: dict) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


async def test_onboarding_in_japanese_with_typed_answers(harness, ja_user):
    replies = await harness.send(ja_user, "/start")
    assert "はじめまして" in replies[0]["text"]
    assert "誰の、どんな問題を、どう解決したか" in replies[0]["text"]
    assert replies[-1]["text"].startswith("あなたに一番近いもの")
    assert "set:persona:office" in buttons(replies[-1])
    assert harness.user_row(ja_user.id)["language"] == "ja"

    replies = await harness.press(ja_user, replies[-1], "set:persona:freelancer")
    assert "タイムゾーン" in replies[-1]["text"]
    assert "set:tz:Asia/Tokyo" in buttons(replies[-1])

    replies = await harness.send(ja_user, "東京")
    assert "何時" in replies[-1]["text"]
    replies = await harness.send(ja_user, "21時30分")
    assert "準備ができました" in replies[-1]["text"]
    assert "21:30" in replies[-1]["text"]
    assert "今日は、誰のどんな問題を解決しましたか?" in replies[-1]["text"]

    row = harness.user_row(ja_user.id)
    assert (row["persona"], row["timezone"], row["checkin_time"], row["onboarded"]) == (
        "freelancer", "Asia/Tokyo", "21:30", 1)
    # 2026-11-28 21:30 JST = 12:30 UTC, later the same day (it is 10:00 in Tokyo now)
    assert row["next_checkin_utc"] == int(datetime(2026, 11, 28, 12, 30, tzinfo=UTC).timestamp())
    assert row["next_checkin_date"] == "2026-11-28"


async def test_onboarding_in_english_with_buttons_and_offset(harness, en_user):
    replies = await harness.send(en_user, "/start")
    assert replies[0]["text"].startswith("Hello, Sam!")
    replies = await harness.press(en_user, replies[-1], "set:persona:student")
    assert "time zone" in replies[-1]["text"]
    replies = await harness.send(en_user, "UTC-05:30")
    assert "At what time" in replies[-1]["text"]
    replies = await harness.send(en_user, "9pm")
    assert "All set! Every day at <b>9:00 pm UTC-05:30</b>" in replies[-1]["text"]
    row = harness.user_row(en_user.id)
    assert (row["timezone"], row["checkin_time"], row["language"]) == ("UTC-05:30", "21:00", "en")


async def test_bad_zone_and_bad_time_are_refused_clearly(harness, ja_user, en_user):
    replies = await harness.send(en_user, "/start")
    await harness.press(en_user, replies[-1], "set:persona:other")
    replies = await harness.send(en_user, "Mars/Olympus")
    assert "didn't recognise “Mars/Olympus”" in replies[0]["text"]
    assert "set:tz:Europe/London" in buttons(replies[0])  # asked again, with choices
    assert harness.user_row(en_user.id)["awaiting"] == "tz"
    await harness.send(en_user, "London")
    replies = await harness.send(en_user, "25:61")
    assert "isn't a time I can use" in replies[0]["text"]
    assert harness.user_row(en_user.id)["onboarded"] == 0
    replies = await harness.send(en_user, "07:15")
    assert "All set!" in replies[-1]["text"]

    replies = await harness.send(ja_user, "/start")
    await harness.press(ja_user, replies[-1], "set:persona:parent")
    replies = await harness.send(ja_user, "火星")
    assert "タイムゾーンとして認識できませんでした" in replies[0]["text"]


async def test_start_again_keeps_user_and_data(harness, en_user):
    await harness.onboard(en_user, zone="Europe/London", at="21:00")
    await harness.send(en_user, "Mika / resume felt weak / rewrote the summary with her")
    replies = await harness.send(en_user, "/start")
    assert "Welcome back, Sam" in replies[0]["text"]
    assert "Everything you wrote is still here: 1 solved so far." in replies[0]["text"]
    assert len(harness.rows("SELECT * FROM users")) == 1
    assert len(harness.entries(en_user.id)) == 1
    assert harness.user_row(en_user.id)["timezone"] == "Europe/London"


async def test_language_code_decides_language(harness):
    for code, expected in (("ja-JP", "ja"), ("JA", "ja"), ("de", "en"), (None, "en")):
        user = FakeUser(id=abs(hash(str(code))) % 10_000 + 10, language_code=code)
        await harness.send(user, "/start")
        assert harness.user_row(user.id)["language"] == expected


async def test_commands_registered_in_both_languages(harness):
    await harness.api.wait_for_calls("setMyCommands", count=2)
    english = {c["command"]: c["description"] for c in harness.api.commands_for(None)}
    japanese = {c["command"]: c["description"] for c in harness.api.commands_for("ja")}
    assert set(english) == set(japanese) == {
        "start", "log", "settings", "help", "cancel", "thanks", "week", "history", "search",
        "people", "focus", "smile", "report", "numbers", "export", "forget"}
    assert english["log"] == "Write an entry now"
    assert japanese["log"] == "いま記録する"


# --- text typed before setup is done: kept, and offered once it is ----------------------

def kept(harness, user: FakeUser) -> list[str]:
    return [r["text"] for r in harness.rows(
        "SELECT text FROM inbox WHERE user_id = ? ORDER BY inbox_id", (user.id,))]


async def test_text_before_setup_is_kept_and_offered_in_japanese(harness, ja_user):
    await harness.send(ja_user, "/start")
    replies = await harness.send(ja_user, "佐藤さん / 資料の締切 / 構成案を一緒に作った")
    assert "保管しました" in replies[0]["text"]
    assert "あなたに一番近いもの" in replies[-1]["text"]  # the open question again
    assert harness.entries(ja_user.id) == []
    assert kept(harness, ja_user) == ["佐藤さん / 資料の締切 / 構成案を一緒に作った"]

    await harness.restart()  # kept in the database, not in memory
    await harness.press(ja_user, replies[-1], "set:persona:office")
    replies = await harness.send(ja_user, "同僚の田中さんが困っていたExcelのマクロを一緒に直して、午後の会議に間に合わせることができた")
    assert "保管しました" in replies[0]["text"]
    assert "タイムゾーン" in replies[-1]["text"]
    await harness.send(ja_user, "東京")
    replies = await harness.send(ja_user, "21時")
    assert "準備ができました" in replies[0]["text"]
    offers = replies[1:]
    assert len(offers) == 2
    assert all("設定の前に書いてくれた内容があります。記録として保存しますか?" in o["text"]
               for o in offers)
    assert "資料の締切" in offers[0]["text"] and "Excelのマクロ" in offers[1]["text"]
    assert buttons(offers[0])[0].startswith("ci:keep:")

    replies = await harness.press(ja_user, offers[0], buttons(offers[0])[0])
    assert "記録しました" in replies[-1]["text"]
    [entry] = harness.entries(ja_user.id)
    assert (entry["who"], entry["problem"], entry["how"], entry["status"]) == (
        "佐藤さん", "資料の締切", "構成案を一緒に作った", "done")
    replies = await harness.press(ja_user, offers[1], buttons(offers[1])[1])
    assert "破棄しました" in replies[-1]["text"]
    assert kept(harness, ja_user) == []
    assert len(harness.entries(ja_user.id)) == 1
    # offered once: a second tap finds nothing, and /start again offers nothing
    replies = await harness.press(ja_user, offers[0], buttons(offers[0])[0])
    assert "受付済み" in replies[-1]["text"]
    assert len(harness.entries(ja_user.id)) == 1
    replies = await harness.send(ja_user, "/start")
    assert len(replies) == 1 and "おかえりなさい" in replies[0]["text"]


async def test_text_before_setup_is_kept_and_offered_in_english(harness):
    newcomer = FakeUser(id=3003, first_name="Ana", language_code="en")
    replies = await harness.send(newcomer, "helped my neighbour carry her shopping")
    assert replies[0]["text"].startswith("Hello, Ana!")
    assert "describes you best" in replies[-1]["text"]
    assert kept(harness, newcomer) == ["helped my neighbour carry her shopping"]
    await harness.press(newcomer, replies[-1], "set:persona:parent")
    await harness.press(newcomer, harness.api.last_message(newcomer.id), "set:tz:Europe/London")
    replies = await harness.press(newcomer, harness.api.last_message(newcomer.id),
                                  "set:time:21:00")
    assert "All set!" in replies[0]["text"]
    [offer] = replies[1:]
    assert "You wrote this earlier — save it as an entry?" in offer["text"]
    assert "carry her shopping" in offer["text"]
    # a text that is not a quick entry starts one; a sentence is kept as what they did,
    # and the entry asks whose problem it was
    replies = await harness.press(newcomer, offer, buttons(offer)[0])
    assert "<b>Whose</b> problem was it?" in replies[-1]["text"]
    [draft] = harness.entries(newcomer.id)
    assert (draft["status"], draft["who"], draft["how"], draft["step"]) == (
        "draft", None, "helped my neighbour carry her shopping", "who")
    assert kept(harness, newcomer) == []


async def test_short_answers_at_setup_questions_are_still_answers(harness, en_user):
    replies = await harness.send(en_user, "/start")
    await harness.press(en_user, replies[-1], "set:persona:office")
    replies = await harness.send(en_user, "Atlantis")
    assert "didn't recognise" in replies[0]["text"]
    assert kept(harness, en_user) == []
