"""SQL for the weekly digest: the schedule claim, the week's records, and intentions."""

from __future__ import annotations

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


