"""The durable intake as an operating-system process: `python -m bot` against the fake Bot API.

SIGKILL while a stream of answers is arriving faster than the bot handles them, SIGTERM in the
middle of a fan-out of daily questions, an update python-telegram-bot cannot parse, start-up
without Telegram or with a rejected token, and the journal's file permissions. The process
helpers (``Spawner``, ``BotProcess``…) come from ``tests.e2e.test_process``.
"""

from __future__ import annotations

import os
import re
import socket
import stat
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

import pytest

from bench.startup import add_users, make_db
from tests.e2e.test_process import (
    REPO,
    BotProcess,
    Spawner,
    _assert_no_secrets,
    is_prompt_to,
    rows,
    spawn,  # noqa: F401 - the fixture
    wait_calls,
    wait_until,
)
from tests.fakebotapi import TOKEN, FakeBotAPI, FakeUser, _Handler, _Server

FIRST_USER = 1_000_000  # bench.startup.make_db's first user id

SAVED_GENERIC = ("✅",)  # "saved, but I couldn't confirm" and "saved before the restart"
APOLOGY = "Sorry, something went wrong"


def _user(i: int) -> FakeUser:
    return FakeUser(FIRST_USER + i, f"User{i}", "en")


def _quick(i: int, j: int) -> str:
    return f"Name{i} / problem {i}-{j} / how {i}-{j}"


def _inbox_states(db_path: Path) -> Counter:
    return Counter({r[0]: r[1] for r in rows(
        db_path, "SELECT state, COUNT(*) FROM update_inbox GROUP BY state")})


def _entries(db_path: Path) -> int:
    return rows(db_path, "SELECT COUNT(*) FROM entries")[0][0]


def _wait_output(bot: BotProcess, pattern: str, count: int = 1, timeout: float = 10.0) -> list[str]:
    """Lines of the process's output matching ``pattern`` (at least ``count`` of them)."""
    regex = re.compile(pattern)
    deadline = time.monotonic() + timeout
    while True:
        found = [line for line in bot.output().splitlines() if regex.search(line)]
        if len(found) >= count:
            return found
        if bot.proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"expected {count} line(s) matching {pattern!r}\n{bot.diag()}")
        time.sleep(0.05)


