"""The bot's HTTP listener (aiohttp.web, on ``LISTEN_HOST``:``LISTEN_PORT``): the webhook in
webhook mode, and for the operator ``GET /healthz`` (the process answers), ``GET /readyz``
(the database answers, the dispatcher is alive, the inbox backlog is under its limit; 503 and
the failing checks otherwise) and ``GET /metrics`` (Prometheus' text format).

It serves plain HTTP: in webhook mode a reverse proxy in front terminates TLS (README
"Deployment"). No access log: the webhook's path and the callers are not worth a line each.
"""

from __future__ import annotations

import asyncio
import json
import logging

from aiohttp import web

from bot.core.clock import Clock
from bot.core.schedule import to_epoch
from bot.intake.webhook import MAX_BODY, WebhookReceiver
from bot.intake.worker import InboxWorker
from bot.metrics import CONTENT_TYPE, Metrics
from storage import health
from storage.db import Database

log = logging.getLogger(__name__)

DB_TIMEOUT = 2.0  # s a readiness or metrics query may take before the database counts as down


class ListenError(Exception):
    """The listener's address is taken or not allowed."""


class Listener:
    def __init__(self, db: Database, clock: Clock, worker: InboxWorker, metrics: Metrics, *,
                 host: str, port: int, webhook: WebhookReceiver | None = None,
                 webhook_path: str = "/") -> None:
        self.db = db
        self.clock = clock
        self.worker = worker
        self.metrics = metrics
        self.host = host
        self.port = port
        self.app = web.Application(client_max_size=MAX_BODY)
        self.app.router.add_get("/healthz", self.healthz)
        self.app.router.add_get("/readyz", self.readyz)
        self.app.router.add_get("/metrics", self.metrics_page)
        if webhook is not None:
            self.app.router.add_post(webhook_path, webhook.handle)
        self._runner: web.AppRunner | None = None

    async def start(self) -> int:
        """Start listening; return the port (the one the system chose for port 0)."""
        self._runner = web.AppRunner(self.app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError as exc:
            await self.stop()
            raise ListenError(f"cannot listen on {self.host}:{self.port} "
                              f"({exc.strerror or type(exc).__name__}): check LISTEN_HOST "
                              "and LISTEN_PORT, or whether another process uses the port"
                              ) from exc
        server = site._server  # noqa: SLF001 - the bound socket, to learn port 0's choice
        sockets = getattr(server, "sockets", None) or []
        if sockets:
            self.port = sockets[0].getsockname()[1]
        log.info("listening on http://%s:%s", self.host, self.port)
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- endpoints ----------------------------------------------------------------------
    async def healthz(self, request: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    async def readyz(self, request: web.Request) -> web.Response:
        try:
            await asyncio.wait_for(health.ping(self.db), DB_TIMEOUT)
            database = "ok"
        except Exception as exc:
            database = f"unreachable ({type(exc).__name__})"
        verdict = self.metrics.readiness(database=database, backlog=self.worker.backlog,
                                         max_backlog=self.worker.max_backlog)
        return web.Response(status=200 if verdict.ready else 503,
                            text=json.dumps({"ready": verdict.ready, **verdict.checks}) + "\n",
                            content_type="application/json")

    async def metrics_page(self, request: web.Request) -> web.Response:
        now = to_epoch(self.clock.now())
        try:
            oldest_due, (oldest_update, set_aside) = await asyncio.wait_for(
                asyncio.gather(health.oldest_due(self.db, now), health.inbox_state(self.db)),
                DB_TIMEOUT)
        except Exception as exc:  # the counters still answer; the gauges keep their values
            log.warning("metrics: the database did not answer (%s)", type(exc).__name__)
        else:
            self.metrics.dispatcher_lag.set(max(0, now - oldest_due) if oldest_due else 0)
            self.metrics.inbox_oldest_age.set(max(0, now - oldest_update) if oldest_update
                                              else 0)
            self.metrics.inbox_set_aside.set(set_aside)
        self.metrics.inbox_backlog.set(self.worker.backlog)
        return web.Response(body=self.metrics.render(), headers={"Content-Type": CONTENT_TYPE})
