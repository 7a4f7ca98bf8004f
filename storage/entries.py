"""SQL for journal entries (solved problems, "nothing today", drafts) and the text inbox."""

from __future__ import annotations

from typing import Any

from storage.db import Database
from storage.models import Entry, Kept, Voice

FIELDS = ("who", "problem", "how", "outcome")


async def _insert_id(db: Database, sql: str, params: tuple) -> int:
    """Run an ``INSERT … RETURNING id`` in its own transaction; the id."""
    async with db.transaction() as tx:
        row = await tx.fetchone(sql, params)
    assert row is not None
    return int(row[0])


async def get(db: Database, user_id: int, entry_id: int) -> Entry | None:
    row = await db.fetchone(
        "SELECT * FROM entries WHERE entry_id = ? AND user_id = ?", (entry_id, user_id)
    )
    return Entry.from_row(row) if row else None


async def get_draft(db: Database, user_id: int) -> Entry | None:
    row = await db.fetchone(
        "SELECT * FROM entries WHERE user_id = ? AND status = 'draft'", (user_id,)
    )
    return Entry.from_row(row) if row else None


async def create_draft(db: Database, user_id: int, local_date: str, source: str,
                       prompt_id: int | None, now: int,
                       prefill: dict[str, str | None] | None = None,
                       voice: Voice | None = None) -> Entry:
    """A fresh draft at the first question, with the answers in ``prefill`` already filled
    in (a kept text, or the lines of a note) and ``voice`` as its *how* (a kept voice
    message). Any older draft of the user is discarded."""
    values = {field: (prefill or {}).get(field) for field in FIELDS}
    file_id, duration = (voice.file_id, voice.duration) if voice else (None, None)
    async with db.transaction() as tx:
        await tx.execute(
            "DELETE FROM entries WHERE user_id = ? AND status = 'draft'", (user_id,)
        )
        row = await tx.fetchone(
            "INSERT INTO entries (user_id, local_date, status, step, source, prompt_id,"
            " who, problem, how, outcome, voice_file_id, voice_duration, created_utc,"
            " updated_utc) VALUES (?, ?, 'draft', 'who', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING entry_id",
            (user_id, local_date, source, prompt_id, *values.values(), file_id, duration,
             now, now),
        )
    assert row is not None
    entry = await get(db, user_id, int(row[0]))
    assert entry is not None
    return entry


async def save_answer(db: Database, user_id: int, entry_id: int, field: str | None,
                      value: str | None, next_step: str | None, now: int, *,
                      question: str | None = None, voice: Voice | None = None) -> Entry:
    """Store one answer of a draft (``field``; None: only ``voice``) and move it to
    ``next_step`` (None = finished). ``question``: the key of the question after *how*,
    stored as the draft reaches it; ``voice``: a voice message kept as its *how*."""
    if field is not None and field not in FIELDS:
        raise ValueError(field)
    sets: list[str] = []
    params: list[object] = []
    if field is not None:
        sets.append(f"{field} = ?")
        params.append(value)
    if question is not None:
        sets.append("outcome_question = ?")
        params.append(question)
    if voice is not None:
        sets += ["voice_file_id = ?", "voice_duration = ?"]
        params += [voice.file_id, voice.duration]
    if next_step is None:
        sets.append("step = NULL, status = 'done', updated_utc = ?, completed_utc = ?")
        params += [now, now]
    else:
        sets.append("step = ?, updated_utc = ?")
        params += [next_step, now]
    await db.execute(
        f"UPDATE entries SET {', '.join(sets)} WHERE entry_id = ? AND user_id = ?",
        (*params, entry_id, user_id),
    )
    entry = await get(db, user_id, entry_id)
    assert entry is not None
    return entry


async def complete_draft_with(db: Database, user_id: int, entry_id: int, who: str, problem: str,
                              how: str, outcome: str | None, now: int) -> Entry:
    """Fill every field of a draft at once (the quick form used inside a flow)."""
    await db.execute(
        "UPDATE entries SET who = ?, problem = ?, how = ?, outcome = ?, step = NULL,"
        " status = 'done', source = 'quick', updated_utc = ?, completed_utc = ?"
        " WHERE entry_id = ? AND user_id = ?",
        (who, problem, how, outcome, now, now, entry_id, user_id),
    )
    entry = await get(db, user_id, entry_id)
    assert entry is not None
    return entry


