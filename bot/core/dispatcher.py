"""The one recurring job: for every kind of scheduled message (``bot.core.scheduled``), find
the users it is due for, claim, send, record; and the "later" reminders.

The database is the source of truth. A message is claimed (the kind's schedule advanced and
a row for its period inserted, unique per user and period) in one transaction *before* it is
sent, and recorded as ``sending`` just before its first request leaves for Telegram, so no
crash or restart can send it twice. After a crash (or when another process becomes the
sender, ``recover``), claims that never left are undone and sent again; those recorded
``sending`` become ``unknown``, never resent (a kill in the moment between that record and the
request leaving loses that one message). Messages due longer ago than the grace period are
recorded as missed, not sent.
Every kind goes through the same steps (``_scheduled``); a kind only says when, for which
period, and what.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Protocol

from bot.core.clock import Clock
from bot.core.digest import Digests, WeekSummary
from bot.core.memories import Memories, Memory
from bot.core.parsing import zone_for_key
from bot.core.review import ReviewData, Reviews
from bot.core.schedule import from_epoch, local_date_of, to_epoch
from bot.core.scheduled import (
    DAILY_QUESTION,
    REVIEW,
    THANKS_BACK,
    WEEKLY_DIGEST,
    Context,
    Kind,
)
from storage import entries, prompts, scheduled, users
from storage.db import Database
from storage.models import Prompt, User

log = logging.getLogger(__name__)


AHEAD = timedelta(minutes=15)  # how far ahead the "ahead" lane prepares messages
PREPARE_AT_ONCE = 2            # preparations in flight (each a chart for the worker processes)


class SendState:
    """Whether a request of the scheduled message in hand has left for Telegram: the bot's
    send path calls ``leaving`` just before a request goes out (``send_state``). Until then,
    stopping releases the claim (sent at the next start); after, it records ``unknown``."""

    __slots__ = ("kind", "left", "on_leave")

    def __init__(self, kind: str,
                 on_leave: Callable[[], Awaitable[bool]] | None = None) -> None:
        self.kind = kind  # "checkin" (daily questions and reminders go first), "digest", …
        self.left = False
        self.on_leave = on_leave  # records the claim "sending" (once, before the first): False
        #                           when the claim is gone

    async def leaving(self) -> None:
        """Called just before a request of this message leaves. Raises ``ClaimLost`` when
        the claim is no longer this process's (it must not leave), ``DeliveryFailed`` when
        the record cannot be written (the claim is released for a later pass)."""
        if self.left:
            return
        if self.on_leave is not None:
            try:
                ours = await self.on_leave()
            except Exception as exc:
                raise DeliveryFailed("the send could not be recorded") from exc
            if not ours:
                raise ClaimLost()
        self.left = True


class ClaimLost(Exception):
    """Another process took over sending and released this claim: the message must not
    leave from here (the other process sends it)."""


send_state: ContextVar[SendState | None] = ContextVar("send_state", default=None)


class RecipientBlocked(Exception):
    """The user blocked the bot (Telegram 403); stop messaging them."""


class DeliveryUncertain(Exception):
    """The request timed out: Telegram may or may not have delivered it. Never resend."""


class DeliveryFailed(Exception):
    """Telegram refused or could not be reached after retries; the message was not sent.
    ``retryable``: the network or Telegram was down (not a refusal), so trying again later
    may work."""

    def __init__(self, reason: str = "", *, retryable: bool = True) -> None:
        super().__init__(reason)
        self.retryable = retryable


class PromptSender(Protocol):
    async def send_prompt(self, user: User, prompt: Prompt) -> int:
        """Deliver the daily question (or its reminder); return the Telegram message id."""
        ...


class DigestSender(Protocol):
    async def send_digest(self, user: User, summary: WeekSummary) -> int:
        """Deliver the weekly digest (chart and text); return the text's message id."""
        ...


class ThanksBackSender(Protocol):
    async def send_thanks_back(self, user: User, memory: Memory) -> int:
        """Deliver a thank-you brought back; return the message id."""
        ...


class ReviewSender(Protocol):
    async def send_review(self, user: User, review: ReviewData) -> int:
        """Deliver the 13-week review (chart and text); return the text's message id."""
        ...


class Sender(PromptSender, DigestSender, ThanksBackSender, ReviewSender, Protocol):
    """Every kind of scheduled message (a dispatcher without ``digests`` needs only the
    daily question's part)."""


@dataclass
class DispatchReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str) -> None:
        self.add_many(outcome, 1)

    def add_many(self, outcome: str, n: int) -> None:
        if n:
            self.counts[outcome] = self.counts.get(outcome, 0) + n

    def __getitem__(self, outcome: str) -> int:
        return self.counts.get(outcome, 0)


