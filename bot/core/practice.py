"""The 13 weeks: where a user is in their practice, counted in *active weeks*.

The one home for the count that the weekly digest ("week 5 of 13"), /week and the 13-week
review share:

* an **active week** is one of the user's local weeks (from their ``week_start_day``, dates
  as they were in their zone) with at least one entry (a solved problem or "nothing today")
  or one kept thank-you; weeks without any are simply not counted, so a holiday never breaks
  the count, and a week with a time-zone or clock change counts like any other;
* every 13 active weeks make a **cycle**, counted from ``users.cycle_start`` (the first day
  of the cycle's first week). A week's number is its place among the active weeks of its
  cycle, 1 to 13; after the 13th the next active week is week 1 of the next cycle, whether
  or not the review has gone out yet;
* the **streak** is the number of active weeks in a row ending with the week shown (or the
  week before it, while the week shown is still open and has nothing yet);
* a new user's first cycle starts in the week they set up the bot; a user from before the
  13 weeks existed starts at their next 13-week boundary: their active weeks since setup,
  up to the week before the one in which the count is first needed, are cut into cycles of
  13, and the current cycle starts after the last full one (``first_start``). Never a review
  for a boundary passed before then.

The pure functions below work on sorted lists of active weeks (each week's first day);
``Practice`` loads them (``storage.practice``) and keeps ``cycle_start``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.accounts import AccountsService
from bot.core.parsing import zone_for_key
from bot.core.schedule import from_epoch, local_date_of, week_start
from storage import practice as store
from storage.models import User

CYCLE_WEEKS = 13
WEEK = timedelta(weeks=1)
STREAK_LOOK_BACK = 26  # weeks of dates read first; more only when a streak reaches that far


def active_weeks(days: Iterable[date], first_weekday: int) -> list[date]:
    """The first days of the weeks (from ``first_weekday``) holding any of ``days``, sorted
    (``schedule.week_start`` by ordinal arithmetic: five years of days in well under 1 ms)."""
    # date(1, 1, 1), ordinal 1, is a Monday: weekday = (ordinal - 1) % 7
    shift = 1 + first_weekday
    return [date.fromordinal(o) for o in
            sorted({o - (o - shift) % 7 for o in (d.toordinal() for d in days)})]


def first_start(active: Sequence[date], setup_week: date, current_week: date) -> date:
    """Where the current cycle starts for a user counted for the first time: their active
    weeks from ``setup_week`` up to (not including) ``current_week``, cut into cycles of 13;
    the current cycle starts the week after the last full one (``setup_week`` if none)."""
    done = [w for w in active if setup_week <= w < current_week]
    full = len(done) - len(done) % CYCLE_WEEKS
    return setup_week if full == 0 else done[full - 1] + WEEK


def run_ending(active: Sequence[date], week: date) -> int:
    """Active weeks in a row ending with ``week`` (0 if it is not active)."""
    i = bisect_right(active, week) - 1
    n = 0
    while i >= 0 and active[i] == week - n * WEEK:
        n += 1
        i -= 1
    return n


@dataclass(frozen=True)
class Standing:
    """Where one week stands in the user's 13 weeks."""

    week: date        # the week's first day
    number: int       # active weeks of its cycle up to and including it: 0 … 13
    counts: bool      # the week itself is active (then ``number`` is the week's own)
    streak: int       # active weeks in a row up to it

    @property
    def of(self) -> int:
        return CYCLE_WEEKS


def standing(active: Sequence[date], start: date, week: date, *, still_open: bool) -> Standing:
    """``week``'s place in its cycle, counting cycles of 13 active weeks from ``start``.
    ``still_open``: the week has not ended (a week with nothing yet keeps the streak of the
    weeks before it alive)."""
    seen = bisect_right(active, week) - bisect_left(active, start)
    counts = bisect_left(active, week) < len(active) and active[bisect_left(active, week)] == week
    if counts:
        number = (seen - 1) % CYCLE_WEEKS + 1
        streak = run_ending(active, week)
    else:
        number = max(seen, 0) % CYCLE_WEEKS
        streak = run_ending(active, week - WEEK) if still_open else 0
    return Standing(week, number, counts, streak)


