"""The SQLite connection: pragmas, numbered migrations, and serialised write transactions.

One aiosqlite connection serves the whole bot. Writes go through ``transaction()``, which
holds an asyncio lock so that statements from concurrent handlers never interleave inside
another handler's transaction.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

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
MIN_SQLITE = (3, 34, 0)  # FTS5's trigram tokenizer (search, migration 0004)


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
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = await aiosqlite.connect(self.path, isolation_level=None)
        self._conn.row_factory = aiosqlite.Row
        await self._conn.execute("PRAGMA journal_mode = WAL")
        await self._conn.execute("PRAGMA synchronous = NORMAL")
        await self._conn.execute("PRAGMA foreign_keys = ON")
        await self._conn.execute("PRAGMA busy_timeout = 5000")
        await self._conn.execute("PRAGMA secure_delete = ON")  # erased data is overwritten
        await self.migrate(migrate_to)
        return self

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def schema_version(self) -> int:
        row = await self.fetchone("PRAGMA user_version")
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
        """An IMMEDIATE transaction; committed on success, rolled back on any error."""
        async with self._lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            else:
                await self.conn.execute("COMMIT")

    async def checkpoint(self) -> aiosqlite.Row | None:
        """Copy the write-ahead log into the file and truncate it, between transactions."""
        async with self._lock, self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor:
            return await cursor.fetchone()

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Cursor:
        """One statement in its own transaction."""
        async with self.transaction() as conn:
            return await conn.execute(sql, params)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        async with self.conn.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        async with self.conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())
