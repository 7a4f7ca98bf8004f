"""The storage seam on both backends: choosing by URL, plain errors, placeholders, the same
schema, the unit of work, claims from two processes at once, and identical exports."""

from __future__ import annotations

import asyncio
import secrets
import sqlite3
from datetime import UTC, datetime, time, timedelta

import asyncpg
import pytest

from bot.config import Settings
from bot.core import export
from bot.core.accounts import Accounts
from bot.core.clock import ManualClock
from bot.core.dispatcher import Dispatcher
from storage import db as storage_db
from storage import digests, entries, notes, people, scheduled, thanks, update_inbox
from storage.db import (
    SQLiteDatabase,
    StorageError,
    current_unit,
    make_database,
    open_database,
    unit_of_work,
)
from storage.postgres import PostgresDatabase, translate
from storage.postgres import migration_scripts as pg_migrations
from tests import backends

PASSWORD = "Secr3t-pw-9x"
TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijklm"


# --- choosing the backend -------------------------------------------------------------------

def test_database_url_chooses_the_backend(monkeypatch, tmp_path):
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    assert Settings(_env_file=None).journal_url() == "sqlite:///data/journal.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "j.sqlite3"))
    assert Settings(_env_file=None).journal_url() == f"sqlite:///{tmp_path}/j.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"postgresql://bot:{PASSWORD}@db:5432/journal")
    settings = Settings(_env_file=None)
    assert PASSWORD not in repr(settings)  # a secret, like the token
    db = make_database(settings.journal_url())
    assert isinstance(db, PostgresDatabase)
    assert db.describe() == "postgresql://bot@db:5432/journal"
    assert isinstance(make_database("sqlite:///rel/j.sqlite3"), SQLiteDatabase)
    assert make_database("sqlite:////abs/j.sqlite3").path.as_posix() == "/abs/j.sqlite3"
    assert make_database("data/j.sqlite3").path.as_posix() == "data/j.sqlite3"


@pytest.mark.parametrize("url", [
    f"mysql://bot:{PASSWORD}@127.0.0.1/journal",       # not a backend
    "sqlite://relative.sqlite3",                       # not sqlite:///…
    f"postgresql://bot:{PASSWORD}@127.0.0.1:1/journal",  # nothing listens there
    f"postgresql://bot:{PASSWORD}@no-such-host.invalid/journal",
])
async def test_a_wrong_or_unreachable_url_is_one_plain_line(url):
    with pytest.raises(StorageError) as caught:
        await open_database(url)
    line = str(caught.value)
    assert "\n" not in line and PASSWORD not in line and "DATABASE_URL" in line
    error = caught.value  # nothing chained: a traceback would show the driver's message
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)


@pytest.fixture
def pg_admin():
    url = backends.pg_admin_url()
    if url is None:
        pytest.skip("TEST_DATABASE_URL=skip")
    return url


async def test_a_missing_database_or_permission_is_one_plain_line(pg_admin):
    missing = backends.with_database(pg_admin, f"no_such_{secrets.token_hex(4)}")
    with pytest.raises(StorageError, match="does not exist"):
        await open_database(missing)
    # a role that may log in but not create tables (PostgreSQL 15: no CREATE on public)
    role, name = f"noperm_{secrets.token_hex(4)}", f"test_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(pg_admin)
    try:
        await admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}'")
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = backends.with_database(pg_admin, name).replace(
            "://postgres@", f"://{role}:{PASSWORD}@")
        with pytest.raises(StorageError) as caught:
            await open_database(url)
        line = str(caught.value)
        assert "permission denied" in line and PASSWORD not in line and "\n" not in line
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f"DROP ROLE IF EXISTS {role}")
        await admin.close()


