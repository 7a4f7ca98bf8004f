"""The one gate every request to Telegram passes (python-telegram-bot's ``BaseRateLimiter``).

1. It commits what the update being handled has written (``flush_unit``), so a database lock
   is never held across the network, nor while a message waits for its turn.
2. It paces messages (requests with a ``chat_id``): at most ``rate`` a second overall (less
   a small ``MARGIN``), evenly spaced (never a burst, so Telegram's ~30/s is never crossed), and
   scheduled messages (sent by the dispatcher) at most one a second per private chat and one
   every three seconds per group. A reply to a user goes before any scheduled message
   waiting for its turn, so a fan-out of thousands never makes a user wait, and a daily
   question before a digest or a thank-you brought back.
   ``allow_paid_broadcast`` messages have their own, higher rate (Telegram's paid broadcasts).
3. A 429 makes its request wait ``retry_after`` and try again (up to ``max_retries`` times);
   when 429s are a large share of the last second's answers (the bot as a whole too fast),
   every request waits. A message tried again (after a 429 or a failure) goes before the
   ones waiting for their first try, so retries do not pile up at the end of a fan-out.
4. It times every request and counts 429s for ``/metrics``.

``rate`` 0 lifts the pacing (benchmarks of the bot's own work); 1 and 3 still apply.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

from bot.core.dispatcher import send_state
from bot.metrics import Metrics
from bot.replica import Replica
from storage.db import flush_unit

REPLY, QUESTION, SCHEDULED = 0, 1, 2  # priorities: replies, daily questions, the rest
# Messages are paced this much under the ceiling: requests reach Telegram with the network's
# jitter, and exactly at the ceiling two of them a few ms closer than planned make one too
# many in some second (measured: 87 answers of 429 in 1,000 sends at 30/s, none at 29.1/s).
MARGIN = 0.97
# 429s within a second that hold every request, not just their own: at least this many, and
# at least this share of the second's answers (a chat's own flood control, or a few refused
# chats among thirty messages a second, is not the bot going too fast: Telegram refuses
# nearly every request when it is)
GLOBAL_429S = 3
GLOBAL_429_SHARE = 0.25
PRIVATE_CHAT_INTERVAL = 1.0  # s between scheduled messages to one private chat
GROUP_CHAT_INTERVAL = 3.0    # 20 a minute per group


class Pacer:
    """Grants turns at most ``rate`` a second, evenly spaced, higher priority first.

    Two rules together: turns follow a grid one interval apart (sleeping a little late never
    adds up to a slower rate, and a turn is never closer than half an interval to the one
    before), and no second holds more than ``rate`` turns (the first of the last ``rate``
    turns must have left ``WINDOW`` ago), which is what Telegram counts."""

    # s; Telegram's second and an allowance for jitter: the requests of one second reach
    # Telegram up to this much closer together than they left (measured with bench.fanout's
    # tightest_30 under load)
    WINDOW = 1.015

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._slot = -float("inf")  # the nominal time of the last turn granted
        # when the last turns left: granted, then moved on to when the request really started
        # (the event loop may get to it a little later; what counts is when it leaves)
        self._recent: deque[list[float]] = deque(maxlen=max(1, int(rate)))
        # by priority, each a queue of messages tried again before one of first tries
        self._waiting: tuple[deque[asyncio.Future[list[float]]], ...] = tuple(
            deque() for _ in range(6))
        self._task: asyncio.Task | None = None
        self._not_before = -float("inf")

    def hold_until(self, instant: float) -> None:
        """Grant no turn before ``instant`` (``time.monotonic``)."""
        self._not_before = max(self._not_before, instant)

    def set_rate(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._recent = deque(self._recent, maxlen=max(1, int(rate)))

    def _next_slot(self, now: float) -> float:
        slot = max(self._slot + self.interval,
                   (self._recent[-1][0] if self._recent else now) + self.interval / 2)
        if len(self._recent) == self._recent.maxlen:
            slot = max(slot, self._recent[0][0] + self.WINDOW)
        return max(slot, self._not_before)

    def _take(self, slot: float) -> list[float]:
        self._slot = slot
        left = [time.monotonic()]
        self._recent.append(left)
        return left

    async def turn(self, priority: int, *, again: bool = False) -> list[float]:
        """Wait for this request's turn (``again``: it was tried before, and goes before the
        others of its priority). Returns where its leaving time is kept: the caller sets it
        again if the request leaves later still (what counts is when it leaves)."""
        now = time.monotonic()
        if not any(self._waiting) and self._next_slot(now) <= now:
            return self._take(now)
        waiter: asyncio.Future[list[float]] = asyncio.get_running_loop().create_future()
        queue = self._waiting[2 * priority + (0 if again else 1)]
        queue.append(waiter)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._grant(), name="send-pacer")
        try:
            left = await waiter
            left[0] = time.monotonic()  # it leaves now, not when it was granted
            return left
        except asyncio.CancelledError:
            if not waiter.done():
                with contextlib.suppress(ValueError):
                    queue.remove(waiter)
            raise

    async def _grant(self) -> None:
        while any(self._waiting):
            slot = self._next_slot(time.monotonic())
            delay = slot - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            for queue in self._waiting:
                while queue and queue[0].done():  # cancelled meanwhile
                    queue.popleft()
                if queue:
                    queue.popleft().set_result(self._take(slot))
                    break

    def close(self) -> None:
        if self._task is not None:
            self._task.cancel()


class SendLimiter(BaseRateLimiter[int]):
    def __init__(self, rate: float, *, paid_rate: float = 1000.0, max_retries: int = 3,
                 metrics: Metrics | None = None) -> None:
        self.rate = rate
        self.max_retries = max_retries
        self.metrics = metrics or Metrics()
        self._pacer = Pacer(rate * MARGIN) if rate > 0 else None
        self._paid_pacer = Pacer(paid_rate * MARGIN) if rate > 0 else None
        self._chat_next: dict[object, float] = {}
        self._open = asyncio.Event()  # cleared while Telegram asked every request to wait
        self._open.set()
        self._answers: deque[tuple[float, bool]] = deque()  # the last second's: (when, 429)
        self._tried: dict[object, float] = {}  # chat -> when its last message failed
        self.replies = 0  # replies (messages not scheduled) sent so far
        self._replica: Replica | None = None
        self._others_share = 0.0  # replies a second the other processes send

    def share_with(self, replica: Replica) -> None:
        """Several processes (``bot.replica``): report this one's replies a second, and pace
        this one's messages that much under the ceiling while the others reply."""
        self._replica = replica
        replica.reply_count = lambda: self.replies

    def _pace_for_others(self) -> None:
        """Leave the other processes' replies their share of the ceiling (at most half)."""
        replica = self._replica
        if replica is None or self._pacer is None:
            return
        others = min(replica.others_reply_rate, self.rate / 2) if replica.sender else 0.0
        if abs(others - self._others_share) >= 0.5:
            self._others_share = others
            self._pacer.set_rate((self.rate - others) * MARGIN)

    def took_over(self) -> None:
        """This process just became the sender: the one before may have sent up to the moment
        its lock went, so nothing leaves for one window (no second holds both their turns)."""
        until = time.monotonic() + Pacer.WINDOW
        for pacer in (self._pacer, self._paid_pacer):
            if pacer is not None:
                pacer.hold_until(until)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        for pacer in (self._pacer, self._paid_pacer):
            if pacer is not None:
                pacer.close()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        await flush_unit()
        chat_id = data.get("chat_id")
        sending = send_state.get()  # a scheduled message (the dispatcher's), or None
        scheduled = sending is not None
        priority = (REPLY if sending is None
                    else QUESTION if sending.kind == "checkin" else SCHEDULED)
        self._pace_for_others()
        pacer = self._paid_pacer if data.get("allow_paid_broadcast") else self._pacer
        retries = rate_limit_args if rate_limit_args is not None else self.max_retries
        for attempt in range(retries + 1):
            await self._open.wait()
            turn: list[float] | None = None
            if chat_id is not None and pacer is not None:
                if scheduled:
                    await self._chat_turn(chat_id)
                again = attempt > 0 or self._tried.get(chat_id, 0.0) > time.monotonic() - 60
                turn = await pacer.turn(priority, again=again)
                while not self._open.is_set():  # a 429 came while this one waited: wait it
                    await self._open.wait()      # out, then take a fresh turn (no burst)
                    turn = await pacer.turn(priority, again=again)
            if sending is not None:
                await sending.leaving()  # from here on, this message may reach the user
            started = time.monotonic()
            if turn is not None:
                turn[0] = started  # it leaves now (after recording that it does)
            if chat_id is not None and not scheduled:
                self.replies += 1
            try:
                result = await callback(*args, **kwargs)
                self._answered(chat_id, throttled=False)
                if scheduled and chat_id is not None:
                    self._chat_sent(chat_id)
                return result
            except RetryAfter as exc:
                self.metrics.throttled.inc()
                self._answered(chat_id, throttled=True)
                if attempt == retries:
                    raise
                await self._hold(exc)
            except NetworkError as exc:  # a 5xx, a lost connection: the sender tries again
                self._answered(chat_id, throttled=False,
                               failed=not isinstance(exc, BadRequest))
                raise
            except TelegramError:  # e.g. 403: an answer all the same
                self._answered(chat_id, throttled=False)
                raise
            finally:
                self.metrics.request_done(endpoint, time.monotonic() - started, scheduled)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _chat_turn(self, chat_id: object) -> None:
        """Wait until a scheduled message may go to this chat again."""
        wait = self._chat_next.get(chat_id, 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def _chat_sent(self, chat_id: object) -> None:
        """At most one scheduled message a second per private chat (one per 3 s per group),
        counted from each one delivered (a failed try does not count)."""
        now = time.monotonic()
        group = isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0)
        self._chat_next[chat_id] = now + (GROUP_CHAT_INTERVAL if group
                                          else PRIVATE_CHAT_INTERVAL)
        if len(self._chat_next) > 10_000:  # forget chats whose spacing has passed
            self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}

    def _answered(self, chat_id: object, *, throttled: bool, failed: bool = False) -> None:
        """Note an answer from Telegram (for ``_too_fast``), and whether this chat's message
        failed in a way the sender tries again (that try then goes first)."""
        now = time.monotonic()
        answers = self._answers
        answers.append((now, throttled))
        while answers[0][0] <= now - 1.0:
            answers.popleft()
        if chat_id is None:
            return
        if failed:
            self._tried[chat_id] = now
            if len(self._tried) > 1000:  # forget failures that nobody tried again
                self._tried = {c: t for c, t in self._tried.items() if t > now - 60}
        else:
            self._tried.pop(chat_id, None)

    def _too_fast(self) -> bool:
        """The last second's 429s say the bot as a whole is too fast (see GLOBAL_429S)."""
        refused = sum(throttled for _, throttled in self._answers)
        return refused >= GLOBAL_429S and refused >= GLOBAL_429_SHARE * len(self._answers)

    async def _hold(self, exc: RetryAfter) -> None:
        """Wait out a 429. A few are chats' own flood control: only their requests wait.
        When they are a large share of the last second's answers, the bot as a whole is too
        fast: every request waits."""
        retry_after = exc.retry_after
        seconds = (retry_after.total_seconds() if hasattr(retry_after, "total_seconds")
                   else float(retry_after))
        if not self._too_fast():
            await asyncio.sleep(seconds)
            return
        if self._open.is_set():
            self._open.clear()
            asyncio.get_running_loop().call_later(seconds, self._open.set)
        await self._open.wait()