# --------------------------------------------------------------------------------------------
# 1. SIGKILL under a stream of answers
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_sigkill_under_a_stream_loses_nothing_and_stores_nothing_twice(
        api: FakeBotAPI, spawn: Spawner, tmp_path: Path):  # noqa: F811
    users, per_user, rate = 30, 8, 80.0  # 240 answers at 80/s; replies go out at <= 30/s
    db_path = tmp_path / "journal.sqlite3"
    make_db(db_path, users)
    people = [_user(i) for i in range(users)]
    queued: list[int] = []  # update ids, in the order they were queued

    def feed() -> None:
        for j in range(per_user):
            for i, person in enumerate(people):
                queued.append(api.send_text(person, _quick(i, j))["update_id"])
                time.sleep(1 / rate)

    bot = spawn.start(api, db_path)
    wait_calls(api, bot, "getUpdates")
    feeder = threading.Thread(target=feed, name="feeder", daemon=True)
    feeder.start()

    pending_at_kill: list[Counter] = []
    for _ in range(3):
        # kill once this process has stored some answers and more wait their turn
        floor = _entries(db_path) + 15
        wait_until(lambda f=floor: _entries(db_path) >= f and _inbox_states(db_path)["new"]
                   >= 10, "progress with a backlog", bot, timeout=15)
        bot.kill()
        pending_at_kill.append(_inbox_states(db_path))
        bot = spawn.start(api, db_path)
    feeder.join(timeout=30)
    total = users * per_user
    assert len(queued) == total

    def drained() -> bool:
        states = _inbox_states(db_path)
        return states["done"] + states["failed"] >= total and not (states["new"]
                                                                   or states["applied"])

    wait_until(drained, "the inbox to drain", bot, timeout=40)
    api.wait_until_idle_sync(timeout=10, settle=0.3)  # the last replies are out
    assert bot.terminate(timeout=10) == 0, bot.diag()

    # every kill happened with updates stored and not yet handled, and at least one with
    # updates whose entry was committed and whose reply had not been confirmed yet
    assert all(p["new"] > 0 for p in pending_at_kill), pending_at_kill
    assert any(p["applied"] > 0 for p in pending_at_kill), pending_at_kill
    # the fake handed out every update, and Telegram was told of each (none left queued)
    assert api._handed_out_max == max(queued)  # noqa: SLF001
    assert api._idle_state(0)[0], api._idle_state(0)[1]  # noqa: SLF001

    # the inbox: each handed-out update once, all done, nothing set aside or left
    inbox = {r[0]: r[1] for r in rows(db_path, "SELECT update_id, state FROM update_inbox")}
    assert sorted(inbox) == sorted(queued)
    assert Counter(inbox.values()) == Counter({"done": total})

    # the journal: each answer stored exactly once
    stored = Counter((r["user_id"], r["who"], r["problem"], r["how"]) for r in rows(
        db_path, "SELECT user_id, who, problem, how FROM entries WHERE source = 'quick'"))
    expected = Counter((FIRST_USER + i, f"Name{i}", f"problem {i}-{j}", f"how {i}-{j}")
                       for i in range(users) for j in range(per_user))
    assert stored == expected, (
        f"missing: {sorted(expected - stored)[:5]}, twice: "
        f"{[k for k, n in stored.items() if n > 1][:5]}, extra: {sorted(stored - expected)[:5]}")
    assert rows(db_path, "SELECT COUNT(*) FROM entries")[0][0] == total

    # the replies: every answer was answered. Either by its own "Saved" line (which quotes
    # its problem) or, after a kill, by a generic "✅ saved" line; never by an apology.
    for i, person in enumerate(people):
        texts = [m.get("text", "") for m in api.sent_messages(person.id)]
        assert not [t for t in texts if APOLOGY in t], texts
        quoted = {j for j in range(per_user) for t in texts if f"(problem {i}-{j})" in t}
        generic = sum(1 for t in texts if t.startswith(SAVED_GENERIC))
        assert per_user - len(quoted) <= generic, (person.id, sorted(quoted), texts)
    for process in spawn.processes:
        assert "Traceback" not in process.output(), process.diag()


# --------------------------------------------------------------------------------------------
# 2. Token rejected
# --------------------------------------------------------------------------------------------

OTHER_TOKEN = "987654321:" + "Zq9" * 12  # well-formed, but not the fake's token


@pytest.mark.slow
@pytest.mark.parametrize("case", ["getMe-401", "wrong-token", "revoked-while-polling"])
def test_rejected_token_exits_2_with_one_plain_line(api: FakeBotAPI, spawn: Spawner,  # noqa: F811
                                                    tmp_path: Path, case: str):
    token = TOKEN
    if case == "getMe-401":
        api.add_fault("getMe", status=401, description="Unauthorized", times=1000)
    elif case == "wrong-token":
        token = OTHER_TOKEN  # the fake answers 401 to every request
    else:
        api.add_fault("getUpdates", status=401, description="Unauthorized", times=1000)
    bot = spawn.start(api, tmp_path / "journal.sqlite3", BOT_TOKEN=token)
    started = time.monotonic()
    assert bot.proc.wait(timeout=15) == 2, bot.diag()
    assert time.monotonic() - started < 8, bot.diag()
    if case == "revoked-while-polling":
        assert api.calls_to("getUpdates"), api.dump_calls()

    stderr = bot.stderr_text()
    lines = [line for line in stderr.splitlines() if "BOT_TOKEN" in line]
    assert len(lines) == 1 and "@BotFather" in lines[0], bot.diag()
    assert "Traceback" not in bot.output(), bot.diag()
    output = bot.output()
    secret = token.split(":", 1)[1]
    assert token not in output and secret not in output, bot.diag()
    _assert_no_secrets(output)


# --------------------------------------------------------------------------------------------
# 3. Telegram unreachable
# --------------------------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nobody listens once it is closed


class _FakeOnPort(FakeBotAPI):
    """The fake Bot API on a given port (one that was closed when the bot started)."""

    def __init__(self, port: int) -> None:
        super().__init__()
        self.fixed_port = port

    def start(self) -> FakeBotAPI:
        server = _Server(("127.0.0.1", self.fixed_port), _Handler)
        server.api = self
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self


