"""The journal on both backends, for tests.

``TEST_DATABASE_URL`` names a PostgreSQL server the test session may create a database on
(default ``postgresql://postgres@127.0.0.1:5432/test``). The session creates a fresh database
``test_<random>`` there, migrates it once, empties it before every test that uses it (TRUNCATE
… RESTART IDENTITY: ids start at 1 as in a new SQLite file) and drops it at the end. An
unreachable server fails those tests; ``TEST_DATABASE_URL=skip`` leaves the PostgreSQL half
out on purpose (the header says so).

Fixtures: ``backend`` ("sqlite" or "postgres", every test that uses it runs on both; mark a
test ``@pytest.mark.sqlite_only`` when it is about SQLite itself), ``journal_url`` (an empty,
migrated journal) and ``journal`` (it, opened).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from storage.db import Database, open_database

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgres")


def pg_admin_url() -> str | None:
    """The server the session may create its database on; None: skip PostgreSQL."""
    url = os.environ.get("TEST_DATABASE_URL", PG_DEFAULT).strip()
    return None if url.lower() in ("skip", "") else url


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


async def _create(admin: str, name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin, timeout=10)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    db = await open_database(with_database(admin, name))  # migrated once per session
    await db.close()


async def _drop(admin: str, name: str) -> None:
    import asyncpg

    await _Reader.close_all()
    conn = await asyncpg.connect(admin, timeout=10)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of this session's own PostgreSQL database, migrated and empty."""
    admin = pg_admin_url()
    if admin is None:
        pytest.skip("TEST_DATABASE_URL=skip: the PostgreSQL half is left out")
    name = f"test_{secrets.token_hex(6)}"
    try:
        _Reader.run(_create(admin, name))  # (a session fixture may start inside a loop)
    except Exception as exc:
        pytest.fail(f"PostgreSQL at TEST_DATABASE_URL is not usable ({type(exc).__name__}: "
                    f"{exc}); start it, or set TEST_DATABASE_URL=skip to leave that half out",
                    pytrace=False)
    try:
        yield with_database(admin, name)
    finally:
        _Reader.run(_drop(admin, name))


_EMPTY: dict[str, str] = {}


async def empty_pg(url: str) -> None:
    """Every table of the journal emptied and every id counter restarted (ids start at 1, as
    in a new SQLite file); schema_migrations kept. DELETE, not TRUNCATE: on a few rows it
    takes a tenth of the time (every foreign key cascades or sets NULL, so any order works)."""
    import asyncpg

    conn = await asyncpg.connect(url, timeout=10)
    try:
        if url not in _EMPTY:
            tables = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname ="
                                      " 'public' AND tablename <> 'schema_migrations'")
            sequences = await conn.fetch("SELECT sequencename FROM pg_sequences"
                                         " WHERE schemaname = 'public'")
            _EMPTY[url] = "; ".join([f'DELETE FROM "{r[0]}"' for r in tables]
                                    + [f'ALTER SEQUENCE "{r[0]}" RESTART' for r in sequences])
        await conn.execute(_EMPTY[url])
    finally:
        await conn.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
async def journal_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty, migrated journal on ``backend``: a new SQLite file, or the session's
    PostgreSQL database emptied."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    url = request.getfixturevalue("pg_server")
    await empty_pg(url)
    return url


@pytest.fixture
async def journal(journal_url: str) -> AsyncIterator[Database]:
    db = await open_database(journal_url)
    try:
        yield db
    finally:
        await db.close()


# --- reading the journal as an outsider (synchronously, on its own connection) --------------

class _Reader:
    """One background event loop with one asyncpg connection per URL: tests read PostgreSQL
    synchronously, as they read SQLite with the sqlite3 module."""

    loop: asyncio.AbstractEventLoop | None = None
    conns: dict[str, Any] = {}

    @classmethod
    def run(cls, coro: Any) -> Any:
        if cls.loop is None:
            cls.loop = asyncio.new_event_loop()
            threading.Thread(target=cls.loop.run_forever, daemon=True).start()
        return asyncio.run_coroutine_threadsafe(coro, cls.loop).result(timeout=30)

    @classmethod
    async def fetch(cls, url: str, sql: str, params: Sequence[Any]) -> list[Any]:
        import asyncpg

        from storage.postgres import translate

        conn = cls.conns.get(url)
        if conn is None or conn.is_closed():
            conn = cls.conns[url] = await asyncpg.connect(url, timeout=10)
        from storage.postgres import _args

        query, names = translate(sql)
        return list(await conn.fetch(query, *_args(names, params)))

    @classmethod
    async def execute(cls, url: str, statements: Sequence[tuple[str, Sequence[Any]]]) -> None:
        import asyncpg

        from storage.postgres import translate

        conn = await asyncpg.connect(url, timeout=10)
        try:
            async with conn.transaction():
                for sql, params in statements:
                    await conn.execute(translate(sql)[0], *params)
        finally:
            await conn.close()

    @classmethod
    async def close_all(cls) -> None:  # on the reader's loop
        conns, cls.conns = list(cls.conns.values()), {}
        for conn in conns:
            await conn.close()


def rows(url: str, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """Rows of ``sql`` (``?`` placeholders) read on a connection of their own: ``row[0]``,
    ``row["column"]``, ``row.keys()`` and ``dict(row)`` work on both backends."""
    if url.startswith("sqlite:"):
        conn = sqlite3.connect(url[len("sqlite:///"):])
        conn.row_factory = sqlite3.Row
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()
    return _Reader.run(_Reader.fetch(url, sql, params))


def execute(url: str, statements: Sequence[tuple[str, Sequence[Any]]]) -> None:
    """Write as an outsider (a crashed process, an operator): the statements in one
    transaction on a connection of their own."""
    if url.startswith("sqlite:"):
        conn = sqlite3.connect(url[len("sqlite:///"):])
        try:
            with conn:
                for sql, params in statements:
                    conn.execute(sql, params)
        finally:
            conn.close()
        return
    _Reader.run(_Reader.execute(url, statements))


def search_rids(url: str, user_id: int, term: str) -> list[int]:
    """What /search finds for one term in this user's journal, as rids (entry_id * 2, or
    thanks_id * 2 + 1), sorted: the index (SQLite's FTS5 table) or the rows it reads."""
    from storage import dialect

    class _Dialect:
        dialect = "sqlite" if url.startswith("sqlite:") else "postgres"

    found, params = dialect.search_found(_Dialect(), user_id, [term])  # type: ignore[arg-type]
    return sorted(int(r[0]) for r in rows(url, found, params))


def all_values(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, table by table (SQLite: the FTS5 shadow tables too)."""
    if url.startswith("sqlite:"):
        names = [r[0] for r in rows(url, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    else:
        names = [r[0] for r in rows(url, "SELECT tablename FROM pg_tables"
                                         " WHERE schemaname = 'public'")]
    return {name: [tuple(r) for r in rows(url, f'SELECT * FROM "{name}"')] for name in names}
