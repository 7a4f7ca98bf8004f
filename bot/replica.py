"""This process among several on one database (PostgreSQL): who sends scheduled messages, and
who handles a chat's updates.

* **One sender.** Scheduled messages (daily questions, digests, thank-yous brought back) are
  claimed and sent by one process at a time, the holder of a PostgreSQL advisory lock
  (``storage.replicas.SENDER_LOCK``) on a connection of its own. When it dies, PostgreSQL
  frees the lock with its connection, and another process takes it at its next tick (within
  a second or two); before its first pass it undoes the claims the dead one never sent and
  records those that may have left as ``unknown`` (``Dispatcher.recover``). So all the
  processes together send at one limiter's pace, never more than Telegram's ceiling.
* **The ceiling shared.** Every process also replies to the users whose updates it handles.
  Each heartbeat records how many replies a second it has been sending; the sender paces its
  own messages that much slower.
* **A chat's updates in order.** Whichever process received an update, a chat's updates are
  handled by one process at a time, in update order (``InboxWorker`` with a lease per chat);
  the leases of a process whose heartbeat stopped ``DEAD_AFTER`` ago are dropped and its
  chats' waiting updates handled by the others (``sweep``).

A SQLite journal is used by one process: it is always the sender and takes no leases.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable

from storage import replicas
from storage.db import Database

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 1.0
DEAD_AFTER = 8          # s without a heartbeat: the process is taken for dead
UNATTENDED_AFTER = 3    # s an update may wait without any process having taken its chat


class Replica:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.id = f"{socket.gethostname()[:40]}-{os.getpid()}-{secrets.token_hex(3)}"
        self.shared = db.shared
        self.sender = False
        self.recovered = False  # the claims of the sender before were recovered (app.py)
        self.others_reply_rate = 0.0
        self.reply_count: Callable[[], int] = lambda: 0  # replies sent so far (the limiter's)
        # the inbox worker's: handle a chat's waiting updates; whether it has a lane for one
        self.attend: Callable[[int], None] = lambda chat_key: None
        self.has_lane: Callable[[int], bool] = lambda chat_key: False
        self._task: asyncio.Task | None = None
        self._replies_before = 0
        self._unattended: dict[int, float] = {}  # chat -> when first seen waiting, unleased

    async def start(self) -> None:
        if self.shared:
            await self._beat(HEARTBEAT_SECONDS)  # before any lease is taken in its name
            self._task = asyncio.create_task(self._run(), name="replica")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self.shared:
            try:
                await replicas.leave(self.db, self.id)
                await self.db.unlock(replicas.SENDER_LOCK)
            except Exception as exc:  # the others take over once its heartbeat is old
                log.warning("leaving the replicas failed: %s", type(exc).__name__)
        self.sender = False

    async def is_sender(self) -> bool:
        """Whether this process sends scheduled messages now (asked at each tick)."""
        try:
            self.sender = await self.db.try_lock(replicas.SENDER_LOCK)
        except Exception as exc:
            log.warning("the sender's lock could not be checked: %s", type(exc).__name__)
            self.sender = False
        return self.sender

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            now = loop.time()
            try:
                await self._beat(now - last)
                await self.sweep()
            except Exception as exc:  # the database is away: try again at the next beat
                log.warning("replica heartbeat failed: %s", type(exc).__name__)
            last = now

    async def _beat(self, seconds: float) -> None:
        """The heartbeat, on the database's clock (hosts' clocks may disagree)."""
        count = self.reply_count()
        rate = (count - self._replies_before) / max(seconds, 0.1)
        self._replies_before = count
        await replicas.heartbeat(self.db, self.id, round(rate, 2))
        self.others_reply_rate = await replicas.others_reply_rate(
            self.db, self.id, DEAD_AFTER)

    async def sweep(self) -> None:
        """Drop the dead processes' leases; handle the chats nobody is handling, and those
        leased in this process's name with no lane here (a lane that could not give its
        lease back)."""
        dropped = await replicas.forget_dead(self.db, DEAD_AFTER)
        if dropped:
            log.warning("%s chats of a process that stopped are taken over", dropped)
        for chat_key in await replicas.own_leases(self.db, self.id):
            if not self.has_lane(chat_key):
                self.attend(chat_key)
        seen = time.monotonic()  # how long a chat has waited: this process's own clock
        waiting = set(await replicas.unattended_chats(self.db))
        self._unattended = {c: self._unattended.get(c, seen) for c in waiting}
        for chat_key, since in self._unattended.items():
            if seen - since >= UNATTENDED_AFTER:
                self.attend(chat_key)
