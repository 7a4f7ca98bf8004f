"""A note on a record, without a command: a reply to the bot's confirmation of a saved entry
or thank-you, or a line typed right before a forward (Telegram's "forward with a comment"
arrives as two updates), driven as a Telegram user would, in both languages."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import START, assert_logs_clean

ORIGINAL = int(START.timestamp()) - 3600
KEN = {"id": 901, "is_bot": False, "first_name": "Ken"}
FORWARD = {"forward_origin": {"type": "user", "date": ORIGINAL, "sender_user": KEN}}


@pytest.fixture(autouse=True)
def no_errors_and_no_leaks(caplog):
    caplog.set_level(logging.DEBUG)
    yield
    assert_logs_clean(caplog, ("workshop", "ワークショップ", "Thanks for the workshop"))


def notes_of(harness, table: str, user) -> list:
    key = {"entries": "entry_id", "thanks": "thanks_id"}[table]
    return [r["note"] for r in harness.rows(
        f"SELECT note FROM {table} WHERE user_id = ? ORDER BY {key}", (user.id,))]


def inbox(harness, user) -> list[str]:
    return [r["text"] for r in harness.rows(
        "SELECT text FROM inbox WHERE user_id = ? ORDER BY inbox_id", (user.id,))]


async def test_a_reply_to_a_thank_you_confirmation_becomes_its_note(harness, en_user, ja_user):
    await harness.onboard(en_user)
    replies = await harness.send(en_user, "/thanks Ken / Thanks for the workshop!")
    confirmation = replies[-1]
    said = await harness.send(en_user, "he was the one who asked for the extra session",
                              reply_to_message=confirmation)
    assert said[-1]["text"] == "📝 Note added to the thank-you from <b>Ken</b>."
    assert notes_of(harness, "thanks", en_user) == [
        "he was the one who asked for the extra session"]
    assert inbox(harness, en_user) == []  # not kept as a loose text, no entry offered
    await harness.send(en_user, "and he brought cake", reply_to_message=confirmation)
    assert notes_of(harness, "thanks", en_user) == [
        "he was the one who asked for the extra session\nand he brought cake"]
    page = (await harness.send(en_user, "/history"))[-1]
    assert "📝 he was the one who asked for the extra session and he brought cake" in page["text"]
    found = (await harness.send(en_user, "/search cake"))[-1]
    assert found["text"].startswith("🔎 1 record found for “cake”")
    assert "📝 he was the one who asked for the extra session and he brought <b>cake</b>" in (
        found["text"])

    await harness.onboard(ja_user)
    replies = await harness.send(ja_user, "/thanks 佐藤 / ワークショップありがとう!")
    said = await harness.send(ja_user, "次回も頼まれた", reply_to_message=replies[-1])
    assert said[-1]["text"] == "📝 <b>佐藤さん</b>からの「ありがとう」にメモを添えました。"
    assert notes_of(harness, "thanks", ja_user) == ["次回も頼まれた"]


async def test_a_reply_to_an_entry_confirmation_becomes_its_note_even_mid_question(
        harness, ja_user, en_user):
    await harness.onboard(ja_user)
    replies = await harness.send(ja_user, "同僚の佐藤さん / 資料の締切 / 構成案を一緒に作った")
    saved = replies[-1]
    assert "🌱" in saved["text"]
    await harness.send(ja_user, "/log")  # a question is open: "whose problem was it?"
    said = await harness.send(ja_user, "部長にも褒められた", reply_to_message=saved)
    assert said[0]["text"] == "📝 <b>同僚の佐藤さん</b> — 資料の締切 にメモを添えました。"
    assert "誰の" in said[-1]["text"]  # the open question, asked again
    assert notes_of(harness, "entries", ja_user) == ["部長にも褒められた", None]
    page = (await harness.send(ja_user, "/history"))[-1]
    assert "📝 部長にも褒められた" in page["text"]

    await harness.onboard(en_user)
    replies = await harness.send(en_user, "Mia / her bike chain broke / fixed it together")
    said = await harness.send(en_user, "she rode to the workshop the next day",
                              reply_to_message=replies[-1])
    assert said[-1]["text"] == "📝 Note added to <b>Mia</b> — her bike chain broke."
    assert notes_of(harness, "entries", en_user) == ["she rode to the workshop the next day"]


async def test_a_reply_to_any_other_bot_message_is_ordinary_text(harness, en_user):
    await harness.onboard(en_user)
    [help_message] = await harness.send(en_user, "/help")
    replies = await harness.send(en_user, "a thought about the workshop",
                                 reply_to_message=help_message)
    assert "Shall I use it as the start of an entry?" in replies[-1]["text"]
    assert inbox(harness, en_user) == ["a thought about the workshop"]


async def test_a_line_typed_with_a_forward_is_its_note(harness, en_user, ja_user):
    """Telegram's "forward with a comment": the text and the forward arrive together."""
    for user, comment, forwarded, shown in (
            (en_user, "From the workshop last week", "Thanks for the workshop!",
             "📝 From the workshop last week"),
            (ja_user, "先週のワークショップの件", "ワークショップありがとうございました!",
             "📝 先週のワークショップの件")):
        await harness.onboard(user)
        mark = len(harness.api.sent_messages(user.id))
        with harness.api._cond:  # both in one getUpdates batch, as Telegram sends them
            text = harness.api.send_text(user, comment)
            forward = harness.api.send_message(user, text=forwarded, **FORWARD)
        await harness.processed_update(text)
        await harness.processed_update(forward)
        replies = harness.api.sent_messages(user.id)[mark:]
        assert len(replies) == 1, [r["text"] for r in replies]  # no "shall I log it?"
        assert shown in replies[0]["text"] and "Ken" in replies[0]["text"]
        assert notes_of(harness, "thanks", user) == [comment]
        assert inbox(harness, user) == []


