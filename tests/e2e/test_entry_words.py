"""Issue 10, items 2, 3 and 5, as a user meets them, in both languages: "Log it" asks only
for who, a plain multi-line note is an entry only once confirmed, and the reply to a saved
entry names the person, varies and stays short."""

from __future__ import annotations

import pytest

from bot.messages import entry_saved
from tests.e2e.test_onboarding import buttons

# Wording and text handling: the same on both backends, so run on SQLite only (the
# storage of what they test is covered on PostgreSQL by the other e2e files).
pytestmark = pytest.mark.sqlite_only


def labels(message: dict) -> list[str]:
    return [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


def inbox(harness, user) -> list[str]:
    return [r["text"] for r in harness.rows(
        "SELECT text FROM inbox WHERE user_id = ? ORDER BY inbox_id", (user.id,))]


def fields(row) -> tuple:
    return (row["status"], row["who"], row["problem"], row["how"], row["outcome"])


# --- item 2: "Log it" keeps the text as the story and asks whose problem it was ---------

async def test_log_it_keeps_a_sentence_as_the_story_in_english(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    replies = await harness.send(en_user, "Helped my neighbour fix her bike")
    assert replies[-1]["text"] == (
        "I've kept what you wrote. Shall I use it as the start of an entry?")
    replies = await harness.press(en_user, replies[-1], buttons(replies[-1])[0])
    assert replies[-1]["text"] == (
        "“Helped my neighbour fix her bike” — kept as what you did.\n"
        "<b>Whose</b> problem was it? A name or a kind of person is enough "
        "(<i>my colleague Sato</i>).")
    [draft] = harness.entries(en_user.id)
    assert (draft["step"], draft["who"], draft["how"]) == (
        "who", None, "Helped my neighbour fix her bike")

    await harness.restart()  # the story waits in the draft, in the database
    replies = await harness.send(en_user, "my neighbour Ana")
    assert replies[-1]["text"] == "What was <b>their problem</b>?"
    replies = await harness.send(en_user, "the chain kept slipping")
    assert "<b>what came of it</b>" in replies[-1]["text"]  # how is not asked again
    replies = await harness.press(en_user, replies[-1], "ci:skipstep")
    assert replies[-1]["text"] == (
        "🌱 Saved — one less worry for <b>my neighbour Ana</b> (the chain kept slipping). "
        "Your first this week.")
    [entry] = harness.entries(en_user.id)
    assert fields(entry) == ("done", "my neighbour Ana", "the chain kept slipping",
                             "Helped my neighbour fix her bike", None)
    assert inbox(harness, en_user) == []


async def test_log_it_takes_a_name_as_who_in_english(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    replies = await harness.send(en_user, "my colleague Sato")
    replies = await harness.press(en_user, replies[-1], buttons(replies[-1])[0])
    assert replies[-1]["text"] == "What was <b>their problem</b>?"
    [draft] = harness.entries(en_user.id)
    assert (draft["step"], draft["who"], draft["how"]) == ("problem", "my colleague Sato", None)


async def test_log_it_keeps_a_sentence_as_the_story_in_japanese(harness, ja_user):
    await harness.onboard(ja_user)
    replies = await harness.send(ja_user, "お隣さんの荷物運びを手伝った")
    assert replies[-1]["text"] == "書いてくれた内容は保管しました。これをもとに記録を書きますか?"
    assert labels(replies[-1]) == ["✍️ 記録する", "できること"]
    replies = await harness.press(ja_user, replies[-1], buttons(replies[-1])[0])
    assert replies[-1]["text"] == (
        "「お隣さんの荷物運びを手伝った」を、あなたがしたこととして残しました。\n"
        "<b>誰の</b>困りごとでしたか? 名前でも、<i>同僚の佐藤さん</i>のような言い方でもOKです。")
    replies = await harness.send(ja_user, "お隣の山田さん")
    assert "<b>どんなこと</b>に困っていましたか?" in replies[-1]["text"]
    replies = await harness.send(ja_user, "重い荷物を3階まで運べない")
    assert "(任意です。" in replies[-1]["text"]  # the question after how (it varies by day)
    assert labels(replies[-1]) == ["スキップ"]
    replies = await harness.send(ja_user, "お礼にみかんをもらった")
    assert replies[-1]["text"] == (
        "🌱 記録しました。「重い荷物を3階まで運べない」のことで困っていた<b>お隣の山田さん</b>を"
        "助けられましたね(今週1件目)")
    [entry] = harness.entries(ja_user.id)
    assert fields(entry) == ("done", "お隣の山田さん", "重い荷物を3階まで運べない",
                             "お隣さんの荷物運びを手伝った", "お礼にみかんをもらった")


async def test_log_it_takes_a_name_as_who_in_japanese(harness, ja_user):
    await harness.onboard(ja_user)
    replies = await harness.send(ja_user, "同僚の佐藤さん")
    replies = await harness.press(ja_user, replies[-1], buttons(replies[-1])[0])
    assert replies[-1]["text"] == "その人は、<b>どんなこと</b>に困っていましたか?"
    [draft] = harness.entries(ja_user.id)
    assert (draft["step"], draft["who"], draft["how"]) == ("problem", "同僚の佐藤さん", None)


# --- item 3: lines without separators are an entry only when the user says so ----------

NOTE_EN = "Gym in the morning\nClient calls all afternoon\nPizza night with friends"


async def test_a_plain_note_is_not_silently_an_entry_in_english(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    replies = await harness.send(en_user, NOTE_EN)
    card = replies[-1]
    assert card["text"] == (
        "Is this a solved problem? I'd read it as:\n"
        "<b>Who:</b> Gym in the morning\n<b>Problem:</b> Client calls all afternoon\n"
        "<b>How:</b> Pizza night with friends")
    assert labels(card) == ["✅ Save", "✏️ Edit", "📝 Keep as a note"]
    assert harness.entries(en_user.id) == []
    assert inbox(harness, en_user) == [NOTE_EN]

    await harness.restart()  # the choice waits in the database
    replies = await harness.press(en_user, card, buttons(card)[2])
    assert replies[-1]["text"] == "📝 Kept as a note — it doesn't count as a solved problem."
    assert harness.entries(en_user.id) == []
    assert inbox(harness, en_user) == [NOTE_EN]


async def test_save_and_edit_a_note_read_as_an_entry_in_english(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    replies = await harness.send(en_user, "Mika\nher résumé felt weak\nrewrote the summary")
    card = replies[-1]
    replies = await harness.press(en_user, card, buttons(card)[0])  # Save
    assert replies[-1]["text"] == (
        "🌱 Saved — one less worry for <b>Mika</b> (her résumé felt weak). Your first this week.")
    [entry] = harness.entries(en_user.id)
    assert fields(entry) == ("done", "Mika", "her résumé felt weak", "rewrote the summary",
                             None)
    assert inbox(harness, en_user) == []
    replies = await harness.press(en_user, card, buttons(card)[0])  # a second tap
    assert "no longer waiting" in replies[-1]["text"]
    assert len(harness.entries(en_user.id)) == 1

    # Edit: the step-by-step entry, each question offering its line to keep
    replies = await harness.send(en_user, "Tom\nlate invoices\nset up reminders")
    replies = await harness.press(en_user, replies[-1], buttons(replies[-1])[1])
    assert replies[-1]["text"].endswith("\nYou wrote: “Tom”. Tap ✔️ Keep, or send a new answer.")
    assert "<b>Whose</b> problem was it?" in replies[-1]["text"]
    assert labels(replies[-1]) == ["✔️ Keep"]
    replies = await harness.press(en_user, replies[-1], buttons(replies[-1])[0])
    assert replies[-1]["text"] == (
        "What was <b>their problem</b>?\n"
        "You wrote: “late invoices”. Tap ✔️ Keep, or send a new answer.")
    replies = await harness.send(en_user, "clients paid invoices late")
    assert "<b>How</b> did you solve it?" in replies[-1]["text"]
    replies = await harness.press(en_user, replies[-1], "ci:keepstep:how")
    assert buttons(replies[-1]) == ["ci:skipstep"]  # the note had no outcome
    replies = await harness.press(en_user, replies[-1], "ci:skipstep")
    assert replies[-1]["text"] == (
        "🌱 Saved — <b>Tom</b> got your help (clients paid invoices late). 2 this week.")
    entry = harness.entries(en_user.id)[-1]
    assert fields(entry) == ("done", "Tom", "clients paid invoices late", "set up reminders",
                             None)
    assert inbox(harness, en_user) == []


async def test_explicit_separators_still_save_at_once(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    replies = await harness.send(en_user, "Mika / résumé / rewrote it\ntogether, over coffee")
    assert replies[-1]["text"].startswith("🌱 Saved")
    [entry] = harness.entries(en_user.id)
    assert entry["how"] == "rewrote it\ntogether, over coffee"


async def test_a_plain_note_is_not_silently_an_entry_in_japanese(harness, ja_user):
    await harness.onboard(ja_user)
    replies = await harness.send(ja_user, "朝はジム\n午後はずっと電話対応\n夜は友だちとピザ")
    card = replies[-1]
    assert card["text"] == (
        "解決した問題として記録しますか? 次のように読み取りました。\n"
        "<b>誰:</b>朝はジム\n<b>どんな問題:</b>午後はずっと電話対応\n<b>どう解決:</b>夜は友だちとピザ")
    assert labels(card) == ["✅ 保存", "✏️ 直す", "📝 メモとして残す"]
    assert harness.entries(ja_user.id) == []
    replies = await harness.press(ja_user, card, buttons(card)[2])
    assert replies[-1]["text"] == "📝 メモとして残しました。解決した問題には数えません。"
    assert harness.entries(ja_user.id) == []

    # four lines: the fourth is what came of it; Save keeps it as read
    replies = await harness.send(ja_user, "佐藤さん\n資料の締切\n構成案を一緒に作った\n間に合った")
    assert replies[-1]["text"].endswith("\n<b>どう解決:</b>構成案を一緒に作った\n<b>結果:</b>間に合った")
    await harness.restart()
    replies = await harness.press(ja_user, replies[-1], buttons(replies[-1])[0])
    assert replies[-1]["text"] == (
        "🌱 記録しました。「資料の締切」のことで困っていた<b>佐藤さん</b>を助けられましたね(今週1件目)")
    [entry] = harness.entries(ja_user.id)
    assert fields(entry) == ("done", "佐藤さん", "資料の締切", "構成案を一緒に作った", "間に合った")


async def test_edit_a_note_read_as_an_entry_in_japanese(harness, ja_user):
    await harness.onboard(ja_user)
    await harness.send(ja_user, "/log")  # also at the flow's first question
    replies = await harness.send(ja_user, "母\nスマホ\n設定した")
    replies = await harness.press(ja_user, replies[-1], buttons(replies[-1])[1])  # 直す
    assert replies[-1]["text"].endswith(
        "\nいまの内容:「母」\nこのままでよければ「✔️ このまま」を、変えるなら新しい答えを送ってください。")
    assert labels(replies[-1]) == ["✔️ このまま"]
    replies = await harness.send(ja_user, "実家の母")
    assert "いまの内容:「スマホ」" in replies[-1]["text"]
    replies = await harness.press(ja_user, replies[-1], "ci:keepstep:problem")
    assert "いまの内容:「設定した」" in replies[-1]["text"]
    stale = replies[-1]
    replies = await harness.press(ja_user, stale, "ci:keepstep:problem")  # an older button
    assert "古いメッセージのボタン" in replies[0]["text"]
    replies = await harness.press(ja_user, stale, "ci:keepstep:how")
    replies = await harness.press(ja_user, replies[-1], "ci:skipstep")
    # the wording rotates with the entry's id; SQLite reuses the id of the discarded draft,
    # PostgreSQL's sequence does not
    [entry] = [e for e in harness.entries(ja_user.id) if e["status"] == "done"]
    assert replies[-1]["text"] == entry_saved("ja", entry["entry_id"], "実家の母", "スマホ", 1)
    if harness.backend == "sqlite":
        assert replies[-1]["text"] == (
            "🌱 記録しました。「スマホ」のことで困っていた<b>実家の母</b>を助けられましたね(今週1件目)")
    [entry] = harness.entries(ja_user.id)
    assert fields(entry) == ("done", "実家の母", "スマホ", "設定した", None)


# --- item 5: confirmations name the person, vary, and stay short ----------------------

async def test_confirmations_rotate_in_english(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    texts = []
    for line in ("Mika / résumé / rewrote it", "Ken / laptop / new driver",
                 "Ana / moving day / lent a van", "Jun / lost in the codebase / paired"):
        texts.append((await harness.send(en_user, line))[-1]["text"])
    assert texts == [
        "🌱 Saved — one less worry for <b>Mika</b> (résumé). Your first this week.",
        "🌱 Saved — <b>Ken</b> got your help (laptop). 2 this week.",
        "🌱 Saved — you helped <b>Ana</b> (moving day). 3 this week.",
        "🌱 Saved — one less worry for <b>Jun</b> (lost in the codebase). 4 this week.",
    ]
    assert [e["entry_id"] for e in harness.entries(en_user.id)] == [1, 2, 3, 4]
    for text in texts:
        assert "Thank you for writing" not in text and "That matters" not in text
        assert text.count("\n") == 0


async def test_confirmations_rotate_in_japanese(harness, ja_user):
    await harness.onboard(ja_user)
    texts = []
    for line in ("田中さん / 確定申告 / 書類を一緒に確認した", "母 / スマホの設定 / 電話で説明した",
                 "同僚の佐藤さん / 資料の締切に間に合わない / 構成案を一緒に作った"):
        texts.append((await harness.send(ja_user, line))[-1]["text"])
    assert texts == [
        "🌱 記録しました。「確定申告」のことで困っていた<b>田中さん</b>を助けられましたね(今週1件目)",
        "🌱 記録しました。<b>母</b>の「スマホの設定」、解決できてよかったですね(今週2件目)",
        "🌱 記録しました。<b>同僚の佐藤さん</b>の困りごと「資料の締切に間に合わない」を"
        "解決しましたね(今週3件目)",
    ]
    for text in texts:
        assert "力になれました" not in text and "書き留めて" not in text
        assert " 件" not in text and text.count("\n") == 0


async def test_a_note_written_before_setup_is_confirmed_too(harness):
    from tests.fakebotapi import FakeUser

    newcomer = FakeUser(id=3004, first_name="Lea", language_code="en")
    await harness.send(newcomer, "Ben\nhis bike chain slipped\nfixed it together")
    await harness.press(newcomer, harness.api.last_message(newcomer.id), "set:persona:other")
    await harness.press(newcomer, harness.api.last_message(newcomer.id), "set:tz:Europe/London")
    replies = await harness.press(newcomer, harness.api.last_message(newcomer.id),
                                  "set:time:21:00")
    offer = replies[-1]
    replies = await harness.press(newcomer, offer, buttons(offer)[0])  # Save as an entry
    assert replies[-1]["text"].startswith("Is this a solved problem? I'd read it as:\n"
                                          "<b>Who:</b> Ben\n")
    assert harness.entries(newcomer.id) == []
    replies = await harness.press(newcomer, replies[-1], buttons(replies[-1])[0])
    assert "<b>Ben</b>" in replies[-1]["text"] and "(his bike chain slipped)" in replies[-1]["text"]
    [entry] = harness.entries(newcomer.id)
    assert fields(entry) == ("done", "Ben", "his bike chain slipped", "fixed it together", None)
