"""Thank-yous that come back: a saved thank-you from at least four weeks ago, shown again
with who sent it, their words and the problem it thanked for.

Three places show one: the weekly message (``bot.core.scheduled.ThanksBack``), the weekly
digest's "a while ago" line, and /smile at any time. One rule chooses for all of them
(``choose``): among the kept thank-yous saved at least ``MIN_AGE_DAYS`` local days ago, never
the one shown last, preferring those not shown for ``RECENT_DAYS``; each equally likely,
however short or long (a small thanks counts as much as a big one). Ages are counted in the
user's local days, so a week with a daylight-saving change is a week like any other.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.accounts import Accounts, AccountsService
from bot.core.parsing import zone_for_key
from bot.core.schedule import from_epoch, local_date_of
from storage import entries, thanks
from storage.models import Thanks, User

MIN_AGE_DAYS = 28     # "at least four weeks ago"
RECENT_DAYS = 56      # shown in the last eight weeks: only if nothing else is left


@dataclass(frozen=True)
class Candidate:
    thanks_id: int
    saved_on: date            # the user's local date it was saved
    last_shown: date | None   # the user's local date it was last shown again, if ever


def oldest_saved_date(today: date) -> date:
    """The latest local save date old enough to come back on local date ``today``."""
    return today - timedelta(days=MIN_AGE_DAYS)


def choose(candidates: Sequence[Candidate], today: date, avoid: int | None,
           rng: random.Random) -> int | None:
    """The thank-you to bring back on local date ``today``, or None when none is old enough
    (or the only one is ``avoid``, the one shown last). Equally likely among those not shown
    in the last ``RECENT_DAYS``; if every one was, the one shown longest ago."""
    old = [c for c in candidates
           if c.saved_on <= oldest_saved_date(today) and c.thanks_id != avoid]
    if not old:
        return None
    recent = today - timedelta(days=RECENT_DAYS)
    fresh = [c for c in old if c.last_shown is None or c.last_shown <= recent]
    if fresh:
        return rng.choice(sorted(fresh, key=lambda c: c.thanks_id)).thanks_id
    longest_ago = min(c.last_shown or date.min for c in old)
    return rng.choice(sorted((c for c in old if c.last_shown == longest_ago),
                             key=lambda c: c.thanks_id)).thanks_id


@dataclass(frozen=True)
class Age:
    """How long ago, in the unit people would say: weeks up to 8, then months, then years."""

    unit: str    # "weeks" | "months" | "years"
    count: int

    @classmethod
    def between(cls, then: date, today: date) -> Age:
        days = (today - then).days
        if days < 63:
            return cls("weeks", max(days // 7, 0))
        if days < 365:
            return cls("months", days // 30)
        return cls("years", days // 365)


@dataclass(frozen=True)
class Memory:
    """A thank-you brought back: the record, when it was said (the user's local date), the
    problem it thanked for (if tied to one), how long ago that is, and its first photo (a
    screenshot: the words are in the picture), to show again."""

    thanks: Thanks
    said_on: date
    problem: str | None
    age: Age
    photo: str | None = None


@dataclass(frozen=True)
class NothingYet:
    """Why /smile has nothing to show: no thank-you at all (``first_on`` None), none old
    enough yet (the first comes back on ``first_on``), or only the one just shown."""

    first_on: date | None = None
    only_one: bool = False


class Memories(AccountsService):
    def __init__(self, accounts: Accounts, rng: random.Random | None = None) -> None:
        super().__init__(accounts)
        self.rng = rng or random.Random()

    async def _candidates(self, user: User, today: date) -> list[Candidate]:
        zone = zone_for_key(user.timezone)
        rows = await thanks.comeback_candidates(self.db, user.user_id,
                                                oldest_saved_date(today).isoformat())
        return [Candidate(thanks_id, date.fromisoformat(saved),
                          None if shown is None else local_date_of(from_epoch(shown), zone))
                for thanks_id, saved, shown in rows]

    async def choose(self, user: User) -> Memory | None:
        """One thank-you to bring back now (nothing is recorded until it is shown)."""
        today = self.accounts.today(user)
        chosen = choose(await self._candidates(user, today), today,
                        await thanks.last_shown(self.db, user.user_id), self.rng)
        return None if chosen is None else await self._memory(user, chosen, today)

    async def shown(self, user: User, memory: Memory, via: str) -> None:
        await thanks.record_shown(self.db, user.user_id, memory.thanks.thanks_id, via,
                                  self._now())

    async def smile(self, user: User) -> Memory | NothingYet:
        """/smile: one at random, never the one shown last; or why there is none."""
        memory = await self.choose(user)
        if memory is not None:
            await self.shown(user, memory, "smile")
            return memory
        first = await thanks.first_kept_date(self.db, user.user_id)
        if first is None:
            return NothingYet()
        first_on = date.fromisoformat(first) + timedelta(days=MIN_AGE_DAYS)
        if first_on <= self.accounts.today(user):
            return NothingYet(only_one=True)
        return NothingYet(first_on=first_on)

    async def _memory(self, user: User, thanks_id: int, today: date) -> Memory | None:
        record = await thanks.get(self.db, user.user_id, thanks_id)
        if record is None:
            return None
        said_on = date.fromisoformat(record.local_date)
        if record.original_utc is not None:  # a forward: when it was first sent
            said_on = min(said_on, local_date_of(from_epoch(record.original_utc),
                                                 zone_for_key(user.timezone)))
        problem = None
        if record.entry_id is not None:
            entry = await entries.get(self.db, user.user_id, record.entry_id)
            if entry is not None and entry.problem:
                problem = entry.problem
        photo = (await thanks.first_photo(self.db, user.user_id, thanks_id)
                 if record.kind == "photo" else None)
        return Memory(record, said_on, problem, Age.between(said_on, today), photo)
