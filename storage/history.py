"""SQL for /history (pages of solved problems and kept thank-yous, edits, deletes) and for
/forget (erasing a user). Every function is scoped to one user: a record that is not theirs
is simply not found."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from storage import dialect, update_inbox
from storage.db import Database, current_unit
from storage.models import Entry, Thanks

log = logging.getLogger(__name__)

# The only columns an edit may change.
ENTRY_FIELDS = frozenset({"who", "problem", "how", "outcome"})
THANKS_FIELDS = frozenset({"sender_name", "text"})

_ITEMS = (
    "SELECT 'e' AS kind, entry_id AS id, local_date, created_utc AS ts FROM entries"
    " WHERE user_id = ? AND status = 'done'"
    " UNION ALL "
    "SELECT 't' AS kind, thanks_id AS id, local_date, received_utc AS ts FROM thanks"
    " WHERE user_id = ? AND status = 'kept'"
)


async def count_items(db: Database, user_id: int) -> int:
    row = await db.fetchrow(f"SELECT COUNT(*) FROM ({_ITEMS}) AS items", (user_id, user_id))
    return int(row[0])


async def page_keys(db: Database, user_id: int, limit: int, offset: int
                    ) -> list[tuple[str, int]]:
    """(kind, id) of one page, newest first: by local date, then creation time."""
    rows = await db.fetchall(
        f"{_ITEMS} ORDER BY local_date DESC, ts DESC, kind DESC, id DESC LIMIT ? OFFSET ?",
        (user_id, user_id, limit, offset))
    return [(r["kind"], int(r["id"])) for r in rows]


def _marks(ids: Sequence[int]) -> str:
    return ", ".join("?" * len(ids))


async def entries_by_ids(db: Database, user_id: int, ids: Sequence[int]) -> list[Entry]:
    if not ids:
        return []
    rows = await db.fetchall(
        f"SELECT * FROM entries WHERE user_id = ? AND entry_id IN ({_marks(ids)})",
        (user_id, *ids))
    return [Entry.from_row(r) for r in rows]


async def thanks_by_ids(db: Database, user_id: int, ids: Sequence[int]) -> list[Thanks]:
    if not ids:
        return []
    rows = await db.fetchall(
        f"SELECT * FROM thanks WHERE user_id = ? AND thanks_id IN ({_marks(ids)})",
        (user_id, *ids))
    return [Thanks.from_row(r) for r in rows]


async def thanks_of_entries(db: Database, user_id: int, entry_ids: Sequence[int]
                            ) -> list[Thanks]:
    """Kept thank-yous tied to any of these problems, oldest first."""
    if not entry_ids:
        return []
    rows = await db.fetchall(
        "SELECT * FROM thanks WHERE user_id = ? AND status = 'kept'"
        f" AND entry_id IN ({_marks(entry_ids)}) ORDER BY thanks_id",
        (user_id, *entry_ids))
    return [Thanks.from_row(r) for r in rows]


async def done_entry(db: Database, user_id: int, entry_id: int) -> Entry | None:
    row = await db.fetchone(
        "SELECT * FROM entries WHERE entry_id = ? AND user_id = ? AND status = 'done'",
        (entry_id, user_id))
    return Entry.from_row(row) if row else None


async def kept_thanks(db: Database, user_id: int, thanks_id: int) -> Thanks | None:
    row = await db.fetchone(
        "SELECT * FROM thanks WHERE thanks_id = ? AND user_id = ? AND status = 'kept'",
        (thanks_id, user_id))
    return Thanks.from_row(row) if row else None


async def media_count(db: Database, user_id: int, thanks_id: int) -> int:
    row = await db.fetchrow(
        "SELECT COUNT(*) FROM thanks_media m JOIN thanks t USING (thanks_id)"
        " WHERE m.thanks_id = ? AND t.user_id = ?", (thanks_id, user_id))
    return int(row[0])


async def update_entry_field(db: Database, user_id: int, entry_id: int, field: str,
                             value: str | None, now: int) -> Entry | None:
    """Change one field of a solved problem. None when it is not this user's."""
    if field not in ENTRY_FIELDS:
        raise ValueError(f"not editable: {field}")
    result = await db.execute(
        f"UPDATE entries SET {field} = ?, updated_utc = ?"
        " WHERE entry_id = ? AND user_id = ? AND status = 'done'",
        (value, now, entry_id, user_id))
    if result.rowcount == 0:
        return None
    return await done_entry(db, user_id, entry_id)


async def update_thanks_field(db: Database, user_id: int, thanks_id: int, field: str,
                              value: str | None) -> Thanks | None:
    """Change who a kept thank-you is from, or its words. New words drop the old
    formatting (its offsets would point into the old text)."""
    if field not in THANKS_FIELDS:
        raise ValueError(f"not editable: {field}")
    extra = ", entities = NULL" if field == "text" else ""
    result = await db.execute(
        f"UPDATE thanks SET {field} = ?{extra}"
        " WHERE thanks_id = ? AND user_id = ? AND status = 'kept'",
        (value, thanks_id, user_id))
    if result.rowcount == 0:
        return None
    return await kept_thanks(db, user_id, thanks_id)


async def delete_entry(db: Database, user_id: int, entry_id: int) -> bool:
    """Delete a solved problem; its thank-yous stay, untied (ON DELETE SET NULL)."""
    result = await db.execute(
        "DELETE FROM entries WHERE entry_id = ? AND user_id = ? AND status = 'done'",
        (entry_id, user_id))
    return result.rowcount > 0


async def delete_thanks(db: Database, user_id: int, thanks_id: int) -> bool:
    """Delete a kept thank-you; its files go with it (ON DELETE CASCADE)."""
    result = await db.execute(
        "DELETE FROM thanks WHERE thanks_id = ? AND user_id = ? AND status = 'kept'",
        (thanks_id, user_id))
    return result.rowcount > 0


async def erase_user(db: Database, user_id: int) -> bool:
    """Erase everything about a user: the users row goes, and every table that references
    it cascades (the search index rows go by triggers). The search index is then merged so
    no posting of the erased text survives in older index segments, and the write-ahead log
    is checkpointed and truncated; with ``secure_delete`` the freed space is zeroed."""
    async with db.transaction() as tx:
        result = await tx.execute("DELETE FROM users WHERE user_id = ?", (user_id,))
        erased = result.rowcount > 0
        # Thank-yous they sent to other users stay in those users' journals (under the name
        # shown), but without the erased user's Telegram id and username.
        await tx.execute(
            "UPDATE thanks SET sender_user_id = NULL, sender_username = NULL,"
            " dedupe_key = NULL WHERE sender_user_id = ?", (user_id,))
        unit = current_unit()
        await update_inbox.erase_chat(tx, user_id, unit.update_id if unit else None)
        if erased and dialect.sql(db, "after_erase"):
            await tx.execute(dialect.sql(db, "after_erase"))
    if erased:
        await checkpoint(db)
    return erased


async def checkpoint(db: Database) -> None:
    """Copy the write-ahead log into the database file and truncate it. Runs under the
    database's lock: it cannot run while another handler's transaction is open."""
    row = await db.checkpoint()
    if row is not None and row[0]:
        log.warning("WAL checkpoint after an erase was incomplete (busy)")
