"""SQL for several bot processes on one database (migration 0013): their heartbeats, the
chats whose updates one of them is handling (inbox leases), and the elected sender's lock.

A SQLite journal takes one process (``bot.runner.lock_journal``): it is always the sender and
needs no leases; these functions are used on PostgreSQL.
"""

from __future__ import annotations

from storage import dialect
from storage.db import Database

SENDER_LOCK = 0x76_6A_73_65_6E_64  # "vjsend": the advisory lock the elected sender holds


async def heartbeat(db: Database, replica_id: str, reply_rate: float) -> None:
    """This process is alive (on the database's clock), sending ``reply_rate`` replies/s."""
    now = dialect.sql(db, "epoch_now")
    await db.execute(
        "INSERT INTO replicas (replica_id, started_utc, seen_utc, reply_rate)"
        f" VALUES (?, {now}, {now}, ?) ON CONFLICT (replica_id) DO UPDATE"
        " SET seen_utc = excluded.seen_utc, reply_rate = excluded.reply_rate",
        (replica_id, reply_rate))


async def others_reply_rate(db: Database, replica_id: str, dead_after: int) -> float:
    """Replies a second the other live processes have been sending lately."""
    row = await db.fetchone(
        "SELECT COALESCE(SUM(reply_rate), 0) FROM replicas"
        f" WHERE replica_id <> ? AND seen_utc >= {dialect.sql(db, 'epoch_now')} - ?",
        (replica_id, dead_after))
    return float(row[0]) if row else 0.0


async def forget_dead(db: Database, dead_after: int) -> int:
    """Drop the processes whose heartbeat stopped ``dead_after`` seconds ago or more, and
    their leases (their chats' updates are then handled by whoever takes them). How many
    leases went."""
    now = dialect.sql(db, "epoch_now")
    async with db.transaction() as tx:
        result = await tx.execute(
            "DELETE FROM inbox_leases WHERE replica_id IN"
            f" (SELECT replica_id FROM replicas WHERE seen_utc < {now} - ?)"
            " OR replica_id NOT IN (SELECT replica_id FROM replicas)", (dead_after,))
        await tx.execute(f"DELETE FROM replicas WHERE seen_utc < {now} - ?", (dead_after,))
    return result.rowcount


async def leave(db: Database, replica_id: str) -> None:
    """A clean stop: the process and its leases go at once."""
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM inbox_leases WHERE replica_id = ?", (replica_id,))
        await tx.execute("DELETE FROM replicas WHERE replica_id = ?", (replica_id,))


async def take_chat(db: Database, chat_key: int, replica_id: str, now: int) -> bool:
    """Become the process that handles this chat's updates; False while another one is. A
    lease already in this process's name is taken again (a process runs one lane per chat:
    such a lease was left by one that could not give it back)."""
    row = await db.fetchone(
        "INSERT INTO inbox_leases (chat_key, replica_id, taken_utc) VALUES (?, ?, ?)"
        " ON CONFLICT (chat_key) DO UPDATE SET taken_utc = excluded.taken_utc"
        " WHERE inbox_leases.replica_id = excluded.replica_id RETURNING chat_key",
        (chat_key, replica_id, now))
    return row is not None


async def release_chat(db: Database, chat_key: int, replica_id: str) -> None:
    await db.execute("DELETE FROM inbox_leases WHERE chat_key = ? AND replica_id = ?",
                     (chat_key, replica_id))


async def own_leases(db: Database, replica_id: str) -> list[int]:
    rows = await db.fetchall("SELECT chat_key FROM inbox_leases WHERE replica_id = ?",
                             (replica_id,))
    return [int(r[0]) for r in rows]


async def unattended_chats(db: Database, limit: int = 100) -> list[int]:
    """Chats with updates waiting that no process is handling just now (the caller acts on
    those it finds so for a few seconds: their receiver died before it took them)."""
    rows = await db.fetchall(
        "SELECT DISTINCT chat_key FROM update_inbox"
        " WHERE state IN ('new', 'applied') AND chat_key IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM inbox_leases l WHERE l.chat_key = update_inbox.chat_key)"
        " LIMIT ?", (limit,))
    return [int(r[0]) for r in rows]
