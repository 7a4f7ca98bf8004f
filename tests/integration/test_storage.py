"""Migrations on fresh and older files; pragmas; per-user scoping (on both backends where
the test is not about SQLite itself)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from bot.core.accounts import Accounts
from bot.core.clock import ManualClock
from bot.core.history import FORGET_CONFIRM_SECONDS, History
from storage import entries
from storage.db import LATEST_VERSION, Database, migration_scripts
from storage.models import Kept, Voice


async def test_fresh_file_reaches_latest_version_with_pragmas(tmp_path):
    db = await Database(tmp_path / "sub" / "fresh.sqlite3").open()
    try:
        assert await db.schema_version() == LATEST_VERSION == migration_scripts()[-1][0]
        assert (await db.fetchone("PRAGMA journal_mode"))[0] == "wal"
        assert (await db.fetchone("PRAGMA foreign_keys"))[0] == 1
        assert (await db.fetchone("PRAGMA busy_timeout"))[0] == 5000
    finally:
        await db.close()


async def test_single_row_helpers(journal):
    db = journal
    assert (await db.fetchrow("SELECT COUNT(*) FROM users"))[0] == 0
    with pytest.raises(LookupError):
        await db.fetchrow("SELECT * FROM users")
    result = await db.execute("INSERT INTO users (user_id, chat_id, created_utc,"
                              " updated_utc) VALUES (7, 7, 0, 0)")
    assert result.rowcount == 1
    rows = await db.fetchall("SELECT user_id FROM users WHERE user_id = :id", {"id": 7})
    assert [r[0] for r in rows] == [7]
    rows = await db.fetchall("SELECT user_id FROM users WHERE user_id = ?1 OR chat_id = ?1",
                             (7,))
    assert [r["user_id"] for r in rows] == [7]


async def test_older_file_is_upgraded_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = await Database(path).open(migrate_to=1)
    await db.execute("INSERT INTO users (user_id, chat_id, created_utc, updated_utc)"
                     " VALUES (1, 1, 0, 0)")
    await entries.add_done(db, 1, "2026-01-01", "a", "b", "c", None, "quick", None, 0)
    await db.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1

    db = await Database(path).open()
    try:
        assert await db.schema_version() == LATEST_VERSION
        assert len(await entries.list_done(db, 1)) == 1
    finally:
        await db.close()


async def test_reopening_is_idempotent(tmp_path):
    path = tmp_path / "j.sqlite3"
    for _ in range(3):
        db = await Database(path).open()
        assert await db.schema_version() == LATEST_VERSION
        await db.close()


async def test_entries_are_scoped_to_their_user(journal):
    db = journal
    for uid in (1, 2):
        await db.execute("INSERT INTO users (user_id, chat_id, created_utc, updated_utc)"
                         " VALUES (?, ?, 0, 0)", (uid, uid))
    entry = await entries.add_done(db, 1, "2026-01-01", "a", "b", "c", None, "quick",
                                   None, 0)
    assert await entries.get(db, 2, entry.entry_id) is None
    assert await entries.get(db, 1, entry.entry_id) is not None
    inbox_id = await entries.inbox_add(db, 1, "text", 0)
    assert await entries.inbox_take(db, 2, inbox_id) is None
    assert await entries.inbox_take(db, 1, inbox_id) == Kept(inbox_id, "text")
    voice_id = await entries.inbox_add(db, 1, "", 0, voice=Voice("v-1", 42))
    assert await entries.inbox_list(db, 1) == [Kept(voice_id, "", Voice("v-1", 42))]
    assert await entries.inbox_get(db, 2, voice_id) is None
    assert await entries.inbox_take(db, 1, voice_id) == Kept(voice_id, "", Voice("v-1", 42))


async def test_a_failed_transaction_rolls_back(journal):
    db = journal
    try:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO users (user_id, chat_id, created_utc,"
                             " updated_utc) VALUES (9, 9, 0, 0)")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert await db.fetchone("SELECT * FROM users WHERE user_id = 9") is None


async def test_upgrade_indexes_old_entries_for_search_and_schedules_their_digest(tmp_path):
    """Users from before migration 0004 get a digest time (in batches, from the dispatcher
    job), and what they wrote
    before it is in the search index (the triggers only see later writes)."""
    from datetime import UTC, datetime

    from bot.core.accounts import Accounts
    from bot.core.clock import ManualClock

    path = tmp_path / "v3.sqlite3"
    db = await Database(path).open(migrate_to=3)
    await db.execute("INSERT INTO users (user_id, chat_id, language, timezone, onboarded,"
                     " created_utc, updated_utc) VALUES (1, 1, 'ja', 'Asia/Tokyo', 1, 0, 0)")
    await entries.add_done(db, 1, "2026-01-01", "佐藤さん", "転職の相談", "話を聞いた", None,
                           "quick", None, 0)
    await db.close()
    db = await Database(path).open()
    try:
        accounts = Accounts(db, ManualClock(datetime(2026, 11, 28, 1, 0, tzinfo=UTC)))
        assert await accounts.schedule_missing() == 1
        user = await accounts.get(1)
        assert user.next_digest_date == "2026-11-29"  # Sunday
        assert user.next_digest_utc == int(datetime(2026, 11, 29, 11, 0, tzinfo=UTC)
                                           .timestamp())
        assert await accounts.schedule_missing() == 0
        found = await db.fetchall("SELECT rowid FROM search_fts WHERE search_fts MATCH ?",
                                  ('"転職の相談"',))
        assert [r[0] for r in found] == [2]
    finally:
        await db.close()


async def test_active_dates_are_days_with_an_entry_or_a_kept_thank_you(journal):
    """What the 13 weeks count (bot.core.practice): a solved problem, a "nothing today" or a
    kept thank-you makes a day active; a draft or a thank-you not kept does not."""
    from storage import practice, thanks

    db = journal
    await db.execute("INSERT INTO users (user_id, chat_id, created_utc, updated_utc)"
                     " VALUES (1, 1, 0, 0), (2, 2, 0, 0)")
    for day in ("2026-11-28", "2026-11-26", "2026-10-01"):
        await entries.add_done(db, 1, day, "a", "b", "c", None, "quick", None, 0)
    await entries.add_done(db, 1, "2026-11-28", "x", "y", "z", None, "quick", None, 0)
    await entries.add_nothing(db, 1, "2026-11-25", None, 0)  # "nothing today" counts
    await entries.add_done(db, 2, "2026-11-20", "a", "b", "c", None, "quick", None, 0)
    base = {"source": "manual", "kind": "text", "received_utc": 0, "text": "thanks"}
    await thanks.insert(db, 1, base | {"status": "kept", "local_date": "2026-11-22"}, [])
    await thanks.insert(db, 1, base | {"status": "kept", "local_date": "2026-11-28"}, [])
    await thanks.insert(db, 1, base | {"status": "pending", "local_date": "2026-11-21"}, [])
    assert await practice.active_dates(db, 1) == [
        "2026-10-01", "2026-11-22", "2026-11-25", "2026-11-26", "2026-11-28"]
    assert await practice.active_dates(db, 1, "2026-11-25") == [
        "2026-11-25", "2026-11-26", "2026-11-28"]
    assert await practice.active_dates(db, 3) == []  # nobody


async def test_forget_token_is_random_one_time_and_expires(journal):
    db = journal
    clock = ManualClock(datetime(2026, 11, 28, 1, 0, tzinfo=UTC))
    accounts = Accounts(db, clock)
    user, _ = await accounts.register(1, 1, "en")
    other, _ = await accounts.register(2, 2, "en")
    history = History(accounts)
    token = await history.forget_token(user)
    assert len(token) == 16 and token != await history.forget_token(other)
    assert await history.forget_confirmed(user, token)
    assert not await history.forget_confirmed(user, token)  # used up

    token = await history.forget_token(user)
    newer = await history.forget_token(user)                 # a second "Continue"
    assert not await history.forget_confirmed(user, token)
    assert not await history.forget_confirmed(user, newer)   # a wrong press voids it

    token = await history.forget_token(user)
    clock.advance(seconds=FORGET_CONFIRM_SECONDS)
    assert await history.forget_confirmed(user, token)       # the last valid second
    token = await history.forget_token(user)
    clock.advance(seconds=FORGET_CONFIRM_SECONDS + 1)
    assert not await history.forget_confirmed(user, token)   # expired

    token = await history.forget_token(other)
    assert not await history.forget_confirmed(user, token)   # not theirs
    assert await history.forget_confirmed(other, token)
    token = await history.forget_token(user)
    await history.forget_kept(user)
    assert not await history.forget_confirmed(user, token)   # "Keep my journal"
    for forged in ("", "x", "1764291600", str(10 ** 30), "A" * 16):
        assert not await history.forget_confirmed(user, forged)

    token = await history.forget_token(user)
    await history.forget(user)                               # the token goes with them
    assert await db.fetchall("SELECT * FROM forget_tokens") == []
