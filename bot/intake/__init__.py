"""Durable intake: updates go into the database's inbox before Telegram is told they
arrived, and are handled from there (``polling.Poller`` → ``storage.update_inbox`` →
``worker.InboxWorker``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram.ext import Application

from bot.handlers import recovery
from bot.intake.polling import Poller
from bot.intake.worker import InboxWorker
from bot.services import Services
from storage import update_inbox

log = logging.getLogger(__name__)


class Intake:
    """The poller and the worker of one running bot."""

    def __init__(self, application: Application, *, poll_timeout: float = 10,
                 concurrency: int = 16, max_backlog: int = 1000) -> None:
        services: Services = application.bot_data["services"]
        self.db = services.db
        self.worker = InboxWorker(
            application, services.db, services.clock,
            on_recovered=recovery.after_restart, on_saved_unconfirmed=recovery.saved_unconfirmed,
            on_not_saved=recovery.not_saved, concurrency=concurrency, max_backlog=max_backlog)
        self.poller = Poller(application.bot, services.db, self.worker, services.clock,
                             timeout=poll_timeout)
        self.poll_task: asyncio.Task | None = None

    async def start(self) -> None:
        """Handle what a previous run left in the inbox, in order, then start polling."""
        set_aside = await update_inbox.count_failed(self.db)
        if set_aside:
            log.warning("%s updates are set aside in the inbox (python -m bot.inbox list)",
                        set_aside)
        left = await update_inbox.unfinished(self.db)
        if left:
            log.info("handling %s updates received before the last stop", len(left))
        self.worker.start()
        self.worker.submit(left)
        self.poll_task = asyncio.create_task(self.poller.run(), name="poller")

    async def stop(self, timeout: float = 3.0) -> None:  # noqa: ASYNC109
        if self.poll_task is not None:
            self.poll_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.poll_task
        await self.worker.stop(timeout)