def _start_unreachable(spawn: Spawner, tmp_path: Path, port: int) -> BotProcess:  # noqa: F811
    return spawn.start(None, tmp_path / "journal.sqlite3",
                       BOT_API_BASE_URL=f"http://127.0.0.1:{port}/bot",
                       BOT_API_FILE_URL=f"http://127.0.0.1:{port}/file/bot")


def _assert_calm(bot: BotProcess, port: int) -> None:
    output = bot.output()
    assert "Traceback" not in output, bot.diag()
    assert not re.search(r" (ERROR|CRITICAL) ", output), bot.diag()
    lines = output.strip().splitlines()
    # every line is a log line of its own (no dumps spread over lines)
    assert all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ [A-Z]+ ", line)
               for line in lines), bot.diag()
    warnings = [line for line in lines if " WARNING " in line]
    assert warnings and all(f"127.0.0.1:{port}" in line and "retries" in line
                            for line in warnings), bot.diag()
    _assert_no_secrets(output)


@pytest.mark.slow
def test_unreachable_telegram_waits_calmly_and_stops_on_sigterm(spawn: Spawner,  # noqa: F811
                                                                 tmp_path: Path):
    port = _closed_port()
    bot = _start_unreachable(spawn, tmp_path, port)
    _wait_output(bot, r" WARNING ", timeout=15)
    time.sleep(1.5)  # past the first retry
    assert bot.proc.poll() is None, bot.diag()

    started = time.monotonic()
    assert bot.terminate(timeout=10) == 0, bot.diag()
    assert time.monotonic() - started < 3.0, bot.diag()
    _assert_calm(bot, port)


@pytest.mark.slow
def test_unreachable_telegram_is_retried_until_it_answers(spawn: Spawner,  # noqa: F811
                                                          tmp_path: Path):
    port = _closed_port()
    bot = _start_unreachable(spawn, tmp_path, port)
    _wait_output(bot, r" WARNING ", timeout=15)
    api = _FakeOnPort(port).start()
    try:
        wait_calls(api, bot, "getUpdates", timeout=10)
        user = _user(0)
        api.send_text(user, "/start")
        wait_calls(api, bot, "sendMessage", ok_only=True,
                   predicate=lambda c: c.params.get("chat_id") == user.id)
        assert bot.terminate() == 0, bot.diag()
    finally:
        api.stop()
    _assert_calm(bot, port)


# --------------------------------------------------------------------------------------------
# 4. SIGTERM during a fan-out of daily questions
# --------------------------------------------------------------------------------------------


def _make_due_users(db_path: Path, count: int, first: int) -> tuple[int, str]:
    """``count`` onboarded users whose daily question came due a few seconds ago."""
    make_db(db_path, 0)
    now = datetime.now(UTC)
    to_midnight = (datetime.combine(now.date() + timedelta(days=1), dtime(0), UTC)
                   - now).total_seconds()
    if to_midnight < 60:  # the question must stay due on the same day for the whole test
        time.sleep(to_midnight + 6)
        now = datetime.now(UTC)
    due = (now - timedelta(seconds=5)).replace(microsecond=0)
    add_users(db_path, count, due=due, first=first)
    return int(due.timestamp()), due.date().isoformat()


def _prompt_calls_by_user(api: FakeBotAPI, uids: range) -> Counter:
    """Daily-question sendMessage requests per user, answered or not (still in flight, or
    cut off when the process stopped): each one may have reached the user."""
    counts: Counter = Counter()
    for call in api.calls_to("sendMessage"):
        uid = call.params.get("chat_id")
        if uid in uids and is_prompt_to(uid)(call):
            counts[uid] += 1
    return counts