async def test_postgresql_migrates_in_steps_and_two_processes_at_once(pg_admin):
    """An older PostgreSQL journal is upgraded in place; two processes starting on a new
    database at the same instant apply every migration once."""
    names = [f"test_{secrets.token_hex(6)}" for _ in range(2)]
    admin = await asyncpg.connect(pg_admin)
    try:
        for name in names:
            await admin.execute(f'CREATE DATABASE "{name}"')
        old_url, new_url = (backends.with_database(pg_admin, n) for n in names)
        db = await open_database(old_url, migrate_to=3)
        assert await db.schema_version() == 3
        await db.execute("INSERT INTO users (user_id, chat_id, created_utc, updated_utc)"
                         " VALUES (1, 1, 0, 0)")
        await db.close()
        db = await open_database(old_url)
        assert await db.schema_version() == storage_db.LATEST_VERSION
        assert (await db.fetchrow("SELECT digest_enabled FROM users"))[0] == 1
        await db.close()

        both = await asyncio.gather(open_database(new_url), open_database(new_url))
        rows = await both[0].fetchall("SELECT version FROM schema_migrations ORDER BY 1")
        assert [r[0] for r in rows] == [v for v, _ in storage_db.migration_scripts()]
        for db in both:
            await db.close()
    finally:
        for name in names:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


# --- placeholders and schema ----------------------------------------------------------------

def test_placeholders_are_translated_outside_literals_and_casts():
    assert translate("SELECT ? , ?") == ("SELECT $1 , $2", None)
    assert translate("SELECT * FROM t WHERE a = ?1 OR b = ?1 AND c != ?2") == (
        "SELECT * FROM t WHERE a = $1 OR b = $1 AND c != $2", None)
    assert translate("SELECT :b, :a, :b") == ("SELECT $1, $2, $1", ("b", "a"))
    assert translate("SELECT '?', 'it''s :x', \"?\", x::text, ? -- ?\n") == (
        "SELECT '?', 'it''s :x', \"?\", x::text, $1 -- ?\n", None)
    assert translate("LIKE ? ESCAPE '\\' AND ?") == ("LIKE $1 ESCAPE '\\' AND $2", None)
    with pytest.raises(ValueError):
        translate("SELECT ?, :name")


def test_every_migration_has_a_postgresql_form_with_the_same_number():
    sqlite_versions = [v for v, _ in storage_db.migration_scripts()]
    assert [v for v, _, _ in pg_migrations()] == sqlite_versions


async def test_both_schemas_have_the_same_columns_in_the_same_order(pg_server, tmp_path):
    """Rows, exports and copies are the same only if every table has the same columns."""
    sqlite_db = await open_database(f"sqlite:///{tmp_path / 'j.sqlite3'}")
    try:
        names = [r[0] for r in await sqlite_db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_fts%'"
            " ORDER BY name")]
        lite = {n: [r["name"] for r in await sqlite_db.fetchall(f'PRAGMA table_info("{n}")')]
                for n in names}
    finally:
        await sqlite_db.close()
    rows = backends.rows(pg_server, "SELECT table_name, column_name FROM"
                         " information_schema.columns WHERE table_schema = 'public' AND"
                         " table_name <> 'schema_migrations' ORDER BY table_name,"
                         " ordinal_position")
    pg: dict[str, list[str]] = {}
    for row in rows:
        pg.setdefault(row[0], []).append(row[1])
    assert pg == lite


# --- the unit of work -------------------------------------------------------------------

async def _user(db, user_id: int) -> None:
    await db.execute("INSERT INTO users (user_id, chat_id, created_utc, updated_utc)"
                     " VALUES (?, ?, 0, 0)", (user_id, user_id))


