"""SQL for /search and /export (every record of one user). Every query is scoped to one user.

Which records hold the terms is the backend's business (``storage.dialect.search_found``:
SQLite's FTS5 trigram table of migration 0004, PostgreSQL's ILIKE); both yield ``rid`` =
``entry_id * 2`` for a solved problem, ``thanks_id * 2 + 1`` for a kept thank-you, and the
rest of the query is shared. Terms are parameters (quoted FTS5 phrases, escaped LIKE
patterns); nothing typed by a user is ever spliced into the SQL text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage import dialect
from storage.db import Database


@dataclass(frozen=True)
class Hit:
    """One search result: a solved problem (kind "problem") or a thank-you ("thanks")."""
    kind: str
    record_id: int
    local_date: str
    who: str | None = None
    problem: str | None = None
    how: str | None = None
    outcome: str | None = None
    sender_name: str | None = None
    author_signature: str | None = None
    text: str | None = None
    thanks_kind: str | None = None
    thanks_source: str | None = None
    origin_type: str | None = None
    note: str | None = None
    voice_duration: int | None = None  # a voice message kept as the *how*


async def search(db: Database, user_id: int, terms: Sequence[str],
                 limit: int, *, problems_only: bool = False) -> tuple[list[Hit], int]:
    """The newest ``limit`` hits holding every one of ``terms`` (case-insensitively, as
    plain text), by local date, then id, descending, and the total count.
    ``problems_only``: solved problems, no thank-yous (choosing what a thank-you was for)."""
    if not terms:
        raise ValueError("nothing to search for")
    found, params = dialect.search_found(db, user_id, terms, problems_only=problems_only)
    params["limit"] = limit
    rows = await db.fetchall(
        f"WITH found AS MATERIALIZED ({found})"
        " SELECT 'problem' AS kind, e.entry_id AS record_id, e.local_date, e.who, e.problem,"
        " e.how, e.outcome, NULL AS sender_name, NULL AS author_signature, NULL AS text,"
        " NULL AS thanks_kind, NULL AS thanks_source, NULL AS origin_type, e.note AS note,"
        " e.voice_duration AS voice_duration,"
        " (SELECT COUNT(*) FROM found) AS total"
        " FROM found JOIN entries e ON e.entry_id = found.rid / 2"
        " WHERE found.rid % 2 = 0 AND e.user_id = :user AND e.status = 'done'"
        " UNION ALL"
        " SELECT 'thanks', t.thanks_id, t.local_date, NULL, NULL, NULL, NULL, t.sender_name,"
        " t.author_signature, t.text, t.kind, t.source, t.origin_type, t.note, NULL,"
        " (SELECT COUNT(*) FROM found)"
        " FROM found JOIN thanks t ON t.thanks_id = (found.rid - 1) / 2"
        " WHERE found.rid % 2 = 1 AND t.user_id = :user AND t.status = 'kept'"
        " ORDER BY local_date DESC, record_id DESC, kind LIMIT :limit",
        params,
    )
    hits = [Hit(**{k: row[k] for k in row.keys() if k != "total"}) for row in rows]
    return hits, int(rows[0]["total"]) if rows else 0


# --- export ---------------------------------------------------------------------------------

def _dicts(rows: Sequence[Any]) -> list[dict[str, Any]]:
    return [{k: row[k] for k in row.keys()} for row in rows]


async def export_user(db: Database, user_id: int) -> dict[str, Any] | None:
    row = await db.fetchone("SELECT * FROM users WHERE user_id = ?", (user_id,))
    return {k: row[k] for k in row.keys()} if row else None


async def export_entries(db: Database, user_id: int) -> list[dict[str, Any]]:
    """Solved problems and "nothing today" check-ins (not drafts), oldest first, every column."""
    return _dicts(await db.fetchall(
        "SELECT * FROM entries WHERE user_id = ? AND status IN ('done', 'nothing')"
        " ORDER BY local_date, entry_id", (user_id,)))


async def export_thanks(db: Database, user_id: int) -> list[dict[str, Any]]:
    """Kept thank-yous (not drafts nor unconfirmed screenshots), oldest first, every column."""
    return _dicts(await db.fetchall(
        "SELECT * FROM thanks WHERE user_id = ? AND status = 'kept'"
        " ORDER BY local_date, thanks_id", (user_id,)))


async def export_media(db: Database, user_id: int) -> list[dict[str, Any]]:
    """The files of the user's kept thank-yous, by thank-you and position."""
    return _dicts(await db.fetchall(
        "SELECT m.* FROM thanks_media m JOIN thanks t USING (thanks_id)"
        " WHERE t.user_id = ? AND t.status = 'kept' ORDER BY m.thanks_id, m.position",
        (user_id,)))


async def export_intentions(db: Database, user_id: int) -> list[dict[str, Any]]:
    return _dicts(await db.fetchall(
        "SELECT * FROM intentions WHERE user_id = ? ORDER BY week_start", (user_id,)))


async def export_person_aliases(db: Database, user_id: int) -> list[dict[str, Any]]:
    """The user's merges of two names into one person (/people), oldest first."""
    return _dicts(await db.fetchall(
        "SELECT alias_name, target_name, alias_key, target_key, created_utc"
        " FROM person_aliases WHERE user_id = ? ORDER BY alias_id", (user_id,)))
