"""Start-up cost of the bot against an empty database and one with many onboarded users.

    python -m bench.startup            # from the repository root
    python -m bench.startup --runs 3 --users 20000

Measures, each as the median of ``--runs`` runs:

* ``startup_to_first_getUpdates``: wall time from creating a real ``python -m bot`` process
  to the first ``getUpdates`` request reaching the fake Bot API (tests/fakebotapi.py);
* ``db_open_migrate``: in-process ``await Database(path).open()`` (pragmas + migration
  check) and ``close()`` on the already migrated database;
* ``db_create_migrate``: the same on a new file, i.e. applying every migration;
* ``dispatch_pass_none_due``: one ``Dispatcher.run_once()`` (check-ins, "later" reminders and
  digests, as the bot's dispatcher job runs every 20 s) when nobody is due.

``--backend sqlite|postgres|both`` (default both) chooses the journal's backend
(bench/backends.py: PostgreSQL runs get a fresh database each); with both, the
PostgreSQL/SQLite ratio of each median is printed too.

One untimed warm-up process runs first. The bot processes run in a temporary directory (no ``.env`` is read) with
PYTHONPATH=<repo>. Nobody in the databases is due, so the bot sends nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import backends  # noqa: E402
from bot.core.accounts import Accounts  # noqa: E402
from bot.core.clock import ManualClock  # noqa: E402
from bot.core.digest import Digests  # noqa: E402
from bot.core.dispatcher import Dispatcher  # noqa: E402
from storage.db import open_database  # noqa: E402
from tests.fakebotapi import TOKEN, FakeBotAPI  # noqa: E402

SETTINGS_ENV = ("BOT_TOKEN", "BOT_API_BASE_URL", "BOT_API_FILE_URL", "DATABASE_PATH",
                "DATABASE_URL", "LOG_LEVEL", "CHECKIN_GRACE_MINUTES",
                "DISPATCH_INTERVAL_SECONDS", "WEBHOOK_URL", "WEBHOOK_SECRET",
                "WEBHOOK_MAX_CONNECTIONS", "LISTEN_HOST", "LISTEN_PORT")


def make_db(url: str | Path, count: int) -> None:
    """A migrated journal (a URL, or a SQLite file's path) with ``count`` onboarded users,
    none due for hours (no question, digest or thank-you brought back), none to schedule."""
    later = datetime.now(UTC) + timedelta(hours=6)
    asyncio.run(_add_users(str(url), count, due=later, spread=3600, checkin_time="21:00",
                           others_due=later + timedelta(days=1)))


def add_users(url: str | Path, count: int, *, due: datetime, first: int = 1_000_000,
              spread: int = 0, checkin_time: str | None = None) -> None:
    """``count`` onboarded English users in UTC, ids from ``first``, whose daily question is
    due at ``due`` (plus ``i % spread`` seconds for the i-th, with a spread), in the journal
    at ``url`` (a URL, or a SQLite file's path; migrated if new). Their other kinds are not
    scheduled yet (the dispatcher schedules them on its first pass)."""
    asyncio.run(_add_users(str(url), count, due=due, first=first, spread=spread,
                           checkin_time=checkin_time))


async def _add_users(url: str, count: int, *, due: datetime, first: int = 1_000_000,
                     spread: int = 0, checkin_time: str | None = None,
                     others_due: datetime | None = None) -> None:
    """``add_users``; ``others_due``: the weekly digest and the thank-you brought back due
    then (plus the same spread), so that no pass has any to schedule."""
    stamp, at = int(time.time()), int(due.timestamp())
    later = None if others_due is None else int(others_due.timestamp())
    later_date = None if others_due is None else others_due.date().isoformat()
    db = await open_database(url)
    try:
        if not count:
            return
        await db.executemany(
            "INSERT INTO users (user_id, chat_id, language, timezone, checkin_time,"
            " persona, onboarded, next_checkin_utc, next_checkin_date, next_digest_utc,"
            " next_digest_date, next_resurface_utc, next_resurface_date, created_utc,"
            " updated_utc) VALUES (?, ?, 'en', 'UTC', ?, 'office', 1, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(first + i, first + i, checkin_time or due.strftime("%H:%M"),
              at + (i % spread if spread else 0), due.date().isoformat(),
              None if later is None else later + (i % spread if spread else 0), later_date,
              None if later is None else later + (i % spread if spread else 0), later_date,
              stamp, stamp) for i in range(count)])
        if db.dialect == "postgres":  # statistics, as autovacuum keeps them
            await db.execute("ANALYZE")
    finally:
        await db.close()


def time_to_first_poll(api: FakeBotAPI, url: str, workdir: Path) -> float:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    env.update(PYTHONPATH=str(REPO), BOT_TOKEN=TOKEN, BOT_API_BASE_URL=api.base_url,
               BOT_API_FILE_URL=api.file_url, DATABASE_URL=url, LOG_LEVEL="WARNING",
               DISPATCH_INTERVAL_SECONDS="0.2")
    log = workdir / "bot.log"
    with log.open("wb") as out:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "bot"], cwd=workdir, env=env,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    try:
        first = api.wait_for_calls_sync(
            "getUpdates", 1, timeout=60, ok_only=False,
            predicate=lambda call: call.at >= started)[0]
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if rc != 0:
        raise SystemExit(f"bot exited with {rc}:\n{log.read_text(errors='replace')[-3000:]}")
    return first.at - started


def time_open(url: str) -> float:
    async def run() -> float:
        started = time.perf_counter()
        db = await open_database(url)
        elapsed = time.perf_counter() - started
        await db.close()
        return elapsed

    return asyncio.run(run())


class NobodySender:
    async def send_prompt(self, user, prompt) -> int:  # nobody is due
        raise AssertionError("nobody should be due")

    async def send_digest(self, user, text, chart=None) -> int:
        raise AssertionError("nobody should be due")


def time_dispatch(url: str, runs: int) -> list[float]:
    """``runs`` dispatcher passes (after one warm-up) when nobody is due."""

    async def run() -> list[float]:
        db = await open_database(url)
        try:
            clock = ManualClock(datetime.now(UTC))
            dispatcher = Dispatcher(db, clock, NobodySender(), timedelta(minutes=180),
                                    digests=Digests(Accounts(db, clock)))
            await dispatcher.run_once()
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                report = await dispatcher.run_once()
                times.append(time.perf_counter() - started)
                assert not report.counts, report.counts
            return times
        finally:
            await db.close()

    return asyncio.run(run())


def measure(backend: str, args: argparse.Namespace, workdir: Path) -> dict[str, float]:
    """Every line of the module docstring for one backend; the medians (seconds)."""
    with backends.fresh_url(backend, workdir, "empty") as empty, \
            backends.fresh_url(backend, workdir, "users") as full:
        dbs = {0: empty, args.users: full}
        for count, url in dbs.items():
            make_db(url, count)

        startup: dict[int, list[float]] = {count: [] for count in dbs}
        api = FakeBotAPI().start()
        try:
            time_to_first_poll(api, dbs[0], workdir)  # warm-up (file cache), not counted
            for _ in range(args.runs):  # interleaved, so drift affects both alike
                for count, url in dbs.items():
                    startup[count].append(time_to_first_poll(api, url, workdir))
        finally:
            api.stop()

        opening = {count: [time_open(url) for _ in range(args.runs)]
                   for count, url in dbs.items()}
        dispatch = time_dispatch(full, max(args.runs, 10))
        fresh = []
        for i in range(args.runs):
            with backends.fresh_url(backend, workdir, f"fresh{i}") as url:
                fresh.append(time_open(url))

    median = {count: statistics.median(times) for count, times in startup.items()}
    for count in dbs:
        print(f"startup_to_first_getUpdates backend={backend} users={count:<7d} "
              f"median={median[count]:.3f}s runs={args.runs}")
    print(f"startup_ratio backend={backend} users={args.users}/users=0 "
          f"{median[args.users] / median[0]:.2f}")
    for count in dbs:
        print(f"db_open_migrate backend={backend} users={count:<7d} "
              f"median={statistics.median(opening[count]) * 1000:.2f}ms runs={args.runs}")
    print(f"db_create_migrate backend={backend} new_journal "
          f"median={statistics.median(fresh) * 1000:.2f}ms runs={args.runs}")
    print(f"dispatch_pass_none_due backend={backend} users={args.users} "
          f"median={statistics.median(dispatch) * 1000:.2f}ms runs={len(dispatch)}")
    return {f"startup_to_first_getUpdates users={args.users}": median[args.users],
            f"db_open_migrate users={args.users}": statistics.median(opening[args.users]),
            "db_create_migrate": statistics.median(fresh),
            f"dispatch_pass_none_due users={args.users}": statistics.median(dispatch)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--users", type=int, default=100_000)
    backends.add_argument(parser)
    args = parser.parse_args(argv)

    medians = {}
    for backend in backends.chosen(args):
        with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
            medians[backend] = measure(backend, args, Path(tmp))
    for text in backends.ratio_lines(medians):
        print(text)


if __name__ == "__main__":
    main()
