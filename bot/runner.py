"""Running the bot: connect to Telegram calmly, start the durable intake and the
dispatcher, and stop promptly on SIGTERM/SIGINT.

Exit codes: 0 after a stop signal, 2 when Telegram rejects the token (like a malformed
one), 1 when the journal cannot be opened.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot.app import build_application, quiesce
from bot.config import Settings
from bot.intake import Intake
from bot.intake.polling import MAX_BACKOFF, describe_network_error
from storage.db import StorageError

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


async def start(application: Application, *, poll_timeout: float = 10) -> Intake:
    """After ``initialize``: open the journal, register commands, start the dispatcher and
    the intake (the order ``Application.run_polling`` uses)."""
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    settings: Settings = application.bot_data["settings"]
    intake = Intake(application, poll_timeout=poll_timeout,
                    concurrency=settings.intake_concurrency,
                    max_backlog=settings.intake_max_backlog)
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


async def serve(settings: Settings) -> int:
    application = build_application(settings)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    try:
        if not await connect(application, stopping):
            return 0
    except InvalidToken:
        print(TOKEN_REJECTED, file=sys.stderr)
        return 2
    intake: Intake | None = None
    try:
        try:
            intake = await start(application)
        except StorageError as exc:  # unwritable folder, unreachable server, no permission…
            print(exc, file=sys.stderr)
            return 1
        log.info("receiving updates by long polling (database %s)",
                 application.bot_data["services"].db.describe())
        poll_task = intake.poll_task
        assert poll_task is not None  # intake.start() created it
        waiter = asyncio.create_task(stopping.wait())
        await asyncio.wait([waiter, poll_task], return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if poll_task.done() and not poll_task.cancelled():
            error = poll_task.exception()
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
