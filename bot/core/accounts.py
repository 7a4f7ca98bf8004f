"""Users and their settings: registration, onboarding answers, schedule, pause, block."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TypedDict

from bot.core.awaiting import State
from bot.core.clock import Clock
from bot.core.parsing import language_for, zone_for_key
from bot.core.schedule import (
    local_date_of,
    local_now,
    next_occurrence,
    next_weekly_occurrence,
    to_epoch,
)
from storage import digests as digest_store
from storage import users
from storage.db import Database
from storage.models import User

DEFAULT_ZONE = {"ja": "Asia/Tokyo", "en": "UTC"}
PERSONAS = ("office", "parent", "student", "freelancer", "other")


def checkin_time_of(user: User) -> time:
    hour, minute = (int(p) for p in user.checkin_time.split(":"))
    return time(hour, minute)


class DigestSchedule(TypedDict):
    """When a user's next weekly digest is due (both None: none is scheduled)."""
    next_digest_utc: int | None
    next_digest_date: str | None

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
        user = await users.update(self.db, user.user_id, self._now(),
                                  checkin_time=f"{at.hour:02d}:{at.minute:02d}", onboarded=True)
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
        """Recompute the next daily question and weekly digest from now (None while not set
        up, paused or blocked; the digest also None while turned off)."""
        fields = self._digest_schedule(user)
        if not user.onboarded or user.paused or user.blocked:
            if user.next_checkin_utc is None and user.next_digest_utc is None:
                return user
            return await users.update(self.db, user.user_id, self._now(),
                                      next_checkin_utc=None, next_checkin_date=None, **fields)
        occurrence = next_occurrence(checkin_time_of(user), zone_for_key(user.timezone),
                                     self.clock.now())
        return await users.update(self.db, user.user_id, self._now(),
                                  next_checkin_utc=to_epoch(occurrence.utc),
                                  next_checkin_date=occurrence.local_date.isoformat(), **fields)

    def _digest_schedule(self, user: User) -> DigestSchedule:
        if not (user.onboarded and user.digest_enabled) or user.paused or user.blocked:
            return {"next_digest_utc": None, "next_digest_date": None}
        hour, minute = (int(p) for p in user.digest_time.split(":"))
        occurrence = next_weekly_occurrence(user.digest_weekday, time(hour, minute),
                                            zone_for_key(user.timezone), self.clock.now())
        return {"next_digest_utc": to_epoch(occurrence.utc),
                "next_digest_date": occurrence.local_date.isoformat()}

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

    async def schedule_digests(self, limit: int = 500) -> int:
        """Give up to ``limit`` set-up users without a digest time one (users from before
        migration 0004), in one transaction. Returns how many; called on every dispatcher
        tick, so start-up does not grow with the number of users."""
        batch = await digest_store.unscheduled(self.db, limit)
        if batch:
            schedules = [(u.user_id, self._digest_schedule(u)) for u in batch]
            await digest_store.set_schedules(self.db, [
                (user_id, s["next_digest_utc"], s["next_digest_date"]) for user_id, s in schedules],
                self._now())
        return len(batch)

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
