"""The token never reaches output: log lines, exception texts and tracebacks included."""

from __future__ import annotations

import io
import logging
import sys

from bot.logging_setup import RedactToken, install_crash_redaction
from tests.fakebotapi import TOKEN

SECRET_PART = TOKEN.partition(":")[2]


def test_log_lines_and_tracebacks_are_redacted():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactToken(TOKEN))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("calling https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise ValueError(f"The token `{TOKEN}` was rejected by the server.")
        except ValueError:
            logger.exception("start-up failed")
        logger.error("only the secret part: %s", SECRET_PART)
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "getMe" in text and "start-up failed" in text and "ValueError" in text
    assert TOKEN not in text and SECRET_PART not in text
    assert text.count("<BOT_TOKEN>") == 3


def test_crash_output_is_redacted(monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_crash_redaction(TOKEN)
    try:
        raise RuntimeError(f"Invalid token {TOKEN}")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert "RuntimeError" in err.getvalue() and TOKEN not in err.getvalue()
    assert SECRET_PART not in err.getvalue()
