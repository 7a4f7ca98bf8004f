"""SQL for messages scheduled per user (the daily question, the weekly digest, a thank-you
brought back, the 13-week review): the due scan, the claim, its release, and what became of
each one.

Every kind keeps the same two things, named by its ``Slot``: when its next one is due (two
columns of ``users``: epoch seconds and the local date it belongs to) and one row per claimed
period in its table, unique per user and period (a local date, a week's first day, or a
13-week cycle's first day). The statements are the same for every kind; the names in them are
this module's constants, never input. Portable SQL: ``ON CONFLICT DO NOTHING`` and
``RETURNING``, integer epochs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from storage.db import Database
from storage.models import User


@dataclass(frozen=True)
class Slot:
    """Where one kind of scheduled message lives in the database."""

    next_utc: str                 # users: when the next one is due (NULL: none scheduled)
    next_date: str                # users: the local date that one belongs to
    table: str                    # one row per claimed period
    id_column: str
    period_column: str            # the period key: local_date (daily) or week_start (weekly)
    enabled: str = ""             # a users condition besides "not paused, not blocked"
    fixed: tuple[tuple[str, str], ...] = ()  # constant columns of a claimed row (kind)
    backfill: bool = False        # users from before the kind existed get a schedule lazily

    @property
    def active(self) -> str:
        """The users who receive this kind (the partial index's condition)."""
        return " AND ".join(c for c in (self.enabled, "paused = 0 AND blocked = 0") if c)


CHECKIN = Slot("next_checkin_utc", "next_checkin_date", "prompts", "prompt_id", "local_date",
               fixed=(("kind", "checkin"),))
DIGEST = Slot("next_digest_utc", "next_digest_date", "digests", "digest_id", "week_start",
              enabled="digest_enabled = 1", backfill=True)
RESURFACE = Slot("next_resurface_utc", "next_resurface_date", "resurfacings", "resurfacing_id",
                 "week_start", enabled="resurface_enabled = 1", backfill=True)
# looked at weekly (the digest's day and time, whether or not the digest is on), claimed once
# per 13-week cycle: the period is the cycle's first day
REVIEW = Slot("next_review_utc", "next_review_date", "reviews", "review_id", "cycle_start",
              backfill=True)
SLOTS = (CHECKIN, DIGEST, RESURFACE, REVIEW)


async def due(db: Database, slot: Slot, now: int, limit: int) -> list[User]:
    """Users whose next message of this kind is due, most overdue first."""
    rows = await db.fetchall(
        f"SELECT * FROM users WHERE {slot.next_utc} <= ? AND {slot.active}"
        f" ORDER BY {slot.next_utc} LIMIT ?", (now, limit))
    return [User.from_row(r) for r in rows]


async def claim(db: Database, slot: Slot, user_id: int, *, due_utc: int, period: str,
                local_date: str, next_utc: int, next_date: str, status: str,
                now: int) -> Mapping[str, Any] | None:
    """Advance the user's schedule past ``due_utc`` and record the claim for ``period``, in
    one transaction. The claimed row, or None when another pass advanced this user already
    or that period's row exists (the unique index: at most one per user and period, whatever
    happens to the process)."""
    columns = ["user_id", *(name for name, _ in slot.fixed), slot.period_column]
    values: list[Any] = [user_id, *(value for _, value in slot.fixed), period]
    if slot.period_column != "local_date":
        columns.append("local_date")
        values.append(local_date)
    columns += ["due_utc", "claimed_utc", "status"]
    values += [due_utc, now, status]
    async with db.transaction() as tx:
        result = await tx.execute(
            f"UPDATE users SET {slot.next_utc} = ?, {slot.next_date} = ?, updated_utc = ?"
            f" WHERE user_id = ? AND {slot.next_utc} = ?",
            (next_utc, next_date, now, user_id, due_utc))
        if result.rowcount != 1:
            return None
        row = await tx.fetchone(
            f"INSERT INTO {slot.table} ({', '.join(columns)})"
            f" VALUES ({', '.join('?' * len(values))}) ON CONFLICT DO NOTHING RETURNING *",
            values)
    return None if row is None else {k: row[k] for k in row.keys()}


async def release(db: Database, slot: Slot, user_id: int, row_id: int, due_utc: int,
                  local_date: str) -> bool:
    """Undo a claim whose message could not be sent (Telegram unreachable): the row goes and
    the schedule points at it again, so a later pass within grace retries. Nothing changes
    when the row is no longer this claim's (a sender that took over released it already and
    owns the schedule now): False."""
    async with db.transaction() as tx:
        gone = await tx.fetchone(
            f"DELETE FROM {slot.table} WHERE {slot.id_column} = ?"
            " AND user_id = ? AND status IN ('claimed', 'sending')"
            f" RETURNING {slot.id_column}", (row_id, user_id))
        if gone is None:
            return False
        await tx.execute(
            f"UPDATE users SET {slot.next_utc} = ?, {slot.next_date} = ? WHERE user_id = ?",
            (due_utc, local_date, user_id))
    return True


async def recover(db: Database, slot: Slot) -> tuple[int, int]:
    """After the sender before died (or lost the sender's lock): its claims that never left
    are released (the schedule points at them again), those recorded ``sending`` become
    ``unknown``. One statement takes each: a claim the old sender records ``sending`` at the
    same moment is either released (and its ``mark_sending`` then fails, so it never leaves)
    or left to it. (released, unknown)."""
    fixed = "".join(f" AND {name} = '{value}'" for name, value in slot.fixed)
    async with db.transaction() as tx:
        rows = await tx.fetchall(
            f"DELETE FROM {slot.table} WHERE status = 'claimed'{fixed}"
            " RETURNING user_id, due_utc, local_date")
        for row in rows:
            await tx.execute(
                f"UPDATE users SET {slot.next_utc} = ?, {slot.next_date} = ? WHERE user_id = ?",
                (int(row[1]), str(row[2]), int(row[0])))
        result = await tx.execute(
            f"UPDATE {slot.table} SET status = 'unknown' WHERE status = 'sending'{fixed}")
    return len(rows), result.rowcount


async def mark_sending(db: Database, slot: Slot, user_id: int, row_id: int) -> bool:
    """Record that the claimed message is leaving for Telegram, just before it does. False
    when the claim is no longer there (another sender took over and released it): then it
    must not leave."""
    result = await db.execute(
        f"UPDATE {slot.table} SET status = 'sending' WHERE {slot.id_column} = ?"
        " AND user_id = ? AND status = 'claimed'", (row_id, user_id))
    return result.rowcount == 1


async def mark(db: Database, slot: Slot, user_id: int, row_id: int, status: str, *,
               sent_utc: int | None = None, message_id: int | None = None) -> None:
    await db.execute(
        f"UPDATE {slot.table} SET status = ?, sent_utc = COALESCE(?, sent_utc),"
        f" message_id = COALESCE(?, message_id) WHERE {slot.id_column} = ? AND user_id = ?",
        (status, sent_utc, message_id, row_id, user_id))


async def unscheduled(db: Database, slot: Slot, limit: int) -> list[User]:
    """Set-up users who should receive this kind but have no next time (from before it
    existed)."""
    rows = await db.fetchall(
        f"SELECT * FROM users WHERE {slot.next_utc} IS NULL AND {slot.active}"
        " AND onboarded = 1 LIMIT ?", (limit,))
    return [User.from_row(r) for r in rows]


async def set_schedules(db: Database, slot: Slot,
                        schedules: list[tuple[int, int | None, str | None]], now: int) -> None:
    """(user_id, next_utc, next_date) for many users at once."""
    await db.executemany(
        f"UPDATE users SET {slot.next_utc} = ?, {slot.next_date} = ?, updated_utc = ?"
        " WHERE user_id = ?", [(utc, day, now, uid) for uid, utc, day in schedules])


async def advance(db: Database, slot: Slot, user_id: int, *, due_utc: int, next_utc: int,
                  next_date: str, now: int) -> bool:
    """Move the user's schedule past ``due_utc`` without claiming anything (nothing was due
    this time); False when another pass moved it already."""
    result = await db.execute(
        f"UPDATE users SET {slot.next_utc} = ?, {slot.next_date} = ?, updated_utc = ?"
        f" WHERE user_id = ? AND {slot.next_utc} = ?",
        (next_utc, next_date, now, user_id, due_utc))
    return result.rowcount == 1
