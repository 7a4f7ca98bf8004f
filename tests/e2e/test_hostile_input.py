"""Bad input at every step gets a clear reply in the user's language and loses nothing."""

from __future__ import annotations

import logging

import pytest

from tests.e2e.test_checkin import DUE, prompted
from tests.fakebotapi import FakeUser

STICKER = {"sticker": {"file_id": "stk1", "file_unique_id": "u-stk1", "width": 512,
                       "height": 512, "is_animated": False, "is_video": False,
                       "type": "regular", "emoji": "🙂"}}
VOICE = {"voice": {"file_id": "v1", "file_unique_id": "u-v1", "duration": 3}}
PHOTO = {"photo": [{"file_id": "p1", "file_unique_id": "u-p1", "width": 90, "height": 90}],
         "caption": "ありがとう!"}


@pytest.fixture(autouse=True)
def no_errors_escape(caplog):
    """No handler may raise: the error handler logs at ERROR, so there must be none."""
    caplog.set_level(logging.INFO)
    yield
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]


async def in_flow_at_problem(harness, user):
    await harness.onboard(user, zone="Asia/Tokyo")
    await harness.send(user, "/log")
    await harness.send(user, "佐藤さん")


@pytest.mark.parametrize("payload,expect_ja", [
    (STICKER, "保存していません"), (VOICE, "保存していません"),
    (PHOTO, "受け取った「ありがとう」ですか")])
async def test_non_text_in_flow_is_explained_and_question_repeated(harness, ja_user, payload,
                                                                   expect_ja):
    await in_flow_at_problem(harness, ja_user)
    replies = await harness.send_message(ja_user, **payload)
    assert expect_ja in replies[0]["text"]
    assert "どんなこと" in replies[-1]["text"]  # the open question again
    entry = harness.entries(ja_user.id)[0]
    assert (entry["who"], entry["step"]) == ("佐藤さん", "problem")


async def test_very_long_text_is_kept_whole_and_reply_fits(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    await harness.send(en_user, "/log")
    long_text = "A" * 5000
    replies = await harness.send(en_user, long_text)
    assert "their problem" in replies[-1]["text"]
    await harness.send(en_user, "x" * 5000)
    await harness.send(en_user, "fixed")
    replies = await harness.send(en_user, "ok")
    assert "Saved" in replies[-1]["text"] and len(replies[-1]["text"]) < 4096
    entry = harness.entries(en_user.id)[0]
    assert entry["who"] == long_text and len(entry["problem"]) == 5000


@pytest.mark.parametrize("text", ["", "   ", "\n"])
async def test_empty_text(harness, en_user, text):
    await in_flow_at_problem(harness, en_user)
    replies = await harness.send(en_user, text)
    assert "looks empty" in replies[0]["text"]
    assert "their problem" in replies[-1]["text"]
    assert harness.entries(en_user.id)[0]["step"] == "problem"


async def test_emoji_only_is_a_valid_answer(harness, ja_user):
    await in_flow_at_problem(harness, ja_user)
    replies = await harness.send(ja_user, "😭🙏")
    assert "どうやって" in replies[-1]["text"]
    assert harness.entries(ja_user.id)[0]["problem"] == "😭🙏"


async def test_emoji_only_as_a_time_or_zone_is_refused(harness, en_user):
    replies = await harness.send(en_user, "/start")
    await harness.press(en_user, replies[-1], "set:persona:office")
    replies = await harness.send(en_user, "🌏")
    assert "didn't recognise" in replies[0]["text"]
    await harness.send(en_user, "Tokyo")
    replies = await harness.send(en_user, "⏰")
    assert "isn't a time I can use" in replies[0]["text"]


async def test_unknown_command_during_flow_keeps_the_draft(harness, en_user):
    await in_flow_at_problem(harness, en_user)
    replies = await harness.send(en_user, "/dance")
    assert "I don't know /dance" in replies[0]["text"]
    replies = await harness.send(en_user, "the printer jammed")
    assert "How" in replies[-1]["text"]
    assert harness.entries(en_user.id)[0]["problem"] == "the printer jammed"


async def test_group_chat_messages_are_pointed_to_private_chat(harness, en_user):
    group = harness.api.group_chat()
    harness.api.send_text(en_user, "/start", chat=group)
    harness.api.send_text(en_user, "just chatting", chat=group)  # not for the bot: ignored
    await harness.processed_update(harness.api.send_text(en_user, "hi @ValueJournalTestBot",
                                                         chat=group))
    replies = harness.api.sent_messages(group["id"])
    assert len(replies) == 2
    assert all("private chats only" in r["text"] for r in replies)
    assert "@ValueJournalTestBot" in replies[0]["text"]
    assert harness.rows("SELECT * FROM users") == []  # nothing stored from a group


async def test_edited_message_is_explained_and_changes_nothing(harness, ja_user):
    await in_flow_at_problem(harness, ja_user)
    mark = len(harness.api.sent_messages(ja_user.id))
    await harness.processed_update(harness.api.send_edited_text(ja_user, 5, "鈴木さん"))
    replies = harness.api.sent_messages(ja_user.id)[mark:]
    assert "編集しても保存済みの内容は変わりません" in replies[0]["text"]
    assert harness.entries(ja_user.id)[0]["who"] == "佐藤さん"


async def test_tampered_and_unknown_buttons(harness, ja_user, en_user):
    await harness.onboard(ja_user)
    await harness.onboard(en_user, zone="Asia/Tokyo")
    harness.clock.set(DUE)
    await harness.dispatch()
    ja_prompt_id = harness.prompts(ja_user.id)[0]["prompt_id"]
    # en_user presses a button carrying ja_user's prompt id
    replies = await harness.press(en_user, harness.api.last_message(en_user.id),
                                  f"ci:nothing:{ja_prompt_id}")
    assert "older message" in replies[0]["text"]
    assert harness.entries(ja_user.id) == [] and harness.entries(en_user.id) == []
    for data in ("ci:answer:abc", "ci:inbox:999", "zzz", "set:tz:Mars/Olympus",
                 "set:time:25:61", "set:persona:king"):
        replies = await harness.press(en_user, harness.api.last_message(en_user.id), data)
        assert replies, data
    assert harness.user_row(en_user.id)["timezone"] == "Asia/Tokyo"
    assert harness.user_row(en_user.id)["checkin_time"] == "21:00"


async def test_message_before_start_begins_onboarding(harness):
    stranger = FakeUser(id=777, first_name="Kai", language_code="en")
    replies = await harness.send(stranger, "hi there")
    assert replies[0]["text"].startswith("Hello, Kai!")
    assert "describes you best" in replies[-1]["text"]


async def test_old_prompt_answer_button_after_new_prompt(harness, ja_user):
    await harness.onboard(ja_user)
    first = await prompted(harness, ja_user)
    harness.clock.advance(days=1)
    await harness.dispatch()
    replies = await harness.press(ja_user, first, first["reply_markup"]["inline_keyboard"][0][1]
                                  ["callback_data"])
    assert "受付を終了しています" in replies[-1]["text"]
    assert harness.entries(ja_user.id) == []
