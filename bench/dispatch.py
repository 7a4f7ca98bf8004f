"""One dispatcher pass over many due users: the cost of claiming, sending and recording the
scheduled messages (the daily question and the weekly digest), with a sender that returns at
once, so the figure is the bot's own work (SQL, building the digest), not Telegram's.

    python -m bench.dispatch                      # from the repository root
    python -m bench.dispatch --users 1000 --runs 5
    python -m bench.dispatch --compare /tmp/old   # also time another checkout, interleaved
    python -m bench.dispatch --backend postgres   # the journal in PostgreSQL (or both)

Each run is a fresh process: a new database with ``--users`` set-up users in UTC, each due
for the daily question one minute ago and for the weekly digest now, then one timed
``Dispatcher.run_once()``. With ``--thanks-back`` each user also has two thank-yous from six
weeks ago and is due for one to come back (this checkout only: the third kind). Prints
the median of ``--runs`` runs per checkout, in ms of wall time and of the process's CPU time
(which a busy machine disturbs less), and with ``--compare`` the ratios this/other. Runs of
the checkouts alternate, so a busy machine slows both alike. ``--backend`` (``bench/
backends.py``, default sqlite): the journal in a SQLite file, in a fresh PostgreSQL database
per run on ``BENCH_DATABASE_URL``, or both (with the PostgreSQL/SQLite ratio).
"""

from __future__ import annotations

import argparse
import asyncio
import os
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

NOW = datetime(2026, 11, 29, 20, 0, tzinfo=UTC)  # a Sunday: digests are due at 20:00


class NullSender:
    def __init__(self) -> None:
        self.sent = 0

    async def _one(self, *args: object) -> int:
        self.sent += 1
        return self.sent

    send_prompt = send_digest = send_thanks_back = _one


async def child(journal: str, users: int, thanks_back: bool = False) -> tuple[float, float]:
    """``journal``: a SQLite path or a URL (a new, empty journal)."""
    from bot.core.accounts import Accounts
    from bot.core.clock import ManualClock
    from bot.core.digest import Digests
    from bot.core.dispatcher import Dispatcher
    from storage.db import open_database

    db = await open_database(journal)
    stamp = int((NOW - timedelta(days=30)).timestamp())
    checkin = int((NOW - timedelta(minutes=1)).timestamp())
    digest = int(NOW.timestamp())
    await db.executemany(
        "INSERT INTO users (user_id, chat_id, language, timezone, checkin_time, persona,"
        " onboarded, next_checkin_utc, next_checkin_date, next_digest_utc,"
        " next_digest_date, created_utc, updated_utc)"
        " VALUES (?, ?, 'en', 'UTC', '19:59', 'office', 1, ?, '2026-11-29', ?,"
        " '2026-11-29', ?, ?)",
        [(10 + i, 10 + i, checkin, digest, stamp, stamp) for i in range(users)])
    if thanks_back:
        saved = NOW - timedelta(weeks=6)
        await db.execute("UPDATE users SET next_resurface_utc = ?, next_resurface_date ="
                         " '2026-11-29'", (digest,))
        await db.executemany(
            "INSERT INTO thanks (user_id, status, source, kind, sender_name,"
            " received_utc, local_date, text) VALUES (?, 'kept', 'manual', 'text', 'Mia',"
            " ?, ?, 'Thank you so much!')",
            [(10 + i, int(saved.timestamp()), saved.date().isoformat())
             for i in range(users) for _ in range(2)])  # the digest's line shows one
    await db.close()
    db = await open_database(journal)
    try:
        clock = ManualClock(NOW)
        sender = NullSender()
        accounts = Accounts(db, clock)
        extra = {}
        if thanks_back:
            from bot.core.memories import Memories
            extra["memories"] = Memories(accounts)
        dispatcher = Dispatcher(db, clock, sender, grace=timedelta(minutes=180),
                                batch_size=200, digests=Digests(accounts), **extra)
        started, cpu = time.perf_counter(), time.process_time()
        await dispatcher.run_once()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        expected = (3 if thanks_back else 2) * users
        if sender.sent != expected:
            raise SystemExit(f"sent {sender.sent}, expected {expected}")
        return elapsed * 1000, cpu * 1000
    finally:
        await db.close()


def run_child(root: Path, users: int, workdir: Path, n: int, thanks_back: bool,
              backend: str) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(root))
    journal = str(workdir / f"{root.name}-{n}.sqlite3")  # a path: older checkouts take it
    if backend == "postgres":
        journal = backends.create_pg("dispatch")
    try:
        out = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", journal,
             "--root", str(root), "--users", str(users),
             *(["--thanks-back"] if thanks_back else [])],
            cwd=root, env=env, check=True, capture_output=True, text=True)
    finally:
        if backend == "postgres":
            backends.drop_pg(journal)
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.dispatch", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--compare", type=Path, help="another checkout to time alike")
    parser.add_argument("--thanks-back", action="store_true",
                        help="every user also due for a thank-you brought back")
    parser.add_argument("--backend", choices=(*backends.BACKENDS, "both"), default="sqlite",
                        help="the journal's backend (default: sqlite)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        sys.path.insert(0, str(args.root))
        wall, cpu = asyncio.run(child(args.child, args.users, args.thanks_back))
        print(f"{wall:.3f} {cpu:.3f}")
        return
    if args.thanks_back and args.compare:
        parser.error("--thanks-back times this checkout only")
    roots = [REPO] + ([args.compare.resolve()] if args.compare else [])
    pass_medians: dict[str, dict[str, float]] = {}
    for backend in backends.chosen(args):
        times: dict[Path, list[float]] = {root: [] for root in roots}
        cpus: dict[Path, list[float]] = {root: [] for root in roots}
        with tempfile.TemporaryDirectory(prefix="bench-dispatch-") as tmp:
            for n in range(args.runs + 1):  # the first round warms the caches: not counted
                for root in roots:
                    elapsed, cpu = run_child(root, args.users, Path(tmp), n, args.thanks_back,
                                             backend)
                    if n:
                        times[root].append(elapsed)
                        cpus[root].append(cpu)
        medians = {root: statistics.median(values) for root, values in times.items()}
        cpu_medians = {root: statistics.median(values) for root, values in cpus.items()}
        for root, median in medians.items():
            label = "this" if root == REPO else str(root)
            kinds = 3 if args.thanks_back else 2
            print(f"dispatch_pass_ms backend={backend} users={args.users} kinds={kinds}"
                  f" checkout={label} median={median:.1f} cpu_median={cpu_medians[root]:.1f}"
                  f" runs={args.runs} all={[round(v) for v in times[root]]}")
        if args.compare:
            other = roots[1]
            print(f"dispatch_ratio backend={backend} this/other wall"
                  f" {medians[REPO] / medians[other]:.3f}"
                  f" cpu {cpu_medians[REPO] / cpu_medians[other]:.3f}")
        pass_medians[backend] = {"dispatch_pass_ms": medians[REPO]}
    for text in backends.ratio_lines(pass_medians):
        print(text)

if __name__ == "__main__":
    main()
