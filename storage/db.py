"""The SQLite connection: pragmas, numbered migrations, and serialised write transactions.

One aiosqlite connection serves the whole bot. Writes go through ``transaction()``, which
holds an asyncio lock so that statements from concurrent handlers never interleave inside
another handler's transaction.

While one inbox update is handled, its writes form one *unit of work* (``unit_of_work``):
every ``transaction()`` joins a single SQLite transaction that also marks the update
``applied`` in the inbox, and that transaction is committed (``flush_unit``) just before the
bot next talks to Telegram, so the lock is never held across a network call. A crash
therefore never separates an update's effects from the mark that says they happened, and a
restart never applies them twice. An exception escaping a write rolls back everything the
update wrote since the last flush.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

# Query parameters: positional (``?``) or named (``:name``).
Params = Sequence[Any] | Mapping[str, Any]

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migration_scripts() -> list[tuple[int, str]]:
    """All migrations shipped with the package, as (version, sql), in order."""
    found = []
    for item in resources.files("storage.migrations").iterdir():
        match = _MIGRATION_NAME.match(item.name)
        if match:
            found.append((int(match.group(1)), item.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..N without gaps, got {versions}")
    return found


LATEST_VERSION = len(migration_scripts())
MIN_SQLITE = (3, 35, 0)  # FTS5 trigram tokenizer (3.34, migration 0004); RETURNING (3.35)


class UnitOfWork:
    """The writes made while handling one inbox update (see the module docstring)."""

    def __init__(self, db: Database, update_id: int) -> None:
        self.db = db
        self.update_id = update_id
        self.open = False     # a transaction is open, holding the database's lock
        self.applied = False  # some of this update's effects are committed
        self.error: BaseException | None = None  # a handler failed (set by the error handler)

    @asynccontextmanager
    async def step(self) -> AsyncIterator[aiosqlite.Connection]:
        conn = self.db.conn
        if not self.open:
            await self.db._lock.acquire()
            try:
                # one trip to the database thread for both (the id is an int, not input)
                await conn.executescript(
                    "BEGIN IMMEDIATE; UPDATE update_inbox SET state = 'applied'"
                    f" WHERE update_id = {int(self.update_id)} AND state = 'new';")
            except BaseException:
                await self._end("ROLLBACK")
                raise
            self.open = True
        try:
            yield conn
        except BaseException:
            await self.rollback()
            raise

    async def flush(self) -> None:
        """Commit what this update wrote so far and release the lock."""
        if self.open:
            await self._end("COMMIT")
            self.applied = True

    async def fail(self, error: BaseException) -> None:
        """A handler failed: undo what this update wrote since the last flush."""
        self.error = error
        await self.rollback()

    async def rollback(self) -> None:
        if self.open:
            await self._end("ROLLBACK")

    async def _end(self, statement: str) -> None:
        self.open = False
        conn = self.db.conn

        async def end() -> None:
            try:
                if statement == "ROLLBACK":
                    with contextlib.suppress(sqlite3.OperationalError):  # none was active
                        await conn.execute(statement)
                    return
                try:
                    await conn.execute(statement)
                except BaseException:  # a COMMIT that failed (disk full…): undo, report
                    with contextlib.suppress(sqlite3.OperationalError):
                        await conn.execute("ROLLBACK")
                    raise
            finally:
                self.db._lock.release()

        await _to_completion(end())


async def _to_completion(coro: Any) -> None:
    """Run ``coro`` to its end even if the caller is cancelled meanwhile (a COMMIT or
    ROLLBACK must finish before the lock is released), then pass the cancellation on."""
    task = asyncio.ensure_future(coro)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.wait([task])
        raise


_unit: ContextVar[UnitOfWork | None] = ContextVar("storage_unit_of_work", default=None)


@contextmanager
def unit_of_work(db: Database, update_id: int) -> Iterator[UnitOfWork]:
    """Make ``db``'s transactions in this task (and its context) join one unit of work for
    inbox update ``update_id``. The caller commits or rolls it back."""
    unit = UnitOfWork(db, update_id)
    token = _unit.set(unit)
    try:
        yield unit
    finally:
        _unit.reset(token)


def current_unit() -> UnitOfWork | None:
    return _unit.get()


async def flush_unit() -> None:
    """Commit the current update's writes, if any: called before every request to Telegram."""
    unit = _unit.get()
    if unit is not None:
        await unit.flush()


