"""SQL for the durable inbox (migration 0005): updates stored raw before Telegram is told
they arrived, then handled, set aside or finished."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storage.db import Database, Tx

KEEP_DONE_SECONDS = 2 * 24 * 3600  # Telegram keeps an unconfirmed update for 24 hours


@dataclass(frozen=True)
class InboxRow:
    update_id: int
    chat_key: int | None
    state: str
    payload: str | None
    attempts: int = 0
    error: str | None = None
    received_utc: int = 0


def chat_key(update: dict) -> int | None:
    """Whose updates must run in order: the sender (a private chat's id is its user's id),
    else the chat. None when the update names neither (it then runs on its own)."""
    for value in update.values():
        if not isinstance(value, dict):
            continue
        sender = value.get("from")
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            return sender["id"]
        chat = value.get("chat")
        if not isinstance(chat, dict):
            message = value.get("message")
            chat = message.get("chat") if isinstance(message, dict) else None
        if isinstance(chat, dict) and isinstance(chat.get("id"), int):
            return chat["id"]
    return None


async def receive(db: Database, updates: Sequence[dict], now: int) -> list[InboxRow]:
    """Store a batch of raw updates in one transaction; return the rows that are new (an
    update handed out again after a crash is recognised by its id and not stored twice)."""
    # ASCII JSON: a lone UTF-16 surrogate sent by a client stays an escape, never invalid UTF-8
    rows = [InboxRow(u["update_id"], chat_key(u), "new", json.dumps(u, separators=(",", ":")))
            for u in updates]
    if not rows:
        return []
    async with db.transaction() as tx:
        marks = ",".join("?" * len(rows))
        seen = {int(r[0]) for r in await tx.fetchall(
            f"SELECT update_id FROM update_inbox WHERE update_id IN ({marks})",
            [r.update_id for r in rows])}
        fresh = [r for r in rows if r.update_id not in seen]
        await tx.executemany(
            "INSERT INTO update_inbox (update_id, chat_key, payload, received_utc) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (update_id) DO NOTHING",
            [(r.update_id, r.chat_key, r.payload, now) for r in fresh])
    return fresh


async def unfinished(db: Database, page: int = 5_000) -> list[InboxRow]:
    """Every update received but not finished (new or applied), oldest first."""
    found: list[InboxRow] = []
    after = -(2**63)
    while True:
        rows = await db.fetchall(
            "SELECT update_id, chat_key, state, payload, attempts FROM update_inbox"
            " WHERE state IN ('new', 'applied') AND update_id > ? ORDER BY update_id LIMIT ?",
            (after, page))
        found += [InboxRow(int(r[0]), r[1], r[2], r[3], int(r[4])) for r in rows]
        if len(rows) < page:
            return found
        after = found[-1].update_id


async def waiting(db: Database, chat_key: int, after: int, limit: int = 50) -> list[InboxRow]:
    """A chat's updates not finished (new or applied) after update ``after``, in order."""
    rows = await db.fetchall(
        "SELECT update_id, chat_key, state, payload, attempts FROM update_inbox"
        " WHERE chat_key = ? AND state IN ('new', 'applied') AND update_id > ?"
        " ORDER BY update_id LIMIT ?", (chat_key, after, limit))
    return [InboxRow(int(r[0]), r[1], r[2], r[3], int(r[4])) for r in rows]


async def next_offset(db: Database) -> int | None:
    """The getUpdates offset that confirms everything already stored."""
    row = await db.fetchone("SELECT MAX(update_id) FROM update_inbox")
    return int(row[0]) + 1 if row and row[0] is not None else None


async def finish(db: Database, update_ids: Iterable[int], now: int) -> None:
    """Mark handled updates done and drop their payloads (one transaction for a batch)."""
    ids = list(update_ids)
    if ids:
        await db.executemany(
            "UPDATE update_inbox SET state = 'done', payload = NULL, finished_utc = ?"
            " WHERE update_id = ?", [(now, i) for i in ids])


async def set_aside(db: Database, update_id: int, error: str, attempts: int, now: int) -> None:
    await db.execute(
        "UPDATE update_inbox SET state = 'failed', error = ?, attempts = ?, finished_utc = ?"
        " WHERE update_id = ?", (error, attempts, now, update_id))


async def failed(db: Database, limit: int = 100) -> list[InboxRow]:
    rows = await db.fetchall(
        "SELECT update_id, chat_key, state, payload, attempts, error, received_utc FROM update_inbox"
        " WHERE state = 'failed' ORDER BY update_id LIMIT ?", (limit,))
    return [InboxRow(int(r[0]), r[1], r[2], r[3], int(r[4]), r[5], int(r[6])) for r in rows]


async def count_failed(db: Database) -> int:
    row = await db.fetchone("SELECT COUNT(*) FROM update_inbox WHERE state = 'failed'")
    return int(row[0]) if row else 0


async def retry(db: Database, update_ids: Sequence[int] | None) -> int:
    """Put set-aside updates back (all of them when ``update_ids`` is None)."""
    if update_ids is None:
        result = await db.execute(
            "UPDATE update_inbox SET state = 'new', error = NULL, finished_utc = NULL"
            " WHERE state = 'failed'")
        return result.rowcount
    total = 0
    for update_id in update_ids:
        result = await db.execute(
            "UPDATE update_inbox SET state = 'new', error = NULL, finished_utc = NULL"
            " WHERE state = 'failed' AND update_id = ?", (update_id,))
        total += result.rowcount
    return total


async def prune(db: Database, now: int) -> int:
    """Forget finished updates older than two days (their ids no longer need recognising)."""
    result = await db.execute(
        "DELETE FROM update_inbox WHERE state = 'done' AND finished_utc < ?",
        (now - KEEP_DONE_SECONDS,))
    return result.rowcount


async def erase_chat(tx: Tx, chat_key: int, up_to: int | None) -> None:
    """Within /forget's transaction: the user's stored updates up to the one that erases
    (later ones are new messages, handled after the erase)."""
    if up_to is None:
        await tx.execute("DELETE FROM update_inbox WHERE chat_key = ?", (chat_key,))
    else:
        await tx.execute("DELETE FROM update_inbox WHERE chat_key = ? AND update_id <= ?",
                           (chat_key, up_to))


async def next_waiting(db: Database, chat_key: int, after: int) -> str | None:
    """The raw payload of the chat's next update still waiting to be handled (stored in the
    same or a later batch than update ``after``), if any."""
    row = await db.fetchone(
        "SELECT payload FROM update_inbox WHERE chat_key = ? AND update_id > ? AND state = 'new'"
        " ORDER BY update_id LIMIT 1", (chat_key, after))
    return row[0] if row is not None else None
