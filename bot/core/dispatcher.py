"""The one recurring job: find users whose daily question is due, claim, send, record.

The database is the source of truth. A prompt is claimed (schedule advanced and a row in
``prompts`` inserted, unique per user and local date) in one transaction *before* it is
sent, so no crash or restart can send it twice; a kill between claim and send can lose that
one prompt. Missed prompts older than the grace period are recorded as missed, not sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import partial
from typing import Protocol, runtime_checkable

from bot.core.accounts import checkin_time_of
from bot.core.clock import Clock
from bot.core.digest import Digests, WeekSummary
from bot.core.parsing import zone_for_key
from bot.core.schedule import (
    digest_week,
    from_epoch,
    local_date_of,
    next_occurrence,
    next_weekly_occurrence,
    to_epoch,
)
from storage import digests as digest_store
from storage import entries, prompts, users
from storage.db import Database
from storage.models import Prompt, User

log = logging.getLogger(__name__)


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


@runtime_checkable
class DigestSender(Protocol):
    async def send_digest(self, user: User, summary: WeekSummary) -> int:
        """Deliver the weekly digest (chart and text); return the text's message id."""
        ...


class Sender(PromptSender, DigestSender, Protocol):
    """Both kinds of scheduled message (a dispatcher without ``digests`` needs only the
    daily question's half)."""


@dataclass
class DispatchReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1

    def __getitem__(self, outcome: str) -> int:
        return self.counts.get(outcome, 0)


