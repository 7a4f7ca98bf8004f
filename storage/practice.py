"""SQL for the 13 weeks (``bot.core.practice``): the local dates a user was active on, the
current cycle's start, and whether a cycle's review was claimed. Every query is scoped to
one user; grouping dates into the user's weeks happens in Python."""

from __future__ import annotations

from storage.db import Database


async def active_dates(db: Database, user_id: int, since: str | None = None,
                       before: str | None = None) -> list[str]:
    """The local dates (ISO, ascending) with an entry (a solved problem or "nothing today")
    or a kept thank-you, from ``since`` on and before ``before`` (None: no bound)."""
    bounds = "".join(part for part, value in ((" AND local_date >= ?", since),
                                              (" AND local_date < ?", before)) if value)
    values = tuple(v for v in (since, before) if v)
    rows = await db.fetchall(
        "SELECT local_date FROM entries WHERE user_id = ? AND status IN ('done', 'nothing')"
        f"{bounds} UNION SELECT local_date FROM thanks WHERE user_id = ? AND status = 'kept'"
        f"{bounds} ORDER BY 1", (user_id, *values, user_id, *values))
    return [r[0] for r in rows]


async def set_cycle_start(db: Database, user_id: int, start: str, was: str | None,
                          now: int) -> bool:
    """Move the user's cycle start to ``start`` if it is still ``was`` (None: not set yet),
    so two passes never move it twice. True when it moved."""
    condition = "cycle_start IS NULL" if was is None else "cycle_start = ?"
    params: tuple = (start, now, user_id) + (() if was is None else (was,))
    result = await db.execute(
        f"UPDATE users SET cycle_start = ?, updated_utc = ? WHERE user_id = ? AND {condition}",
        params)
    return result.rowcount == 1


async def cycle_start(db: Database, user_id: int) -> str | None:
    row = await db.fetchone("SELECT cycle_start FROM users WHERE user_id = ?", (user_id,))
    return row[0] if row else None


async def review_of(db: Database, user_id: int, cycle_start: str) -> str | None:
    """The local date the review of the cycle starting on ``cycle_start`` was due, if one
    was claimed (sent or not); None if none."""
    row = await db.fetchone("SELECT local_date FROM reviews WHERE user_id = ?"
                            " AND cycle_start = ?", (user_id, cycle_start))
    return row[0] if row else None