async def test_a_units_writes_commit_together_with_the_applied_mark(journal, journal_url):
    db = journal
    await _user(db, 1)
    await update_inbox.receive(db, [{"update_id": 10}, {"update_id": 11}], 0)
    with unit_of_work(db, 10) as unit:
        await entries.inbox_add(db, 1, "kept text", 0)
        assert current_unit() is unit and unit.open
        assert await entries.inbox_list(db, 1) != []  # the unit reads its own writes
        if journal.dialect == "postgres":  # others see nothing before the flush
            assert backends.rows(journal_url, "SELECT * FROM inbox") == []
        await unit.flush()
    assert [r[0] for r in backends.rows(journal_url, "SELECT text FROM inbox")] == ["kept text"]
    states = backends.rows(journal_url, "SELECT update_id, state FROM update_inbox"
                           " ORDER BY update_id")
    assert [tuple(r) for r in states] == [(10, "applied"), (11, "new")]

    with unit_of_work(db, 11) as unit:  # a handler fails: nothing of it stays, not the mark
        await entries.inbox_add(db, 1, "lost", 0)
        await unit.fail(RuntimeError("boom"))
        await unit.rollback()
    assert [r[0] for r in backends.rows(journal_url, "SELECT text FROM inbox")] == ["kept text"]
    assert backends.rows(journal_url, "SELECT state FROM update_inbox WHERE"
                         " update_id = 11")[0][0] == "new"


async def test_units_of_many_updates_run_at_once(journal):
    """Sixteen updates of sixteen users, each in its own unit, interleaved."""
    db = journal
    for uid in range(1, 17):
        await _user(db, uid)
    await update_inbox.receive(db, [{"update_id": uid} for uid in range(1, 17)], 0)

    async def handle(uid: int) -> None:
        with unit_of_work(db, uid) as unit:
            entry = await entries.create_draft(db, uid, "2026-11-28", "log", None, 0)
            await asyncio.sleep(0)
            await entries.save_answer(db, uid, entry.entry_id, "who", "Mia", "problem", 0)
            await unit.flush()

    await asyncio.gather(*(handle(uid) for uid in range(1, 17)))
    row = await db.fetchrow("SELECT COUNT(*) FROM entries WHERE who = 'Mia'")
    assert row[0] == 16
    row = await db.fetchrow("SELECT COUNT(*) FROM update_inbox WHERE state = 'applied'")
    assert row[0] == 16


# --- claims from two processes at once ------------------------------------------------------

class Recorder:
    def __init__(self, sent: list) -> None:
        self.sent = sent

    async def send_prompt(self, user, prompt) -> int:
        await asyncio.sleep(0.001)
        self.sent.append((user.user_id, prompt.kind, prompt.local_date))
        return len(self.sent)

    async def send_digest(self, user, text, chart=None) -> int:  # pragma: no cover
        self.sent.append((user.user_id, "digest", ""))
        return len(self.sent)


async def test_two_dispatchers_on_two_connections_never_send_twice(journal_url):
    """Two bot processes (two pools, or two SQLite connections) claim the same due users at
    the same instant: every user gets exactly one question."""
    clock = ManualClock(datetime(2026, 11, 28, 3, 0, tzinfo=UTC))
    first, second = await open_database(journal_url), await open_database(journal_url)
    try:
        accounts = Accounts(first, clock)
        for uid in range(1, 201):
            user, _ = await accounts.register(uid, uid, "en")
            user = await accounts.set_timezone(user, "Asia/Tokyo")
            await accounts.set_checkin_time(user, time(21, 0))
        clock.set(datetime(2026, 11, 28, 12, 0, 5, tzinfo=UTC))
        sent: list = []
        dispatchers = [Dispatcher(db, clock, Recorder(sent), grace=timedelta(minutes=180))
                       for db in (first, second)]
        for d in dispatchers:
            d.batch_size = 50  # several passes each, interleaved
        for _ in range(6):
            await asyncio.gather(*(d.run_once() for d in dispatchers))
        assert sorted(uid for uid, _, _ in sent) == list(range(1, 201))
        row = await first.fetchrow("SELECT COUNT(*), COUNT(DISTINCT user_id) FROM prompts")
        assert tuple(row) == (200, 200)
    finally:
        await first.close()
        await second.close()


