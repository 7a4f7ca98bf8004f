"""Users and their settings: registration, onboarding answers, schedule, pause, block."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from bot.core import cadence
from bot.core.awaiting import State
from bot.core.clock import Clock
from bot.core.parsing import language_for, zone_for_key
from bot.core.schedule import local_date_of, local_now, to_epoch, week_start
from bot.core.scheduled import KINDS, Kind
from storage import scheduled, users
from storage.db import Database
from storage.models import User

DEFAULT_ZONE = {"ja": "Asia/Tokyo", "en": "UTC"}
PERSONAS = ("office", "parent", "student", "freelancer", "other")


class Accounts:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def _now(self) -> int:
        return to_epoch(self.clock.now())

    def today(self, user: User) -> date:
        return local_date_of(self.clock.now(), zone_for_key(user.timezone))

    def local_now(self, user: User) -> datetime:
        return local_now(self.clock.now(), zone_for_key(user.timezone))

    async def get(self, user_id: int) -> User | None:
        return await users.get(self.db, user_id)

    async def register(self, user_id: int, chat_id: int,
                       language_code: str | None) -> tuple[User, bool]:
        """Create the user on first contact; on a later /start, only unblock them."""
        existing = await users.get(self.db, user_id)
        if existing is None:
            language = language_for(language_code)
            user = await users.create(self.db, user_id, chat_id, language,
                                      DEFAULT_ZONE[language], self._now())
            return user, True
        if existing.blocked or existing.chat_id != chat_id:
            existing = await users.update(self.db, user_id, self._now(), blocked=False,
                                          chat_id=chat_id)
            existing = await self.reschedule(existing)
        return existing, False

    async def set_awaiting(self, user: User, state: str | State | None) -> User:
        """Store what the bot now waits for (an ``Awaiting`` or a ``State``; see
        ``bot.core.awaiting``), or None."""
        awaiting = None if state is None else str(state)
        if user.awaiting == awaiting:
            return user
        return await users.update(self.db, user.user_id, self._now(), awaiting=awaiting)

    async def set_persona(self, user: User, persona: str) -> User:
        if persona not in PERSONAS:
            raise ValueError(persona)
        return await users.update(self.db, user.user_id, self._now(), persona=persona)

    async def set_language(self, user: User, language: str) -> User:
        if language not in ("ja", "en"):
            raise ValueError(language)
        return await users.update(self.db, user.user_id, self._now(), language=language)

    async def set_timezone(self, user: User, zone_key: str) -> User:
        zone_for_key(zone_key)  # validates
        user = await users.update(self.db, user.user_id, self._now(), timezone=zone_key)
        return await self.reschedule(user)

    async def set_checkin_time(self, user: User, at: time) -> User:
        """The daily question's time; the last step of setup, from which the 13 weeks are
        counted (``bot.core.practice``: their first week is this one)."""
        fields: dict[str, Any] = {}
        if user.cycle_start is None and not user.onboarded:  # (not a user from before 0011)
            fields["cycle_start"] = week_start(self.today(user), user.week_start_day).isoformat()
        user = await users.update(self.db, user.user_id, self._now(),
                                  checkin_time=f"{at.hour:02d}:{at.minute:02d}", onboarded=True,
                                  **fields)
        return await self.reschedule(user)

    async def set_checkin_days(self, user: User, days: int) -> User:
        """The daily question's cadence (``bot.core.cadence``): asked from now on only on
        these local weekdays. A "later" reminder of a question on a day left out goes too."""
        if not cadence.valid(days):
            raise ValueError(days)
        changes: dict[str, Any] = {"checkin_days": days}
        if (user.snooze_until_utc is not None and user.snooze_date
                and not cadence.asks_on(days, date.fromisoformat(user.snooze_date))):
            changes["snooze_until_utc"] = None
        user = await users.update(self.db, user.user_id, self._now(), **changes)
        return await self.reschedule(user)

    async def set_paused(self, user: User, paused: bool) -> User:
        user = await users.update(self.db, user.user_id, self._now(), paused=paused,
                                  snooze_until_utc=None)
        return await self.reschedule(user)

    async def toggle_skip_if_logged(self, user: User) -> User:
        return await users.update(self.db, user.user_id, self._now(),
                                  skip_if_logged=not user.skip_if_logged)

    async def mark_blocked(self, user_id: int) -> None:
        if await users.get(self.db, user_id) is not None:
            await users.update(self.db, user_id, self._now(), blocked=True,
                               snooze_until_utc=None)

    async def reschedule(self, user: User) -> User:
        """Recompute when each kind of scheduled message (the daily question, the weekly
        digest, …) is next due, from now: None for a kind the user does not receive (not
        set up, paused, blocked, or turned off)."""
        fields: dict[str, Any] = {}
        for kind in KINDS:
            fields |= self._schedule(user, kind)
        if all(getattr(user, name) == value for name, value in fields.items()):
            return user
        return await users.update(self.db, user.user_id, self._now(), **fields)

    def _schedule(self, user: User, kind: Kind) -> dict[str, Any]:
        """The kind's two schedule columns for ``user``, from now."""
        slot = kind.slot
        if not kind.receives(user):
            return {slot.next_utc: None, slot.next_date: None}
        occurrence = kind.next_after(user, zone_for_key(user.timezone), self.clock.now())
        return {slot.next_utc: to_epoch(occurrence.utc),
                slot.next_date: occurrence.local_date.isoformat()}

    async def set_digest(self, user: User, *, enabled: bool | None = None,
                         weekday: int | None = None, at: time | None = None) -> User:
        """Change the weekly digest's day, time or on/off, and reschedule it, at once."""
        changes: dict[str, object] = {}
        if enabled is not None:
            changes["digest_enabled"] = enabled
        if weekday is not None:
            if not 0 <= weekday <= 6:
                raise ValueError(weekday)
            changes["digest_weekday"] = weekday
        if at is not None:
            changes["digest_time"] = f"{at.hour:02d}:{at.minute:02d}"
        user = await users.update(self.db, user.user_id, self._now(), **changes)
        return await self.reschedule(user)

    async def schedule_missing(self, limit: int = 500) -> int:
        """Give up to ``limit`` set-up users without a time for a kind added after they
        joined (the digest for users from before migration 0004, …) one, in one
        transaction per kind. Returns the largest number scheduled for one kind; called on
        every dispatcher tick, so start-up does not grow with the number of users."""
        most = 0
        for kind in KINDS:
            if not kind.slot.backfill:
                continue
            batch = await scheduled.unscheduled(self.db, kind.slot, limit)
            if batch:
                schedules = [(u.user_id, self._schedule(u, kind)) for u in batch]
                await scheduled.set_schedules(self.db, kind.slot, [
                    (uid, s[kind.slot.next_utc], s[kind.slot.next_date])
                    for uid, s in schedules], self._now())
            most = max(most, len(batch))
        return most

    async def set_thanks_back(self, user: User, enabled: bool) -> User:
        """Turn thank-yous from a while ago (weekly, and in the digest) on or off."""
        user = await users.update(self.db, user.user_id, self._now(),
                                  resurface_enabled=enabled)
        return await self.reschedule(user)

    async def set_vary_questions(self, user: User, varied: bool) -> User:
        """The question after *how*: varied by persona and day, or always the same."""
        return await users.update(self.db, user.user_id, self._now(), vary_questions=varied)

    async def set_week_start(self, user: User, weekday: int) -> User:
        if not 0 <= weekday <= 6:
            raise ValueError(weekday)
        return await users.update(self.db, user.user_id, self._now(), week_start_day=weekday)

    async def set_focus(self, user: User, who: str | None, problem: str | None) -> User:
        return await users.update(self.db, user.user_id, self._now(), focus_who=who,
                                  focus_problem=problem)

    async def snooze(self, user: User, until: datetime, local_date: str) -> User:
        return await users.update(self.db, user.user_id, self._now(),
                                  snooze_until_utc=to_epoch(until), snooze_date=local_date)

    async def snooze_clear(self, user: User) -> User:
        return await users.update(self.db, user.user_id, self._now(), snooze_until_utc=None)


class AccountsService:
    """Base of the core services that act for one user at a time beside ``Accounts``: the
    same database and clock, now as epoch seconds, and the user's local date."""

    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts
        self.db = accounts.db
        self.clock = accounts.clock

    def _now(self) -> int:
        return to_epoch(self.clock.now())

    def today(self, user: User) -> str:
        """The user's local date, ISO formatted."""
        return self.accounts.today(user).isoformat()
