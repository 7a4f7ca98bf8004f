"""SQL for scheduled prompts: claiming due users atomically and recording deliveries."""

from __future__ import annotations

from storage.db import Database
from storage.models import Prompt


async def claim_snooze(db: Database, user_id: int, snooze_utc: int, local_date: str,
                       now: int) -> Prompt | None:
    """Clear a due "later" reminder and record it as a prompt, atomically."""
    async with db.transaction() as tx:
        result = await tx.execute(
            "UPDATE users SET snooze_until_utc = NULL, updated_utc = ?"
            " WHERE user_id = ? AND snooze_until_utc = ?",
            (now, user_id, snooze_utc),
        )
        if result.rowcount != 1:
            return None
        row = await tx.fetchone(
            "INSERT INTO prompts (user_id, kind, local_date, due_utc, claimed_utc, status)"
            " VALUES (?, 'reminder', ?, ?, ?, 'claimed') RETURNING prompt_id",
            (user_id, local_date, snooze_utc, now),
        )
        assert row is not None
        prompt_id = row[0]
    return await get(db, user_id, prompt_id)


async def recover_reminders(db: Database) -> int:
    """After the sender before died: its "later" reminders in hand are recorded ``unknown``
    (a reminder is a second nudge: never two)."""
    result = await db.execute(
        "UPDATE prompts SET status = 'unknown' WHERE kind = 'reminder'"
        " AND status IN ('claimed', 'sending')")
    return result.rowcount


async def get(db: Database, user_id: int, prompt_id: int) -> Prompt | None:
    row = await db.fetchone(
        "SELECT * FROM prompts WHERE prompt_id = ? AND user_id = ?", (prompt_id, user_id)
    )
    return Prompt.from_row(row) if row else None


async def mark(db: Database, user_id: int, prompt_id: int, status: str, *,
               sent_utc: int | None = None, message_id: int | None = None) -> None:
    await db.execute(
        "UPDATE prompts SET status = ?, sent_utc = COALESCE(?, sent_utc),"
        " message_id = COALESCE(?, message_id) WHERE prompt_id = ? AND user_id = ?",
        (status, sent_utc, message_id, prompt_id, user_id),
    )


async def set_answer(db: Database, user_id: int, prompt_id: int, answer: str) -> None:
    await db.execute(
        "UPDATE prompts SET answer = ? WHERE prompt_id = ? AND user_id = ?",
        (answer, prompt_id, user_id),
    )


async def latest_of_date(db: Database, user_id: int, local_date: str) -> list[Prompt]:
    """The user's newest prompts, newest first, back to the last one of another local date:
    every prompt claimed after it (so all of them belong to ``local_date``). Walks the
    ``prompts_user`` index from the end, so it reads a day's prompts, not the user's history."""
    rows = await db.fetchall(
        "SELECT * FROM prompts WHERE user_id = ?1 AND prompt_id > COALESCE("
        "(SELECT prompt_id FROM prompts WHERE user_id = ?1 AND local_date != ?2"
        " ORDER BY prompt_id DESC LIMIT 1), 0) ORDER BY prompt_id DESC",
        (user_id, local_date),
    )
    return [Prompt.from_row(r) for r in rows]


async def checkin_sent_after(db: Database, user_id: int, local_date: str) -> bool:
    """True when a daily question for a later local date than ``local_date`` was sent (a range
    of the ``prompts_once_per_day`` index: the days since then, not the whole history)."""
    row = await db.fetchone(
        "SELECT 1 FROM prompts WHERE user_id = ? AND kind = 'checkin' AND local_date > ?"
        " AND status = 'sent' LIMIT 1",
        (user_id, local_date),
    )
    return row is not None


async def for_user(db: Database, user_id: int) -> list[Prompt]:
    rows = await db.fetchall(
        "SELECT * FROM prompts WHERE user_id = ? ORDER BY prompt_id", (user_id,)
    )
    return [Prompt.from_row(r) for r in rows]
