"""Logging: level from settings, the bot token redacted from every line as a last defence.

What users write never reaches a log call in this code base. Libraries do log it at DEBUG
(python-telegram-bot logs whole updates and API results, asyncpg logs queries), so
their loggers are held at INFO or above whatever LOG_LEVEL says; the filter below guards the
token against libraries that print URLs or put it in exception texts (python-telegram-bot's
InvalidToken does), tracebacks included, and so does the crash hook for whatever escapes.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

REDACTED = "<BOT_TOKEN>"


def redact(text: str, token: str) -> str:
    if not token:
        return text
    text = text.replace(token, REDACTED)
    secret = token.partition(":")[2]  # the part after the bot id is the secret
    return text.replace(secret, REDACTED) if len(secret) >= 20 else text


class RedactToken(logging.Filter):
    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        message = record.getMessage()
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        clean = redact(message, self.token)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.token)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.token)
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
    for name in ("telegram", "asyncpg"):  # their DEBUG lines may carry user text
        logging.getLogger(name).setLevel(floor)


def install_crash_redaction(token: str) -> None:
    """Python's own crash output (an exception that ends the process) without the token."""

    def hook(kind: type[BaseException], value: BaseException,
             tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        sys.stderr.write(redact(text, token))

    sys.excepthook = hook
