"""What each kind of scheduled message is: one small policy per kind.

A scheduled message is sent per user, at a wall-clock time in their zone, claimed at most
once per period (a local date, or a local week) and sent only within the grace window. The
mechanism is one (``bot.core.dispatcher.Dispatcher``, SQL in ``storage.scheduled``); a kind
is a ``Kind`` here, its ``Slot`` (where its schedule and claims are stored) and its words:

* ``waits_when_late``: a message later than the grace window is not recorded as missed but
  left to its next time (the review);
* ``wanted``: whether the user wants it at all (its setting), besides being set up, not
  paused and not blocked;
* ``next_after``: its next due time after an instant (``not_before`` a local date);
* ``period``: the period a due local date belongs to (the key of "at most once");
  ``due_period`` may also say None: nothing is due this time (a kind looked at weekly but
  claimed once per longer period, the 13-week review), and the schedule just moves on;
* ``before_claim``: the status to claim with ("claimed" to send; e.g. "skipped_logged");
* ``build`` and ``send``: what to say (None: nothing to say this time, recorded as
  "nothing") and how to deliver it (``sender_method`` names the sender's method, checked when
  the dispatcher is made); ``delivered``: what to note once it reached the user;
  ``settled``: what to do once a claimed period is settled whatever its outcome (sent,
  missed, refused…; not when released for a retry).

``KINDS`` lists them all; ``Accounts.reschedule``, the lazy back-fill and the dispatcher
iterate over it. A new kind is a ``Kind`` subclass here, a ``Slot`` in ``storage.scheduled``
(with a migration: two ``users`` columns and a claims table unique per user and period), a
sender method and its words; claiming, grace, retries, releases, "blocked", "unknown" and
the report come with the mechanism.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import TYPE_CHECKING, Any, ClassVar

from bot.core import chart
from bot.core.schedule import (
    Occurrence,
    digest_week,
    next_occurrence,
    next_weekly_occurrence,
    week_start,
)
from storage import entries, scheduled
from storage.db import Database
from storage.models import Prompt, User
from storage.scheduled import Slot

if TYPE_CHECKING:
    from bot.core.digest import Digests
    from bot.core.memories import Memories
    from bot.core.review import Reviews


@dataclass
class Context:
    """What the policies build their messages from (one per dispatcher)."""

    db: Database
    digests: Digests | None = None
    memories: Memories | None = None
    reviews: Reviews | None = None


def clock_time(hhmm: str) -> time:
    hour, minute = (int(p) for p in hhmm.split(":"))
    return time(hour, minute)


class Kind:
    name: ClassVar[str]
    slot: ClassVar[Slot]
    sender_method: ClassVar[str]
    report_prefix: ClassVar[str] = ""    # DispatchReport keys: "" + "sent", "digest_sent", …
    closes_with_day: ClassVar[bool] = False  # missed once its local day is over, even in grace
    waits_when_late: ClassVar[bool] = False  # past grace: not missed, looked at next time

    def wanted(self, user: User) -> bool:
        return True

    def receives(self, user: User) -> bool:
        """Whether the user gets this kind now (set up, not paused or blocked, wanted)."""
        return user.onboarded and not user.paused and not user.blocked and self.wanted(user)

    def next_after(self, user: User, zone: tzinfo, after: datetime,
                   not_before: date | None = None) -> Occurrence:
        raise NotImplementedError

    def period(self, user: User, due_date: date) -> date:
        return due_date

    async def due_period(self, ctx: Context, user: User, due_date: date) -> date | None:
        """The period of the message due on ``due_date``; None: nothing is due this time
        (no claim is recorded, the schedule moves on)."""
        return self.period(user, due_date)

    async def before_claim(self, ctx: Context, user: User, due_date: date) -> str:
        return "claimed"

    async def build(self, ctx: Context, user: User, row: Mapping[str, Any]) -> Any:
        """The message's content from the claimed row; None: nothing to send this time."""
        raise NotImplementedError

    async def send(self, sender: Any, user: User, content: Any) -> int:
        method = getattr(sender, self.sender_method)
        return int(await method(user, content))

    async def delivered(self, ctx: Context, user: User, content: Any) -> None:
        """After a send that reached the user (e.g. note what was shown)."""

    async def settled(self, ctx: Context, user: User, row: Mapping[str, Any],
                      outcome: str) -> None:
        """After a claimed period is settled, whatever the outcome (not after a release)."""

    async def prepare(self, ctx: Context, user: User, due_date: date) -> None:
        """Before the message is due: do ahead what would otherwise make it wait."""


