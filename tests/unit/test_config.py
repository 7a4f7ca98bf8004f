"""Settings: names, defaults, token validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings

GOOD = "123456789:AAFakeTokenForTestsOnly_abcdefghijklm"


def test_defaults(monkeypatch):
    monkeypatch.setenv("BOT_TOKEN", GOOD)
    settings = Settings(_env_file=None)
    assert settings.bot_api_base_url == "https://api.telegram.org/bot"
    assert settings.bot_api_file_url == "https://api.telegram.org/file/bot"
    assert settings.database_path == Path("data/journal.sqlite3")
    assert settings.log_level == "INFO"
    assert settings.checkin_grace_minutes == 180
    assert settings.dispatch_interval_seconds <= 30
    assert GOOD not in repr(settings)  # a secret


@pytest.mark.parametrize("token", ["", "nonsense", "123:short", "abc:AAFakeTokenForTestsOnly_abcdefghijklm"])
def test_malformed_tokens_are_refused(monkeypatch, token):
    monkeypatch.setenv("BOT_TOKEN", token)
    with pytest.raises(ValidationError):
        Settings(_env_file=None)


def test_env_names(monkeypatch, tmp_path):
    for name, value in {"BOT_TOKEN": GOOD, "BOT_API_BASE_URL": "http://127.0.0.1:1/bot",
                        "DATABASE_PATH": str(tmp_path / "x.db"), "LOG_LEVEL": "debug",
                        "CHECKIN_GRACE_MINUTES": "30"}.items():
        monkeypatch.setenv(name, value)
    settings = Settings(_env_file=None)
    assert settings.bot_api_base_url == "http://127.0.0.1:1/bot"
    assert settings.database_path == tmp_path / "x.db"
    assert (settings.log_level, settings.checkin_grace_minutes) == ("DEBUG", 30)
