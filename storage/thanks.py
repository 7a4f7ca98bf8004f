"""SQL for thank-you messages and their files. Every function is scoped to one user."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storage.db import Database, Tx
from storage.models import Thanks

_COLUMNS = (
    "status", "source", "kind", "origin_type", "sender_name", "sender_username",
    "sender_user_id", "sender_chat_id", "origin_message_id", "author_signature", "original_utc",
    "received_utc", "local_date", "text", "entities", "media_group_id", "dedupe_key",
    "entry_id", "message_id",
)
_SETTABLE = {"status", "sender_name", "text", "entities", "local_date", "received_utc",
             "media_group_id", "entry_id"}

MediaRow = tuple[str, str, str, str | None]  # kind, file_id, file_unique_id, details JSON


async def get(db: Database, user_id: int, thanks_id: int) -> Thanks | None:
    row = await db.fetchone("SELECT * FROM thanks WHERE thanks_id = ? AND user_id = ?",
                            (thanks_id, user_id))
    return Thanks.from_row(row) if row else None


async def by_key(db: Database, user_id: int, dedupe_key: str) -> Thanks | None:
    row = await db.fetchone("SELECT * FROM thanks WHERE user_id = ? AND dedupe_key = ?",
                            (user_id, dedupe_key))
    return Thanks.from_row(row) if row else None


async def by_album(db: Database, user_id: int, media_group_id: str) -> Thanks | None:
    row = await db.fetchone(
        "SELECT * FROM thanks WHERE user_id = ? AND media_group_id = ?"
        " ORDER BY thanks_id DESC LIMIT 1", (user_id, media_group_id))
    return Thanks.from_row(row) if row else None


async def insert(db: Database, user_id: int, fields: dict[str, Any],
                 media: Sequence[MediaRow]) -> Thanks | None:
    """Insert a record with its files in one transaction. None when ``dedupe_key`` is taken
    (the only unique index a new thank-you can meet)."""
    unknown = set(fields) - set(_COLUMNS)
    if unknown:
        raise ValueError(f"unknown columns: {sorted(unknown)}")
    names = ["user_id", *fields]
    async with db.transaction() as tx:
        row = await tx.fetchone(
            f"INSERT INTO thanks ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            " ON CONFLICT DO NOTHING RETURNING thanks_id", (user_id, *fields.values()))
        if row is None:
            return None
        thanks_id = row[0]
        await _add_media(tx, thanks_id, 0, media)
    return await get(db, user_id, thanks_id)


async def _add_media(tx: Tx, thanks_id: int, first: int, media: Sequence[MediaRow]) -> None:
    await tx.executemany(
        "INSERT INTO thanks_media (thanks_id, position, kind, file_id, file_unique_id,"
        " details) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [(thanks_id, first + i, *m) for i, m in enumerate(media)])


async def add_media(db: Database, user_id: int, thanks_id: int,
                    media: Sequence[MediaRow]) -> None:
    """Append files (another screenshot of an album) to a record of this user."""
    async with db.transaction() as tx:
        row = await tx.fetchone(
            "SELECT COALESCE(MAX(position) + 1, 0) FROM thanks_media JOIN thanks"
            " USING (thanks_id) WHERE thanks_id = ? AND user_id = ?", (thanks_id, user_id))
        owned = await tx.fetchall(
            "SELECT 1 FROM thanks WHERE thanks_id = ? AND user_id = ?", (thanks_id, user_id))
        if owned:
            await _add_media(tx, thanks_id, int(row[0]) if row is not None else 0, media)


async def has_file(db: Database, user_id: int, file_unique_id: str) -> Thanks | None:
    """The user's record that already holds this file, if any."""
    row = await db.fetchone(
        "SELECT t.* FROM thanks t JOIN thanks_media m USING (thanks_id)"
        " WHERE t.user_id = ? AND m.file_unique_id = ? LIMIT 1", (user_id, file_unique_id))
    return Thanks.from_row(row) if row else None


