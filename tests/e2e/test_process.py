"""The real bot as an operating-system process: `python -m bot` against the fake Bot API.

These tests use the system clock and real signals: SIGKILL at the worst moments must never
make the daily question go out twice, SIGTERM must shut down cleanly, logs must not leak the
token or what users write, and start-up must not scan the users table.

Each process runs with its working directory in ``tmp_path`` (so no ``.env`` is picked up)
and ``PYTHONPATH`` pointing at the repository; its stdout and stderr go to files in
``tmp_path``, shown in assertion messages when something goes wrong.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

import pytest

from bench.startup import make_db
from bot.core.accounts import Accounts
from bot.core.clock import SystemClock
from storage import users
from storage.db import Database, open_database
from tests import backends
from tests.fakebotapi import TOKEN, Call, FakeBotAPI, FakeUser

REPO = Path(__file__).resolve().parents[2]
SETTINGS_ENV = ("BOT_TOKEN", "BOT_API_BASE_URL", "BOT_API_FILE_URL", "DATABASE_PATH",
                "DATABASE_URL", "LOG_LEVEL", "CHECKIN_GRACE_MINUTES", "DISPATCH_INTERVAL_SECONDS")


# --------------------------------------------------------------------------------------------
# The bot process
# --------------------------------------------------------------------------------------------


class BotProcess:
    """One `python -m bot` run; output captured to files in the test's tmp dir."""

    def __init__(self, proc: subprocess.Popen, stdout: Path, stderr: Path,
                 started: float) -> None:
        self.proc = proc
        self.stdout = stdout
        self.stderr = stderr
        self.started = started  # time.monotonic() just before the process was created

    def output(self) -> str:
        return "".join(p.read_text(encoding="utf-8", errors="replace")
                       for p in (self.stdout, self.stderr) if p.exists())

    def stderr_text(self) -> str:
        return self.stderr.read_text(encoding="utf-8", errors="replace")

    def diag(self) -> str:
        tail = self.output()[-4000:]
        return f"process rc={self.proc.poll()}; output tail:\n{tail}"

    def kill(self) -> int:
        self.proc.kill()
        return self.proc.wait(timeout=10)

    def terminate(self, timeout: float = 10.0) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=timeout)


class Spawner:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.cwd = tmp_path / "cwd"  # no .env here
        self.cwd.mkdir(exist_ok=True)
        self.processes: list[BotProcess] = []

    def env(self, api: FakeBotAPI | None, db_path: Path, **overrides: str | None) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
        env["PYTHONPATH"] = str(REPO)
        env["PYTHONUNBUFFERED"] = "1"
        env.update({"BOT_TOKEN": TOKEN, "DATABASE_PATH": str(db_path), "LOG_LEVEL": "INFO",
                    "CHECKIN_GRACE_MINUTES": "180", "DISPATCH_INTERVAL_SECONDS": "0.2"})
        if api is not None:
            env["BOT_API_BASE_URL"] = api.base_url
            env["BOT_API_FILE_URL"] = api.file_url
        for key, value in overrides.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def start(self, api: FakeBotAPI | None, db_path: Path, **overrides: str | None
              ) -> BotProcess:
        n = len(self.processes) + 1
        stdout = self.tmp_path / f"bot-{n}.stdout"
        stderr = self.tmp_path / f"bot-{n}.stderr"
        env = self.env(api, db_path, **overrides)
        with stdout.open("wb") as out, stderr.open("wb") as err:
            started = time.monotonic()
            proc = subprocess.Popen([sys.executable, "-m", "bot"], cwd=self.cwd, env=env,
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        bot = BotProcess(proc, stdout, stderr, started)
        self.processes.append(bot)
        return bot

    def cleanup(self) -> None:
        for bot in self.processes:
            if bot.proc.poll() is None:
                bot.proc.kill()
                bot.proc.wait(timeout=10)


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Spawner]:
    spawner = Spawner(tmp_path)
    try:
        yield spawner
    finally:
        spawner.cleanup()


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def wait_calls(api: FakeBotAPI, bot: BotProcess, method: str, count: int = 1, *,
               timeout: float = 10.0, ok_only: bool = False,
               predicate: Callable[[Call], bool] | None = None) -> list[Call]:
    """Calls to ``method`` that arrived after ``bot`` was started (fails with its output)."""

    def mine(call: Call) -> bool:
        return call.at >= bot.started and (predicate is None or predicate(call))

    try:
        return api.wait_for_calls_sync(method, count, timeout=timeout, ok_only=ok_only,
                                       predicate=mine)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{bot.diag()}") from None


