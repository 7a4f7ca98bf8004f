"""The durable inbox, driven as users would through the fake Bot API: order per user,
concurrency across users, poison updates set aside, recovery after a crash, and no apology
for what was saved."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from storage import update_inbox
from tests.conftest import assert_logs_clean
from tests.fakebotapi import FakeUser

SECRET = "Kiyomi's secret worry about the move"


@pytest.fixture(autouse=True)
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def inbox_rows(harness, where: str = "1") -> list:
    return harness.rows(f"SELECT * FROM update_inbox WHERE {where} ORDER BY update_id")


async def wait_until(predicate, timeout: float = 10.0) -> None:  # noqa: ASYNC109
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


async def test_updates_are_stored_before_they_are_confirmed(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    update = harness.api.send_text(en_user, "Mika / resume felt weak / rewrote it together")
    await harness.processed_update(update)
    # the bot asked for more only after storing: the next getUpdates confirms this one
    await harness.api.wait_for_calls(
        "getUpdates", predicate=lambda c: (c.params.get("offset") or 0) > update["update_id"])
    row = inbox_rows(harness, f"update_id = {update['update_id']}")
    assert len(row) == 1 and row[0]["chat_key"] == en_user.id
    await wait_until(lambda: inbox_rows(harness, f"update_id = {update['update_id']}")[0]
                     ["state"] == "done")
    done = inbox_rows(harness, f"update_id = {update['update_id']}")[0]
    assert done["payload"] is None  # no second copy of the journal text is kept


async def test_one_users_messages_keep_their_order_and_others_do_not_wait(harness, en_user,
                                                                           ja_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    await harness.onboard(ja_user)
    # Telegram answers this user slowly: the other user's answers must not wait for it
    harness.api.add_fault("sendMessage", status=200, delay=1.5, chat_id=en_user.id, times=5)
    sent = [harness.api.send_text(en_user, f"Person{i} / problem {i} / fix {i}")
            for i in range(5)]
    other = harness.api.send_text(ja_user, "佐藤さん / 資料が間に合わない / 一緒に作った")
    await harness.processed_update(other, timeout=3)
    assert len(harness.entries(ja_user.id)) == 1
    assert len(harness.entries(en_user.id)) <= 1  # still working through them, in order
    for update in sent:
        await harness.processed_update(update, timeout=15)
    assert [e["who"] for e in harness.entries(en_user.id)] == [f"Person{i}" for i in range(5)]
    replies = [m["text"] for m in harness.api.sent_messages(en_user.id)[-5:]]
    assert [f"<b>Person{i}</b>" in text for i, text in enumerate(replies)] == [True] * 5


def unreadable(user: FakeUser, text: str) -> dict:
    """A message python-telegram-bot cannot parse (its date is not a timestamp), as when
    Telegram sends a field in a shape the library does not know yet."""
    return {"message": {"message_id": 999, "date": "yesterday", "text": text,
                        "chat": user.private_chat(), "from": user.to_dict()}}


async def test_an_unparseable_update_is_set_aside_and_everyone_goes_on(harness, en_user,
                                                                       ja_user, logs):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    await harness.onboard(ja_user)
    first = harness.api.send_text(en_user, "Mika / resume felt weak / rewrote it together")
    bad = harness.api.queue_update(unreadable(en_user, SECRET))
    second = harness.api.send_text(ja_user, "佐藤さん / 資料が間に合わない / 一緒に作った")
    third = harness.api.send_text(en_user, "Tom / late invoices / set up reminders")
    for update in (first, bad, second, third):
        await harness.processed_update(update, timeout=5)
    assert [e["who"] for e in harness.entries(en_user.id)] == ["Mika", "Tom"]
    assert [e["who"] for e in harness.entries(ja_user.id)] == ["佐藤さん"]
    row = inbox_rows(harness, f"update_id = {bad['update_id']}")[0]
    assert (row["state"], row["error"], row["attempts"]) == ("failed", "TypeError", 1)
    set_aside = [r.getMessage() for r in logs.records if "set aside" in r.getMessage()]
    assert len(set_aside) == 1 and str(bad["update_id"]) in set_aside[0]
    assert not [r for r in logs.records if r.levelno >= logging.CRITICAL]
    assert_logs_clean(logs, [SECRET])
    # libraries' lines too, at the levels they are allowed to log at (see logging_setup)
    assert all(SECRET not in r.getMessage() for r in logs.records if r.levelno >= logging.INFO)


async def test_a_failing_update_is_retried_then_set_aside_with_one_apology(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    harness.api.add_fault("sendMessage", status=500, chat_id=en_user.id, times=3)
    update = harness.api.send_text(en_user, "/help")
    await harness.processed_update(update, timeout=10)
    calls = [c for c in harness.api.calls_to("sendMessage")
             if c.params.get("chat_id") == en_user.id]
    assert [c.status for c in calls[-4:]] == [500, 500, 500, 200]
    assert "nothing from that message was saved" in calls[-1].params["text"]
    row = inbox_rows(harness, f"update_id = {update['update_id']}")[0]
    assert (row["state"], row["attempts"]) == ("failed", 3)
    # the next message is handled as usual
    replies = await harness.send(en_user, "/help")
    assert "nothing from that message" not in replies[-1]["text"]


async def test_a_retry_that_works_sends_no_apology(harness, ja_user):
    await harness.onboard(ja_user)
    harness.api.add_fault("sendMessage", status=502, chat_id=ja_user.id, times=1)
    replies = await harness.send(ja_user, "/help")
    texts = [m["text"] for m in replies]
    assert len(texts) == 1 and "すみません" not in texts[0]


async def test_no_apology_for_what_was_saved(harness, en_user, ja_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    await harness.onboard(ja_user)
    for user, text, expect in (
            (en_user, "Mika / resume felt weak / rewrote it together", "no need to send it"),
            (ja_user, "佐藤さん / 資料が間に合わない / 一緒に作った", "送り直す必要はありません")):
        harness.api.add_fault("sendMessage", status=500, chat_id=user.id, times=1)
        replies = await harness.send(user, text)
        assert [expect in m["text"] for m in replies] == [True]
        assert "Sorry" not in replies[0]["text"] and "すみません" not in replies[0]["text"]
        assert len(harness.entries(user.id)) == 1  # stored once, not again on a retry


async def test_after_a_crash_what_was_received_is_handled_once(harness, en_user, ja_user):
    """Rows a killed process left: one stored but never handled ('new'), one whose effects
    were committed before its reply went out ('applied')."""
    await harness.onboard(en_user, zone="Asia/Tokyo")
    await harness.onboard(ja_user)
    await harness.send(ja_user, "/log")
    await harness.send(ja_user, "佐藤さん")  # answered "who"; the bot now asks the problem
    await harness.stop()
    untouched = {"update_id": 9001, "message": {
        "message_id": 501, "date": int(harness.clock.now().timestamp()),
        "text": "Lena / lost her keys / found a locksmith",
        "chat": en_user.private_chat(), "from": en_user.to_dict()}}
    answered = {"update_id": 9002, "message": {
        "message_id": 502, "date": int(harness.clock.now().timestamp()),
        "text": "資料が間に合わない", "chat": ja_user.private_chat(), "from": ja_user.to_dict()}}
    harness.execute(
        ("INSERT INTO update_inbox (update_id, chat_key, payload, received_utc)"
         " VALUES (9001, ?, ?, 0)", (en_user.id, json.dumps(untouched))),
        ("INSERT INTO update_inbox (update_id, chat_key, state, payload,"
         " received_utc) VALUES (9002, ?, 'applied', ?, 0)",
         (ja_user.id, json.dumps(answered))),
        # what 9002 had committed before the crash: the problem answer
        ("UPDATE entries SET problem = '資料が間に合わない', step = 'how'"
         " WHERE user_id = ? AND status = 'draft'", (ja_user.id,)))
    en_mark = len(harness.api.sent_messages(en_user.id))
    ja_mark = len(harness.api.sent_messages(ja_user.id))
    await harness.start()
    await harness.processed_update(untouched)
    await harness.processed_update(answered)
    assert [e["who"] for e in harness.entries(en_user.id)] == ["Lena"]
    assert "<b>Lena</b>" in harness.api.sent_messages(en_user.id)[en_mark]["text"]
    ja_replies = [m["text"] for m in harness.api.sent_messages(ja_user.id)[ja_mark:]]
    assert "再起動しました" in ja_replies[0]
    assert "どうやって" in ja_replies[-1]  # the open question (how), asked again
    draft = harness.entries(ja_user.id)[0]
    assert (draft["problem"], draft["how"], draft["step"]) == ("資料が間に合わない", None, "how")
    await wait_until(lambda: not inbox_rows(harness, "state IN ('new', 'applied')"))
    # the next getUpdates confirmed everything stored, without asking for it again
    offsets = [c.params.get("offset") for c in harness.api.calls_to("getUpdates")]
    assert offsets[-1] == 9003


async def test_an_update_handed_out_twice_is_stored_once(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    update = {"update_id": 5000, "message": {
        "message_id": 77, "date": int(harness.clock.now().timestamp()),
        "text": "Mika / resume felt weak / rewrote it together",
        "chat": en_user.private_chat(), "from": en_user.to_dict()}}
    db = harness.services.db
    first = await update_inbox.receive(db, [update], 0)
    again = await update_inbox.receive(db, [update, dict(update, update_id=5001)], 0)
    assert [r.update_id for r in first] == [5000]
    assert [r.update_id for r in again] == [5001]
    assert len(inbox_rows(harness, "update_id IN (5000, 5001)")) == 2


async def test_a_failure_in_the_workers_own_bookkeeping_does_not_stall_the_user(
        harness, en_user, monkeypatch, logs):
    """Setting an update aside fails once (say the disk was full): the lane tries again,
    and the user's next message is handled as usual."""
    await harness.onboard(en_user, zone="Asia/Tokyo")
    real = update_inbox.set_aside
    calls = []

    async def flaky(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise OSError("disk full")
        return await real(*args, **kwargs)

    monkeypatch.setattr("bot.intake.worker.update_inbox.set_aside", flaky)
    bad = harness.api.queue_update(unreadable(en_user, SECRET))
    after = harness.api.send_text(en_user, "Tom / late invoices / set up reminders")
    await harness.processed_update(bad, timeout=10)
    await harness.processed_update(after, timeout=10)
    assert len(calls) == 2
    assert inbox_rows(harness, f"update_id = {bad['update_id']}")[0]["state"] == "failed"
    assert [e["who"] for e in harness.entries(en_user.id)] == ["Tom"]
    errors = [r.getMessage() for r in logs.records if r.levelno >= logging.ERROR]
    assert errors == [f"handling update {bad['update_id']} failed: OSError (try 1)"]


async def test_recovery_reads_every_unfinished_update_in_order(harness, en_user):
    db = harness.services.db
    updates = [{"update_id": 7000 + i, "message": {
        "message_id": i, "date": 0, "text": f"note {i}",
        "chat": en_user.private_chat(), "from": en_user.to_dict()}} for i in range(12)]
    await update_inbox.receive(db, updates[::-1], 0)  # stored out of order
    rows = [r for r in await update_inbox.unfinished(db, page=5) if r.update_id >= 7000]
    assert [r.update_id for r in rows] == [7000 + i for i in range(12)]