def make_private(path: Path) -> None:
    """Owner-only permissions on a journal file (database, WAL, SHM, backups)."""
    try:
        os.chmod(path, 0o600)
    except FileNotFoundError:
        pass


class Database:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    async def open(self, *, migrate_to: int | None = None) -> Database:
        if sqlite3.sqlite_version_info < MIN_SQLITE:
            raise RuntimeError(
                f"SQLite {sqlite3.sqlite_version} is too old: the journal needs "
                f"{'.'.join(map(str, MIN_SQLITE))} or newer with FTS5 (Python's sqlite3 module "
                "is linked against the system library)")
        private = str(self.path) != ":memory:"
        if private:
            _private_folder(self.path.parent)
            # created 0600 before SQLite opens it, whatever the umask; SQLite gives the WAL
            # and SHM files the database file's permissions
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
            make_private(self.path)
        self._conn = await aiosqlite.connect(self.path, isolation_level=None)
        self._conn.row_factory = aiosqlite.Row
        await self._conn.execute("PRAGMA journal_mode = WAL")
        await self._conn.execute("PRAGMA synchronous = NORMAL")
        await self._conn.execute("PRAGMA foreign_keys = ON")
        await self._conn.execute("PRAGMA busy_timeout = 5000")
        await self._conn.execute("PRAGMA secure_delete = ON")  # erased data is overwritten
        await self.migrate(migrate_to)
        if private:
            for suffix in ("-wal", "-shm"):
                make_private(self.path.with_name(self.path.name + suffix))
        return self

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def schema_version(self) -> int:
        row = await self.fetchrow("PRAGMA user_version")
        return int(row[0])

    async def migrate(self, target: int | None = None) -> None:
        """Apply every migration newer than the file's user_version (up to ``target``)."""
        current = await self.schema_version()
        for version, sql in migration_scripts():
            if version <= current or (target is not None and version > target):
                continue
            log.info("applying migration %04d", version)
            async with self._lock:
                await self.conn.executescript(
                    f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;"
                )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """An IMMEDIATE transaction; committed on success, rolled back on any error. Inside
        an inbox update's unit of work, the unit's transaction (committed by its flush)."""
        unit = _unit.get()
        if unit is not None and unit.db is self:
            async with unit.step() as conn:
                yield conn
            return
        async with self._lock:
            try:
                await self.conn.execute("BEGIN IMMEDIATE")
                yield self.conn
            except BaseException:
                await _to_completion(self._rollback())
                raise
            else:
                await _to_completion(self.conn.execute("COMMIT"))

    async def _rollback(self) -> None:
        # Queued behind whatever this task sent (even a BEGIN cut short by a cancellation),
        # so it ends the transaction that statement may have opened.
        with contextlib.suppress(sqlite3.OperationalError):  # no transaction was active
            await self.conn.execute("ROLLBACK")

    async def checkpoint(self) -> aiosqlite.Row | None:
        """Copy the write-ahead log into the file and truncate it, between transactions."""
        await flush_unit()
        async with self._lock, self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor:
            return await cursor.fetchone()

    async def execute(self, sql: str, params: Params = ()) -> aiosqlite.Cursor:
        """One statement in its own transaction."""
        async with self.transaction() as conn:
            return await conn.execute(sql, params)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        """The row of a query that yields at most one (by key, an aggregate, LIMIT 1)."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchrow(self, sql: str, params: Params = ()) -> aiosqlite.Row:
        """The row of a query that always returns exactly one (``COUNT``, an aggregate
        without ``GROUP BY``, a ``PRAGMA``)."""
        row = await self.fetchone(sql, params)
        if row is None:
            raise LookupError("a single-row query returned no row")
        return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        # One trip to the database thread (execute, fetch and close together), not three.
        return list(await self.conn.execute_fetchall(sql, params))


def inserted_id(cursor: aiosqlite.Cursor) -> int:
    """The rowid of the row an ``INSERT`` just added (check ``rowcount`` first after an
    ``INSERT OR IGNORE``)."""
    if cursor.lastrowid is None:
        raise LookupError("no row was inserted")
    return cursor.lastrowid


def _private_folder(folder: Path) -> None:
    """Create the data folder owner-only (0700), whatever the umask. A folder that exists
    already is left as it is (it may be shared, like /tmp); the files in it are 0600."""
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)  # mkdir's mode is filtered through the umask