class DailyQuestion(Kind):
    """"Whose problem did you solve today?", at the user's time on the weekdays of their
    cadence (``bot.core.cadence``; every day by default); at most one per local date, and
    none once that day is over or (if the user asked so) already written."""

    name = "checkin"
    slot = scheduled.CHECKIN
    sender_method = "send_prompt"
    closes_with_day = True

    def next_after(self, user: User, zone: tzinfo, after: datetime,
                   not_before: date | None = None) -> Occurrence:
        return next_occurrence(clock_time(user.checkin_time), zone, after,
                               not_before=not_before, days=user.checkin_days)

    async def before_claim(self, ctx: Context, user: User, due_date: date) -> str:
        if user.skip_if_logged and await entries.has_checked_in(ctx.db, user.user_id,
                                                                due_date.isoformat()):
            return "skipped_logged"
        return "claimed"

    async def build(self, ctx: Context, user: User, row: Mapping[str, Any]) -> Prompt:
        return Prompt.from_row(row)


class WeeklyDigest(Kind):
    """The weekly digest, on the user's day and time; at most one per week it covers."""

    name = "digest"
    slot = scheduled.DIGEST
    sender_method = "send_digest"
    report_prefix = "digest_"

    def wanted(self, user: User) -> bool:
        return user.digest_enabled

    def next_after(self, user: User, zone: tzinfo, after: datetime,
                   not_before: date | None = None) -> Occurrence:
        return next_weekly_occurrence(user.digest_weekday, clock_time(user.digest_time),
                                      zone, after, not_before=not_before)

    def period(self, user: User, due_date: date) -> date:
        return digest_week(due_date, user.week_start_day)

    async def build(self, ctx: Context, user: User, row: Mapping[str, Any]) -> Any:
        assert ctx.digests is not None
        summary = await ctx.digests.summary(user, date.fromisoformat(row["week_start"]))
        if ctx.memories is not None and user.resurface_enabled:
            summary.a_while_ago = await ctx.memories.choose(user)
        summary.quiet = await ctx.digests.quiet(user, summary.week_start)
        return summary

    async def delivered(self, ctx: Context, user: User, content: Any) -> None:
        if ctx.memories is not None and content.a_while_ago is not None:
            await ctx.memories.shown(user, content.a_while_ago, "digest")
        if content.quiet is not None:
            assert ctx.digests is not None
            await ctx.digests.quiet_shown(user, content.week_start, content.quiet)

    async def prepare(self, ctx: Context, user: User, due_date: date) -> None:
        """Render the chart ahead: sending a digest then waits for no rendering (if the
        week's numbers change meanwhile, the new chart is rendered at sending time)."""
        assert ctx.digests is not None
        summary = await ctx.digests.summary(user, self.period(user, due_date))
        if summary.show_chart:
            await chart.prepare(summary.chart, user.language)


