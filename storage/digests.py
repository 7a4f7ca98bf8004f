"""SQL for the weekly digest: the schedule claim, the week's records, and intentions."""

from __future__ import annotations

from storage import dialect
from storage.db import Database
from storage.models import Digest, Entry, Thanks, User


async def due(db: Database, now: int, limit: int) -> list[User]:
    rows = await db.fetchall(
        "SELECT * FROM users WHERE next_digest_utc <= ? AND digest_enabled = 1 AND paused = 0"
        " AND blocked = 0 ORDER BY next_digest_utc LIMIT ?", (now, limit))
    return [User.from_row(r) for r in rows]


async def claim(db: Database, user_id: int, due_utc: int, local_date: str, week_start: str,
                next_utc: int, next_date: str, status: str, now: int) -> Digest | None:
    """Advance the user's digest schedule and record the digest for ``week_start`` in one
    transaction. None when another pass advanced this user already, or that week's digest
    exists (the unique index: never twice for one week, whatever happens to the process)."""
    async with db.transaction() as tx:
        result = await tx.execute(
            "UPDATE users SET next_digest_utc = ?, next_digest_date = ?, updated_utc = ?"
            " WHERE user_id = ? AND next_digest_utc = ?",
            (next_utc, next_date, now, user_id, due_utc))
        if result.rowcount != 1:
            return None
        inserted = await tx.fetchone(
            "INSERT INTO digests (user_id, week_start, local_date, due_utc, claimed_utc,"
            " status) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING digest_id",
            (user_id, week_start, local_date, due_utc, now, status))
        if inserted is None:
            return None
        digest_id = inserted[0]
    row = await db.fetchone("SELECT * FROM digests WHERE digest_id = ?", (digest_id,))
    return Digest.from_row(row)


async def mark(db: Database, user_id: int, digest_id: int, status: str,
               sent_utc: int | None = None, message_id: int | None = None) -> None:
    await db.execute(
        "UPDATE digests SET status = ?, sent_utc = COALESCE(?, sent_utc),"
        " message_id = COALESCE(?, message_id) WHERE digest_id = ? AND user_id = ?",
        (status, sent_utc, message_id, digest_id, user_id))


async def release(db: Database, user_id: int, digest_id: int, due_utc: int,
                  local_date: str) -> None:
    """Undo a claim whose digest could not be sent (Telegram unreachable): the digest row
    goes and the schedule points at it again, so a later pass within grace retries."""
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM digests WHERE digest_id = ? AND user_id = ?",
                         (digest_id, user_id))
        await tx.execute(
            "UPDATE users SET next_digest_utc = ?, next_digest_date = ? WHERE user_id = ?",
            (due_utc, local_date, user_id))


async def for_user(db: Database, user_id: int) -> list[Digest]:
    rows = await db.fetchall("SELECT * FROM digests WHERE user_id = ? ORDER BY digest_id",
                             (user_id,))
    return [Digest.from_row(r) for r in rows]


# --- what a week holds -----------------------------------------------------------------

async def problems_between(db: Database, user_id: int, first: str, last: str) -> list[Entry]:
    """Solved problems with a local date in [first, last], newest first."""
    rows = await db.fetchall(
        "SELECT * FROM entries WHERE user_id = ? AND status = 'done'"
        " AND local_date BETWEEN ? AND ? ORDER BY local_date DESC, entry_id DESC",
        (user_id, first, last))
    return [Entry.from_row(r) for r in rows]


async def thanks_between(db: Database, user_id: int, first: str, last: str) -> list[Thanks]:
    rows = await db.fetchall(
        "SELECT * FROM thanks WHERE user_id = ? AND status = 'kept'"
        " AND local_date BETWEEN ? AND ? ORDER BY local_date DESC, thanks_id DESC",
        (user_id, first, last))
    return [Thanks.from_row(r) for r in rows]


async def daily_counts(db: Database, user_id: int, first: str,
                       last: str) -> tuple[dict[str, int], dict[str, int]]:
    """Per local date in [first, last]: solved problems, and kept thank-yous."""
    solved = await db.fetchall(
        "SELECT local_date, COUNT(*) FROM entries WHERE user_id = ? AND status = 'done'"
        " AND local_date BETWEEN ? AND ? GROUP BY local_date", (user_id, first, last))
    thanked = await db.fetchall(
        "SELECT local_date, COUNT(*) FROM thanks WHERE user_id = ? AND status = 'kept'"
        " AND local_date BETWEEN ? AND ? GROUP BY local_date", (user_id, first, last))
    return {r[0]: r[1] for r in solved}, {r[0]: r[1] for r in thanked}


async def streak(db: Database, user_id: int, today: str, yesterday: str) -> int:
    """Consecutive local days with an entry (a solved problem or "nothing today") ending
    today, or yesterday while today has none yet. Numbered newest first from 0, a date is in
    the streak exactly when it lies that many days before the streak's first day."""
    days_before = dialect.sql(db, "days_before")
    row = await db.fetchrow(
        "WITH days AS (SELECT DISTINCT local_date FROM entries WHERE user_id = ?"
        "  AND status IN ('done', 'nothing') AND local_date <= ?),"
        " numbered AS (SELECT local_date,"
        "  ROW_NUMBER() OVER (ORDER BY local_date DESC) - 1 AS n FROM days)"
        f" SELECT COALESCE(SUM(CASE WHEN {days_before} = n THEN 1 ELSE 0 END), 0),"
        f"  COALESCE(SUM(CASE WHEN {days_before} = n THEN 1 ELSE 0 END), 0) FROM numbered",
        (user_id, today, today, yesterday))
    return max(int(row[0]), int(row[1]))


async def count_entry_days(db: Database, user_id: int, first: str, last: str) -> int:
    row = await db.fetchrow(
        "SELECT COUNT(DISTINCT local_date) FROM entries WHERE user_id = ?"
        " AND status IN ('done', 'nothing') AND local_date BETWEEN ? AND ?",
        (user_id, first, last))
    return int(row[0])


# --- intentions ------------------------------------------------------------------------

async def set_intention(db: Database, user_id: int, week_start: str, text: str,
                        now: int) -> None:
    await db.execute(
        "INSERT INTO intentions (user_id, week_start, text, created_utc) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (user_id, week_start) DO UPDATE SET text = excluded.text,"
        " created_utc = excluded.created_utc", (user_id, week_start, text, now))


async def intention(db: Database, user_id: int, week_start: str) -> str | None:
    row = await db.fetchone("SELECT text FROM intentions WHERE user_id = ? AND week_start = ?",
                            (user_id, week_start))
    return row[0] if row else None


async def unscheduled(db: Database, limit: int) -> list[User]:
    """Set-up users whose digest is on but has no next time (e.g. from before the digest
    existed)."""
    rows = await db.fetchall(
        "SELECT * FROM users WHERE onboarded = 1 AND digest_enabled = 1 AND paused = 0"
        " AND blocked = 0 AND next_digest_utc IS NULL LIMIT ?", (limit,))
    return [User.from_row(r) for r in rows]


async def set_schedules(db: Database, schedules: list[tuple[int, int | None, str | None]],
                        now: int) -> None:
    """(user_id, next_digest_utc, next_digest_date) for many users at once."""
    await db.executemany(
        "UPDATE users SET next_digest_utc = ?, next_digest_date = ?, updated_utc = ?"
        " WHERE user_id = ?", [(utc, day, now, uid) for uid, utc, day in schedules])
