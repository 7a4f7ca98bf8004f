"""Telegram misbehaving: 403 blocked, 429 flood control, 5xx, slow answers."""

from __future__ import annotations

from tests.e2e.test_checkin import DUE, prompt_messages


async def test_blocked_user_is_marked_and_not_prompted_until_start(harness, ja_user):
    await harness.onboard(ja_user)
    harness.api.add_fault("sendMessage", status=403, chat_id=ja_user.id)
    harness.clock.set(DUE)
    await harness.dispatch()
    row = harness.user_row(ja_user.id)
    assert row["blocked"] == 1
    assert harness.prompts(ja_user.id)[0]["status"] == "blocked"
    harness.clock.advance(days=1)
    await harness.dispatch()
    assert len(harness.prompts(ja_user.id)) == 1  # nothing more claimed or sent
    # unblocking the bot and saying /start brings prompts back, data intact
    replies = await harness.send(ja_user, "/start")
    assert "おかえりなさい" in replies[0]["text"]
    row = harness.user_row(ja_user.id)
    assert row["blocked"] == 0 and row["next_checkin_utc"] is not None


async def test_403_on_a_reply_marks_the_user_blocked(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    harness.api.add_fault("sendMessage", status=403, chat_id=en_user.id)
    await harness.send(en_user, "/help")
    assert harness.user_row(en_user.id)["blocked"] == 1


async def test_429_is_waited_out_and_delivered_once(harness, ja_user):
    await harness.onboard(ja_user)
    harness.api.add_fault("sendMessage", status=429, retry_after=1, chat_id=ja_user.id)
    harness.clock.set(DUE)
    await harness.dispatch(timeout=10)
    await harness.api.wait_for_calls(
        "sendMessage", predicate=lambda c: c.params.get("chat_id") == ja_user.id
        and "ci:answer" in str(c.params.get("reply_markup")), timeout=10)
    calls = [c for c in harness.api.calls_to("sendMessage")
             if "ci:answer" in str(c.params.get("reply_markup"))]
    assert [c.status for c in calls] == [429, 200]
    assert calls[1].at - calls[0].at >= 0.9  # waited the retry_after
    assert len(prompt_messages(harness, ja_user)) == 1
    assert harness.prompts(ja_user.id)[0]["status"] == "sent"


async def test_server_errors_are_retried_with_backoff(harness, ja_user):
    await harness.onboard(ja_user)
    harness.api.add_fault("sendMessage", status=500, times=2, chat_id=ja_user.id)
    harness.clock.set(DUE)
    await harness.dispatch(timeout=10)
    statuses = [c.status for c in harness.api.calls_to("sendMessage")
                if "ci:answer" in str(c.params.get("reply_markup"))]
    assert statuses == [500, 500, 200]
    assert len(prompt_messages(harness, ja_user)) == 1


async def test_slow_telegram_still_delivers_once(harness, ja_user):
    await harness.onboard(ja_user)
    harness.api.add_fault("sendMessage", status=200, delay=1.5, chat_id=ja_user.id)
    harness.clock.set(DUE)
    await harness.dispatch(timeout=10)
    assert len(prompt_messages(harness, ja_user)) == 1
    assert harness.prompts(ja_user.id)[0]["status"] == "sent"


async def test_reply_failure_does_not_lose_the_answer(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    await harness.send(en_user, "/log")
    harness.api.add_fault("sendMessage", status=500, chat_id=en_user.id, times=1)
    await harness.send(en_user, "Lena")
    assert harness.entries(en_user.id)[0]["who"] == "Lena"  # stored before the reply failed
    replies = await harness.send(en_user, "lost her keys")
    assert "How" in replies[-1]["text"]


async def test_other_users_are_unaffected_by_one_blocked_user(harness, ja_user, en_user):
    await harness.onboard(ja_user)
    await harness.onboard(en_user, zone="Asia/Tokyo")
    harness.api.add_fault("sendMessage", status=403, chat_id=ja_user.id)
    harness.clock.set(DUE)
    await harness.dispatch()
    assert len(prompt_messages(harness, en_user)) == 1
    assert harness.user_row(ja_user.id)["blocked"] == 1