def is_prompt_to(chat_id: int) -> Callable[[Call], bool]:
    """A sendMessage of the daily question (its keyboard starts with ``ci:answer:<id>``)."""

    def check(call: Call) -> bool:
        if call.params.get("chat_id") != chat_id:
            return False
        markup = call.params.get("reply_markup")
        if not isinstance(markup, dict):
            return False
        data = [b.get("callback_data", "") for row in markup.get("inline_keyboard", [])
                for b in row]
        return bool(data) and data[0].startswith("ci:answer:")

    return check


def prompt_calls(api: FakeBotAPI, chat_id: int) -> list[Call]:
    return [c for c in api.calls_to("sendMessage") if is_prompt_to(chat_id)(c)]


def rows(db_path: Path, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db_path, timeout=5)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def prompt_rows(db_path: Path, user_id: int) -> list[sqlite3.Row]:
    return rows(db_path, "SELECT * FROM prompts WHERE user_id = ? ORDER BY prompt_id",
                (user_id,))


def wait_until(condition: Callable[[], bool], what: str, bot: BotProcess,
               timeout: float = 5.0, every: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}\n{bot.diag()}")
        time.sleep(every)


def keep_running(api: FakeBotAPI, bot: BotProcess, polls: int = 2) -> None:
    """Let a (re)started bot run for a while: ``polls`` getUpdates calls (each long poll
    lasts up to 2 s on the fake), i.e. many 0.2 s dispatcher ticks."""
    wait_calls(api, bot, "getUpdates", polls, timeout=10)
    assert bot.proc.poll() is None, bot.diag()


async def _make_due_user(db_path: Path | str, uid: int, *, due_seconds_ago: int = 60) -> int:
    """An onboarded English user in UTC whose daily question came due while the bot was down
    (``db_path``: a SQLite file or a journal's URL). Returns the due instant (epoch seconds)."""
    db = await open_database(str(db_path))
    try:
        accounts = Accounts(db, SystemClock())
        user, _ = await accounts.register(uid, uid, "en")
        user = await accounts.set_timezone(user, "UTC")
        now = datetime.now(UTC)
        due = (now - timedelta(seconds=due_seconds_ago)).replace(microsecond=0)
        user = await accounts.set_checkin_time(user, dtime(due.hour, due.minute))
        await users.update(db, uid, int(now.timestamp()),
                           next_checkin_utc=int(due.timestamp()),
                           next_checkin_date=due.date().isoformat())
        return int(due.timestamp())
    finally:
        await db.close()


async def _make_onboarded_user(db_path: Path, uid: int) -> None:
    """An onboarded user whose next question is hours away (never due during a test)."""
    db = await Database(db_path).open()
    try:
        accounts = Accounts(db, SystemClock())
        user, _ = await accounts.register(uid, uid, "en")
        user = await accounts.set_timezone(user, "UTC")
        later = datetime.now(UTC) + timedelta(hours=6)
        await accounts.set_checkin_time(user, dtime(later.hour, later.minute))
    finally:
        await db.close()


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("url", "says"), [
    ("postgresql://bot:Pw-s3cret-77@127.0.0.1:1/journal", "cannot reach the server"),
    pytest.param("postgresql://postgres:Pw-s3cret-77@127.0.0.1:5432/no_such_db_x",
                 "does not exist", marks=pytest.mark.skipif(
                     backends.pg_admin_url() is None, reason="TEST_DATABASE_URL=skip")),
    ("mysql://bot:Pw-s3cret-77@127.0.0.1/journal", "neither sqlite"),
], ids=["unreachable", "no-database", "wrong-scheme"])
def test_a_journal_that_cannot_be_opened_is_one_plain_line_and_exit_1(
        api: FakeBotAPI, spawn: Spawner, tmp_path: Path, url: str, says: str):
    bot = spawn.start(api, tmp_path / "journal.sqlite3", DATABASE_URL=url)
    assert bot.proc.wait(timeout=30) == 1, bot.diag()
    lines = [line for line in bot.stderr_text().splitlines() if "Cannot open" in line
             or "DATABASE_URL" in line]
    assert len(lines) == 1 and says in lines[0], bot.diag()
    assert "Pw-s3cret-77" not in bot.output() and "Traceback" not in bot.output(), bot.diag()


