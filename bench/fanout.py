"""Fan-out: many users' daily questions due at the same instant, against Telegram's limits.

    python -m bench.fanout                          # from the repository root, ~2 minutes
    python -m bench.fanout --users 1000 --latency 0.05 --faults 0.05 --runs 1

Each run starts a fake Bot API server (tests/fakebotapi.py) that answers every request after
``--latency`` seconds and enforces Telegram's limits (at most 30 messages in any second, one
a second per chat; more gets 429 with ``retry_after``), makes ``--users`` onboarded users whose
daily question is due a few seconds after the bot has started, and runs the real
``python -m bot``. With ``--faults F``, a fraction F of the users' questions meet a fault: a
quarter each 403 (blocked the bot), two 502s then success, one injected 429, and a 3-second
answer. Sides, in the same run:

* ``concurrent``: the bot as configured (``DISPATCH_CONCURRENCY``, default 64);
* ``sequential``: the same bot with ``DISPATCH_CONCURRENCY=1``: one question after another,
  each awaiting Telegram's answer, as the dispatcher sent before.

With ``--kind digest`` the users' weekly digests are due instead (each with a month of entries,
so each is two messages: the chart, then the text). Printed per side: the delay of the first
message after the due instant, the achieved rate (messages delivered / seconds from the due
instant to the last one), that rate over the
ceiling of 30/s, the 429s the limits drew (injected ones not counted), and whether every
question was delivered exactly once (blocked users none, and marked blocked).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.startup import SETTINGS_ENV, add_users, make_db  # noqa: E402
from tests.fakebotapi import TOKEN, FakeBotAPI, frozen_heap  # noqa: E402

CEILING = 30.0
FIRST = 5_000_000
LEAD = 6.0  # s between starting the bot and the due instant (default of --lead)
SIDES = {"concurrent": {}, "sequential": {"DISPATCH_CONCURRENCY": "1"}}


@dataclass
class Result:
    side: str
    delivered: int
    expected: int
    first_delay: float
    span: float
    throttled: int
    duplicates: int
    blocked_marked: int
    blocked_expected: int
    messages: int = 0  # sendMessage and sendPhoto answered 200 (a digest is two)
    tightest: float = float("inf")  # s from a message to the 30th after it (under 1: a 429)

    @property
    def rate(self) -> float:
        """Messages a second, from the due instant to the last one."""
        return self.messages / self.span if self.span > 0 else 0.0

    @property
    def exactly_once(self) -> bool:
        return (self.delivered == self.expected and self.duplicates == 0
                and self.blocked_marked == self.blocked_expected)


def make_due(path: Path, users: int, due: datetime) -> None:
    make_db(path, 0)
    add_users(path, users, due=due, first=FIRST)


def make_digests_due(path: Path, users: int, due: datetime) -> None:
    """``users`` set-up users whose weekly digest is due at ``due`` (a Sunday evening in their
    week), each with four weeks of entries and a thank-you, so every digest has its chart:
    two messages each."""
    make_due(path, users, due + timedelta(hours=6))  # daily questions out of the way
    sunday = due.date() - timedelta(days=(due.weekday() - 6) % 7)
    stamp = int(time.time())
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("UPDATE users SET digest_weekday = ?, digest_time = ?,"
                         " next_digest_utc = ?, next_digest_date = ?",
                         (due.weekday(), due.strftime("%H:%M"), int(due.timestamp()),
                          due.date().isoformat()))
            conn.executemany(
                "INSERT INTO entries (user_id, local_date, status, who, problem, how, source,"
                " created_utc, updated_utc, completed_utc)"
                " VALUES (?, ?, 'done', ?, 'the report was late', 'we wrote it together',"
                " 'quick', ?, ?, ?)",
                ((FIRST + i, (sunday - timedelta(days=d)).isoformat(), f"Sato {i % 7}",
                  stamp, stamp, stamp)
                 for i in range(users) for d in (1, 8, 15, 22, 2, 9)))
    finally:
        conn.close()


def inject_faults(api: FakeBotAPI, users: int, fraction: float, seed: int) -> set[int]:
    """Faults for ``fraction`` of the users; returns the users who blocked the bot."""
    chosen = random.Random(seed).sample(range(users), round(users * fraction))
    blocked = set()
    for k, i in enumerate(chosen):
        chat = FIRST + i
        kind = k % 4
        if kind == 0:
            api.add_fault("sendMessage", status=403, chat_id=chat, times=100)
            blocked.add(chat)
        elif kind == 1:
            api.add_fault("sendMessage", status=502, chat_id=chat, times=2)
        elif kind == 2:
            api.add_fault("sendMessage", status=429, retry_after=1, chat_id=chat)
        else:
            api.add_fault("sendMessage", status=200, delay=3.0, chat_id=chat)
    return blocked


def measure(side: str, workdir: Path, users: int, latency: float, faults: float,
            run: int, kind: str = "checkin", lead: float = LEAD) -> Result:
    api = FakeBotAPI(latency=latency, limits=True).start()
    blocked = inject_faults(api, users, faults, seed=run)
    due = (datetime.now(UTC) + timedelta(seconds=lead)).replace(microsecond=0)
    if due.date() != (due + timedelta(minutes=30)).date():
        raise SystemExit("too close to midnight UTC: the questions would change day; retry")
    db_path = workdir / f"{side}-{run}.sqlite3"
    if kind == "digest":
        make_digests_due(db_path, users, due)
    else:
        make_due(db_path, users, due)
    env = {k: v for k, v in os.environ.items()
           if k not in SETTINGS_ENV + ("DISPATCH_CONCURRENCY", "SEND_RATE_LIMIT")}
    env.update(PYTHONPATH=str(REPO), BOT_TOKEN=TOKEN, BOT_API_BASE_URL=api.base_url,
               BOT_API_FILE_URL=api.file_url, DATABASE_PATH=str(db_path), LOG_LEVEL="WARNING",
               **SIDES[side])
    log = workdir / f"{side}-{run}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "bot"], cwd=workdir, env=env,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    per_user = 2 if kind == "digest" else 1  # a digest: its chart, then its text
    expected = users - len(blocked)
    # The fake stands in for Telegram, whose servers do not pause for this process: no
    # garbage collection pass (tens of ms with 10,000 calls recorded) while requests arrive,
    # and the wait below reads only the calls recorded since its last look (reading the
    # whole list under the fake's lock five times a second delayed the arrivals it counts).
    seen = delivered = 0
    heap = contextlib.ExitStack()
    heap.enter_context(frozen_heap(no_collections=True))
    try:
        deadline = time.monotonic() + lead + 60 + users / 5
        while time.monotonic() < deadline:
            with api._cond:  # noqa: SLF001
                new = api.calls[seen:]
            for call in new:
                if call.status is None:  # not answered yet: looked at again next time
                    break
                seen += 1
                delivered += bool(_delivered_of([call], kind))
            if delivered >= expected * per_user:
                break
            if proc.poll() is not None:
                raise SystemExit(f"bot exited: {log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        time.sleep(1.0)  # anything sent twice would show now
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    finally:
        heap.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        api.stop()
    calls = _delivered(api, kind)
    per_chat = Counter(c.params.get("chat_id") for c in calls)
    due_at = due.timestamp()
    wall_to_mono = time.time() - time.monotonic()
    times = sorted(c.at + wall_to_mono - due_at for c in calls)
    conn = sqlite3.connect(db_path)
    try:
        marked = conn.execute("SELECT COUNT(*) FROM users WHERE blocked = 1").fetchone()[0]
    finally:
        conn.close()
    return Result(side, len(per_chat), expected, times[0] if times else float("nan"),
                  times[-1] if times else float("nan"), api.throttled,
                  sum(n - per_user for n in per_chat.values()), marked, len(blocked),
                  messages=len(calls), tightest=api.tightest_window)


def _delivered(api: FakeBotAPI, kind: str = "checkin") -> list:
    with api._cond:  # noqa: SLF001
        return _delivered_of(list(api.calls), kind)


def _delivered_of(calls: list, kind: str) -> list:
    """Of ``calls``, the users' messages answered 200 (a digest: its chart and its text)."""
    methods = ("sendPhoto", "sendMessage") if kind == "digest" else ("sendMessage",)
    return [c for c in calls if c.method in methods and c.ok
            and isinstance(c.params.get("chat_id"), int) and c.params["chat_id"] >= FIRST]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fanout", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--faults", type=float, default=0.0, help="fraction with a fault")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--only", choices=tuple(SIDES))
    parser.add_argument("--lead", type=float, default=LEAD,
                        help="seconds from the bot's start to the due instant (a digest's "
                             "charts are rendered ahead, up to 15 minutes before)")
    parser.add_argument("--kind", choices=("checkin", "digest"), default="checkin",
                        help="daily questions (one message each) or weekly digests (two)")
    args = parser.parse_args(argv)
    sides = [args.only] if args.only else list(SIDES)
    results: dict[str, list[Result]] = {s: [] for s in sides}
    with tempfile.TemporaryDirectory(prefix="bench-fanout-") as tmp:
        for run in range(1, args.runs + 1):
            for side in sides if run % 2 else sides[::-1]:
                r = measure(side, Path(tmp), args.users, args.latency, args.faults, run,
                            args.kind, args.lead)
                results[side].append(r)
                print(f"run={run} {side:<10} kind={args.kind} users={args.users} "
                      f"latency={args.latency}s "
                      f"faults={args.faults:.0%} first_after_due={r.first_delay:.2f}s "
                      f"last_after_due={r.span:.1f}s rate={r.rate:.1f}/s "
                      f"ceiling_ratio={r.rate / CEILING:.2f} 429s={r.throttled} "
                      f"tightest_30={r.tightest:.3f}s "
                      f"messages={r.messages} delivered={r.delivered}/{r.expected} "
                      f"duplicates={r.duplicates} "
                      f"blocked_marked={r.blocked_marked}/{r.blocked_expected} "
                      f"exactly_once={'yes' if r.exactly_once else 'NO'}", flush=True)
    for side, runs in results.items():
        print(f"median {side:<10} rate={statistics.median(r.rate for r in runs):.1f}/s "
              f"ceiling_ratio={statistics.median(r.rate for r in runs) / CEILING:.2f} "
              f"first_after_due={statistics.median(r.first_delay for r in runs):.2f}s "
              f"429s={sum(r.throttled for r in runs)} "
              f"tightest_30={min(r.tightest for r in runs):.3f}s "
              f"exactly_once={'yes' if all(r.exactly_once for r in runs) else 'NO'}")


if __name__ == "__main__":
    main()
