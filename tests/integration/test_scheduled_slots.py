"""The one claim mechanism, for every kind's slot: at most one row per user and period,
whatever the schedule says; a release puts the schedule back and frees the period."""

from __future__ import annotations

import pytest

from storage import health, scheduled
from storage.db import open_database


@pytest.mark.parametrize("slot", scheduled.SLOTS, ids=lambda s: s.table)
async def test_claim_is_once_per_user_and_period_and_release_undoes_it(journal_url, slot):
    db = await open_database(journal_url)
    try:
        await db.execute("INSERT INTO users (user_id, chat_id, onboarded, created_utc,"
                         " updated_utc) VALUES (1, 1, 1, 0, 0)")
        await db.execute(f"UPDATE users SET {slot.next_utc} = 100, {slot.next_date} ="
                         " '2026-11-30'")
        assert [u.user_id for u in await scheduled.due(db, slot, 100, 10)] == [1]
        assert await scheduled.due(db, slot, 99, 10) == []
        claim = dict(due_utc=100, period="2026-11-30", local_date="2026-11-30",
                     next_utc=200, next_date="2026-12-01", status="claimed", now=100)
        row = await scheduled.claim(db, slot, 1, **claim)
        assert row is not None and row["status"] == "claimed" and row["user_id"] == 1
        row_id = row[slot.id_column]
        # another pass with the old due time: the schedule has moved on
        assert await scheduled.claim(db, slot, 1, **claim) is None
        # the schedule pointing at the same period again (a changed time): still no second
        await db.execute(f"UPDATE users SET {slot.next_utc} = 150")
        assert await scheduled.claim(db, slot, 1, **(claim | {"due_utc": 150})) is None
        assert len(await db.fetchall(f"SELECT * FROM {slot.table}")) == 1
        # released (Telegram unreachable): the row goes, the schedule points at it again
        await scheduled.release(db, slot, 1, row_id, 100, "2026-11-30")
        assert await db.fetchall(f"SELECT * FROM {slot.table}") == []
        again = await scheduled.claim(db, slot, 1, **claim)
        assert again is not None
        await scheduled.mark(db, slot, 1, again[slot.id_column], "sent", sent_utc=101,
                             message_id=7)
        [stored] = await db.fetchall(f"SELECT status, sent_utc, message_id FROM {slot.table}")
        assert tuple(stored) == ("sent", 101, 7)
        # a release never removes a message that went out
        await scheduled.release(db, slot, 1, again[slot.id_column], 100, "2026-11-30")
        assert len(await db.fetchall(f"SELECT * FROM {slot.table}")) == 1
    finally:
        await db.close()


async def test_the_oldest_due_message_of_any_kind_is_what_readyz_reports(journal_url):
    db = await open_database(journal_url)
    try:
        await db.execute("INSERT INTO users (user_id, chat_id, onboarded, created_utc,"
                         " updated_utc) VALUES (1, 1, 1, 0, 0)")
        assert await health.oldest_due(db, 1000) is None
        await db.execute("UPDATE users SET next_checkin_utc = 900, next_digest_utc = 800,"
                         " next_resurface_utc = 700")
        assert await health.oldest_due(db, 1000) == 700  # a thank-you brought back, overdue
        await db.execute("UPDATE users SET resurface_enabled = 0")
        assert await health.oldest_due(db, 1000) == 800
        assert await health.oldest_due(db, 799) is None
        await db.execute("UPDATE users SET paused = 1")
        assert await health.oldest_due(db, 1000) is None
    finally:
        await db.close()
