"""Settings from the environment and `.env` (pydantic-settings). Names are part of the contract."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TOKEN_SHAPE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
WEBHOOK_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,256}$")  # Telegram allows 1–256

TOKEN_HELP = (
    "BOT_TOKEN is missing or malformed. The bot needs the token Telegram gives you for it: "
    "open a chat with @BotFather in Telegram, send /newbot (or /mybots to see an existing "
    "bot's token), pick a name, and copy the token it replies with, which looks like "
    "123456789:AAH...; then put BOT_TOKEN=<that token> in the environment or in a .env file "
    "next to where you run `python -m bot` (see .env.example), and start the bot again."
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr = Field(description="Token from @BotFather (required, secret)")
    bot_api_base_url: str = "https://api.telegram.org/bot"
    bot_api_file_url: str = "https://api.telegram.org/file/bot"
    database_path: Path = Path("data/journal.sqlite3")
    # sqlite:///path or postgresql://user:password@host:port/db; unset: DATABASE_PATH
    database_url: SecretStr | None = None
    log_level: str = "INFO"
    checkin_grace_minutes: int = Field(default=180, ge=0, le=24 * 60)
    dispatch_interval_seconds: float = Field(default=1.0, gt=0, le=30)
    dispatch_concurrency: int = Field(default=64, ge=1, le=1000)  # scheduled sends in flight
    intake_concurrency: int = Field(default=16, ge=1, le=256)
    intake_max_backlog: int = Field(default=1000, ge=10, le=100_000)
    send_rate_limit: float = Field(default=30.0, ge=0)  # messages/s; 0: no limit (benchmarks)
    # Telegram's paid broadcasts for scheduled messages: a higher ceiling, 0.1 Star a message
    paid_broadcast: bool = False
    paid_broadcast_rate: float = Field(default=1000.0, gt=0, le=1000)
    # Webhook mode (both set) instead of long polling; see README "Deployment".
    webhook_url: str | None = None        # the public HTTPS address Telegram posts updates to
    webhook_secret: SecretStr | None = None
    webhook_max_connections: int = Field(default=40, ge=1, le=100)
    # The listener: the webhook (in webhook mode) and /healthz, /readyz, /metrics. In polling
    # mode it runs only when LISTEN_PORT is set.
    listen_host: str = "127.0.0.1"
    listen_port: int | None = Field(default=None, ge=0, le=65535)

    @property
    def webhook_mode(self) -> bool:
        return self.webhook_url is not None

    @property
    def listener_port(self) -> int | None:
        """Where the listener runs (None: no listener)."""
        if self.listen_port is None and self.webhook_mode:
            return 8080
        return self.listen_port

    @model_validator(mode="after")
    def _webhook_complete(self) -> Settings:
        if self.webhook_url is None:
            if self.webhook_secret is not None:
                raise ValueError("WEBHOOK_SECRET is set without WEBHOOK_URL")
            return self
        parts = urlsplit(self.webhook_url)
        if parts.scheme != "https" or not parts.netloc:
            raise ValueError("WEBHOOK_URL must be a public https:// address")
        secret = self.webhook_secret.get_secret_value() if self.webhook_secret else ""
        if not WEBHOOK_SECRET_SHAPE.match(secret):
            raise ValueError("WEBHOOK_SECRET must be set with WEBHOOK_URL: 16 to 256 characters "
                             "of A-Z, a-z, 0-9, _ and - (e.g. `openssl rand -hex 32`)")
        return self

    @property
    def webhook_path(self) -> str:
        """The path the listener serves the webhook on: WEBHOOK_URL's own path."""
        return urlsplit(self.webhook_url or "").path or "/"

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not TOKEN_SHAPE.match(value.get_secret_value().strip()):
            raise ValueError("malformed token")
        return SecretStr(value.get_secret_value().strip())

    def journal_url(self) -> str:
        """Where the journal is: DATABASE_URL when set, else the SQLite file DATABASE_PATH."""
        return journal_url(self.database_url, self.database_path)

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        value = value.upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return value


def journal_url(database_url: SecretStr | None, database_path: Path) -> str:
    if database_url is not None and database_url.get_secret_value().strip():
        return database_url.get_secret_value().strip()
    return f"sqlite:///{database_path}"