@pytest.mark.slow
@pytest.mark.parametrize("case", ["slow-sends", "stuck-send"])
def test_sigterm_during_fan_out_stops_fast_and_resends_nothing(
        api: FakeBotAPI, spawn: Spawner, tmp_path: Path, case: str):  # noqa: F811
    count = 300 if case == "slow-sends" else 60
    first = 7_000_000
    uids = range(first, first + count)
    db_path = tmp_path / "journal.sqlite3"
    if case == "stuck-send":
        # the first question hangs at "Telegram" (it arrived: the user may have it)
        api.add_fault("sendMessage", status=200, delay=30, times=1)
    api.add_fault("sendMessage", status=200, delay=0.2, times=100_000)
    _, date = _make_due_users(db_path, count, first)

    bot = spawn.start(api, db_path)
    wait_calls(api, bot, "sendMessage", timeout=15,
               predicate=lambda c: c.params.get("chat_id") in uids)
    time.sleep(1.0)
    stopping = time.monotonic()
    assert bot.terminate(timeout=15) == 0, bot.diag()
    took = time.monotonic() - stopping
    assert took < 5.0, f"stopping took {took:.1f}s\n{bot.diag()}"
    assert "Traceback" not in bot.output(), bot.diag()

    first_run = Counter(r[0] for r in rows(
        db_path, "SELECT status FROM prompts WHERE kind = 'checkin'"))
    assert "claimed" not in first_run, first_run  # sent, or recorded as uncertain
    asked = sum(first_run.values())
    assert 0 < asked < count, first_run  # stopped mid-way
    if case == "stuck-send":  # cut short after the grace period: recorded as uncertain,
        # while the others went out meanwhile (one hung chat holds up nobody)
        assert first_run["unknown"] == 1 and set(first_run) <= {"sent", "unknown"}, first_run
        assert first_run["sent"] > 0, first_run
    else:  # a 0.2 s send in hand is let finish, and no new one starts
        assert set(first_run) == {"sent"}, first_run
        assert took < 2.5, f"stopping took {took:.1f}s\n{bot.diag()}"
    # whoever was not claimed is still due
    still_due = rows(db_path, "SELECT COUNT(*) FROM users WHERE next_checkin_date = ?",
                     (date,))[0][0]
    assert still_due == count - asked

    api.clear_faults()
    bot = spawn.start(api, db_path)
    wait_until(lambda: len(_prompt_calls_by_user(api, uids)) == count,
               "every user's question", bot, timeout=30)
    time.sleep(0.5)  # more dispatcher ticks: nothing more may go out
    assert bot.terminate() == 0, bot.diag()

    per_user = _prompt_calls_by_user(api, uids)
    assert set(per_user) == set(uids)
    twice = {uid: n for uid, n in per_user.items() if n != 1}
    assert not twice, f"asked more than once: {twice}"
    prompts = rows(db_path, "SELECT user_id, local_date, status FROM prompts"
                            " WHERE kind = 'checkin'")
    assert Counter(r["user_id"] for r in prompts) == Counter({uid: 1 for uid in uids})
    assert {r["local_date"] for r in prompts} == {date}
    statuses = Counter(r["status"] for r in prompts)
    assert statuses["sent"] + statuses["unknown"] == count, statuses
    assert statuses["unknown"] == first_run["unknown"], statuses


# --------------------------------------------------------------------------------------------
# 5. A poison update
# --------------------------------------------------------------------------------------------


