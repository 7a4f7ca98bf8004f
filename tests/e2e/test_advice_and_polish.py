"""Advice that leads somewhere, and the polished words of issue 10 (items 8 and 9), in both
languages, as the user sees them."""

from __future__ import annotations

import pytest

from tests.conftest import START
from tests.e2e.test_checkin import prompt_messages, prompted

# Wording and text handling: the same on both backends, so run on SQLite only (the
# storage of what they test is covered on PostgreSQL by the other e2e files).
pytestmark = pytest.mark.sqlite_only

ORIGINAL = int(START.timestamp()) - 86400


def forwarded(first: str, last: str) -> dict:
    sender = {"id": 778, "is_bot": False, "first_name": first, "last_name": last}
    return {"forward_origin": {"type": "user", "date": ORIGINAL, "sender_user": sender}}


def labels(message: dict) -> list[str]:
    return [b["text"] for row in message.get("reply_markup", {}).get("inline_keyboard", [])
            for b in row]


async def edit_then_cancel(harness, user) -> str:
    await harness.send(user, "Mia / her bike / fixed the chain")
    [row] = harness.entries(user.id)
    page = (await harness.send(user, "/history"))[-1]
    await harness.press(user, page, f"hi:f:e:{row['entry_id']}:how")
    replies = await harness.send(user, "/cancel")
    assert harness.entries(user.id)[0]["how"] == "fixed the chain"
    return replies[-1]["text"]


async def test_an_edited_message_points_to_history(harness, ja_user, en_user):
    for user, words in ((ja_user, "/history を開き、その記録の ✏️ を押してください"),
                        (en_user, "to fix an entry, open /history and tap ✏️")):
        await harness.onboard(user)
        replies = await harness.send(user, "佐藤さん / 資料 / 手伝った")
        mark = len(harness.api.sent_messages(user.id))
        await harness.processed_update(harness.api.send_edited_text(
            user, replies[-1]["message_id"] - 1, "鈴木さん / 資料 / 手伝った"))
        [said] = harness.api.sent_messages(user.id)[mark:]
        assert words in said["text"]
        assert "new message" not in said["text"] and "新しいメッセージ" not in said["text"]
        assert len(harness.entries(user.id)) == 1


async def test_cancel_during_a_history_edit_says_the_edit_was_left(harness, ja_user, en_user):
    await harness.onboard(ja_user)
    await harness.onboard(en_user)
    assert await edit_then_cancel(harness, ja_user) == "編集をやめました。内容は元のままです。"
    assert await edit_then_cancel(harness, en_user) == "Okay, edit cancelled — it stays as it was."


async def test_japanese_polish(harness, ja_user):
    await harness.onboard(ja_user, persona="freelancer")
    # the daily question asks one thing; the reminder is a plain line
    prompt = await prompted(harness, ja_user)
    assert prompt["text"].count("?") == 1
    prompt_id = harness.prompts(ja_user.id)[0]["prompt_id"]
    await harness.press(ja_user, prompt, f"ci:later:{prompt_id}")
    harness.clock.advance(hours=1)
    await harness.dispatch()
    reminder = prompt_messages(harness, ja_user)[-1]
    assert reminder["text"].startswith("リマインドです。\n") and "お約束" not in reminder["text"]
    # the last step's hint ends as a sentence
    reminder_id = harness.prompts(ja_user.id)[1]["prompt_id"]
    await harness.press(ja_user, reminder, f"ci:answer:{reminder_id}")
    await harness.send(ja_user, "高橋さん")
    await harness.send(ja_user, "請求書の書き方")
    replies = await harness.send(ja_user, "ひな形を作った")
    assert replies[-1]["text"].endswith("「スキップ」を押してください)")  # whichever question
    await harness.send(ja_user, "すぐに使えたと言われた")
    # no space between a bold name and the particle
    replies = await harness.send(ja_user, "/thanks 高橋さん")
    assert replies[-1]["text"].startswith("<b>高橋さん</b>は何と言ってくれましたか?")
    await harness.send(ja_user, "/cancel")
    # a Japanese full name, family name first, no space; the undo button says what it does
    replies = await harness.send_message(ja_user, text="本当に助かりました!",
                                         **forwarded("美咲", "佐藤"))
    assert "💌 保存しました:<b>佐藤美咲</b>からの「ありがとう」です。" in replies[-1]["text"]
    assert "↩️ お礼ではなかった(取り消す)" in labels(replies[-1])
    # /history names who thanked for a problem
    [row] = harness.entries(ja_user.id)
    thanks_id = harness.rows("SELECT thanks_id FROM thanks")[0]["thanks_id"]
    await harness.press(ja_user, replies[-1], f"th:link:{thanks_id}:{row['entry_id']}")
    text = (await harness.send(ja_user, "/history"))[-1]["text"]
    assert "💌 佐藤美咲からのお礼" in text and "💌 1件" not in text
    # /start again: the welcome back
    text = (await harness.send(ja_user, "/start"))[0]["text"]
    assert "これまでに解決した問題は1件" in text


async def test_english_polish(harness, en_user):
    await harness.onboard(en_user, persona="freelancer")
    prompt = await prompted(harness, en_user)
    assert prompt["text"].count("?") == 1 and "client" in prompt["text"]
    await harness.send(en_user, "Jun / lost in the codebase / paired for an hour")
    replies = await harness.send_message(en_user, text="Thanks a lot!",
                                         **forwarded("Jun", "Park"))
    assert "<b>Jun Park</b>" in replies[-1]["text"]
    assert "Which problem was this thank-you for?" in replies[-1]["text"]
    [row] = harness.entries(en_user.id)
    thanks_id = harness.rows("SELECT thanks_id FROM thanks")[0]["thanks_id"]
    await harness.press(en_user, replies[-1], f"th:link:{thanks_id}:{row['entry_id']}")
    text = (await harness.send(en_user, "/history"))[-1]["text"]
    assert "💌 thanked by Jun Park" in text and "💌 1:" not in text
    replies = await harness.send(en_user, "/export")
    done = [m["text"] for m in replies if "📦" in (m.get("text") or "")][0]
    assert "solved problems: 1, “nothing today” days: 0, thank-yous: 1." in done
    text = (await harness.send(en_user, "/start"))[0]["text"]
    assert "Everything you wrote is still here: 1 solved so far." in text
    assert "safe" not in text
