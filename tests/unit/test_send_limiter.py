"""The send limiter's pacing (bot/send_limiter.py), on the real clock at high rates so that it
takes a fraction of a second: evenly spaced turns, replies before scheduled messages, per-chat
spacing of scheduled messages, and a 429 that holds every request."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest
from telegram.error import RetryAfter

from bot import send_limiter
from bot.core.dispatcher import SendState, send_state
from bot.metrics import Metrics
from bot.send_limiter import QUESTION, REPLY, SCHEDULED, Pacer, SendLimiter


class RecordingPacer(Pacer):
    """Records when each turn is granted (the waiting task resumes a little later, as the
    event loop gets to it)."""

    def __init__(self, rate: float) -> None:
        super().__init__(rate)
        self.granted: list[float] = []

    def _take(self, slot: float) -> list[float]:
        left = super()._take(slot)
        self.granted.append(time.monotonic())
        return left


async def test_turns_are_evenly_spaced_never_a_burst():
    pacer = RecordingPacer(rate=200)  # one every 5 ms
    await asyncio.gather(*(pacer.turn(SCHEDULED) for _ in range(40)))
    granted = pacer.granted
    gaps = [b - a for a, b in zip(granted, granted[1:], strict=False)]
    assert min(gaps) >= 0.005 * 0.45  # at least half an interval: never a burst
    assert granted[-1] - granted[0] == pytest.approx(39 * 0.005, rel=0.5)


async def test_a_reply_goes_before_scheduled_messages_waiting_for_their_turn():
    pacer = Pacer(rate=100)
    order: list[str] = []

    async def one(name: str, priority: int) -> None:
        await pacer.turn(priority)
        order.append(name)

    scheduled = [asyncio.create_task(one(f"s{i}", SCHEDULED)) for i in range(10)]
    await asyncio.sleep(0.025)  # a few scheduled ones have gone
    question = asyncio.create_task(one("question", QUESTION))
    await one("reply", REPLY)
    await asyncio.gather(question, *scheduled)
    assert order.index("reply") <= 4
    assert order.index("question") == order.index("reply") + 1  # then the daily question
    assert order.count("reply") == 1 and len(order) == 12


async def test_no_second_holds_more_than_rate_turns():
    pacer = RecordingPacer(rate=20)
    for _ in range(5):  # bursts of demand with pauses: the grid alone could catch up
        await asyncio.gather(*(pacer.turn(SCHEDULED) for _ in range(8)))
        await asyncio.sleep(0.03)
    granted = pacer.granted
    assert len(granted) == 40
    for i, start in enumerate(granted):
        assert len([g for g in granted[i:] if g - start < 1.0]) <= 20


async def test_a_cancelled_waiter_gives_its_turn_to_the_next():
    pacer = Pacer(rate=50)
    await pacer.turn(REPLY)  # the slot is taken now
    waiting = asyncio.create_task(pacer.turn(SCHEDULED))
    await asyncio.sleep(0)
    waiting.cancel()
    started = time.monotonic()
    await pacer.turn(SCHEDULED)
    assert time.monotonic() - started < 0.05


async def test_scheduled_messages_to_one_chat_are_spaced_replies_are_not(monkeypatch):
    monkeypatch.setattr(send_limiter, "PRIVATE_CHAT_INTERVAL", 0.2)
    limiter = SendLimiter(rate=1000, metrics=Metrics())
    sent: list[tuple[str, float]] = []

    async def send(label: str) -> bool:
        sent.append((label, time.monotonic()))
        return True

    async def scheduled(label: str) -> None:
        send_state.set(SendState("checkin"))
        await limiter.process_request(send, (label,), {}, "sendMessage", {"chat_id": 7}, None)

    await asyncio.gather(asyncio.create_task(scheduled("photo")))
    await asyncio.create_task(scheduled("text"))
    await limiter.process_request(send, ("reply",), {}, "sendMessage", {"chat_id": 7}, None)
    times = dict(sent)
    assert times["text"] - times["photo"] >= 0.2 * 0.9
    assert times["reply"] - times["text"] < 0.1


async def test_one_429_holds_its_own_request_only():
    metrics = Metrics()
    limiter = SendLimiter(rate=1000, metrics=metrics)
    calls: list[tuple[int, float]] = []

    async def send(chat: int) -> bool:
        calls.append((chat, time.monotonic()))
        if chat == 1 and len([c for c, _ in calls if c == 1]) == 1:
            raise RetryAfter(1)
        return True

    started = time.monotonic()
    results = await asyncio.gather(*(
        limiter.process_request(send, (c,), {}, "sendMessage", {"chat_id": c}, None)
        for c in (1, 2, 3)))
    assert results == [True, True, True]
    went = {c: t - started for c, t in calls}
    assert went[2] < 0.5 and went[3] < 0.5  # the others did not wait
    assert went[1] >= 0.9  # chat 1 tried again after its retry_after
    assert metrics.throttled._value.get() == 1  # noqa: SLF001


async def test_several_429s_within_a_second_hold_every_request():
    limiter = SendLimiter(rate=1000, metrics=Metrics())
    calls: list[tuple[int, float]] = []
    refused: set[int] = set()

    async def send(chat: int) -> bool:
        calls.append((chat, time.monotonic()))
        if chat <= 3 and chat not in refused:
            refused.add(chat)
            raise RetryAfter(1)
        return True

    started = time.monotonic()
    for chat in (1, 2, 3):  # three refusals in a row: the bot as a whole is too fast
        asyncio.create_task(
            limiter.process_request(send, (chat,), {}, "sendMessage", {"chat_id": chat}, None))
    await asyncio.sleep(0.1)
    assert await limiter.process_request(send, (4,), {}, "sendMessage", {"chat_id": 4},
                                         None) is True
    went_4 = [t for c, t in calls if c == 4][0]
    assert went_4 - started >= 0.9  # held until the flood control was over


async def test_without_a_rate_nothing_is_paced_but_429s_still_are():
    limiter = SendLimiter(rate=0, metrics=Metrics())

    async def send() -> bool:
        return True

    started = time.monotonic()
    for _ in range(200):
        await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 1}, None)
    assert time.monotonic() - started < 0.5


async def test_a_new_sender_waits_one_window_before_its_first_turn():
    """The process that sent before may have used the last second up to its end."""
    pacer = Pacer(rate=100)
    started = time.monotonic()
    pacer.hold_until(started + 0.1)
    await pacer.turn(SCHEDULED)
    assert time.monotonic() - started >= 0.1


async def test_a_few_429s_among_many_answers_hold_only_their_own_requests():
    """Three chats' flood control within a second, among thirty messages, is not the bot
    going too fast: the other messages keep their pace (a fan-out with faults lost a whole
    second to this)."""
    limiter = SendLimiter(rate=100, metrics=Metrics())
    calls: list[tuple[int, float]] = []
    refused: set[int] = set()

    async def send(chat: int) -> bool:
        calls.append((chat, time.monotonic()))
        if chat in (5, 12, 20) and chat not in refused:
            refused.add(chat)
            raise RetryAfter(1)
        return True

    started = time.monotonic()
    await asyncio.gather(*(
        limiter.process_request(send, (chat,), {}, "sendMessage", {"chat_id": chat}, None)
        for chat in range(40)))
    first_tries = {}
    for chat, at in calls:
        first_tries.setdefault(chat, at - started)
    others = [at for chat, at in first_tries.items() if chat not in (5, 12, 20)]
    assert max(others) < 0.7  # 37 messages at ~97/s: nobody held for a second
    assert sorted(c for c, _ in calls).count(5) == 2


async def test_a_message_tried_again_goes_before_those_waiting_for_their_first_try():
    pacer = Pacer(rate=50)
    order: list[str] = []

    async def take(name: str, again: bool = False) -> None:
        await pacer.turn(QUESTION, again=again)
        order.append(name)

    first = [asyncio.create_task(take(f"q{i}")) for i in range(5)]
    await asyncio.sleep(0.005)
    retry = asyncio.create_task(take("retry", again=True))
    await asyncio.gather(*first, retry)
    assert order.index("retry") <= 2  # after the one or two already granted, not last


async def test_after_a_5xx_a_chats_next_try_goes_first_after_a_400_it_does_not():
    from telegram.error import BadRequest, NetworkError

    limiter = SendLimiter(rate=40, metrics=Metrics())
    order: list[int] = []
    failures = {1: NetworkError("Bad Gateway"), 2: BadRequest("chat not found")}

    async def send(chat: int) -> bool:
        order.append(chat)
        error = failures.pop(chat, None)
        if error is not None:
            raise error
        return True

    async def request(chat: int) -> None:
        with contextlib.suppress(NetworkError):
            await limiter.process_request(send, (chat,), {}, "sendMessage", {"chat_id": chat},
                                          None)

    await request(1)
    await request(2)
    queued = [asyncio.create_task(request(chat)) for chat in range(10, 16)]
    await asyncio.sleep(0.01)
    await asyncio.gather(*queued, request(2), request(1))
    tries = order[2:]
    assert tries.index(1) <= 2  # tried again: before the first tries still waiting
    assert tries[-1] == 2  # a 400 is an answer: it waited its turn behind the others
