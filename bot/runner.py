"""Running the bot: connect to Telegram calmly, start the durable intake and the
dispatcher, and stop promptly on SIGTERM/SIGINT.

Exit codes: 0 after a stop signal, 2 when Telegram rejects the token (like a malformed
one), 1 when the journal cannot be opened.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import signal
import sys
from pathlib import Path
from typing import IO

from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot.app import build_application, quiesce
from bot.config import Settings
from bot.intake import Intake
from bot.intake.listener import ListenError
from bot.intake.polling import MAX_BACKOFF, describe_network_error
from storage.db import SQLiteDatabase, StorageError, make_database

log = logging.getLogger(__name__)

TOKEN_REJECTED = (
    "Telegram rejected BOT_TOKEN (401 Unauthorized): the token is wrong or was revoked. "
    "Open @BotFather, /mybots → your bot → API Token, put the current token in BOT_TOKEN, "
    "and start the bot again. (The token is never printed.)"
)


async def connect(application: Application, stop: asyncio.Event) -> bool:
    """Initialise the bot (Telegram's getMe), retrying with back-off while Telegram cannot be
    reached. False when a stop signal came first. Raises InvalidToken."""
    delay = 1.0
    while True:
        try:
            await application.initialize()
            return True
        except InvalidToken:
            raise
        except TelegramError as exc:
            log.warning("%s; the bot retries in %.0f s until it works or is stopped",
                        describe_network_error(exc, application.bot.base_url), delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=delay)
            return False
        delay = min(delay * 2, MAX_BACKOFF)


async def close_http(application: Application) -> None:
    """Close the HTTP clients of a bot that never finished connecting (``shutdown`` closes
    them once it has)."""
    for client in application.bot_data["http_clients"]:
        await client.shutdown()


async def start(application: Application, *, poll_timeout: float = 10) -> Intake:
    """After ``initialize``: open the journal, register commands, start the dispatcher and
    the intake (the order ``Application.run_polling`` uses)."""
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    settings: Settings = application.bot_data["settings"]
    intake = Intake(application, settings, poll_timeout=poll_timeout)
    await intake.start()
    return intake


async def stop(application: Application, intake: Intake | None, timeout: float = 3.0) -> None:  # noqa: ASYNC109
    """Stop within a few seconds whatever is in flight: polling ends at once, each user's
    update in hand gets ``timeout`` s (the rest stays in the inbox), the dispatcher stops
    claiming and its send in hand is finished or recorded as uncertain."""
    parts = [quiesce(application, timeout)] + ([intake.stop(timeout)] if intake else [])
    for result in await asyncio.gather(*parts, return_exceptions=True):
        if isinstance(result, Exception):  # still close the application and the journal
            log.error("stopping: %s", type(result).__name__)
    if application.running:
        await application.stop()
    await application.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


ALREADY_RUNNING = (
    "Another bot process is already running on the journal {path}{pid}. A SQLite journal "
    "takes exactly one process: stop the other one first (or, to run several, use "
    "PostgreSQL; README \"Deployment\")."
)


def lock_journal(path: Path) -> IO[str] | None:
    """Hold ``<journal>.lock`` for the life of the process (released by the system when it
    ends, even on SIGKILL). None when another process holds it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = open(path.with_name(path.name + ".lock"), "a+", encoding="ascii")  # noqa: SIM115
    os.chmod(lock.name, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        pid = lock.read().strip()
        lock.close()
        print(ALREADY_RUNNING.format(path=path, pid=f" (pid {pid})" if pid.isdigit() else ""),
              file=sys.stderr)
        return None
    lock.seek(0)
    lock.truncate()
    lock.write(str(os.getpid()))
    lock.flush()
    return lock


async def serve(settings: Settings) -> int:
    try:
        db = make_database(settings.journal_url())  # not opened: which backend, which file
    except StorageError as exc:
        print(exc, file=sys.stderr)
        return 1
    if not isinstance(db, SQLiteDatabase):  # PostgreSQL: several processes may share it
        return await _serve(settings)
    try:
        lock = lock_journal(db.path)
    except OSError as exc:  # e.g. the data folder is not writable
        print(f"Cannot open the journal at {db.path}: {exc.strerror or type(exc).__name__}. "
              "Check DATABASE_PATH (or DATABASE_URL) and its folder's permissions.",
              file=sys.stderr)
        return 1
    if lock is None:
        return 1
    try:
        return await _serve(settings)
    finally:
        lock.close()


async def _serve(settings: Settings) -> int:
    application = build_application(settings)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    try:
        if not await connect(application, stopping):
            await close_http(application)
            return 0
    except InvalidToken:
        await close_http(application)
        print(TOKEN_REJECTED, file=sys.stderr)
        return 2
    intake: Intake | None = None
    try:
        try:
            intake = await start(application)
        except ListenError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        except StorageError as exc:  # unwritable folder, unreachable server, no permission…
            print(exc, file=sys.stderr)
            return 1
        log.info("receiving updates by %s (database %s)",
                 "webhook" if settings.webhook_mode else "long polling",
                 application.bot_data["services"].db.describe())
        source = intake.source_task
        assert source is not None  # intake.start() created it
        waiter = asyncio.create_task(stopping.wait())
        await asyncio.wait([waiter, source], return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if source.done() and not source.cancelled():
            error = source.exception()
            if isinstance(error, InvalidToken):
                print(TOKEN_REJECTED, file=sys.stderr)
                return 2
            if error is not None:  # e.g. the journal could not be read: let systemd restart
                log.error("receiving updates stopped: %s", type(error).__name__)
                return 1
        log.info("stopping")
        return 0
    finally:
        await stop(application, intake)