@pytest.mark.slow
@pytest.mark.parametrize("token", [None, "nonsense"], ids=["unset", "malformed"])
def test_missing_token_exits_with_help(spawn: Spawner, tmp_path: Path, token: str | None):
    bot = spawn.start(None, tmp_path / "journal.sqlite3", BOT_TOKEN=token)
    assert bot.proc.wait(timeout=30) == 2, bot.diag()
    stderr = bot.stderr_text()
    assert "@BotFather" in stderr, bot.diag()
    assert "Traceback" not in bot.output(), bot.diag()


@pytest.mark.slow
def test_prompt_due_while_down_is_sent_once_after_start_and_kill(
        api: FakeBotAPI, spawn: Spawner, tmp_path: Path):
    db_path = tmp_path / "journal.sqlite3"
    uid = 5001
    asyncio.run(_make_due_user(db_path, uid))

    first = spawn.start(api, db_path)
    wait_calls(api, first, "sendMessage", ok_only=True, predicate=is_prompt_to(uid))
    assert len(prompt_calls(api, uid)) == 1, api.dump_calls()
    # the dispatcher records delivery right after Telegram answers; kill only after that
    wait_until(lambda: [r["status"] for r in prompt_rows(db_path, uid)] == ["sent"],
               "the prompt to be recorded as sent", first)
    first.kill()

    second = spawn.start(api, db_path)
    keep_running(api, second)
    assert len(prompt_calls(api, uid)) == 1, api.dump_calls()
    assert len(api.sent_messages(uid)) == 1
    prompts = prompt_rows(db_path, uid)
    assert [(r["kind"], r["status"]) for r in prompts] == [("checkin", "sent")]
    assert prompts[0]["message_id"] == api.sent_messages(uid)[0]["message_id"]
    assert second.terminate() == 0, second.diag()


@pytest.mark.slow
def test_two_processes_on_one_postgresql_journal_send_each_question_once(
        api: FakeBotAPI, spawn: Spawner, tmp_path: Path, pg_server: str):
    """Two replicas of the bot (rolling deploy, several processes) on one PostgreSQL journal:
    both dispatchers see the same 20 due users at once, and each user gets one question."""
    asyncio.run(backends.empty_pg(pg_server))
    uids = list(range(6001, 6021))
    for uid in uids:
        asyncio.run(_make_due_user(pg_server, uid))
    unused = tmp_path / "unused.sqlite3"
    bots = [spawn.start(api, unused, DATABASE_URL=pg_server) for _ in range(2)]
    wait_until(lambda: all(prompt_calls(api, uid) for uid in uids), "every question sent",
               bots[0], timeout=20)
    for bot in bots:
        keep_running(api, bot)  # many more dispatcher ticks in both
    assert [len(prompt_calls(api, uid)) for uid in uids] == [1] * len(uids), api.dump_calls()
    stored = backends.rows(pg_server, "SELECT user_id, kind, status FROM prompts"
                           " ORDER BY user_id")
    assert [tuple(r) for r in stored] == [(uid, "checkin", "sent") for uid in uids]
    assert not unused.exists()
    for bot in bots:
        assert bot.terminate() == 0, bot.diag()


@pytest.mark.slow
def test_kill_while_sending_never_duplicates(api: FakeBotAPI, spawn: Spawner, tmp_path: Path):
    db_path = tmp_path / "journal.sqlite3"
    uid = 5002
    due = asyncio.run(_make_due_user(db_path, uid))
    # The request reaches "Telegram" and hangs there; the fake records it on arrival.
    # Its handler thread is a daemon thread the server does not join, so api.stop() at
    # teardown does not wait for it.
    api.add_fault("sendMessage", status=200, delay=30, chat_id=uid)

    first = spawn.start(api, db_path)
    wait_calls(api, first, "sendMessage", predicate=is_prompt_to(uid))
    # recorded as on its way before the request left
    assert [r["status"] for r in prompt_rows(db_path, uid)] == ["sending"]
    first.kill()
    api.clear_faults()

    second = spawn.start(api, db_path)
    keep_running(api, second)
    calls = prompt_calls(api, uid)
    assert len(calls) == 1, api.dump_calls()
    assert calls[0].status is None  # the one from the killed process, still "in flight"
    assert api.sent_messages(uid) == []
    # At most once: it may have reached the user, so the restarted bot does not resend it;
    # it records the delivery as unknown.
    assert [(r["kind"], r["status"]) for r in prompt_rows(db_path, uid)] == [
        ("checkin", "unknown")]
    user = rows(db_path, "SELECT next_checkin_utc FROM users WHERE user_id = ?", (uid,))[0]
    assert user["next_checkin_utc"] > due + 12 * 3600  # advanced to the next day
    assert second.terminate() == 0, second.diag()


