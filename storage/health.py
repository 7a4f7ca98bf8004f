"""What the operator's endpoints read (``/readyz``, ``/metrics``): cheap, indexed, no user text."""

from __future__ import annotations

from storage.db import Database
from storage.scheduled import SLOTS


async def ping(db: Database) -> None:
    """Raises if the database cannot answer a query."""
    await db.fetchrow("SELECT 1")


async def oldest_due(db: Database, now: int) -> int | None:
    """The due instant (UTC epoch) of the most overdue scheduled message of any kind not yet
    claimed, or None when nothing is due."""
    parts = [f"(SELECT MIN({slot.next_utc}) FROM users WHERE {slot.next_utc} <= ?"
             f" AND {slot.active})" for slot in SLOTS]
    row = await db.fetchrow("SELECT " + ", ".join(parts), (now,) * len(SLOTS))
    due = [int(v) for v in row if v is not None]
    return min(due) if due else None


async def inbox_state(db: Database) -> tuple[int | None, int]:
    """When the oldest update not yet handled was received (UTC epoch, None: none), and how
    many updates are set aside."""
    row = await db.fetchrow(
        "SELECT (SELECT MIN(received_utc) FROM update_inbox WHERE state IN ('new', 'applied')),"
        "       (SELECT COUNT(*) FROM update_inbox WHERE state = 'failed')")
    return (int(row[0]) if row[0] is not None else None), int(row[1])
