"""Which journal a benchmark runs on: ``--backend sqlite|postgres|both`` (default both).

PostgreSQL runs get a fresh database of their own on ``BENCH_DATABASE_URL`` (default
``postgresql://postgres@127.0.0.1:5432/test``, the test server), created before and dropped
after; SQLite runs a file in the benchmark's temporary directory. ``ratio_lines`` prints the
PostgreSQL/SQLite ratio of every median measured on both.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgres")


def add_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=(*BACKENDS, "both"), default="both",
                        help="the journal's backend (default: both, with ratios)")


def chosen(args: argparse.Namespace) -> list[str]:
    return list(BACKENDS) if args.backend == "both" else [args.backend]


def _admin() -> str:
    return os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT)


async def _sql(url: str, statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url, timeout=10)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def create_pg(label: str) -> str:
    """A new, empty PostgreSQL database; its URL."""
    name = f"bench_{label}_{secrets.token_hex(4)}"
    asyncio.run(_sql(_admin(), f'CREATE DATABASE "{name}"'))
    return urlunsplit(urlsplit(_admin())._replace(path="/" + name))


def drop_pg(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    asyncio.run(_sql(_admin(), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def fresh_url(backend: str, workdir: Path, label: str) -> Iterator[str]:
    """An empty journal's URL on ``backend`` (call outside a running event loop)."""
    if backend == "sqlite":
        yield f"sqlite:///{workdir / f'{label}.sqlite3'}"
        return
    url = create_pg(label)
    try:
        yield url
    finally:
        drop_pg(url)


@asynccontextmanager
async def afresh_url(backend: str, workdir: Path, label: str) -> AsyncIterator[str]:
    """``fresh_url`` inside an event loop."""
    if backend == "sqlite":
        yield f"sqlite:///{workdir / f'{label}.sqlite3'}"
        return
    name = f"bench_{label}_{secrets.token_hex(4)}"
    await _sql(_admin(), f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(_admin())._replace(path="/" + name))
    finally:
        await _sql(_admin(), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ratio_lines(medians: dict[str, dict[str, float]]) -> list[str]:
    """``ratio postgres/sqlite NAME x.xx`` for every measurement present on both."""
    if not all(b in medians for b in BACKENDS):
        return []
    lite, pg = medians["sqlite"], medians["postgres"]
    return [f"ratio postgres/sqlite {name} {pg[name] / lite[name]:.2f}"
            for name in lite if name in pg and lite[name] > 0]
