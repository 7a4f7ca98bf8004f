"""Webhook intake: Telegram posts each update to ``WEBHOOK_URL``; the listener (``listener.py``)
hands the request here.

A request is answered 200 only once its update is in the durable inbox, so a crash after the
answer loses nothing; a request that could not be stored gets 500 and Telegram sends it again.
Requests without the right ``X-Telegram-Bot-Api-Secret-Token`` (compared in constant time)
get 403 and are never read further; bodies over ``MAX_BODY`` get 413 (the listener's limit);
a body that is not an update gets 400. While the inbox backlog is full, requests wait for room
(back-pressure: Telegram holds at most ``max_connections`` requests open and sends no more
meanwhile).

Telegram may deliver updates over several connections at once; the inbox keeps each user's
updates in the order they are stored, which for one user's quick succession of messages is
the order Telegram sends them.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging

from aiohttp import web
from telegram import Bot, Update

from bot.core.clock import Clock
from bot.core.schedule import to_epoch
from bot.intake.polling import with_retries
from bot.intake.worker import InboxWorker
from storage import update_inbox
from storage.db import Database

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024  # Telegram's updates are a few KB; a 1 MB body is not one of them


class WebhookReceiver:
    def __init__(self, bot: Bot, db: Database, worker: InboxWorker, clock: Clock, *,
                 url: str, secret: str, max_connections: int) -> None:
        self.bot = bot
        self.db = db
        self.worker = worker
        self.clock = clock
        self.url = url
        self._secret = secret.encode()
        self.max_connections = max_connections
        self.rejected = 0  # requests refused for a wrong secret (logged once per 100)

    async def run(self) -> None:
        """Register the webhook with Telegram (retried until it works), then serve until
        cancelled. Raises ``InvalidToken`` when Telegram rejects the token."""
        await with_retries(self._register, self.bot.base_url)
        log.info("receiving updates by webhook (max %s connections)", self.max_connections)
        await asyncio.Event().wait()

    async def _register(self) -> bool:
        return await self.bot.set_webhook(
            self.url, secret_token=self._secret.decode(), allowed_updates=Update.ALL_TYPES,
            max_connections=self.max_connections, drop_pending_updates=False)

    async def handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            self.rejected += 1
            if self.rejected % 100 == 1:
                log.warning("webhook request without the right secret token refused (403); "
                            "%s so far", self.rejected)
            return web.Response(status=403)
        body = await request.read()  # over MAX_BODY: aiohttp answers 413
        try:
            update = json.loads(body)
        except ValueError:
            return web.Response(status=400, text="not JSON")
        update_id = update.get("update_id") if isinstance(update, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            return web.Response(status=400, text="not an update")
        await self.worker.wait_for_room()
        rows = await update_inbox.receive(self.db, [update], to_epoch(self.clock.now()))
        self.worker.submit(rows, source="webhook")
        return web.Response(status=200)