def _inbox_cli(db_path: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_PATH", "BOT_TOKEN")}
    env.update(PYTHONPATH=str(REPO), DATABASE_PATH=str(db_path))
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    return subprocess.run([sys.executable, "-m", "bot.inbox", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=30, check=False)


@pytest.mark.slow
def test_poison_update_is_set_aside_and_everyone_else_goes_on(
        api: FakeBotAPI, spawn: Spawner, tmp_path: Path):  # noqa: F811
    db_path = tmp_path / "journal.sqlite3"
    make_db(db_path, 2)
    alice, bob = _user(0), _user(1)
    bot = spawn.start(api, db_path, LOG_LEVEL="DEBUG")
    wait_calls(api, bot, "getUpdates")

    api.send_text(alice, "Kenji / poison test alpha / listened")
    # python-telegram-bot cannot read this one: a date that is not a timestamp
    poison = api.queue_update({"message": {
        "message_id": 999, "date": "yesterday", "chat": alice.private_chat(),
        "from": alice.to_dict(), "text": "the poisoned words 4711"}})["update_id"]
    api.send_text(bob, "Rina / poison test beta / explained")
    api.send_text(alice, "Sora / poison test gamma / helped")
    queued = time.monotonic()

    for person, problems in ((alice, ("alpha", "gamma")), (bob, ("beta",))):
        for word in problems:
            wait_calls(api, bot, "sendMessage", ok_only=True, timeout=5, predicate=lambda c, p=(
                person.id, f"(poison test {word})"): c.params.get("chat_id") == p[0]
                and p[1] in str(c.params.get("text")))
    assert time.monotonic() - queued < 5
    wait_until(lambda: _inbox_states(db_path) == Counter({"done": 3, "failed": 1}),
               "the inbox to settle", bot)
    state = rows(db_path, "SELECT state, error FROM update_inbox WHERE update_id = ?",
                 (poison,))[0]
    assert state["state"] == "failed", dict(state)
    assert "4711" not in (state["error"] or "")
    assert rows(db_path, "SELECT COUNT(*) FROM entries")[0][0] == 3

    listed = _inbox_cli(db_path, tmp_path, "list")
    assert listed.returncode == 0, listed.stderr
    assert re.search(rf"^{poison}\t", listed.stdout, re.M), listed.stdout
    assert "poisoned words" not in listed.stdout + listed.stderr

    api.wait_until_idle_sync(timeout=5)
    assert bot.terminate() == 0, bot.diag()
    output = bot.output()
    assert " DEBUG " in output  # the check below means something only with DEBUG lines
    assert " CRITICAL " not in output, bot.diag()
    assert "Traceback" not in output, bot.diag()
    assert len(re.findall(rf"update {poison} set aside", output)) == 1, bot.diag()
    _assert_no_secrets(output, "poisoned words", "poison test", "Kenji", "Rina", "Sora")

    retried = _inbox_cli(db_path, tmp_path, "retry", "--all")
    assert retried.returncode == 0, retried.stderr
    assert rows(db_path, "SELECT state FROM update_inbox WHERE update_id = ?",
                (poison,))[0]["state"] == "new"
    assert "0 update(s) set aside" in _inbox_cli(db_path, tmp_path, "list").stdout


# --------------------------------------------------------------------------------------------
# 6. Private files
# --------------------------------------------------------------------------------------------


def _mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


@pytest.mark.slow
def test_journal_files_are_private_whatever_the_umask(api: FakeBotAPI, spawn: Spawner,  # noqa: F811
                                                      tmp_path: Path):
    # a new data folder (two levels the bot creates), and an old journal left world-readable
    fresh = tmp_path / "srv" / "data" / "journal.sqlite3"
    old_dir = tmp_path / "old"
    old_dir.mkdir(mode=0o755)
    os.chmod(old_dir, 0o755)
    old = old_dir / "journal.sqlite3"
    make_db(old, 1)
    for path in (old, old_dir / "journal.sqlite3-wal", old_dir / "journal.sqlite3-shm"):
        path.touch()
        os.chmod(path, 0o644)

    user = _user(0)
    for db_path in (fresh, old):
        previous = os.umask(0o022)  # the process inherits the usual default
        try:
            bot = spawn.start(api, db_path)
        finally:
            os.umask(previous)
        wait_calls(api, bot, "getUpdates")
        if db_path == old:
            api.send_text(user, "Mika / private files / chmod")
            wait_calls(api, bot, "sendMessage", ok_only=True,
                       predicate=lambda c: c.params.get("chat_id") == user.id)
        wait_until(lambda p=db_path: Path(f"{p}-wal").exists() and Path(f"{p}-shm").exists(),
                   "the WAL and SHM files", bot)
        modes = {p.name: _mode(p) for p in (db_path, Path(f"{db_path}-wal"),
                                           Path(f"{db_path}-shm"))}
        assert set(modes.values()) == {"0o600"}, (db_path, modes)
        assert bot.terminate() == 0, bot.diag()
        assert _mode(db_path) == "0o600"

    assert _mode(fresh.parent) == "0o700"          # srv/data
    assert _mode(fresh.parent.parent) == "0o700"   # srv
    assert _mode(old_dir) == "0o755"  # a folder that existed is left as it was
