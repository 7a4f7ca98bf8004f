"""Notes on records: what a user adds to a solved problem or a thank-you in their own words.

Two ways in, both without a command:

* **a line typed right before a forward.** Telegram sends "forward with a comment" as two
  updates: the text, then the forward, a second or two apart. A kept text sent (Telegram's
  date) at most ``COMMENT_SECONDS`` before a forward becomes the forward's note instead of
  an offer to start an entry. When both updates are already in the durable inbox, the text
  is recognised at once (``forward_follows``) and gets no reply of its own; otherwise the
  forward takes it back from the kept texts (``comment_before``).
* **a reply to the bot's confirmation** of a saved entry or thank-you. The confirmation's
  message id is stored with the record (``remember``), so the reply finds it.

A second note on the same record goes on a new line of the first: nothing typed is lost.
"""

from __future__ import annotations

import asyncio
import json
from contextvars import Context

from bot.core.accounts import Accounts, AccountsService
from bot.core.gratitude import KEEPABLE
from storage import notes as store
from storage import update_inbox
from storage.db import current_unit
from storage.models import User

COMMENT_SECONDS = 5
KINDS = ("e", "t")  # a solved problem, a kept thank-you


FLUSH_AFTER = 0.05  # s: confirmations remembered together, one transaction for them all


class Notes(AccountsService):
    def __init__(self, accounts: Accounts) -> None:
        super().__init__(accounts)
        # (user, confirmation message id) -> (kind, record id), not yet written
        self._pending: dict[tuple[int, int], tuple[str, int]] = {}
        self._writer: asyncio.Task | None = None
        self._write_lock = asyncio.Lock()

    async def remember(self, user: User, kind: str, record_id: int, message_id: int) -> None:
        """The bot's confirmation of a record: a reply to it adds a note to the record.

        Written in batches, not in the answer's own transaction: a second transaction
        after every reply cost the intake a third of its speed (``bench.intake``). A crash
        within ``FLUSH_AFTER`` of a confirmation only means that a reply to it is kept as
        ordinary text."""
        self._pending[(user.user_id, message_id)] = (kind, record_id)
        if self._writer is None or self._writer.done():
            # a fresh context: the write must not join the unit of work of the update in hand
            self._writer = asyncio.create_task(self._write_soon(), context=Context())

    async def _write_soon(self) -> None:
        await asyncio.sleep(FLUSH_AFTER)
        await self.write_pending()

    async def write_pending(self) -> None:
        """Write the confirmations remembered so far (also at shutdown). One write at a time:
        when it returns, every confirmation remembered before the call is written."""
        async with self._write_lock:
            batch, self._pending = self._pending, {}
            if batch:
                await store.remember_replies(
                    self.db, [(uid, kind, rid, mid) for (uid, mid), (kind, rid) in batch.items()])

    async def replied_record(self, user: User, message_id: int) -> tuple[str, int] | None:
        pending = self._pending.get((user.user_id, message_id))
        if pending is not None:
            return pending
        return await store.by_reply(self.db, user.user_id, message_id)

    async def add(self, user: User, kind: str, record_id: int, text: str) -> bool:
        return await store.add_note(self.db, user.user_id, kind, record_id, text.strip())

    async def comment_before(self, user: User, forward_sent_utc: int) -> str | None:
        """Take the text the user sent just before a forward (its note), if there is one."""
        return await store.take_text_sent_between(
            self.db, user.user_id, forward_sent_utc - COMMENT_SECONDS, forward_sent_utc)

    async def forward_follows(self, user: User, sent_utc: int) -> bool:
        """Whether the user's next update, already received, is a forward sent within
        ``COMMENT_SECONDS`` after this text: then the text is its comment."""
        unit = current_unit()
        if unit is None:
            return False
        raw = await update_inbox.next_waiting(self.db, user.user_id, unit.update_id)
        if raw is None:
            return False
        try:
            message = json.loads(raw).get("message") or {}
            date = int(message.get("date", 0))
        except (ValueError, TypeError, AttributeError):
            return False
        keepable = any(kind in message for kind in KEEPABLE)  # not a poll, a location…
        return (bool(message.get("forward_origin")) and keepable
                and 0 <= date - sent_utc <= COMMENT_SECONDS)
