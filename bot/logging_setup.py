"""Logging: level from settings, the bot token redacted from every line as a last defence.

What users write never reaches a log call in this code base. Libraries do log it at DEBUG
(python-telegram-bot logs whole updates and API results, aiosqlite logs SQL parameters), so
their loggers are held at INFO or above whatever LOG_LEVEL says; the filter below guards the
token against libraries that print URLs.
"""

from __future__ import annotations

import logging


class RedactToken(logging.Filter):
    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token:
            message = record.getMessage()
            if self.token in message:
                record.msg = message.replace(self.token, "<BOT_TOKEN>")
                record.args = None
        return True


def setup_logging(level: str, token: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    floor = max(logging.getLevelName(level), logging.INFO)
    for name in ("telegram", "aiosqlite"):  # their DEBUG lines carry user text
        logging.getLogger(name).setLevel(floor)
