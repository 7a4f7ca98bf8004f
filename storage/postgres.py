"""The journal in PostgreSQL, through an asyncpg connection pool: the same seam as SQLite's
``storage.db.Database``, the same SQL text.

* Placeholders: storage modules write SQLite's ``?`` (or ``?1``, ``:name``); ``translate``
  rewrites a statement once into asyncpg's ``$1, $2…`` (cached), skipping string literals,
  quoted names, comments and ``::`` casts.
* Transactions: ``transaction()`` takes a pooled connection for one ``BEGIN … COMMIT``.
  PostgreSQL's row locks replace SQLite's one writer: writes of different users run at once;
  a claim is a conditional ``UPDATE`` (the second of two concurrent claims waits for the
  first, re-reads the row, and changes nothing) plus the same unique indexes.
* Unit of work: the first write while handling an inbox update takes a connection from the
  pool, begins, and marks the update ``applied`` there; every later write and read of that
  update uses the same connection (so it reads its own writes), until ``flush`` commits and
  gives the connection back, just before the bot next talks to Telegram.
* Migrations: ``storage/migrations/postgres/NNNN_name.sql``, the same numbers as SQLite's,
  each recorded in ``schema_migrations``; an advisory lock keeps two starting processes from
  applying one twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import asyncpg

from storage.db import (
    _MIGRATION_NAME,
    Database,
    Params,
    Result,
    Row,
    StorageError,
    Tx,
    UnitOfWork,
    _unit,
    check_versions,
    redact,
)

log = logging.getLogger(__name__)

MIGRATION_LOCK = 0x6A6F75726E616C  # pg_advisory_xact_lock key while migrating ("journal")

# A string literal, a quoted name, a comment, a cast, or a placeholder (?, ?N, :name).
_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|::|\?(\d+)?|:([A-Za-z_]\w*)""")


@lru_cache(maxsize=2048)
def translate(sql: str) -> tuple[str, tuple[str, ...] | None]:
    """``sql`` with asyncpg's ``$n`` placeholders, and the parameter names in ``$n`` order
    when it used ``:name`` (None for positional ``?`` and ``?N``)."""
    names: list[str] = []
    count = 0
    style: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        text = match.group(0)
        if text.startswith("?"):
            if match.group(1):
                style.add("?N")
                return f"${int(match.group(1))}"
            style.add("?")
            count += 1
            return f"${count}"
        if match.group(2):
            style.add(":")
            name = match.group(2)
            if name not in names:
                names.append(name)
            return f"${names.index(name) + 1}"
        return text  # a literal, a name, a comment or a cast

    out = _TOKEN.sub(replace, sql)
    if len(style) > 1:
        raise ValueError(f"mixed placeholder styles {sorted(style)} in: {sql}")
    return out, (tuple(names) if ":" in style else None)


def _args(names: tuple[str, ...] | None, params: Params) -> Sequence[Any]:
    if names is not None:
        if not isinstance(params, Mapping):
            raise TypeError("named placeholders need a mapping of parameters")
        return [params[name] for name in names]
    if isinstance(params, Mapping):
        raise TypeError("positional placeholders need a sequence of parameters")
    return params