async def test_a_comment_taken_back_when_the_forward_comes_a_moment_later(harness, en_user):
    await harness.onboard(en_user)
    replies = await harness.send(en_user, "From the workshop last week")
    assert "Shall I use it as the start of an entry?" in replies[-1]["text"]
    harness.clock.advance(seconds=2)
    replies = await harness.send_message(en_user, text="Thanks for the workshop!", **FORWARD)
    assert "📝 From the workshop last week" in replies[-1]["text"]
    assert notes_of(harness, "thanks", en_user) == ["From the workshop last week"]
    assert inbox(harness, en_user) == []
    # a reply to that confirmation adds to the same note
    await harness.send(en_user, "and the slides", reply_to_message=replies[-1])
    assert notes_of(harness, "thanks", en_user) == ["From the workshop last week\nand the slides"]


async def test_a_text_long_before_a_forward_stays_a_text(harness, en_user):
    await harness.onboard(en_user)
    await harness.send(en_user, "a thought about the workshop")
    harness.clock.advance(seconds=30)
    replies = await harness.send_message(en_user, text="Thanks for the workshop!", **FORWARD)
    assert "📝" not in replies[-1]["text"]
    assert notes_of(harness, "thanks", en_user) == [None]
    assert inbox(harness, en_user) == ["a thought about the workshop"]
    # an entry typed just before a forward is an entry, not a note
    await harness.send(en_user, "Ken / the projector failed / lent him mine")
    replies = await harness.send_message(en_user, text="Thanks for the projector!",
                                         forward_origin={"type": "user", "date": ORIGINAL + 5,
                                                         "sender_user": KEN})
    assert "📝" not in replies[-1]["text"]
    assert len(harness.rows("SELECT * FROM entries WHERE user_id = ? AND status = 'done'",
                            (en_user.id,))) == 1


async def test_a_comment_with_a_forward_already_saved_goes_to_the_saved_one(harness, ja_user):
    await harness.onboard(ja_user)
    await harness.send_message(ja_user, text="ワークショップありがとう!", **FORWARD)
    mark = len(harness.api.sent_messages(ja_user.id))
    with harness.api._cond:
        text = harness.api.send_text(ja_user, "もう一度転送しておく")
        forward = harness.api.send_message(ja_user, text="ワークショップありがとう!", **FORWARD)
    await harness.processed_update(text)
    await harness.processed_update(forward)
    replies = harness.api.sent_messages(ja_user.id)[mark:]
    assert len(replies) == 1 and "保存済みです" in replies[0]["text"]
    assert "📝 もう一度転送しておく" in replies[0]["text"]
    assert notes_of(harness, "thanks", ja_user) == ["もう一度転送しておく"]
    assert inbox(harness, ja_user) == []


async def test_a_line_before_a_forward_that_cannot_be_kept_is_offered_as_usual(harness, en_user):
    await harness.onboard(en_user)
    mark = len(harness.api.sent_messages(en_user.id))
    with harness.api._cond:
        text = harness.api.send_text(en_user, "about the workshop")
        poll = harness.api.send_message(
            en_user, location={"latitude": 35.68, "longitude": 139.76}, **FORWARD)
    await harness.processed_update(text)
    await harness.processed_update(poll)
    said = [m["text"] for m in harness.api.sent_messages(en_user.id)[mark:]]
    assert any("Shall I use it as the start of an entry?" in s for s in said)
    assert any("can't keep this kind of message" in s for s in said), said
    assert inbox(harness, en_user) == ["about the workshop"]