class ThanksBack(Kind):
    """One saved thank-you from at least four weeks ago, brought back once a local week:
    mid-way between two digests (three days after the digest's weekday), beside that day's
    daily question (at its time). Nothing is sent in a week with nothing old enough."""

    name = "thanks_back"
    slot = scheduled.RESURFACE
    sender_method = "send_thanks_back"
    report_prefix = "thanks_back_"
    DAYS_AFTER_DIGEST: ClassVar[int] = 3

    def wanted(self, user: User) -> bool:
        return user.resurface_enabled

    def weekday(self, user: User) -> int:
        return (user.digest_weekday + self.DAYS_AFTER_DIGEST) % 7

    def next_after(self, user: User, zone: tzinfo, after: datetime,
                   not_before: date | None = None) -> Occurrence:
        return next_weekly_occurrence(self.weekday(user), clock_time(user.checkin_time),
                                      zone, after, not_before=not_before)

    def period(self, user: User, due_date: date) -> date:
        return week_start(due_date, user.week_start_day)

    async def build(self, ctx: Context, user: User, row: Mapping[str, Any]) -> Any:
        assert ctx.memories is not None
        return await ctx.memories.choose(user)

    async def delivered(self, ctx: Context, user: User, content: Any) -> None:
        assert ctx.memories is not None
        await ctx.memories.shown(user, content, "weekly")


class ThirteenWeekReview(Kind):
    """The 13-week review: looked at once a week at the digest's day and time (also when the
    digest is off), due when the week that day's digest covers is the current cycle's 13th
    active week (or later, after a pause); claimed once per cycle (its first day is the
    period), after which a new cycle starts (``bot.core.practice``). After the digest when
    both are due at once: it comes later in ``KINDS``, and the dispatcher's lane sends one
    kind's due messages before the next kind's."""

    name = "review"
    slot = scheduled.REVIEW
    sender_method = "send_review"
    report_prefix = "review_"
    # once in 13 weeks, still worth having a week late: a look missed while the bot was down
    # is simply the next week's (at the digest's time, within grace), never a lost review
    waits_when_late = True

    def next_after(self, user: User, zone: tzinfo, after: datetime,
                   not_before: date | None = None) -> Occurrence:
        return next_weekly_occurrence(user.digest_weekday, clock_time(user.digest_time),
                                      zone, after, not_before=not_before)

    def through(self, user: User, due_date: date) -> date:
        """The last week (its first day) a review due on ``due_date`` can cover: the week
        the digest of that day covers."""
        return digest_week(due_date, user.week_start_day)

    async def due_period(self, ctx: Context, user: User, due_date: date) -> date | None:
        assert ctx.reviews is not None
        return await ctx.reviews.due(user, self.through(user, due_date))

    async def build(self, ctx: Context, user: User, row: Mapping[str, Any]) -> Any:
        assert ctx.reviews is not None
        return await ctx.reviews.build(user, date.fromisoformat(row["cycle_start"]),
                                       self.through(user, date.fromisoformat(row["local_date"])))

    async def settled(self, ctx: Context, user: User, row: Mapping[str, Any],
                      outcome: str) -> None:
        assert ctx.reviews is not None
        await ctx.reviews.practice.move_on(user, date.fromisoformat(row["cycle_start"]),
                                           date.fromisoformat(row["local_date"]))

    async def prepare(self, ctx: Context, user: User, due_date: date) -> None:
        """Render the review's chart ahead, like the digest's."""
        assert ctx.reviews is not None
        start = await ctx.reviews.due(user, self.through(user, due_date))
        if start is not None:
            review = await ctx.reviews.build(user, start, self.through(user, due_date))
            if review is not None:
                await chart.prepare(review.bars, user.language, chart.REVIEW_TITLE)


DAILY_QUESTION = DailyQuestion()
WEEKLY_DIGEST = WeeklyDigest()
THANKS_BACK = ThanksBack()
REVIEW = ThirteenWeekReview()
# The order matters: within a dispatcher lane each kind's due messages go out before the
# next kind's (the digest before the 13-week review due at the same minute).
KINDS: tuple[Kind, ...] = (DAILY_QUESTION, WEEKLY_DIGEST, THANKS_BACK, REVIEW)