def complete_cycle(active: Sequence[date], start: date, through: date) -> list[date] | None:
    """The 13 active weeks of the cycle starting on ``start`` when the 13th of them is
    ``through`` or earlier; None while the cycle is not complete."""
    weeks = [w for w in active[bisect_left(active, start):] if w <= through][:CYCLE_WEEKS]
    return weeks if len(weeks) == CYCLE_WEEKS else None


def next_start(cycle: Sequence[date]) -> date:
    """A new cycle starts in the week after its 13th active week."""
    return cycle[-1] + WEEK


class Practice(AccountsService):
    """The user's active weeks and cycle start, from the journal."""

    async def weeks(self, user: User, since: date | None = None,
                    before: date | None = None) -> list[date]:
        """The user's active weeks holding a date from ``since`` on, before ``before``."""
        dates = await store.active_dates(self.db, user.user_id,
                                         since.isoformat() if since else None,
                                         before.isoformat() if before else None)
        return active_weeks((date.fromisoformat(d) for d in dates), user.week_start_day)

    def setup_week(self, user: User) -> date:
        setup_day = local_date_of(from_epoch(user.created_utc), zone_for_key(user.timezone))
        return week_start(setup_day, user.week_start_day)

    async def start(self, user: User) -> date:
        """The first day of the user's current cycle (in their weeks as they are now set),
        counted and stored the first time it is needed."""
        if user.cycle_start is None:
            setup = self.setup_week(user)
            current = week_start(self.accounts.today(user), user.week_start_day)
            first = first_start(await self.weeks(user, setup), setup, current)
            if not await store.set_cycle_start(self.db, user.user_id, first.isoformat(), None,
                                               self._now()):
                stored = await store.cycle_start(self.db, user.user_id)  # another pass did
                first = date.fromisoformat(stored) if stored else first
            user.cycle_start = first.isoformat()
        return week_start(date.fromisoformat(user.cycle_start), user.week_start_day)

    async def standing(self, user: User, week: date) -> Standing:
        """Where ``week`` (its first day) stands: its number in the 13 weeks, the streak."""
        start = await self.start(user)
        since = min(start, week - STREAK_LOOK_BACK * WEEK)
        active = await self.weeks(user, since)
        still_open = week + timedelta(days=6) >= self.accounts.today(user)
        found = standing(active, start, week, still_open=still_open)
        last = found.week if found.counts else found.week - WEEK
        if found.streak and last - (found.streak - 1) * WEEK <= since:
            # the streak may go back further than what was read: read the rest
            older = await self.weeks(user, before=since)
            found = standing(older + active, start, week, still_open=still_open)
        return found

    async def due_cycle(self, user: User, through: date) -> list[date] | None:
        """The user's current cycle's 13 active weeks when its 13th is ``through`` (a week's
        first day) or earlier; None while it is not complete. A cycle whose review was
        claimed already (its start not moved on, say after a crash) is moved on first."""
        start = await self.start(user)
        for _ in range(100):  # bounded: each turn moves the start later
            reviewed = await store.review_of(self.db, user.user_id, start.isoformat())
            if reviewed is None:
                break
            start = await self.move_on(user, start, date.fromisoformat(reviewed))
        active = await self.weeks(user, start)
        return complete_cycle(active, start, through)

    async def move_on(self, user: User, start: date, reviewed_on: date) -> date:
        """After the review of the cycle starting on ``start`` (due on ``reviewed_on``): the
        next cycle starts the week after its 13th active week (or, should the journal no
        longer hold 13, the week after the review's)."""
        cycle = complete_cycle(await self.weeks(user, start), start, reviewed_on)
        following = (next_start(cycle) if cycle is not None
                     else week_start(reviewed_on, user.week_start_day) + WEEK)
        was = user.cycle_start
        if await store.set_cycle_start(self.db, user.user_id, following.isoformat(), was,
                                       self._now()):
            user.cycle_start = following.isoformat()
            return following
        stored = await store.cycle_start(self.db, user.user_id)  # moved by another pass
        user.cycle_start = stored
        return week_start(date.fromisoformat(stored), user.week_start_day) if stored else following
