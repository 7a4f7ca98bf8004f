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
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
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


async def timed(fn: Callable[[], Awaitable[object]], runs: int, warmup: int) -> list[float]:
    """Milliseconds of each of ``runs`` calls of ``fn``, after ``warmup`` untimed ones."""
    for _ in range(warmup):
        await fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        await fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


Measure = Callable[[str, int, int], Awaitable[tuple[dict[str, list[float]], str]]]


async def journal_bench(description: str, label: str, measure: Measure, *, runs: int = 40,
                        warmup: int = 3, target: Callable[[str], float] | None = None) -> None:
    """The main of a benchmark on ``bench.journal_data``'s journal (``--years``, default 5),
    on each backend chosen: ``measure(url, runs, warmup)`` returns the times of each named
    measurement and a line about the data; printed are each one's median and minimum (and
    its ``target`` in ms, with the ratio, when given), then the PostgreSQL/SQLite ratios."""
    from bench.journal_data import make_journal

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--warmup", type=int, default=warmup)
    parser.add_argument("--years", type=int, default=5)
    add_argument(parser)
    args = parser.parse_args()
    medians: dict[str, dict[str, float]] = {}
    for backend in chosen(args):
        with tempfile.TemporaryDirectory() as tmp:
            async with afresh_url(backend, Path(tmp), label) as url:
                started = time.perf_counter()
                await make_journal(url, years=args.years)
                print(f"backend={backend} journal years={args.years}"
                      f" make_journal_s={time.perf_counter() - started:.2f}")
                results, info = await measure(url, args.runs, args.warmup)
        print(f"backend={backend} {info}")
        for name, values in results.items():
            median = statistics.median(values)
            line = (f"{name} backend={backend} median={median:.2f} min={min(values):.2f}"
                    f" runs={len(values)}")
            if target is not None:
                line += f" target={target(name):.0f} ratio={median / target(name):.2f}"
            print(line)
        medians[backend] = {name: statistics.median(values) for name, values in results.items()}
    for text in ratio_lines(medians):
        print(text)


def ratio_lines(medians: dict[str, dict[str, float]]) -> list[str]:
    """``ratio postgres/sqlite NAME x.xx`` for every measurement present on both."""
    if not all(b in medians for b in BACKENDS):
        return []
    lite, pg = medians["sqlite"], medians["postgres"]
    return [f"ratio postgres/sqlite {name} {pg[name] / lite[name]:.2f}"
            for name in lite if name in pg and lite[name] > 0]