@pytest.mark.parametrize("slot", scheduled.SLOTS, ids=lambda s: s.table)
async def test_claims_at_the_same_instant_make_one_row(journal, slot):
    """Five passes claim one user's due message at once (five pooled connections on
    PostgreSQL): one wins, and the period's row is never made twice."""
    db = journal
    await _user(db, 1)
    await db.execute(f"UPDATE users SET {slot.next_utc} = 100 WHERE user_id = 1")
    claim = dict(due_utc=100, period="2026-11-23", local_date="2026-11-29", next_utc=200,
                 next_date="2026-12-06", status="claimed", now=1)
    results = await asyncio.gather(*(scheduled.claim(db, slot, 1, **claim) for _ in range(5)))
    assert sum(r is not None for r in results) == 1
    await db.execute(f"UPDATE users SET {slot.next_utc} = 100 WHERE user_id = 1")
    assert await scheduled.claim(db, slot, 1, **claim) is None  # that period's row exists
    assert len(await db.fetchall(f"SELECT * FROM {slot.table}")) == 1


# --- the same journal, the same export --------------------------------------------------

async def write_journal(db) -> None:
    """Every kind of record /export writes, with awkward text."""
    clock = ManualClock(datetime(2026, 11, 2, 12, 0, tzinfo=UTC))
    accounts = Accounts(db, clock)
    user, _ = await accounts.register(1, 1, "ja")
    user = await accounts.set_timezone(user, "Asia/Tokyo")
    for day in range(1, 21):
        date = f"2026-11-{day:02d}"
        await entries.add_done(db, 1, date, f"佐藤さん{day}", f"転職の相談 \"{day}\" 50%",
                               "話を聞いた\n二行目", None if day % 3 else "よかった 🙂",
                               "quick", None, 1_700_000_000 + day)
        if day % 4 == 0:
            await entries.add_nothing(db, 1, date, None, 1_700_000_000 + day)
        if day % 5 == 0:
            await thanks.insert(db, 1, {
                "status": "kept", "source": "forward", "kind": "photo", "sender_name": "Mia",
                "text": "ありがとう! <b>x</b>", "entities": '[{"type":"bold"}]',
                "received_utc": 1_700_000_100 + day, "local_date": date,
                "dedupe_key": f"k{day}"}, [("photo", f"f{day}", f"u{day}", '{"w": 1}')])
    await digests.set_intention(db, 1, "2026-11-23", "母を手伝う", 1_700_000_000)
    # notes (two on one record), a thank-you shown again, a merge of two names
    first = await db.fetchrow("SELECT MIN(entry_id) FROM entries WHERE status = 'done'")
    kept = await db.fetchrow("SELECT MIN(thanks_id) FROM thanks WHERE status = 'kept'")
    await notes.add_note(db, 1, "e", first[0], "お茶を持っていった")
    await notes.add_note(db, 1, "e", first[0], "second line, 100%")
    await notes.add_note(db, 1, "t", kept[0], "she brought cake")
    await notes.remember_replies(db, [(1, "e", first[0], 4242)])
    # a voice message as a how, and the varied question its outcome answered
    await db.execute("UPDATE entries SET voice_file_id = 'voice-1', voice_duration = 42,"
                     " outcome_question = 'result' WHERE entry_id = ?", (first[0] + 1,))
    await thanks.record_shown(db, 1, kept[0], "smile", 1_700_000_300)
    await people.add_alias(db, 1, "sato", "佐藤", "Sato", "佐藤さん", 1_700_000_400)


async def test_export_is_byte_for_byte_the_same_on_both_backends(pg_server, tmp_path):
    await backends.empty_pg(pg_server)
    now = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
    outputs = []
    for url in (f"sqlite:///{tmp_path / 'j.sqlite3'}", pg_server):
        db = await open_database(url)
        try:
            await write_journal(db)
            made = await export.export(db, 1, now)
            assert made is not None
            outputs.append([(f.filename, f.data) for f in made.files])
        finally:
            await db.close()
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) >= 2


def test_sqlite_file_is_still_a_plain_sqlite_file(tmp_path):
    async def make() -> None:
        db = await open_database(f"sqlite:///{tmp_path / 'j.sqlite3'}")
        await db.close()

    asyncio.run(make())
    conn = sqlite3.connect(tmp_path / "j.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == storage_db.LATEST_VERSION
    conn.close()
