"""SQL for /people: the names a user's journal holds, grouped as written, and the aliases
(merges) the user made. Every query is scoped to one user. Grouping names into people
(``bot.core.names.person_key``) happens in Python over these few rows per distinct name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.db import Database
from storage.models import Entry, Thanks


@dataclass(frozen=True)
class WhoGroup:
    """Solved problems written with one exact *who*."""
    who: str
    count: int
    last_date: str
    first_date: str
    last_id: int               # the newest entry with this who
    last_utc: int              # when the newest was written


@dataclass(frozen=True)
class ThanksGroup:
    """Kept thank-yous with one exact sender name and, when tied to a problem, that
    problem's exact *who* (either may be None)."""
    sender_name: str | None
    linked_who: str | None
    count: int
    last_date: str
    first_date: str
    last_id: int               # the newest thank-you of the group
    last_utc: int              # when the newest was received


@dataclass(frozen=True)
class Alias:
    alias_id: int
    alias_key: str
    target_key: str
    alias_name: str
    target_name: str


async def who_groups(db: Database, user_id: int) -> list[WhoGroup]:
    rows = await db.fetchall(
        "SELECT who, COUNT(*) AS n, MAX(local_date) AS last_date, MIN(local_date) AS first_date,"
        " MAX(entry_id) AS last_id, MAX(created_utc) AS last_utc FROM entries"
        " WHERE user_id = ? AND status = 'done' AND who IS NOT NULL GROUP BY who",
        (user_id,))
    return [WhoGroup(r["who"], int(r["n"]), r["last_date"], r["first_date"], int(r["last_id"]),
                     int(r["last_utc"])) for r in rows]


async def thanks_groups(db: Database, user_id: int) -> list[ThanksGroup]:
    rows = await db.fetchall(
        "SELECT t.sender_name, e.who, COUNT(*) AS n, MAX(t.local_date) AS last_date,"
        " MIN(t.local_date) AS first_date, MAX(t.thanks_id) AS last_id,"
        " MAX(t.received_utc) AS last_utc"
        " FROM thanks t LEFT JOIN entries e"
        "   ON e.entry_id = t.entry_id AND e.user_id = t.user_id AND e.status = 'done'"
        " WHERE t.user_id = ? AND t.status = 'kept'"
        "   AND (t.sender_name IS NOT NULL OR e.who IS NOT NULL)"
        " GROUP BY t.sender_name, e.who", (user_id,))
    return [ThanksGroup(r["sender_name"], r["who"], int(r["n"]), r["last_date"],
                        r["first_date"], int(r["last_id"]), int(r["last_utc"])) for r in rows]


async def aliases(db: Database, user_id: int) -> list[Alias]:
    rows = await db.fetchall(
        "SELECT alias_id, alias_key, target_key, alias_name, target_name FROM person_aliases"
        " WHERE user_id = ? ORDER BY alias_id", (user_id,))
    return [Alias(int(r["alias_id"]), r["alias_key"], r["target_key"], r["alias_name"],
                  r["target_name"]) for r in rows]


async def add_alias(db: Database, user_id: int, alias_key: str, target_key: str,
                    alias_name: str, target_name: str, now: int) -> int | None:
    """Point ``alias_key`` at ``target_key``; the new row's id, or None when that key is
    already an alias of someone."""
    async with db.transaction() as tx:
        row = await tx.fetchone(
            "INSERT INTO person_aliases (user_id, alias_key, target_key, alias_name,"
            " target_name, created_utc) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id, alias_key) DO NOTHING RETURNING alias_id",
            (user_id, alias_key, target_key, alias_name, target_name, now))
    return int(row[0]) if row is not None else None


async def remove_alias(db: Database, user_id: int, alias_id: int) -> Alias | None:
    """Undo one merge; the alias it removed, or None when it is not this user's (or gone)."""
    async with db.transaction() as tx:
        row = await tx.fetchone(
            "DELETE FROM person_aliases WHERE alias_id = ? AND user_id = ?"
            " RETURNING alias_id, alias_key, target_key, alias_name, target_name",
            (alias_id, user_id))
    return Alias(int(row[0]), row[1], row[2], row[3], row[4]) if row is not None else None


def _in(column: str, values: Sequence[object]) -> str:
    """``column IN (?, …)``; never an empty list (not valid SQL everywhere): a false test."""
    return f"{column} IN ({', '.join('?' * len(values))})" if values else "1 = 0"


async def problems_by_who(db: Database, user_id: int, whos: Sequence[str],
                          limit: int) -> list[Entry]:
    """The newest solved problems written with one of ``whos`` (exact), newest first."""
    if not whos:
        return []
    rows = await db.fetchall(
        f"SELECT * FROM entries WHERE user_id = ? AND status = 'done' AND {_in('who', whos)}"
        " ORDER BY local_date DESC, entry_id DESC LIMIT ?", (user_id, *whos, limit))
    return [Entry.from_row(r) for r in rows]


async def thanks_by(db: Database, user_id: int, senders: Sequence[str], whos: Sequence[str],
                    limit: int) -> list[Thanks]:
    """The newest kept thank-yous sent by one of ``senders`` that are not tied to a problem
    written with one of ``whos`` (those are shown under their problem), newest first."""
    if not senders:
        return []
    rows = await db.fetchall(
        "SELECT t.* FROM thanks t LEFT JOIN entries e"
        "   ON e.entry_id = t.entry_id AND e.user_id = t.user_id AND e.status = 'done'"
        f" WHERE t.user_id = ? AND t.status = 'kept' AND {_in('t.sender_name', senders)}"
        f"   AND (e.who IS NULL OR NOT {_in('e.who', whos)})"
        " ORDER BY t.local_date DESC, t.thanks_id DESC LIMIT ?",
        (user_id, *senders, *whos, limit))
    return [Thanks.from_row(r) for r in rows]


async def count_tied(db: Database, user_id: int, entry_ids: Sequence[int]) -> int:
    """How many kept thank-yous are tied to these problems."""
    if not entry_ids:
        return 0
    row = await db.fetchrow(
        "SELECT COUNT(*) FROM thanks WHERE user_id = ? AND status = 'kept'"
        f" AND {_in('entry_id', entry_ids)}", (user_id, *entry_ids))
    return int(row[0])


async def recent_problems(db: Database, user_id: int, limit: int,
                          exclude: Sequence[int] = ()) -> list[Entry]:
    """The newest solved problems (by id), leaving out ``exclude``."""
    rows = await db.fetchall(
        "SELECT * FROM entries WHERE user_id = ? AND status = 'done'"
        f" AND NOT {_in('entry_id', exclude)} ORDER BY entry_id DESC LIMIT ?",
        (user_id, *exclude, limit))
    return [Entry.from_row(r) for r in rows]


async def last_quiet(db: Database, user_id: int, before_week: str) -> str | None:
    """The person key the user's last digest sent before the week ``before_week`` named as
    not seen for a while (``bot.core.quiet``), or None (it named nobody, or none was sent)."""
    row = await db.fetchone(
        "SELECT quiet_key FROM digests WHERE user_id = ? AND week_start < ? AND status = 'sent'"
        " ORDER BY week_start DESC LIMIT 1", (user_id, before_week))
    return row["quiet_key"] if row is not None else None


async def set_quiet(db: Database, user_id: int, week_start: str, key: str) -> None:
    """Note on the digest of ``week_start`` whom it named as not seen for a while."""
    await db.execute("UPDATE digests SET quiet_key = ? WHERE user_id = ? AND week_start = ?",
                     (key, user_id, week_start))
