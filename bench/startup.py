"""Start-up cost of the bot against an empty database and one with many onboarded users.

    python -m bench.startup            # from the repository root
    python -m bench.startup --runs 3 --users 20000

Measures, each as the median of ``--runs`` runs:

* ``startup_to_first_getUpdates``: wall time from creating a real ``python -m bot`` process
  to the first ``getUpdates`` request reaching the fake Bot API (tests/fakebotapi.py);
* ``db_open_migrate``: in-process ``await Database(path).open()`` (pragmas + migration
  check) and ``close()`` on the already migrated database;
* ``db_create_migrate``: the same on a new file, i.e. applying every migration.

One untimed warm-up process runs first. The bot processes run in a temporary directory (no ``.env`` is read) with
PYTHONPATH=<repo>. Nobody in the databases is due, so the bot sends nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sqlite3
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

from storage.db import Database  # noqa: E402
from tests.fakebotapi import TOKEN, FakeBotAPI  # noqa: E402

SETTINGS_ENV = ("BOT_TOKEN", "BOT_API_BASE_URL", "BOT_API_FILE_URL", "DATABASE_PATH",
                "LOG_LEVEL", "CHECKIN_GRACE_MINUTES", "DISPATCH_INTERVAL_SECONDS",
                "WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_MAX_CONNECTIONS", "LISTEN_HOST",
                "LISTEN_PORT")


def make_db(path: Path, count: int) -> None:
    """A migrated database with ``count`` onboarded users, none due for hours."""

    async def migrate() -> None:
        db = await Database(path).open()
        await db.close()

    asyncio.run(migrate())
    if count:
        later = datetime.now(UTC) + timedelta(hours=6)
        add_users(path, count, due=later, spread=3600, checkin_time="21:00")


def add_users(path: Path, count: int, *, due: datetime, first: int = 1_000_000,
              spread: int = 0, checkin_time: str | None = None) -> None:
    """``count`` onboarded English users in UTC, ids from ``first``, whose daily question is
    due at ``due`` (plus ``i % spread`` seconds for the i-th, with a spread)."""
    stamp, at = int(time.time()), int(due.timestamp())
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.executemany(
                "INSERT INTO users (user_id, chat_id, language, timezone, checkin_time,"
                " persona, onboarded, next_checkin_utc, next_checkin_date, created_utc,"
                " updated_utc) VALUES (?, ?, 'en', 'UTC', ?, 'office', 1, ?, ?, ?, ?)",
                ((first + i, first + i, checkin_time or due.strftime("%H:%M"),
                  at + (i % spread if spread else 0), due.date().isoformat(), stamp, stamp)
                 for i in range(count)))
    finally:
        conn.close()


def time_to_first_poll(api: FakeBotAPI, db_path: Path, workdir: Path) -> float:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    env.update(PYTHONPATH=str(REPO), BOT_TOKEN=TOKEN, BOT_API_BASE_URL=api.base_url,
               BOT_API_FILE_URL=api.file_url, DATABASE_PATH=str(db_path), LOG_LEVEL="WARNING",
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


def time_open(path: Path) -> float:
    async def run() -> float:
        started = time.perf_counter()
        db = await Database(path).open()
        elapsed = time.perf_counter() - started
        await db.close()
        return elapsed

    return asyncio.run(run())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--users", type=int, default=100_000)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        workdir = Path(tmp)
        dbs = {0: workdir / "empty.sqlite3", args.users: workdir / "users.sqlite3"}
        for count, path in dbs.items():
            make_db(path, count)

        startup: dict[int, list[float]] = {count: [] for count in dbs}
        api = FakeBotAPI().start()
        try:
            time_to_first_poll(api, dbs[0], workdir)  # warm-up (file cache), not counted
            for _ in range(args.runs):  # interleaved, so drift affects both alike
                for count, path in dbs.items():
                    startup[count].append(time_to_first_poll(api, path, workdir))
        finally:
            api.stop()

        opening = {count: [time_open(path) for _ in range(args.runs)]
                   for count, path in dbs.items()}
        fresh = []
        for i in range(args.runs):
            fresh.append(time_open(workdir / f"fresh-{i}.sqlite3"))

    median = {count: statistics.median(times) for count, times in startup.items()}
    for count in dbs:
        print(f"startup_to_first_getUpdates users={count:<7d} median={median[count]:.3f}s "
              f"runs={args.runs}")
    print(f"startup_ratio users={args.users}/users=0 {median[args.users] / median[0]:.2f}")
    for count in dbs:
        print(f"db_open_migrate users={count:<7d} "
              f"median={statistics.median(opening[count]) * 1000:.2f}ms runs={args.runs}")
    print(f"db_create_migrate new_file median={statistics.median(fresh) * 1000:.2f}ms "
          f"runs={args.runs}")


if __name__ == "__main__":
    main()
