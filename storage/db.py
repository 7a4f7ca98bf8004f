"""The storage seam (``Database``, ``Tx``) and its SQLite implementation: pragmas, numbered
migrations, and serialised write transactions.

Storage modules (storage/*.py) hold the SQL as functions ``async def fn(db: Database, …)``.
They talk to the seam only: ``db.fetchall/fetchone/fetchrow/execute/executemany`` and
``async with db.transaction() as tx`` (``tx.execute`` → a ``Result`` with ``rowcount``,
``tx.fetchall``, ``tx.fetchone``). SQL is written once, with ``?`` placeholders (or ``:name``,
``?1``); ``storage.postgres`` translates them for asyncpg. What differs between SQLite and
PostgreSQL is in ``storage.dialect``, both forms side by side. ``open_database(url)`` picks
the backend from ``DATABASE_URL``; ``Database(path)`` still opens a SQLite file.

One ``sqlite3`` connection serves the whole bot, and its statements run on the event loop's
own thread: they are indexed and take tens of microseconds, less than a hand-off to a
database thread and back (measured by ``bench.intake``: the thread trips of aiosqlite, about
eight per answer, cost a third of the bot's CPU). The WAL checkpoint after an erase, which
may copy many pages, runs in a worker thread on a connection of its own; migrations run at
start-up, before anything else. Writes go through ``transaction()``, which holds an asyncio
lock so that statements from concurrent handlers never interleave inside another handler's
transaction. The journal has one process (``bot.runner.lock_journal``), so a write waits for
no other writer except an operator's command line tool (``busy_timeout``). What does take
the loop's thread for a while, rarely: SQLite's own checkpoint inside a COMMIT every 1,000
pages of the write-ahead log, and rebuilding the search index after an erase.

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
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

# Query parameters: positional (``?``, ``?1``) or named (``:name``).
Params = Sequence[Any] | Mapping[str, Any]
# A result row: ``row[0]``, ``row["column"]`` and ``row.keys()`` work on both backends.
Row = Any


class StorageError(Exception):
    """The journal cannot be opened: one plain line for the operator (never a password)."""


@dataclass(frozen=True)
class Result:
    """What a write statement did: rows changed, and (SQLite only) the rowid it inserted.
    Portable code reads an inserted id with ``INSERT … RETURNING id`` and ``fetchone``."""
    rowcount: int
    lastrowid: int | None = None


class Tx(Protocol):
    """The statements of one transaction (``async with db.transaction() as tx``)."""

    async def execute(self, sql: str, params: Params = ()) -> Result: ...

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...


class SQLiteTx:
    """``Tx`` on the one ``sqlite3`` connection (statements run where they are awaited)."""

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: Params = ()) -> Result:
        cursor = self.conn.execute(sql, params)
        return Result(cursor.rowcount, cursor.lastrowid)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return self.conn.execute(sql, params).fetchall()

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migration_scripts() -> list[tuple[int, str]]:
    """All migrations shipped with the package, as (version, sql), in order."""
    found = []
    for item in resources.files("storage.migrations").iterdir():
        match = _MIGRATION_NAME.match(item.name)
        if match:
            found.append((int(match.group(1)), item.read_text(encoding="utf-8")))
    found.sort()
    check_versions([v for v, _ in found])
    return found


def check_versions(versions: list[int]) -> None:
    """Migrations are numbered 1..N, each number once, without gaps: a journal at version N
    has applied every one up to N (a number filled in later would never run on it)."""
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..N without gaps, got {versions}")


LATEST_VERSION = migration_scripts()[-1][0]
MIN_SQLITE = (3, 35, 0)  # FTS5's trigram tokenizer (3.34, search), RETURNING (3.35)


class UnitOfWork:
    """The writes made while handling one inbox update (see the module docstring)."""

    def __init__(self, db: Database, update_id: int) -> None:
        self.db = db
        self.update_id = update_id
        self.open = False     # a transaction is open, holding the database's lock
        self.applied = False  # some of this update's effects are committed
        self.error: BaseException | None = None  # a handler failed (set by the error handler)

    @asynccontextmanager
    async def step(self) -> AsyncIterator[Tx]:
        assert isinstance(self.db, SQLiteDatabase)
        conn = self.db.conn
        if not self.open:
            await self.db._lock.acquire()
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("UPDATE update_inbox SET state = 'applied'"
                             " WHERE update_id = ? AND state = 'new'", (self.update_id,))
            except BaseException:
                await self._end("ROLLBACK")
                raise
            self.open = True
        try:
            yield SQLiteTx(conn)
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
        db = self.db
        assert isinstance(db, SQLiteDatabase)
        self.open = False
        conn = db.conn
        try:
            if statement == "ROLLBACK":
                _rollback(conn)
                return
            try:
                conn.execute(statement)
            except BaseException:  # a COMMIT that failed (disk full…): undo, report
                _rollback(conn)
                raise
        finally:
            db._lock.release()


def _rollback(conn: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.OperationalError):  # no transaction was active
        conn.execute("ROLLBACK")


_unit: ContextVar[UnitOfWork | None] = ContextVar("storage_unit_of_work", default=None)


@contextmanager
def unit_of_work(db: Database, update_id: int) -> Iterator[UnitOfWork]:
    """Make ``db``'s transactions in this task (and its context) join one unit of work for
    inbox update ``update_id``. The caller commits or rolls it back."""
    unit = db.new_unit(update_id)
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
    """The seam: what storage modules call, whichever database is behind it.

    ``Database(path)`` opens a SQLite file (``SQLiteDatabase``), as it always has;
    ``open_database(url)`` chooses by URL; ``storage.postgres.PostgresDatabase`` is the other
    implementation. Subclasses provide ``open``, ``close``, ``transaction``, ``fetchall``,
    ``schema_version``, ``new_unit`` and ``describe``.
    """

    dialect = "sqlite"  # the key of this backend's forms in storage.dialect
    shared = False  # several processes may use it at once (PostgreSQL), each updates' lane
    #                 then taken through an inbox lease, scheduled messages sent by one of them

    def __new__(cls, *args: Any, **kwargs: Any) -> Database:
        if cls is Database:  # Database(path): the SQLite journal file
            cls = SQLiteDatabase
        return super().__new__(cls)

    async def open(self, *, migrate_to: int | None = None) -> Database:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    def describe(self) -> str:
        """Where the journal is, for logs and errors (never a password)."""
        raise NotImplementedError

    async def schema_version(self) -> int:
        raise NotImplementedError

    def new_unit(self, update_id: int) -> UnitOfWork:
        raise NotImplementedError

    def transaction(self) -> contextlib.AbstractAsyncContextManager[Tx]:
        """A write transaction; committed on success, rolled back on any error. Inside an
        inbox update's unit of work, the unit's transaction (committed by its flush)."""
        raise NotImplementedError

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        raise NotImplementedError

    async def checkpoint(self) -> Row | None:
        """SQLite: copy the write-ahead log into the file. Elsewhere nothing to do."""
        return None

    async def try_lock(self, key: int) -> bool:
        """Hold the process-wide lock ``key`` until ``unlock`` or the end of the process
        (or of its connection): True when this process holds it. A SQLite journal is used by
        one process (``bot.runner.lock_journal``), which holds every lock."""
        return True

    async def unlock(self, key: int) -> None:
        return None

    async def execute(self, sql: str, params: Params = ()) -> Result:
        """One statement in its own transaction."""
        async with self.transaction() as tx:
            return await tx.execute(sql, params)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        async with self.transaction() as tx:
            await tx.executemany(sql, rows)

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        """The row of a query that yields at most one (by key, an aggregate, LIMIT 1)."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchrow(self, sql: str, params: Params = ()) -> Row:
        """The row of a query that always returns exactly one (``COUNT``, an aggregate
        without ``GROUP BY``, a ``PRAGMA``)."""
        row = await self.fetchone(sql, params)
        if row is None:
            raise LookupError("a single-row query returned no row")
        return row


