"""Real ``python -m bot`` processes: one process per SQLite journal, and webhook mode with its
listener, end to end."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.test_process import Spawner, spawn, wait_calls  # noqa: F401 - fixture
from tests.fakebotapi import FakeBotAPI, FakeUser

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, timeout: float = 10.0) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_a_second_process_on_the_same_journal_is_refused(spawn: Spawner, tmp_path: Path):  # noqa: F811
    api = FakeBotAPI().start()
    try:
        db = tmp_path / "data" / "journal.sqlite3"
        first = spawn.start(api, db)
        wait_calls(api, first, "getUpdates", timeout=20)
        second = spawn.start(api, db)
        assert second.proc.wait(timeout=20) == 1, second.diag()
        message = second.stderr_text()
        assert "Another bot process is already running" in message
        assert f"pid {first.proc.pid}" in message
        assert "Traceback" not in second.output()
        assert first.proc.poll() is None  # the first one goes on
        user = FakeUser(7001, "Aki", "en")
        api.send_text(user, "/start")
        wait_calls(api, first, "sendMessage", ok_only=True,
                   predicate=lambda c: c.params.get("chat_id") == user.id)
        assert first.terminate() == 0, first.diag()
        third = spawn.start(api, db)  # the lock went with the first process
        wait_calls(api, third, "getUpdates", timeout=20)
        assert third.terminate() == 0, third.diag()
    finally:
        api.stop()


def test_webhook_mode_end_to_end(spawn: Spawner, tmp_path: Path):  # noqa: F811
    api = FakeBotAPI().start()
    port = _free_port()
    try:
        bot = spawn.start(api, tmp_path / "journal.sqlite3",
                          WEBHOOK_URL="https://bot.example.org/hook",
                          WEBHOOK_SECRET="process_test_secret_0123456789", LISTEN_PORT=str(port))
        assert _get(f"http://127.0.0.1:{port}/healthz")[0] == 200, bot.diag()
        wait_calls(api, bot, "setWebhook", timeout=20)
        api.webhook_target = f"http://127.0.0.1:{port}/hook"
        user = FakeUser(7002, "Aki", "ja")
        api.send_text(user, "/start")
        wait_calls(api, bot, "sendMessage", ok_only=True,
                   predicate=lambda c: c.params.get("chat_id") == user.id)
        status, text = _get(f"http://127.0.0.1:{port}/readyz")
        assert status == 200 and json.loads(text)["ready"] is True, text
        assert not api.calls_to("getUpdates")
        check = subprocess.run([sys.executable, "-m", "bot.healthcheck"], cwd=spawn.cwd,
                               env={**spawn.env(api, tmp_path / "x"), "LISTEN_PORT": str(port)},
                               capture_output=True, timeout=20)
        assert check.returncode == 0, check.stderr  # the image's HEALTHCHECK command
        started = time.monotonic()
        assert bot.terminate() == 0, bot.diag()
        assert time.monotonic() - started < 5
        assert "Traceback" not in bot.output()
        check = subprocess.run([sys.executable, "-m", "bot.healthcheck"], cwd=spawn.cwd,
                               env={**spawn.env(api, tmp_path / "x"), "LISTEN_PORT": str(port)},
                               capture_output=True, timeout=20)
        assert check.returncode == 1 and b"no answer" in check.stderr
    finally:
        api.stop()