def _rowcount(status: str) -> int:
    """Rows a command changed, from its status tag ("UPDATE 3", "INSERT 0 1")."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class PgTx:
    """``Tx`` on one pooled connection (with the unit's lock when several tasks of one
    update might share it)."""

    __slots__ = ("conn", "lock")

    def __init__(self, conn: asyncpg.Connection, lock: asyncio.Lock | None = None) -> None:
        self.conn = conn
        self.lock = lock

    @asynccontextmanager
    async def _held(self) -> AsyncIterator[None]:
        if self.lock is None:
            yield
        else:
            async with self.lock:
                yield

    async def execute(self, sql: str, params: Params = ()) -> Result:
        query, names = translate(sql)
        async with self._held():
            status = await self.conn.execute(query, *_args(names, params))
        return Result(_rowcount(status))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        query, names = translate(sql)
        if names is not None:
            raise TypeError("executemany takes positional placeholders")
        rows = list(rows)
        if rows:
            async with self._held():
                await self.conn.executemany(query, rows)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        query, names = translate(sql)
        async with self._held():
            return list(await self.conn.fetch(query, *_args(names, params)))

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None


class PgUnit(UnitOfWork):
    """An inbox update's writes on one held connection (see the module docstring)."""

    def __init__(self, db: PostgresDatabase, update_id: int) -> None:
        super().__init__(db, update_id)
        self.pg = db
        self.conn: asyncpg.Connection | None = None
        self.tx: Any = None
        self.lock = asyncio.Lock()

    @asynccontextmanager
    async def step(self) -> AsyncIterator[Tx]:
        if not self.open:
            conn = await self.pg.pool.acquire()
            tx = conn.transaction()
            try:
                await tx.start()
                await conn.execute("UPDATE update_inbox SET state = 'applied'"
                                   " WHERE update_id = $1 AND state = 'new'", self.update_id)
            except BaseException:
                with contextlib.suppress(Exception):
                    await tx.rollback()
                await self.pg.pool.release(conn)
                raise
            self.conn, self.tx, self.open = conn, tx, True
        assert self.conn is not None
        try:
            yield PgTx(self.conn, self.lock)
        except BaseException:
            await self.rollback()
            raise

    async def _end(self, statement: str) -> None:
        self.open = False
        conn, tx = self.conn, self.tx
        self.conn = self.tx = None
        if conn is None:
            return

        async def end() -> None:
            try:
                async with self.lock:
                    if statement == "ROLLBACK":
                        with contextlib.suppress(Exception):  # the connection may be broken
                            await tx.rollback()
                        return
                    try:
                        await tx.commit()
                    except BaseException:
                        with contextlib.suppress(Exception):
                            await tx.rollback()
                        raise
            finally:
                await self.pg.pool.release(conn)

        await _to_completion(end())


async def _to_completion(coro: Any) -> None:
    """Run ``coro`` to its end even if the caller is cancelled meanwhile (a COMMIT or
    ROLLBACK must finish before the connection goes back), then pass the cancellation on."""
    task = asyncio.ensure_future(coro)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.wait([task])
        raise


def migration_scripts() -> list[tuple[int, str, str]]:
    """PostgreSQL's migrations, as (version, name, sql), in order."""
    found = []
    for item in resources.files("storage.migrations").joinpath("postgres").iterdir():
        match = _MIGRATION_NAME.match(item.name)
        if match:
            found.append((int(match.group(1)), item.name, item.read_text(encoding="utf-8")))
    found.sort()
    check_versions([v for v, _, _ in found])
    return found


async def _reset(conn: asyncpg.Connection) -> None:
    """What a connection needs on its way back to the pool: only an interrupted transaction
    ended. (asyncpg's default also resets session settings, advisory locks and LISTENs,
    which this code never leaves behind, at the cost of a round trip per query.)"""
    if conn.is_in_transaction():
        await conn.execute("ROLLBACK")


