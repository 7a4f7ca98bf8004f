"""SQL for the weekly digest: the schedule claim, the week's records, and intentions."""

from __future__ import annotations

from storage import dialect
from storage.db import Database
from storage.models import Entry, Thanks

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


