"""Intake throughput: quick-form answers from many users, end to end, against a bare echo bot.

    python -m bench.intake             # from the repository root, about a minute
    python -m bench.intake --users 500 --messages 6 --runs 3

Each run starts a fresh fake Bot API server (tests/fakebotapi.py) on 127.0.0.1 and one bot
process against it, then queues ``--users`` × ``--messages`` private text messages all at
once (message k of every user before message k + 1 of any), each a quick-form answer
``who / problem / how / outcome``. Runs alternate between:

* ``bot``: the real ``python -m bot`` on a copy of a database with ``--users`` onboarded
  users (``bench.startup.make_db``), so every answer is saved as an entry; durable inbox,
  unit of work and all. ``SEND_RATE_LIMIT=0`` lifts the 30 messages/s limit.
* ``echo``: ``python -m bench.echo_bot``, a bare python-telegram-bot echo bot (defaults,
  no rate limiter), which stores nothing.

Per run: ``rate`` = answers / wall time, where answers are the replies the fake server
received (``sendMessage`` answered 200) and, for the bot, at most the entries committed in
the database (counted after the process stopped), and the wall time runs from the moment
the first ``getUpdates`` handed out updates to the arrival of the last reply. ``cpu`` = the
process's user + system CPU time (all threads, /proc/<pid>/stat) from just before the
updates were queued to just after the last reply, divided by the answers. The median
``ratio`` is the median of the per-run ratios (each bot run against the echo run next to it),
which is steadier than a ratio of medians on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.startup import SETTINGS_ENV, make_db  # noqa: E402
from tests.fakebotapi import TOKEN, FakeBotAPI, FakeUser  # noqa: E402

FIRST_USER = 1_000_000  # make_db's first user id
CLOCK_TICK = os.sysconf("SC_CLK_TCK")
EXTRA_ENV = ("SEND_RATE_LIMIT", "INTAKE_CONCURRENCY", "INTAKE_MAX_BACKLOG", "ECHO_HTTP")
# bot: the real bot; echo: a bare python-telegram-bot echo bot (builder defaults, httpx);
# echo-aiohttp: the same echo bot on the bot's own HTTP client (bot/http_client.py)
KINDS = ("bot", "echo", "echo-aiohttp")
ECHOES = ("echo", "echo-aiohttp")


@dataclass
class Run:
    kind: str
    answers: int
    replies: int
    entries: int | None
    wall: float
    cpu: float

    @property
    def rate(self) -> float:
        return self.answers / self.wall

    @property
    def cpu_ms(self) -> float:
        return self.cpu * 1000 / self.answers


def answer_text(user: int, k: int) -> str:
    return (f"Sato-san {user % 97} / the release notes for build {k} were missing / "
            f"I wrote them from the commit log and checked them with her / "
            f"the release went out on time")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, all its threads included."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICK


def count_entries(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT COUNT(*) FROM entries WHERE status = 'done'").fetchone()[0]
    finally:
        conn.close()


def measure(kind: str, template: Path, workdir: Path, users: int, messages: int,
            run: int, bot_env: dict[str, str]) -> Run:
    api = FakeBotAPI().start()
    handed_out: list[float] = []
    get_updates = api._methods["getupdates"]  # noqa: SLF001

    def timed_get_updates(params: dict, files: dict) -> list[dict]:
        batch = get_updates(params, files)
        if batch and not handed_out:
            handed_out.append(time.monotonic())
        return batch

    api._methods["getupdates"] = timed_get_updates  # noqa: SLF001

    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV + EXTRA_ENV}
    env.update(PYTHONPATH=str(REPO), BOT_TOKEN=TOKEN, BOT_API_BASE_URL=api.base_url,
               BOT_API_FILE_URL=api.file_url, LOG_LEVEL="WARNING")
    db_path = workdir / f"{kind}-{run}.sqlite3"
    if kind == "bot":
        shutil.copyfile(template, db_path)
        env.update(DATABASE_PATH=str(db_path), SEND_RATE_LIMIT="0", **bot_env)
        command = [sys.executable, "-m", "bot"]
    else:
        command = [sys.executable, "-m", "bench.echo_bot"]
        if kind == "echo-aiohttp":
            env.update(ECHO_HTTP="aiohttp")
    total = users * messages
    log = workdir / f"{kind}-{run}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=out)
    try:
        api.wait_for_calls_sync("getUpdates", 1, timeout=60, ok_only=False)
        time.sleep(0.5)  # start-up work (commands, the dispatcher's first tick) is over
        people = [FakeUser(FIRST_USER + i, first_name="Aki", language_code="en")
                  for i in range(users)]
        cpu_before = cpu_seconds(proc.pid)
        with api._cond:  # noqa: SLF001 - all at once: the long poll wakes when they are in
            for k in range(messages):
                for person in people:
                    api.send_text(person, answer_text(person.id, k))
        replies = api.wait_for_calls_sync("sendMessage", total, timeout=60 + total / 20)
        cpu_after = cpu_seconds(proc.pid)
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        api.stop()
    if rc != 0:
        raise SystemExit(f"{kind} exited with {rc}:\n{log.read_text(errors='replace')[-3000:]}")
    wall = max(call.at for call in replies) - handed_out[0]
    entries = count_entries(db_path) if kind == "bot" else None
    answers = min(len(replies), entries) if entries is not None else len(replies)
    return Run(kind, answers, len(replies), entries, wall, cpu_after - cpu_before)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.intake", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--messages", type=int, default=6, help="answers per user")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=KINDS, help="measure one side only")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for the bot, e.g. --set INTAKE_CONCURRENCY=4")
    args = parser.parse_args(argv)
    kinds = [args.only] if args.only else list(KINDS)
    bot_env = dict(item.split("=", 1) for item in args.set)

    results: dict[str, list[Run]] = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory(prefix="bench-intake-") as tmp:
        workdir = Path(tmp)
        template = workdir / "template.sqlite3"
        make_db(template, args.users)
        for run in range(1, args.runs + 1):
            order = kinds if run % 2 else kinds[::-1]  # alternate who goes first
            for kind in order:
                result = measure(kind, template, workdir, args.users, args.messages, run,
                                 bot_env)
                results[kind].append(result)
                stored = f" entries={result.entries}" if result.entries is not None else ""
                print(f"run={run} {kind:<12} answers={result.answers} replies={result.replies}"
                      f"{stored} wall={result.wall:.2f}s rate={result.rate:.0f}/s "
                      f"cpu_per_answer={result.cpu_ms:.2f}ms", flush=True)
            for echo in ECHOES:
                if "bot" in results and echo in results:
                    bot, other = results["bot"][-1], results[echo][-1]
                    print(f"run={run} intake_rate bot={bot.rate:.0f}/s {echo}={other.rate:.0f}/s "
                          f"ratio={bot.rate / other.rate:.2f} "
                          f"cpu bot={bot.cpu_ms:.2f}ms {echo}={other.cpu_ms:.2f}ms")

    expected = args.users * args.messages
    median_rate = {k: statistics.median(r.rate for r in runs) for k, runs in results.items()}
    median_cpu = {k: statistics.median(r.cpu_ms for r in runs) for k, runs in results.items()}
    lost = {k: sum(expected - r.answers for r in runs) for k, runs in results.items()}
    for kind in kinds:
        print(f"median {kind:<12} rate={median_rate[kind]:.0f}/s "
              f"cpu_per_answer={median_cpu[kind]:.2f}ms "
              f"(users={args.users} answers={expected} runs={args.runs})")
    for echo in ECHOES:
        if "bot" in results and echo in results:
            ratios = [b.rate / e.rate for b, e in zip(results["bot"], results[echo], strict=True)]
            print(f"intake_rate ratio bot/{echo}={statistics.median(ratios):.2f} "
                  f"(per-run {' '.join(f'{r:.2f}' for r in ratios)})")
    if any(lost.values()):
        print(f"MISSING answers (not replied or not stored): {lost}")


if __name__ == "__main__":
    main()