async def add_done(db: Database, user_id: int, local_date: str, who: str, problem: str, how: str,
                   outcome: str | None, source: str, prompt_id: int | None, now: int) -> Entry:
    entry_id = await _insert_id(
        db, "INSERT INTO entries (user_id, local_date, status, who, problem, how, outcome,"
        " source, prompt_id, created_utc, updated_utc, completed_utc)"
        " VALUES (?, ?, 'done', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING entry_id",
        (user_id, local_date, who, problem, how, outcome, source, prompt_id, now, now, now),
    )
    # the row exactly as inserted (no defaults or triggers change it): no read back
    return Entry(entry_id, user_id, local_date, "done", None, who, problem, how,
                 outcome, source, prompt_id, now, now, now)


async def add_nothing(db: Database, user_id: int, local_date: str, prompt_id: int | None,
                      now: int) -> Entry:
    entry_id = await _insert_id(
        db, "INSERT INTO entries (user_id, local_date, status, source, prompt_id, created_utc,"
        " updated_utc, completed_utc) VALUES (?, ?, 'nothing', 'prompt', ?, ?, ?, ?)"
        " RETURNING entry_id",
        (user_id, local_date, prompt_id, now, now, now),
    )
    entry = await get(db, user_id, entry_id)
    assert entry is not None
    return entry


async def has_checked_in(db: Database, user_id: int, local_date: str) -> bool:
    """True when the user logged a solved problem or "nothing today" on that local date."""
    row = await db.fetchone(
        "SELECT 1 FROM entries WHERE user_id = ? AND local_date = ?"
        " AND status IN ('done', 'nothing') LIMIT 1",
        (user_id, local_date),
    )
    return row is not None


async def count_done_between(db: Database, user_id: int, first: str, last: str) -> int:
    """Solved problems with a local date in [first, last] (ISO dates, inclusive)."""
    row = await db.fetchrow(
        "SELECT COUNT(*) FROM entries WHERE user_id = ? AND status = 'done'"
        " AND local_date BETWEEN ? AND ?",
        (user_id, first, last),
    )
    return int(row[0])


async def list_done(db: Database, user_id: int, limit: int = 50) -> list[Entry]:
    rows = await db.fetchall(
        "SELECT * FROM entries WHERE user_id = ? AND status = 'done'"
        " ORDER BY entry_id DESC LIMIT ?",
        (user_id, limit),
    )
    return [Entry.from_row(r) for r in rows]


async def inbox_add(db: Database, user_id: int, text: str, now: int,
                    sent_utc: int | None = None, voice: Voice | None = None) -> int:
    """Keep a text (or, with ``voice`` and an empty text, a voice message); ``sent_utc`` is
    when the user sent it (Telegram's date), if known."""
    file_id, duration = (voice.file_id, voice.duration) if voice else (None, None)
    return await _insert_id(
        db, "INSERT INTO inbox (user_id, text, created_utc, sent_utc, voice_file_id,"
        " voice_duration) VALUES (?, ?, ?, ?, ?, ?) RETURNING inbox_id",
        (user_id, text, now, sent_utc, file_id, duration))


_KEPT = "SELECT inbox_id, text, voice_file_id, voice_duration FROM inbox"


def _kept(row: Any) -> Kept:
    voice = Voice(row[2], int(row[3] or 0)) if row[2] is not None else None
    return Kept(int(row[0]), row[1], voice)


async def inbox_take(db: Database, user_id: int, inbox_id: int) -> Kept | None:
    """Remove and return one kept item of this user (None if it is not theirs or gone)."""
    async with db.transaction() as tx:
        row = await tx.fetchone(f"{_KEPT} WHERE inbox_id = ? AND user_id = ?",
                                (inbox_id, user_id))
        if row is None:
            return None
        await tx.execute("DELETE FROM inbox WHERE inbox_id = ?", (inbox_id,))
    return _kept(row)


async def inbox_get(db: Database, user_id: int, inbox_id: int) -> Kept | None:
    row = await db.fetchone(f"{_KEPT} WHERE inbox_id = ? AND user_id = ?", (inbox_id, user_id))
    return _kept(row) if row else None


async def inbox_list(db: Database, user_id: int) -> list[Kept]:
    """Everything kept for this user (texts and voice messages), oldest first."""
    rows = await db.fetchall(f"{_KEPT} WHERE user_id = ? ORDER BY inbox_id", (user_id,))
    return [_kept(r) for r in rows]