async def update(db: Database, user_id: int, thanks_id: int, **fields: Any) -> Thanks | None:
    unknown = set(fields) - _SETTABLE
    if unknown:
        raise ValueError(f"not settable: {sorted(unknown)}")
    assignments = ", ".join(f"{name} = ?" for name in fields)
    await db.execute(f"UPDATE thanks SET {assignments} WHERE thanks_id = ? AND user_id = ?",
                     (*fields.values(), thanks_id, user_id))
    return await get(db, user_id, thanks_id)


async def delete(db: Database, user_id: int, thanks_id: int) -> bool:
    result = await db.execute("DELETE FROM thanks WHERE thanks_id = ? AND user_id = ?",
                              (thanks_id, user_id))
    return result.rowcount > 0


async def get_draft(db: Database, user_id: int) -> Thanks | None:
    row = await db.fetchone(
        "SELECT * FROM thanks WHERE user_id = ? AND status = 'draft'"
        " ORDER BY thanks_id DESC LIMIT 1", (user_id,))
    return Thanks.from_row(row) if row else None


async def delete_drafts(db: Database, user_id: int) -> None:
    await db.execute("DELETE FROM thanks WHERE user_id = ? AND status = 'draft'", (user_id,))


async def count_kept_between(db: Database, user_id: int, first: str, last: str) -> int:
    row = await db.fetchrow(
        "SELECT COUNT(*) FROM thanks WHERE user_id = ? AND status = 'kept'"
        " AND local_date BETWEEN ? AND ?", (user_id, first, last))
    return int(row[0])


async def recent_unlinked(db: Database, user_id: int, since: str, limit: int) -> list[Thanks]:
    rows = await db.fetchall(
        "SELECT * FROM thanks WHERE user_id = ? AND status = 'kept' AND entry_id IS NULL"
        " AND local_date >= ? ORDER BY thanks_id DESC LIMIT ?", (user_id, since, limit))
    return [Thanks.from_row(r) for r in rows]


# --- thank-yous brought back (/smile, the weekly one, the digest's line) --------------------

async def comeback_candidates(db: Database, user_id: int,
                              saved_by: str) -> list[tuple[int, str, int | None]]:
    """(thanks_id, local_date, last shown epoch or None) of every kept thank-you saved on or
    before the local date ``saved_by``."""
    rows = await db.fetchall(
        "SELECT t.thanks_id, t.local_date, MAX(s.shown_utc) FROM thanks t"
        " LEFT JOIN thanks_shown s ON s.thanks_id = t.thanks_id"
        " WHERE t.user_id = ? AND t.status = 'kept' AND t.local_date <= ?"
        " GROUP BY t.thanks_id, t.local_date", (user_id, saved_by))
    return [(int(r[0]), str(r[1]), None if r[2] is None else int(r[2])) for r in rows]


async def first_kept_date(db: Database, user_id: int) -> str | None:
    """The local date of the user's oldest kept thank-you (None: they have none)."""
    row = await db.fetchrow(
        "SELECT MIN(local_date) FROM thanks WHERE user_id = ? AND status = 'kept'", (user_id,))
    return row[0]


async def last_shown(db: Database, user_id: int) -> int | None:
    """The thank-you shown again most recently (any way), if any."""
    row = await db.fetchone(
        "SELECT thanks_id FROM thanks_shown WHERE user_id = ? ORDER BY shown_id DESC LIMIT 1",
        (user_id,))
    return int(row[0]) if row else None


async def record_shown(db: Database, user_id: int, thanks_id: int, via: str,
                       now: int) -> None:
    await db.execute(
        "INSERT INTO thanks_shown (user_id, thanks_id, shown_utc, via)"
        " SELECT user_id, thanks_id, ?, ? FROM thanks WHERE thanks_id = ? AND user_id = ?",
        (now, via, thanks_id, user_id))


async def first_photo(db: Database, user_id: int, thanks_id: int) -> str | None:
    """The file id of the thank-you's first photo (a screenshot), if it has one."""
    row = await db.fetchone(
        "SELECT m.file_id FROM thanks_media m JOIN thanks t USING (thanks_id)"
        " WHERE t.thanks_id = ? AND t.user_id = ? AND m.kind = 'photo'"
        " ORDER BY m.position LIMIT 1", (thanks_id, user_id))
    return str(row[0]) if row else None
