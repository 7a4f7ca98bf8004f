"""Shared fixtures: the fake Bot API server, an injected clock, the journal on each backend
(SQLite and PostgreSQL, see tests/backends.py), and the real bot around them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot import runner
from bot.app import build_application
from bot.config import Settings
from bot.core.clock import ManualClock
from bot.services import Services

pytest.register_assert_rewrite("tests.backends")
from tests import backends  # noqa: E402
from tests.fakebotapi import TOKEN, FakeBotAPI, FakeUser  # noqa: E402

pytest_plugins = ["tests.backends"]  # backend, journal_url, journal, pg_server

START = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo, 20:00 in New York (27th)


@pytest.fixture
def api() -> Iterator[FakeBotAPI]:
    server = FakeBotAPI().start()
    yield server
    server.stop()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


class BotHarness:
    """The real PTB Application, polling the fake server, with helpers that act as a user."""

    def __init__(self, api: FakeBotAPI, clock: ManualClock, db_path: Path,
                 url: str | None = None) -> None:
        self.api = api
        self.clock = clock
        self.db_path = db_path  # the SQLite file (when the journal is in SQLite)
        self.url = url or f"sqlite:///{db_path}"
        self.backend = "sqlite" if self.url.startswith("sqlite:") else "postgres"
        self.application = None
        self.intake = None
        self.processed: set[int] = set()
        self.overrides: dict = {}  # more settings, e.g. webhook mode
        api.date_fn = lambda: int(clock.now().timestamp())

    def settings(self) -> Settings:
        return Settings(bot_token=TOKEN, bot_api_base_url=self.api.base_url,
                        bot_api_file_url=self.api.file_url, database_path=self.db_path,
                        database_url=self.url,
                        dispatch_interval_seconds=0.05, checkin_grace_minutes=180,
                        _env_file=None, **self.overrides)

    async def start(self) -> BotHarness:
        app = build_application(self.settings(), self.clock, send_backoff_seconds=0.01)
        # The same path as `python -m bot` (bot/runner.py): initialize, post_init, start, then
        # the durable intake. The worker reports an update once it is finished with it (every
        # attempt, and any "saved" or "sorry" line): from then on all its replies are sent.
        await app.initialize()
        self.intake = await runner.start(app, poll_timeout=1)
        self.intake.worker.finished_hooks.append(self.processed.add)
        self.application = app
        return self

    async def stop(self) -> None:
        app, self.application = self.application, None
        if app is None:
            return
        await runner.stop(app, self.intake)

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    @property
    def services(self) -> Services:
        return self.application.bot_data["services"]

    # --- acting as a user ------------------------------------------------------------
    def _mark(self, user: FakeUser) -> int:
        return len(self.api.sent_messages(user.id))

    async def processed_update(self, update: dict, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while update["update_id"] not in self.processed:
            if loop.time() > deadline:
                raise AssertionError(f"update {update['update_id']} was not processed\n"
                                     + self.api.dump_calls())
            await asyncio.sleep(0.005)

    async def _replies(self, user: FakeUser, mark: int, update: dict) -> list[dict]:
        await self.processed_update(update)
        await self.services.notes.write_pending()  # written in batches: see bot/core/notes.py
        return self.api.sent_messages(user.id)[mark:]

    async def send(self, user: FakeUser, text: str, **extra) -> list[dict]:
        mark = self._mark(user)
        return await self._replies(user, mark, self.api.send_text(user, text, **extra))

    async def send_message(self, user: FakeUser, **fields) -> list[dict]:
        mark = self._mark(user)
        return await self._replies(user, mark, self.api.send_message(user, **fields))

    async def press(self, user: FakeUser, message: dict | int, data: str) -> list[dict]:
        mark = self._mark(user)
        return await self._replies(user, mark, self.api.press_button(user, message, data))

    async def onboard(self, user: FakeUser, *, persona: str = "office", zone: str = "Asia/Tokyo",
                      at: str = "21:00") -> None:
        replies = await self.send(user, "/start")
        await self.press(user, replies[-1], f"set:persona:{persona}")
        last = self.api.last_message(user.id)
        await self.press(user, last, f"set:tz:{zone}")
        last = self.api.last_message(user.id)
        replies = await self.press(user, last, f"set:time:{at}")
        assert "準備ができました" in replies[-1]["text"] or "All set" in replies[-1]["text"]
        assert self.user_row(user.id)["checkin_time"] == at

    # --- the scheduler ---------------------------------------------------------------
    async def dispatch(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait for a full dispatcher pass that started after the clock was last changed."""
        dispatcher = self.services.dispatcher
        # every lane (questions, others) completes two more passes: the second of them
        # began after the clock was changed
        target = {lane: dispatcher.runs_of(lane) + 2 for lane in ("questions", "others")}
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while any(dispatcher.runs_of(lane) < n for lane, n in target.items()):
            if loop.time() > deadline:
                raise AssertionError("dispatcher did not run")
            await asyncio.sleep(0.01)
        await self.api.wait_until_idle()

    async def at(self, instant: datetime) -> None:
        """Move the clock to ``instant`` and let the dispatcher act on it."""
        self.clock.set(instant)
        await self.dispatch()

    async def write(self, user: FakeUser, *lines: str, hours: int = 5,
                    saved: tuple[str, ...] = ("🌱",)) -> None:
        """Records a few hours apart (the daily question and the digest are paused first:
        the clock crosses their times); each one's confirmation starts with one of
        ``saved``."""
        replies = await self.send(user, "/settings")
        await self.press(user, replies[-1], "set:pause")
        for line in lines:
            self.clock.advance(hours=hours)
            replies = await self.send(user, line)
            assert any(mark in replies[-1]["text"] for mark in saved), replies[-1]["text"]

    # --- the database, read as an outsider -------------------------------------------
    def rows(self, sql: str, params: tuple = ()) -> list[Any]:
        """Rows read on a connection of their own (``?`` placeholders on both backends)."""
        return backends.rows(self.url, sql, params)

    def execute(self, *statements: tuple[str, tuple]) -> None:
        """Write as an outsider, in one transaction (``?`` placeholders on both backends)."""
        backends.execute(self.url, statements)

    def search_rids(self, user_id: int, term: str) -> list[int]:
        """What /search finds for one term: entry_id * 2, thanks_id * 2 + 1 (sorted)."""
        return backends.search_rids(self.url, user_id, term)

    def entries(self, user_id: int) -> list[Any]:
        return self.rows("SELECT * FROM entries WHERE user_id = ? ORDER BY entry_id", (user_id,))

    def user_row(self, user_id: int) -> Any:
        return self.rows("SELECT * FROM users WHERE user_id = ?", (user_id,))[0]

    def prompts(self, user_id: int) -> list[Any]:
        return self.rows("SELECT * FROM prompts WHERE user_id = ? ORDER BY prompt_id", (user_id,))