class Dispatcher:
    def __init__(self, db: Database, clock: Clock, sender: PromptSender | Sender,
                 grace: timedelta, batch_size: int = 200,
                 digests: Digests | None = None, memories: Memories | None = None,
                 kinds: tuple[Kind, ...] | None = None, concurrency: int = 64,
                 reviews: Reviews | None = None) -> None:
        """``kinds``: what it sends; by default the daily question, the weekly digest when
        ``digests`` is given, thank-yous brought back when ``memories`` is, and the 13-week
        review when ``reviews`` is."""
        if kinds is None:
            kinds = ((DAILY_QUESTION,) + ((WEEKLY_DIGEST,) if digests is not None else ())
                     + ((THANKS_BACK,) if memories is not None else ())
                     + ((REVIEW,) if reviews is not None else ()))
        for kind in kinds:
            if not callable(getattr(sender, kind.sender_method, None)):
                raise TypeError(f"a dispatcher that sends {kind.name} needs a sender with "
                                f"{kind.sender_method}")
        self.kinds = kinds
        self.context = Context(db, digests=digests, memories=memories, reviews=reviews)
        self.db = db
        self.clock = clock
        self.sender = sender
        self.grace = grace
        self.batch_size = batch_size
        self.concurrency = concurrency  # users in hand at once (their sends are paced)
        self._sending: dict[asyncio.Task, SendState] = {}  # claimed, being built or sent
        self._runs: dict[str, int] = {}  # passes completed, by lane
        self._prepared: set[tuple[str, int, int]] = set()  # (kind, user, due) done ahead
        self._stopping = False

    def stop(self) -> None:
        """Claim nothing more; a message claimed but not yet on its way to Telegram (waiting
        for its turn to be sent) is released for the next start; one on its way finishes."""
        self._stopping = True
        for task, state in list(self._sending.items()):
            if not state.left:
                task.cancel()

    def resume(self) -> None:
        """Claim again after ``stop`` (this process became the sender again)."""
        self._stopping = False

    async def recover(self) -> dict[str, int]:
        """Before the first pass of a process that just became the sender (at start, or when
        the one before died): claims that never left for Telegram are undone (sent by the
        next pass, or recorded missed once past grace); those that may have left are recorded
        ``unknown``. How many of each."""
        undone = uncertain = 0
        for kind in self.kinds:
            released, unknown = await scheduled.recover(self.db, kind.slot)
            undone += released
            uncertain += unknown
        uncertain += await prompts.recover_reminders(self.db)
        if undone or uncertain:
            log.warning("taking over sending: %s claimed messages never left (sent again), %s "
                        "may have left (not resent)", undone, uncertain)
        return {"undone": undone, "uncertain": uncertain}

    def runs_of(self, lane: str) -> int:
        """Passes completed in ``lane`` (tests wait for one that began after a change)."""
        return self._runs.get(lane, 0)

    async def prepare_ahead(self, now: datetime, horizon: timedelta = AHEAD,
                            limit: int = 200) -> int:
        """Do ahead for messages due within ``horizon`` what would make them wait at their
        due minute (a digest's chart); at most ``limit`` a call, each once. Returns how
        many were prepared."""
        done = 0
        slots = asyncio.Semaphore(PREPARE_AT_ONCE)

        async def one(kind: Kind, user: User, due_date: date) -> None:
            async with slots:
                try:
                    await kind.prepare(self.context, user, due_date)
                except Exception as exc:  # the message is built again when it is due
                    log.warning("preparing for user %s failed: %s", user.user_id,
                                type(exc).__name__)

        for kind in self.kinds:
            if type(kind).prepare is Kind.prepare:
                continue  # nothing to do ahead for this kind
            jobs: list[Awaitable[None]] = []
            for user in await scheduled.due(self.db, kind.slot, to_epoch(now + horizon),
                                            limit + len(self._prepared)):
                due_utc = getattr(user, kind.slot.next_utc)
                key = (kind.name, user.user_id, due_utc)
                if due_utc <= to_epoch(now) or key in self._prepared or len(jobs) >= limit:
                    continue
                self._prepared.add(key)
                stored = getattr(user, kind.slot.next_date)
                due_date = (date.fromisoformat(stored) if stored else
                            local_date_of(from_epoch(due_utc), zone_for_key(user.timezone)))
                jobs.append(one(kind, user, due_date))
            await asyncio.gather(*jobs)
            done += len(jobs)
        if len(self._prepared) > 100_000:  # long past: forget
            self._prepared.clear()
        return done

    def lane_kinds(self, lane: str) -> tuple[Kind, ...]:
        """``questions``: the daily question (and its reminders); ``others``: every other
        kind; ``all``: everything, in that order. The two lanes run side by side, so a
        question never waits behind a long fan-out of digests."""
        if lane == "all":
            return self.kinds
        return tuple(k for k in self.kinds if (k is DAILY_QUESTION) == (lane == "questions"))

    async def run_once(self, lane: str = "all") -> DispatchReport:
        report = DispatchReport()
        now = self.clock.now()
        if lane == "ahead":
            report.add_many("prepared", await self.prepare_ahead(now))
            self._runs[lane] = self._runs.get(lane, 0) + 1
            return report
        failed: set[int] = set()
        for kind in self.lane_kinds(lane):
            await self._drain(kind, now, failed, report)
        if lane in ("all", "questions"):
            for user in await users.due_snoozes(self.db, to_epoch(now), self.batch_size):
                if self._stopping:
                    break
                report.add(await self._guarded(self._reminder, user, now, failed))
        if report.counts:
            log.info("dispatch: %s", report.counts)
        self._runs[lane] = self._runs.get(lane, 0) + 1
        return report

    async def _drain(self, kind: Kind, now, failed: set[int], report: DispatchReport) -> None:
        """Handle every user ``kind`` is due for, up to ``concurrency`` at once, until none
        is left: each claims, builds and sends on its own, so a slow chat or a retry's
        back-off holds up nobody else (the send limiter keeps the pace). A user who failed,
        or whose claim was released for a retry (due again at once), is left to the next
        pass."""
        step = partial(self._scheduled, kind)
        slots = asyncio.Semaphore(self.concurrency)
        in_hand: dict[int, asyncio.Task] = {}

        async def one(user: User) -> None:
            try:
                outcome = await self._guarded(step, user, now, failed)
                if outcome == "retry":
                    failed.add(user.user_id)
                report.add(kind.report_prefix + outcome)
            finally:
                del in_hand[user.user_id]
                slots.release()

        try:
            for _ in range(1_000_000):  # bounded; each step advances or sets aside its user
                # users in hand may not be claimed yet: still due, so asked for and skipped
                skip = failed | in_hand.keys()
                due = [u for u in await scheduled.due(self.db, kind.slot, to_epoch(now),
                                                      self.batch_size + len(skip))
                       if u.user_id not in skip]
                if not due:
                    if not in_hand or self._stopping:
                        break
                    # one may come due again at once (today's, after a week-old missed one)
                    await asyncio.wait(list(in_hand.values()),
                                       return_when=asyncio.FIRST_COMPLETED)
                    continue
                for user in due:
                    await slots.acquire()
                    if self._stopping:
                        slots.release()
                        break
                    in_hand[user.user_id] = asyncio.create_task(one(user))
                if self._stopping:
                    break
            if in_hand:  # a task cancelled by stop() (released) does not cancel the others
                await asyncio.gather(*in_hand.values(), return_exceptions=True)
        except asyncio.CancelledError:
            for task in in_hand.values():  # each records its send in hand as uncertain
                task.cancel()
            if in_hand:
                await asyncio.wait(list(in_hand.values()))
            raise

    async def _guarded(self, step, user: User, now, failed: set[int]) -> str:
        """One user's failure (a bad zone, an unexpected Telegram error) never stops the
        others; that user is skipped until the next pass."""
        try:
            return await step(user, now)
        except Exception as exc:
            failed.add(user.user_id)
            log.error("dispatch for user %s failed: %s", user.user_id, type(exc).__name__)
            return "error"

    async def _scheduled(self, kind: Kind, user: User, now) -> str:
        """Claim the user's due message of ``kind`` (at most one per period), then build
        and send it."""
        slot = kind.slot
        zone = zone_for_key(user.timezone)
        due_utc: int | None = getattr(user, slot.next_utc)
        stored_date: str | None = getattr(user, slot.next_date)
        assert due_utc is not None
        due_date = (date.fromisoformat(stored_date) if stored_date
                    else local_date_of(from_epoch(due_utc), zone))
        # The next one after this: the next period's, unless this one is long overdue (the
        # bot was down), in which case the first one still inside the grace window.
        following = kind.next_after(user, zone, max(now - self.grace, from_epoch(due_utc)),
                                    not_before=due_date + timedelta(days=1))
        too_late = now - from_epoch(due_utc) > self.grace or (
            kind.closes_with_day and local_date_of(now, zone) > due_date)
        period = (None if too_late and kind.waits_when_late
                  else await kind.due_period(self.context, user, due_date))
        if period is None:  # nothing due this time (or left to the next): nothing claimed
            moved = await scheduled.advance(
                self.db, slot, user.user_id, due_utc=due_utc, next_utc=to_epoch(following.utc),
                next_date=following.local_date.isoformat(), now=to_epoch(now))
            return ("postponed" if too_late else "not_due") if moved else "already_handled"
        if too_late:
            status = "missed"  # too late, or that local day is over
        else:
            status = await kind.before_claim(self.context, user, due_date)
        row = await scheduled.claim(
            self.db, slot, user.user_id, due_utc=due_utc,
            period=period.isoformat(), local_date=due_date.isoformat(),
            next_utc=to_epoch(following.utc), next_date=following.local_date.isoformat(),
            status=status, now=to_epoch(now))
        if row is None:
            return "already_handled"
        if status != "claimed":
            await kind.settled(self.context, user, row, status)
            return status
        row_id = int(row[slot.id_column])
        mark = partial(scheduled.mark, self.db, slot, user.user_id, row_id)
        # If Telegram cannot be reached, or the bot stops before the message is on its way,
        # the claim is undone so that a later pass sends it while it is within grace (never
        # twice: the same unique row).
        release = partial(scheduled.release, self.db, slot, user.user_id, row_id, due_utc,
                          due_date.isoformat())
        state = SendState(kind.name, on_leave=partial(
            scheduled.mark_sending, self.db, slot, user.user_id, row_id))
        send_state.set(state)
        task = asyncio.current_task()
        if task is not None:
            self._sending[task] = state
        try:
            content = await kind.build(self.context, user, row)
            if content is None:
                await mark("nothing")
                await kind.settled(self.context, user, row, "nothing")
                return "nothing"
            outcome = await self._deliver(
                user, lambda: kind.send(self.sender, user, content), mark, release=release)
        except asyncio.CancelledError:
            if not state.left:
                await asyncio.shield(release())
            raise
        except ClaimLost:  # the process that sends now took it over: it is theirs
            log.info("a claim was taken over by the process that sends now")
            return "taken_over"
        finally:
            if task is not None:
                self._sending.pop(task, None)
        if outcome == "sent":
            await kind.delivered(self.context, user, content)
        if outcome != "retry":  # released for a retry: not settled yet
            await kind.settled(self.context, user, row, outcome)
        return outcome

    async def _reminder(self, user: User, now) -> str:
        snooze_utc = user.snooze_until_utc
        assert snooze_utc is not None
        local_date = (date.fromisoformat(user.snooze_date) if user.snooze_date
                      else local_date_of(from_epoch(snooze_utc), zone_for_key(user.timezone)))
        prompt = await prompts.claim_snooze(self.db, user.user_id, snooze_utc,
                                            local_date.isoformat(), to_epoch(now))
        if prompt is None:
            return "already_handled"
        if now - from_epoch(snooze_utc) > self.grace:
            await prompts.mark(self.db, user.user_id, prompt.prompt_id, "missed")
            return "missed"
        if await entries.has_checked_in(self.db, user.user_id, local_date.isoformat()):
            await prompts.mark(self.db, user.user_id, prompt.prompt_id, "skipped_logged")
            return "skipped_logged"
        send_state.set(SendState("checkin"))
        return await self._deliver(user, lambda: self.sender.send_prompt(user, prompt),
                                   partial(prompts.mark, self.db, user.user_id,
                                           prompt.prompt_id))

    async def _deliver(self, user: User, send: Callable[[], Awaitable[int]],
                       mark: Callable[..., Awaitable[None]],
                       release: Callable[[], Awaitable[object]] | None = None) -> str:
        """Send a claimed message and record what happened through ``mark(status, …)``.
        With ``release``, a Telegram that cannot be reached undoes the claim instead
        ("retry"), so a later pass sends it; a refusal is recorded as failed."""
        try:
            message_id = await send()
        except asyncio.CancelledError:
            state = send_state.get()
            if state is None or state.left or release is None:
                # Stopping cut the send short: it may have reached Telegram. Never resend it.
                await asyncio.shield(mark("unknown"))
            raise  # (nothing left for Telegram: the caller releases the claim)
        except RecipientBlocked:
            await mark("blocked")
            await users.update(self.db, user.user_id, to_epoch(self.clock.now()),
                               blocked=True, snooze_until_utc=None)
            log.info("user %s blocked the bot; prompts stopped", user.user_id)
            return "blocked"
        except DeliveryUncertain:
            await mark("unknown")
            log.warning("a send to user %s timed out; not resending", user.user_id)
            return "unknown"
        except DeliveryFailed as exc:
            if release is not None and exc.retryable:
                await release()
                return "retry"
            await mark("failed")
            log.warning("a send to user %s failed: %s", user.user_id,
                        type(exc.__cause__).__name__ if exc.__cause__ else exc)
            return "failed"
        await mark("sent", sent_utc=to_epoch(self.clock.now()), message_id=message_id)
        return "sent"
