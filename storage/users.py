"""SQL for the users table. Every function is scoped to one user, except the due-scan."""

from __future__ import annotations

from typing import Any

from storage.db import Database
from storage.models import User

_SETTABLE = {
    "chat_id", "language", "timezone", "checkin_time", "persona", "onboarded", "paused",
    "blocked", "skip_if_logged", "next_checkin_utc", "next_checkin_date", "snooze_until_utc",
    "snooze_date", "awaiting", "digest_enabled", "digest_weekday", "digest_time",
    "week_start_day", "next_digest_utc", "next_digest_date", "focus_who", "focus_problem",
    "resurface_enabled", "next_resurface_utc", "next_resurface_date", "vary_questions",
    "next_review_utc", "next_review_date", "cycle_start",
    "checkin_days",
}


async def get(db: Database, user_id: int) -> User | None:
    row = await db.fetchone("SELECT * FROM users WHERE user_id = ?", (user_id,))
    return User.from_row(row) if row else None


async def create(db: Database, user_id: int, chat_id: int, language: str, timezone: str,
                 now: int) -> User:
    await db.execute(
        "INSERT INTO users (user_id, chat_id, language, timezone, created_utc, updated_utc)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING",
        (user_id, chat_id, language, timezone, now, now),
    )
    user = await get(db, user_id)
    assert user is not None
    return user


async def update(db: Database, user_id: int, now: int, **fields: Any) -> User:
    unknown = set(fields) - _SETTABLE
    if unknown:
        raise ValueError(f"not settable: {sorted(unknown)}")
    assignments = ", ".join(f"{name} = ?" for name in fields)
    params = [int(v) if isinstance(v, bool) else v for v in fields.values()]
    await db.execute(
        f"UPDATE users SET {assignments}, updated_utc = ? WHERE user_id = ?",
        (*params, now, user_id),
    )
    user = await get(db, user_id)
    assert user is not None
    return user


async def due_snoozes(db: Database, now: int, limit: int) -> list[User]:
    rows = await db.fetchall(
        "SELECT * FROM users WHERE snooze_until_utc IS NOT NULL AND snooze_until_utc <= ?"
        " AND paused = 0 AND blocked = 0 ORDER BY snooze_until_utc LIMIT ?",
        (now, limit),
    )
    return [User.from_row(r) for r in rows]


async def count(db: Database) -> int:
    row = await db.fetchrow("SELECT COUNT(*) FROM users")
    return int(row[0])
