"""Fan-out through the real bot against a fake Bot API that enforces Telegram's limits: many
users due at the same minute get their question once each, at the limit's pace, with no 429;
a reply to a user does not wait behind the fan-out; paid broadcasts are asked for only when
the operator turns them on."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import time, timedelta
from pathlib import Path

import pytest

from bot.core.clock import ManualClock
from tests.conftest import BotHarness
from tests.fakebotapi import FakeBotAPI, FakeUser, frozen_heap

FIRST = 8_000_000


@pytest.fixture
def limited_api():
    with frozen_heap():  # the fake runs in this process, which holds hundreds of tests' heap
        server = FakeBotAPI(limits=True).start()
        yield server
        server.stop()


async def _due_users(bot: BotHarness, count: int) -> None:
    accounts = bot.services.accounts
    for i in range(count):
        user, _ = await accounts.register(FIRST + i, FIRST + i, "en")
        user = await accounts.set_timezone(user, "UTC")
        await accounts.set_checkin_time(user, time(9, 0))


def _questions(api: FakeBotAPI) -> list:
    return [c for c in api.calls_to("sendMessage", ok_only=True)
            if isinstance(c.params.get("chat_id"), int) and c.params["chat_id"] >= FIRST]


async def _wait_for(predicate, timeout: float = 20.0) -> None:  # noqa: ASYNC109
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_many_due_at_once_go_out_once_each_at_the_limit_without_429(
        limited_api: FakeBotAPI, clock: ManualClock, tmp_path: Path, en_user: FakeUser):
    bot = BotHarness(limited_api, clock, tmp_path / "journal.sqlite3")
    await bot.start()
    try:
        count = 90
        await _due_users(bot, count)
        clock.set(clock.now().replace(hour=9, minute=0) + timedelta(days=1))
        await _wait_for(lambda: len(_questions(limited_api)) >= 10)
        started = asyncio.get_running_loop().time()
        replies = await bot.send(en_user, "/start")  # a user writes during the fan-out
        assert replies
        assert asyncio.get_running_loop().time() - started < 1.0  # not behind 80 questions
        await _wait_for(lambda: len(_questions(limited_api)) >= count)
        await asyncio.sleep(0.5)
        questions = _questions(limited_api)
        assert Counter(c.params["chat_id"] for c in questions) == Counter(
            {FIRST + i: 1 for i in range(count)})
        assert limited_api.throttled == 0, (
            f"{limited_api.throttled} × 429 ({limited_api.throttled_chat} for one chat's "
            f"limit); the tightest 30 arrived within {limited_api.tightest_window:.3f} s")
        times = sorted(c.at for c in questions)
        assert times[-1] - times[0] >= (count - 1) / 30 * 0.95  # paced, not burst
        assert all("allow_paid_broadcast" not in c.params for c in questions)
    finally:
        await bot.stop()


async def test_paid_broadcasts_are_asked_for_scheduled_messages_only_when_turned_on(
        api: FakeBotAPI, clock: ManualClock, tmp_path: Path, en_user: FakeUser):
    bot = BotHarness(api, clock, tmp_path / "journal.sqlite3")
    bot.overrides = {"paid_broadcast": True}
    await bot.start()
    try:
        await _due_users(bot, 3)
        clock.set(clock.now().replace(hour=9, minute=0) + timedelta(days=1))
        await _wait_for(lambda: len(_questions(api)) >= 3)
        assert all(c.params.get("allow_paid_broadcast") is True for c in _questions(api))
        replies = await bot.send(en_user, "/start")
        assert replies
        reply_calls = [c for c in api.calls_to("sendMessage")
                       if c.params.get("chat_id") == en_user.id]
        assert reply_calls and all("allow_paid_broadcast" not in c.params
                                   for c in reply_calls)
    finally:
        await bot.stop()