@pytest.fixture
async def harness(api: FakeBotAPI, clock: ManualClock, tmp_path: Path, journal_url: str
                  ) -> AsyncIterator[BotHarness]:
    bot = BotHarness(api, clock, tmp_path / "journal.sqlite3", journal_url)
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()


@pytest.fixture
def ja_user() -> FakeUser:
    return FakeUser(id=1001, first_name="あいこ", language_code="ja")


@pytest.fixture
def en_user() -> FakeUser:
    return FakeUser(id=2002, first_name="Sam", language_code="en-US")


@pytest.fixture
def no_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """No ERROR record while the test ran (``pytestmark = usefixtures("no_errors")``)."""
    caplog.set_level(logging.INFO)
    yield
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def assert_logs_clean(caplog: pytest.LogCaptureFixture, secrets: Iterable[str] = ()) -> None:
    """No ERROR record (a handler raised or a job failed), and none of ``secrets`` (users'
    and third parties' words) in a line logged by the bot's own code, even at DEBUG
    (libraries' DEBUG loggers are held at INFO in production: see logging_setup)."""
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
    logged = "\n".join(r.getMessage() for r in caplog.records
                       if r.name.split(".")[0] in ("bot", "storage"))
    for secret in secrets:
        assert secret not in logged


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the PostgreSQL variant of tests marked ``sqlite_only``, and every PostgreSQL
    variant when ``TEST_DATABASE_URL=skip``."""
    skip_pg = backends.pg_admin_url() is None
    kept, left_out = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_pg = callspec is not None and callspec.params.get("backend") == "postgres"
        if on_pg and (skip_pg or item.get_closest_marker("sqlite_only")):
            left_out.append(item)
        else:
            kept.append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def pytest_report_header(config: pytest.Config) -> str:
    url = backends.pg_admin_url()
    return ("PostgreSQL half: left out (TEST_DATABASE_URL=skip)" if url is None
            else f"PostgreSQL half: a fresh database on {url.split('@')[-1]}")