class PostgresDatabase(Database):
    """The journal in a PostgreSQL database (see the module docstring)."""

    dialect = "postgres"
    shared = True

    def __init__(self, url: str, *, pool_size: int = 20) -> None:
        self.url = url
        self.pool_size = pool_size
        self._pool: asyncpg.Pool | None = None
        # session advisory locks held (e.g. the elected sender's), each on a connection of its
        # own outside the pool: it ends with the process, and PostgreSQL then frees the lock
        self._locks: dict[int, asyncpg.Connection] = {}
        self._held: set[int] = set()

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("database is not open")
        return self._pool

    def describe(self) -> str:
        parts = urlsplit(self.url)
        where = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        user = f"{parts.username}@" if parts.username else ""
        return f"postgresql://{user}{where}{port}{parts.path}"

    def new_unit(self, update_id: int) -> UnitOfWork:
        return PgUnit(self, update_id)

    async def open(self, *, migrate_to: int | None = None) -> PostgresDatabase:
        try:
            self._pool = await asyncpg.create_pool(
                self.url, min_size=1, max_size=self.pool_size, timeout=10,
                statement_cache_size=1000, command_timeout=60, reset=_reset)
            await self.migrate(migrate_to)
        except BaseException as exc:
            await self.close()
            if isinstance(exc, Exception):
                raise StorageError(self._explain(exc)) from None
            raise
        return self

    def _explain(self, exc: Exception) -> str:
        """One line for an operator: where, and what PostgreSQL (or the network) said."""
        where = self.describe()
        if isinstance(exc, (asyncpg.InvalidPasswordError,
                            asyncpg.InvalidAuthorizationSpecificationError)):
            reason = "the server refused the user name or password"
        elif isinstance(exc, asyncpg.InvalidCatalogNameError):
            reason = "that database does not exist"
        elif isinstance(exc, asyncpg.InsufficientPrivilegeError):
            reason = f"permission denied ({exc.args[0] if exc.args else 'no detail'})"
        elif isinstance(exc, (OSError, TimeoutError)):
            reason = f"cannot reach the server ({type(exc).__name__}: {exc.strerror or exc})" \
                if isinstance(exc, OSError) else "no answer from the server within 10 s"
        elif isinstance(exc, asyncpg.PostgresError):
            reason = f"{type(exc).__name__}: {exc.args[0] if exc.args else ''}"
        elif isinstance(exc, ValueError):
            reason = "DATABASE_URL is not a valid postgresql://user:password@host/database URL"
        else:
            reason = type(exc).__name__
        # asyncpg's own messages never carry the password, but make sure of it
        password = urlsplit(self.url).password
        line = f"Cannot open the journal at {where}: {reason}. Check DATABASE_URL."
        return line.replace(password, "***") if password else redact(line)

    async def close(self) -> None:
        for key in list(self._locks):
            await self.unlock(key)
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    async def try_lock(self, key: int) -> bool:
        """``pg_try_advisory_lock`` on a connection of the lock's own (kept between tries).
        Asked again while held, it checks the connection still answers: if the server went
        away, so did the lock."""
        conn = self._locks.get(key)
        try:
            if conn is None or conn.is_closed():
                self._held.discard(key)
                conn = self._locks[key] = await asyncpg.connect(self.url, timeout=10)
            if key in self._held:
                return await conn.fetchval("SELECT 1", timeout=5) == 1
            if await conn.fetchval("SELECT pg_try_advisory_lock($1)", key, timeout=5):
                self._held.add(key)
                return True
            return False
        except (asyncpg.PostgresError, OSError, TimeoutError, asyncpg.InterfaceError) as exc:
            log.warning("the lock %s could not be checked: %s", key, type(exc).__name__)
            self._held.discard(key)
            conn = self._locks.pop(key, None)
            if conn is not None:
                conn.terminate()
            return False

    async def unlock(self, key: int) -> None:
        self._held.discard(key)
        conn = self._locks.pop(key, None)
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close(timeout=2)

    async def schema_version(self) -> int:
        row = await self.fetchrow("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        return int(row[0])

    async def migrate(self, target: int | None = None) -> None:
        """Apply every migration not yet recorded in ``schema_migrations`` (up to
        ``target``), each in its own transaction."""
        wanted = [m for m in migration_scripts() if target is None or m[0] <= target]
        async with self.pool.acquire() as conn:
            exists = await conn.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL")
            if exists:  # the usual start: everything applied, one query
                done = {r[0] for r in await conn.fetch("SELECT version FROM schema_migrations")}
                if all(version in done for version, _, _ in wanted):
                    return
            async with conn.transaction():  # two processes starting at once: one creates it
                await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
                await conn.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                    " name TEXT NOT NULL, applied_utc BIGINT NOT NULL)")
            for version, name, sql in wanted:
                async with conn.transaction():
                    await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
                    done = await conn.fetchval(
                        "SELECT 1 FROM schema_migrations WHERE version = $1", version)
                    if done:
                        continue
                    log.info("applying migration %04d", version)
                    await conn.execute(sql)
                    await conn.execute(
                        "INSERT INTO schema_migrations (version, name, applied_utc)"
                        " VALUES ($1, $2, $3)", version, name, int(time.time()))

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        unit = _unit.get()
        if unit is not None and unit.db is self:
            async with unit.step() as tx:
                yield tx
            return
        async with self.pool.acquire() as conn, conn.transaction():
            yield PgTx(conn)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        unit = _unit.get()
        if isinstance(unit, PgUnit) and unit.db is self and unit.open and unit.conn:
            return await PgTx(unit.conn, unit.lock).fetchall(sql, params)  # its own writes
        query, names = translate(sql)
        return list(await self.pool.fetch(query, *_args(names, params)))
