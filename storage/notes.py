"""SQL for notes on records: a solved problem's or a thank-you's ``note``, the bot's
confirmation message that a reply finds it by, and a kept text taken as a forward's note.
Every function is scoped to one user."""

from __future__ import annotations

from storage.db import Database

# kind -> (table, id column); "e" a solved problem, "t" a kept thank-you
TABLES = {"e": ("entries", "entry_id", "status = 'done'"),
          "t": ("thanks", "thanks_id", "status = 'kept'")}


async def remember_replies(db: Database,
                           replies: list[tuple[int, str, int, int]]) -> None:
    """(user, kind, record, confirmation message id) for several records, in one
    transaction."""
    async with db.transaction() as conn:
        for kind, (table, key, _) in TABLES.items():
            rows = [(mid, rid, uid) for uid, k, rid, mid in replies if k == kind]
            if rows:
                await conn.executemany(
                    f"UPDATE {table} SET reply_message_id = ? WHERE {key} = ? AND user_id = ?",
                    rows)


async def by_reply(db: Database, user_id: int, message_id: int) -> tuple[str, int] | None:
    """The record whose confirmation is the bot's message ``message_id``."""
    for kind, (table, key, kept) in TABLES.items():
        row = await db.fetchone(
            f"SELECT {key} FROM {table} WHERE user_id = ? AND reply_message_id = ? AND {kept}"
            f" ORDER BY {key} DESC LIMIT 1", (user_id, message_id))
        if row is not None:
            return kind, int(row[0])
    return None


async def add_note(db: Database, user_id: int, kind: str, record_id: int, text: str) -> bool:
    """Add ``text`` to the record's note (a second note goes on a new line)."""
    table, key, kept = TABLES[kind]
    cursor = await db.execute(
        f"UPDATE {table} SET note = CASE WHEN note IS NULL OR note = '' THEN ?"
        f" ELSE note || ? END WHERE {key} = ? AND user_id = ? AND {kept}",
        (text, "\n" + text, record_id, user_id))
    return cursor.rowcount > 0


async def take_text_sent_between(db: Database, user_id: int, first: int,
                                 last: int) -> str | None:
    """Remove and return the newest kept text the user sent (Telegram's date) in [first,
    last]: the line typed just before a forward."""
    async with db.transaction() as tx:
        row = await tx.fetchone(
            "SELECT inbox_id, text FROM inbox WHERE user_id = ? AND sent_utc BETWEEN ? AND ?"
            " AND voice_file_id IS NULL ORDER BY inbox_id DESC LIMIT 1", (user_id, first, last))
        if row is None:
            return None
        await tx.execute("DELETE FROM inbox WHERE inbox_id = ?", (row[0],))
    return str(row[1])