@pytest.mark.slow
def test_sigterm_shuts_down_cleanly(api: FakeBotAPI, spawn: Spawner, tmp_path: Path):
    bot = spawn.start(api, tmp_path / "journal.sqlite3")
    wait_calls(api, bot, "getUpdates")
    started = time.monotonic()
    assert bot.terminate(timeout=10) == 0, bot.diag()
    assert time.monotonic() - started < 10
    assert "Traceback" not in bot.output(), bot.diag()


def _assert_no_secrets(output: str, *texts: str) -> None:
    secret = TOKEN.split(":", 1)[1]
    leaks = [s for s in (TOKEN, secret, *texts) if s in output]
    lines = [line for line in output.splitlines() if any(s in line for s in leaks)]
    shown = "\n".join(line[:400] for line in lines[:5])
    assert not leaks, f"leaked {leaks!r} in:\n{shown}"


@pytest.mark.slow
def test_logs_never_contain_token_or_user_text(api: FakeBotAPI, spawn: Spawner,
                                               tmp_path: Path):
    bot = spawn.start(api, tmp_path / "journal.sqlite3", LOG_LEVEL="DEBUG")
    wait_calls(api, bot, "getUpdates")
    user = FakeUser(6001, "Sam", "en")

    api.send_text(user, "/start")
    wait_calls(api, bot, "sendMessage", ok_only=True,
               predicate=lambda c: c.params.get("chat_id") == user.id)
    api.wait_until_idle_sync(timeout=5)
    before = len(api.sent_messages(user.id))
    api.send_text(user, "my secret journal text 12345")
    wait_calls(api, bot, "sendMessage", before + 1, ok_only=True,
               predicate=lambda c: c.params.get("chat_id") == user.id)
    api.wait_until_idle_sync(timeout=5)

    assert bot.terminate() == 0, bot.diag()
    output = bot.output()
    assert " DEBUG " in output  # the test means something only if DEBUG lines were written
    _assert_no_secrets(output, "my secret journal text")


@pytest.mark.slow
def test_logs_never_contain_stored_user_text(api: FakeBotAPI, spawn: Spawner, tmp_path: Path):
    """Like the test above, for an onboarded user whose free text is stored (SQL params)."""
    db_path = tmp_path / "journal.sqlite3"
    user = FakeUser(6002, "Sam", "en")
    asyncio.run(_make_onboarded_user(db_path, user.id))
    bot = spawn.start(api, db_path, LOG_LEVEL="DEBUG")
    wait_calls(api, bot, "getUpdates")

    api.send_text(user, "my secret journal text 67890")
    wait_calls(api, bot, "sendMessage", ok_only=True,
               predicate=lambda c: c.params.get("chat_id") == user.id)
    api.wait_until_idle_sync(timeout=5)
    assert rows(db_path, "SELECT text FROM inbox WHERE user_id = ?", (user.id,))[0][0] == (
        "my secret journal text 67890")

    assert bot.terminate() == 0, bot.diag()
    _assert_no_secrets(bot.output(), "my secret journal text")


def _time_to_first_poll(api: FakeBotAPI, spawn: Spawner, db_path: Path) -> float:
    bot = spawn.start(api, db_path)
    first = wait_calls(api, bot, "getUpdates", timeout=20)[0]
    assert bot.terminate() == 0, bot.diag()
    return first.at - bot.started


@pytest.mark.slow
def test_startup_does_not_grow_with_users(api: FakeBotAPI, spawn: Spawner, tmp_path: Path):
    empty_db = tmp_path / "empty.sqlite3"
    big_db = tmp_path / "users.sqlite3"
    make_db(empty_db, 0)
    make_db(big_db, 5_000)
    assert rows(big_db, "SELECT COUNT(*) FROM users")[0][0] == 5_000

    empty = _time_to_first_poll(api, spawn, empty_db)
    big = _time_to_first_poll(api, spawn, big_db)
    assert big < 2 * empty + 1.0, f"5,000 users: {big:.3f}s, empty: {empty:.3f}s"
    # nobody was due: starting with many users sends nothing and claims nothing
    assert api.calls_to("sendMessage") == []
    assert rows(big_db, "SELECT COUNT(*) FROM prompts")[0][0] == 0