class SQLiteDatabase(Database):
    """The journal in one SQLite file (see the module docstring)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = asyncio.Lock()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    def describe(self) -> str:
        return str(self.path)

    def new_unit(self, update_id: int) -> UnitOfWork:
        return UnitOfWork(self, update_id)

    async def open(self, *, migrate_to: int | None = None) -> SQLiteDatabase:
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
        self._conn = sqlite3.connect(self.path, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON",
                       "busy_timeout = 5000",
                       "secure_delete = ON"):  # erased data is overwritten
            self._conn.execute(f"PRAGMA {pragma}")
        await self.migrate(migrate_to)
        if private:
            for suffix in ("-wal", "-shm"):
                make_private(self.path.with_name(self.path.name + suffix))
        return self

    async def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
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
            async with self._lock:  # at start-up: nothing else runs yet
                self.conn.executescript(
                    f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """An IMMEDIATE transaction; committed on success, rolled back on any error. Inside
        an inbox update's unit of work, the unit's transaction (committed by its flush)."""
        unit = _unit.get()
        if unit is not None and unit.db is self:
            async with unit.step() as tx:
                yield tx
            return
        async with self._lock:
            conn = self.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield SQLiteTx(conn)
            except BaseException:
                _rollback(conn)
                raise
            else:
                try:
                    conn.execute("COMMIT")
                except BaseException:  # disk full…: undo, report
                    _rollback(conn)
                    raise

    async def checkpoint(self) -> Row | None:
        """Copy the write-ahead log into the file and truncate it, between transactions: in
        a worker thread on a connection of its own (it may copy many pages), holding the
        write lock so that no transaction of this one starts meanwhile."""
        await flush_unit()
        path = self.path

        def run() -> Row | None:
            conn = sqlite3.connect(path, isolation_level=None)
            try:
                conn.execute("PRAGMA busy_timeout = 5000")
                return conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                conn.close()

        async with self._lock:
            task = asyncio.ensure_future(asyncio.to_thread(run))
            try:
                return await asyncio.shield(task)
            except asyncio.CancelledError:  # the lock is held until the thread is done
                await asyncio.wait([task])
                raise

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return self.conn.execute(sql, params).fetchall()


def inserted_id(result: Result) -> int:
    """The rowid of the row an ``INSERT`` just added, on SQLite only: portable code says
    ``INSERT … RETURNING id`` and reads it with ``fetchone`` (PostgreSQL has no rowid)."""
    if result.lastrowid is None:
        raise LookupError("no row id: use INSERT … RETURNING (PostgreSQL has no lastrowid)")
    return result.lastrowid


def _private_folder(folder: Path) -> None:
    """Create the data folder owner-only (0700), whatever the umask. A folder that exists
    already is left as it is (it may be shared, like /tmp); the files in it are 0600."""
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)  # mkdir's mode is filtered through the umask


# --- choosing the backend -------------------------------------------------------------------

def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///path`` URL (``sqlite:////abs/path`` is absolute); None when
    ``url`` is not a SQLite URL."""
    if not url.startswith("sqlite:"):
        return None
    rest = url[len("sqlite:"):]
    if not rest.startswith("///") or len(rest) == 3:
        raise StorageError("DATABASE_URL: a SQLite URL is sqlite:///relative/path or "
                           "sqlite:////absolute/path")
    return Path(rest[3:])