class Dispatcher:
    def __init__(self, db: Database, clock: Clock, sender: PromptSender | Sender,
                 grace: timedelta, batch_size: int = 200,
                 digests: Digests | None = None) -> None:
        if digests is not None and not isinstance(sender, DigestSender):
            raise TypeError("a dispatcher that sends digests needs a sender with send_digest")
        self.digests = digests  # None: this dispatcher sends no weekly digests
        self.db = db
        self.clock = clock
        self.sender = sender
        self.grace = grace
        self.batch_size = batch_size
        self.completed_runs = 0  # lets tests wait for a full pass that began after a change
        self._stopping = False

    def stop(self) -> None:
        """Claim nothing more: a pass in progress ends after the user in hand."""
        self._stopping = True

    async def run_once(self) -> DispatchReport:
        report = DispatchReport()
        now = self.clock.now()
        failed: set[int] = set()
        await self._drain(users.due_checkins, self._checkin, now, failed, report)
        for user in await users.due_snoozes(self.db, to_epoch(now), self.batch_size):
            if self._stopping:
                break
            report.add(await self._guarded(self._reminder, user, now, failed))
        if self.digests is not None:
            await self._drain(digest_store.due, self._digest, now, failed, report, "digest_")
        if report.counts:
            log.info("dispatch: %s", report.counts)
        self.completed_runs += 1
        return report

    async def _drain(self, due_fn, step, now, failed: set[int], report: DispatchReport,
                     prefix: str = "") -> None:
        """Run ``step`` for every user ``due_fn`` finds due, batch after batch, until none
        is left. A user who failed, or whose claim was released for a retry (due again at
        once), is left to the next pass."""
        for _ in range(10_000):  # bounded; each step advances or sets aside its user
            due = [u for u in await due_fn(self.db, to_epoch(now), self.batch_size + len(failed))
                   if u.user_id not in failed]
            if not due:
                return
            for user in due:
                if self._stopping:
                    return
                outcome = await self._guarded(step, user, now, failed)
                if outcome == "retry":
                    failed.add(user.user_id)
                report.add(prefix + outcome)

    async def _guarded(self, step, user: User, now, failed: set[int]) -> str:
        """One user's failure (a bad zone, an unexpected Telegram error) never stops the
        others; that user is skipped until the next pass."""
        try:
            return await step(user, now)
        except Exception as exc:
            failed.add(user.user_id)
            log.error("dispatch for user %s failed: %s", user.user_id, type(exc).__name__)
            return "error"

    async def _checkin(self, user: User, now) -> str:
        zone = zone_for_key(user.timezone)
        due_utc = user.next_checkin_utc
        assert due_utc is not None
        due_date = (date.fromisoformat(user.next_checkin_date) if user.next_checkin_date
                    else local_date_of(from_epoch(due_utc), zone))
        # The next one after this: tomorrow's, unless this one is long overdue (the bot was
        # down), in which case the first one still inside the grace window, e.g. today's.
        following = next_occurrence(checkin_time_of(user), zone,
                                    max(now - self.grace, from_epoch(due_utc)),
                                    not_before=due_date + timedelta(days=1))
        if now - from_epoch(due_utc) > self.grace or local_date_of(now, zone) > due_date:
            status = "missed"  # too late, or that local day is over
        elif user.skip_if_logged and await entries.has_checked_in(
                self.db, user.user_id, due_date.isoformat()):
            status = "skipped_logged"
        else:
            status = "claimed"
        prompt = await prompts.claim_checkin(
            self.db, user.user_id, due_utc, due_date.isoformat(),
            to_epoch(following.utc), following.local_date.isoformat(), status, to_epoch(now))
        if prompt is None:
            return "already_handled"
        if status != "claimed":
            return status
        # If Telegram cannot be reached, the claim is undone so that a later pass sends it
        # while it is within grace and the same local day (never twice: same unique row).
        return await self._deliver(
            user, lambda: self.sender.send_prompt(user, prompt),
            partial(prompts.mark, self.db, user.user_id, prompt.prompt_id),
            release=partial(prompts.release_checkin, self.db, user.user_id, prompt.prompt_id,
                            due_utc, due_date.isoformat()))

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
        return await self._deliver(user, lambda: self.sender.send_prompt(user, prompt),
                                   partial(prompts.mark, self.db, user.user_id,
                                           prompt.prompt_id))

    async def _digest(self, user: User, now) -> str:
        """Claim this week's digest (at most one per local week), then build and send it."""
        assert self.digests is not None and user.next_digest_utc is not None
        sender = self.sender
        assert isinstance(sender, DigestSender)  # checked in __init__ when digests were given
        zone = zone_for_key(user.timezone)
        due_utc = user.next_digest_utc
        due_date = (date.fromisoformat(user.next_digest_date) if user.next_digest_date
                    else local_date_of(from_epoch(due_utc), zone))
        hour, minute = (int(p) for p in user.digest_time.split(":"))
        following = next_weekly_occurrence(
            user.digest_weekday, time(hour, minute), zone,
            max(now - self.grace, from_epoch(due_utc)), not_before=due_date + timedelta(days=1))
        first_day = digest_week(due_date, user.week_start_day)
        late = now - from_epoch(due_utc) > self.grace
        claimed = await digest_store.claim(
            self.db, user.user_id, due_utc, due_date.isoformat(), first_day.isoformat(),
            to_epoch(following.utc), following.local_date.isoformat(),
            "missed" if late else "claimed", to_epoch(now))
        if claimed is None:
            return "already_handled"
        if late:
            return "missed"
        summary = await self.digests.summary(user, first_day)
        return await self._deliver(
            user, lambda: sender.send_digest(user, summary),
            partial(digest_store.mark, self.db, user.user_id, claimed.digest_id),
            release=partial(digest_store.release, self.db, user.user_id, claimed.digest_id,
                            due_utc, due_date.isoformat()))

    async def _deliver(self, user: User, send: Callable[[], Awaitable[int]],
                       mark: Callable[..., Awaitable[None]],
                       release: Callable[[], Awaitable[None]] | None = None) -> str:
        """Send a claimed message and record what happened through ``mark(status, …)``.
        With ``release``, a Telegram that cannot be reached undoes the claim instead
        ("retry"), so a later pass sends it; a refusal is recorded as failed."""
        try:
            message_id = await send()
        except asyncio.CancelledError:
            # Stopping cut the send short: it may have reached Telegram. Never resend it.
            await asyncio.shield(mark("unknown"))
            raise
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
