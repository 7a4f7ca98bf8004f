"""`python -m storage.copy`: a whole journal from SQLite into PostgreSQL and back, checked by
exporting before and after."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core import export
from storage import entries, forget, old_numbers, scheduled, update_inbox
from storage.copy import TABLES, CopyError, copy
from storage.db import open_database
from storage.models import Voice
from tests import backends
from tests.integration.test_backends import write_journal

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


async def fill(db) -> None:
    """A journal with a row in every table."""
    await write_journal(db)  # user 1: entries, thanks with files and notes, an intention…
    await db.execute("INSERT INTO users (user_id, chat_id, language, created_utc, updated_utc)"
                     " VALUES (2, 2, 'en', 0, 0)")
    await entries.add_done(db, 2, "2026-11-20", "Mia", "her bike", "fixed it", None, "quick",
                           None, 5)
    await entries.inbox_add(db, 2, "a kept text", 6, sent_utc=5)
    await entries.inbox_add(db, 2, "", 6, voice=Voice("voice-2", 7))
    await db.execute("UPDATE users SET next_checkin_utc = 100, next_resurface_utc = 100"
                     " WHERE user_id = 2")
    await scheduled.claim(db, scheduled.CHECKIN, 2, due_utc=100, period="2026-11-27",
                          local_date="2026-11-27", next_utc=200, next_date="2026-11-28",
                          status="sent", now=7)
    await scheduled.claim(db, scheduled.RESURFACE, 2, due_utc=100, period="2026-11-23",
                          local_date="2026-11-25", next_utc=200, next_date="2026-12-02",
                          status="sent", now=7)
    await db.execute("UPDATE users SET next_review_utc = 100, cycle_start = '2026-08-24'"
                     " WHERE user_id = 2")
    await scheduled.claim(db, scheduled.REVIEW, 2, due_utc=100, period="2026-08-24",
                          local_date="2026-11-22", next_utc=200, next_date="2026-11-29",
                          status="sent", now=7)
    await db.execute("INSERT INTO digests (user_id, week_start, local_date, due_utc,"
                     " claimed_utc, status) VALUES (1, '2026-11-16', '2026-11-22', 1, 1, 'sent')")
    await update_inbox.receive(db, [{"update_id": 77, "message": {"from": {"id": 2}}}], 8)
    await forget.issue(db, 2, "tok", 999)
    await old_numbers.add(db, 2, "followers", "Followers", 1350.0, "2026-11-20", 9)


async def exports(db) -> list[tuple[str, bytes]]:
    files = []
    for user_id in (1, 2):
        made = await export.export(db, user_id, NOW)
        assert made is not None
        files += [(f.filename, f.data) for f in made.files]
    return files


async def test_sqlite_to_postgresql_and_back_exports_the_same(pg_server, tmp_path):
    await backends.empty_pg(pg_server)
    first_url = f"sqlite:///{tmp_path / 'first.sqlite3'}"
    back_url = f"sqlite:///{tmp_path / 'back.sqlite3'}"
    first, pg, back = (await open_database(first_url), await open_database(pg_server),
                       await open_database(back_url))
    try:
        await fill(first)
        before = await exports(first)
        counts = await copy(first, pg, page=7)  # several pages per table
        assert all(counts[table] > 0 for table, _ in TABLES), counts
        assert await exports(pg) == before
        for term in ("転職", "Mia", "ありがとう", "bike", "お茶", "cake"):
            for user_id in (1, 2):
                assert (backends.search_rids(pg_server, user_id, term)
                        == backends.search_rids(first_url, user_id, term))
        assert await copy(pg, back) == counts
        assert await exports(back) == before
        assert (backends.search_rids(back_url, 1, "転職の相談")
                == backends.search_rids(first_url, 1, "転職の相談") != [])
        # new rows on the copy get new ids, after the copied ones
        added = await entries.add_done(pg, 2, "2026-11-28", "a", "b", "c", None, "quick",
                                       None, 9)
        last = await first.fetchrow("SELECT MAX(entry_id) FROM entries")
        assert added.entry_id == last[0] + 1

        with pytest.raises(CopyError, match="not empty"):
            await copy(first, pg)
    finally:
        for db in (first, pg, back):
            await db.close()


def test_the_command_copies_once_and_refuses_a_filled_target(tmp_path):
    import asyncio

    source = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    target = f"sqlite:///{tmp_path / 'b.sqlite3'}"

    async def make() -> None:
        db = await open_database(source)
        await fill(db)
        await db.close()

    asyncio.run(make())
    run = [sys.executable, "-m", "storage.copy", source, target]
    done = subprocess.run(run, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "row counts match" in done.stdout and "entries" in done.stdout
    again = subprocess.run(run, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert again.returncode == 1
    assert again.stderr.startswith("Not copied:") and "not empty" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
