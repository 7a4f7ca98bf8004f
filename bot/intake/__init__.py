"""Durable intake: updates go into the database's inbox before Telegram is told they
arrived, and are handled from there (a source, ``polling.Poller`` or
``webhook.WebhookReceiver`` → ``storage.update_inbox`` → ``worker.InboxWorker``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram.ext import Application

from bot.config import Settings
from bot.handlers import recovery
from bot.intake.listener import Listener
from bot.intake.polling import Poller
from bot.intake.webhook import WebhookReceiver
from bot.intake.worker import InboxWorker
from bot.metrics import Metrics
from bot.services import Services
from storage import update_inbox

log = logging.getLogger(__name__)


class Intake:
    """The source, the worker and the listener of one running bot."""

    def __init__(self, application: Application, settings: Settings, *,
                 poll_timeout: float = 10) -> None:
        services: Services = application.bot_data["services"]
        metrics: Metrics = application.bot_data["metrics"]
        self.db = services.db
        self.worker = InboxWorker(
            application, services.db, services.clock,
            on_recovered=recovery.after_restart, on_saved_unconfirmed=recovery.saved_unconfirmed,
            on_not_saved=recovery.not_saved, concurrency=settings.intake_concurrency,
            max_backlog=settings.intake_max_backlog, metrics=metrics,
            replica=application.bot_data.get("replica"))
        self.webhook: WebhookReceiver | None = None
        self.poller: Poller | None = None
        if settings.webhook_mode:
            assert settings.webhook_url is not None and settings.webhook_secret is not None
            self.webhook = WebhookReceiver(
                application.bot, services.db, self.worker, services.clock,
                url=settings.webhook_url, secret=settings.webhook_secret.get_secret_value(),
                max_connections=settings.webhook_max_connections)
        else:
            self.poller = Poller(application.bot, services.db, self.worker, services.clock,
                                 timeout=poll_timeout)
        port = settings.listener_port
        self.listener = None if port is None else Listener(
            services.db, services.clock, self.worker, metrics, host=settings.listen_host,
            port=port, webhook=self.webhook, webhook_path=settings.webhook_path)
        self.source_task: asyncio.Task | None = None

    async def start(self) -> None:
        """Handle what a previous run left in the inbox, in order, then start receiving."""
        if self.listener is not None:  # first: a port that is taken stops the start here
            await self.listener.start()
        set_aside = await update_inbox.count_failed(self.db)
        if set_aside:
            log.warning("%s updates are set aside in the inbox (python -m bot.inbox list)",
                        set_aside)
        left = await update_inbox.unfinished(self.db)
        if left:
            log.info("handling %s updates received before the last stop", len(left))
        self.worker.start()
        self.worker.submit(left, source="inbox")
        source = self.webhook.run() if self.webhook is not None else self._poller().run()
        self.source_task = asyncio.create_task(source, name="intake-source")

    def _poller(self) -> Poller:
        assert self.poller is not None
        return self.poller

    async def stop(self, timeout: float = 3.0) -> None:  # noqa: ASYNC109
        if self.source_task is not None:
            self.source_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.source_task
        if self.listener is not None:  # webhook requests in flight finish storing first
            await self.listener.stop()
        await self.worker.stop(timeout)
