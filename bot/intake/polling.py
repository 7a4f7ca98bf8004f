"""Long polling into the durable inbox.

Updates are fetched raw (python-telegram-bot's ``get_updates`` would parse them, and one
update it cannot parse would fail the whole batch forever), stored in one transaction, and
only then confirmed: the next ``getUpdates`` carries ``offset`` = last stored id + 1. A crash
between the two means Telegram hands the batch out again, and the inbox recognises it by
its update ids. The webhook source (``webhook.py``) stores the same way before it answers
200.
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.core.clock import Clock
from bot.core.schedule import to_epoch
from bot.intake.worker import InboxWorker
from storage import update_inbox
from storage.db import Database

log = logging.getLogger(__name__)

MAX_BACKOFF = 60.0


class Poller:
    def __init__(self, bot: Bot, db: Database, worker: InboxWorker, clock: Clock, *,
                 timeout: float = 10, limit: int = 100) -> None:
        self.bot = bot
        self.db = db
        self.worker = worker
        self.clock = clock
        self.timeout = timeout
        self.limit = limit

    async def run(self) -> None:
        """Poll until cancelled. Raises ``InvalidToken`` when Telegram rejects the token."""
        offset = await update_inbox.next_offset(self.db)
        await self._with_retries(self._delete_webhook)
        while True:
            await self.worker.wait_for_room()
            updates = await self._with_retries(partial(self._fetch, offset))
            if not updates:
                continue
            fresh = await self._with_retries(partial(self._store, updates))
            self.worker.submit(fresh, source="polling")
            offset = max(u["update_id"] for u in updates) + 1

    async def _delete_webhook(self) -> bool:
        # Switching from a webhook back to polling: Telegram refuses getUpdates while a
        # webhook is set. Pending updates are kept.
        return await self.bot.delete_webhook(drop_pending_updates=False)

    async def _fetch(self, offset: int | None) -> list[dict]:
        data: dict[str, Any] = {"offset": offset, "timeout": self.timeout, "limit": self.limit,
                                "allowed_updates": Update.ALL_TYPES}
        # Bot._post is the request Bot.get_updates makes, without parsing the result.
        result = await self.bot._post("getUpdates", data,  # noqa: SLF001
                                      read_timeout=self.timeout + 10)
        if not isinstance(result, list):
            raise NetworkError("getUpdates answered something other than a list")
        updates = [u for u in result if isinstance(u, dict) and isinstance(u.get("update_id"), int)
                   and not isinstance(u.get("update_id"), bool)]
        if len(updates) < len(result):
            log.warning("getUpdates returned %s items without an update id; skipped",
                        len(result) - len(updates))
        return updates

    async def _store(self, updates: list[dict]) -> list[update_inbox.InboxRow]:
        return await update_inbox.receive(self.db, updates, to_epoch(self.clock.now()))

    async def _with_retries(self, step):
        return await with_retries(step, self.bot.base_url)


async def with_retries(step, base_url: str):
    """Run ``step`` until it works: network trouble and Telegram's errors are waited out with
    back-off and one calm line per outage; a rejected token (``InvalidToken``) is raised."""
    delay = 1.0
    failures = 0
    while True:
        try:
            result = await step()
        except InvalidToken:
            raise
        except RetryAfter as exc:
            retry_after = exc.retry_after
            wait = retry_after.total_seconds() if hasattr(retry_after, "total_seconds") \
                else float(retry_after)
            await asyncio.sleep(wait)
            continue
        except (NetworkError, Conflict, TelegramError) as exc:
            failures += 1
            if failures == 1 or failures % 10 == 0:
                log.warning("%s; retrying in %.0f s", describe_network_error(exc, base_url),
                            delay)
        except Exception as exc:  # e.g. the database could not store the batch
            failures += 1
            log.error("receiving updates failed: %s; retrying in %.0f s",
                      type(exc).__name__, delay)
        else:
            if failures:
                log.info("Telegram reachable again")
            return result
        await asyncio.sleep(delay)
        delay = min(delay * 2, MAX_BACKOFF)


def describe_network_error(exc: Exception, base_url: str) -> str:
    """One plain line about a failed request, naming the host but never the token."""
    host = urlsplit(base_url).netloc or "the Bot API"
    if isinstance(exc, Conflict):
        return ("Telegram refused to hand out updates (409 Conflict): another copy of this bot "
                "is polling with the same token, or a webhook is set")
    return (f"cannot reach Telegram at {host} ({type(exc).__name__}): check the network, "
            "DNS, a proxy, or BOT_API_BASE_URL")