def redact(url: str) -> str:
    """``url`` without its password (for logs and error lines)."""
    return re.sub(r"^([a-z0-9+.-]+://[^:/@]*):[^@]*@", r"\1:***@", url, flags=re.I)


def make_database(url: str, *, connections: int = 20) -> Database:
    """The (unopened) database a ``DATABASE_URL`` names: ``sqlite:///…`` or a plain path →
    SQLite, ``postgresql://…`` (or ``postgres://…``) → PostgreSQL."""
    path = sqlite_path(url)
    if path is not None:
        return SQLiteDatabase(path)
    if url.startswith(("postgresql://", "postgres://")):
        from storage.postgres import PostgresDatabase  # asyncpg only when it is used
        return PostgresDatabase(url, pool_size=connections)
    if "://" in url:
        raise StorageError(f"DATABASE_URL {redact(url)!r} is neither sqlite:///path nor "
                           "postgresql://user:password@host:port/database")
    return SQLiteDatabase(Path(url))


async def open_database(url: str, *, migrate_to: int | None = None,
                        connections: int = 20) -> Database:
    """Open (and migrate) the journal ``url`` names. Any failure is a ``StorageError`` with
    one plain line: where, what went wrong, never the password. ``connections``: at most
    this many at once to a server (each inbox update being handled holds one)."""
    db = make_database(url, connections=connections)
    try:
        return await db.open(migrate_to=migrate_to)
    except StorageError:
        raise
    except (OSError, sqlite3.Error) as exc:  # e.g. the data folder is not writable
        if not isinstance(db, SQLiteDatabase):
            raise
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise StorageError(
            f"Cannot open the journal at {db.describe()}: {reason or type(exc).__name__}. "
            "Check DATABASE_PATH (or DATABASE_URL) and its folder's permissions.") from None
