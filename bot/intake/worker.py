"""Handles what the inbox holds: one user's updates strictly in order, different users'
concurrently (bounded), each update inside one unit of work (``storage.db``).

- An update that cannot be read, or whose handling fails the same way ``attempts`` times
  without storing anything, is set aside (state ``failed``), logged once without its
  content, and the user is told nothing was saved; everyone else goes on.
- An update whose effects were committed when its reply failed is never run again: the user
  gets a short "saved" line instead of an apology.
- An update found ``applied`` at start-up (the process died after its effects were committed,
  before it was marked done) is answered by ``on_recovered``, never run again.
- Finished updates are marked done in batches; a crash before that mark only means a reply
  may be sent again, never that anything is stored twice.
- On a database several processes share (``replica``), a chat's lane first takes the chat's
  lease, then handles the chat's waiting updates from the database, whichever process stored
  them, until none is left; then it marks them done and gives the lease back. A process that
  finds the lease taken leaves its updates to the holder, which looks once more after giving
  the lease back.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext

from bot.core.clock import Clock
from bot.core.schedule import to_epoch
from bot.metrics import Metrics
from bot.replica import Replica
from storage import replicas, update_inbox
from storage.db import Database, unit_of_work
from storage.update_inbox import InboxRow

log = logging.getLogger(__name__)

Handler = Callable[[Update, Any], Awaitable[None]]


class InboxWorker:
    def __init__(self, application: Application, db: Database, clock: Clock, *,
                 on_recovered: Handler, on_saved_unconfirmed: Handler, on_not_saved: Handler,
                 concurrency: int = 16, max_backlog: int = 1000, attempts: int = 3,
                 retry_delays: tuple[float, ...] = (0.2, 1.0),
                 metrics: Metrics | None = None, replica: Replica | None = None) -> None:
        self.application = application
        self.replica = replica if replica is not None and replica.shared else None
        if self.replica is not None:
            self.replica.attend = self.attend
            self.replica.has_lane = lambda chat_key: chat_key in self._lanes
        self.metrics = metrics or Metrics()
        self.db = db
        self.clock = clock
        self.on_recovered = on_recovered
        self.on_saved_unconfirmed = on_saved_unconfirmed
        self.on_not_saved = on_not_saved
        self.max_backlog = max_backlog
        self.attempts = attempts
        self.retry_delays = retry_delays
        self.finished_hooks: list[Callable[[int], None]] = []  # tests wait on these
        self._slots = asyncio.Semaphore(concurrency)
        self._lanes: dict[object, deque[InboxRow]] = {}
        self._tasks: set[asyncio.Task] = set()
        self._backlog = 0
        self._room = asyncio.Event()
        self._room.set()
        self._done: list[int] = []
        self._done_ready = asyncio.Event()
        self._stopping = False
        self._flusher: asyncio.Task | None = None
        self._flush_lock = asyncio.Lock()
        self._arrived: dict[object, int] = {}  # updates submitted per running lane

    # --- intake side ------------------------------------------------------------------
    def start(self) -> None:
        self._flusher = asyncio.create_task(self._flush_done_forever(), name="inbox-done")

    @property
    def backlog(self) -> int:
        """Updates received and not yet handled, in this process."""
        return self._backlog

    async def wait_for_room(self) -> None:
        """Back-pressure: a source takes no more from Telegram while the backlog is full."""
        await self._room.wait()

    def submit(self, rows: Iterable[InboxRow], source: str) -> None:
        """Queue stored updates; each user's in update order. ``source``: polling, webhook,
        or inbox (left from before a restart)."""
        received = self.metrics.updates_received.labels(source=source)
        for row in rows:
            received.inc()
            key: object = row.chat_key if row.chat_key is not None else ("alone", row.update_id)
            self._backlog += 1
            self._arrived[key] = self._arrived.get(key, 0) + 1
            lane = self._lanes.get(key)
            if lane is not None:
                lane.append(row)
                continue
            self._start_lane(key, deque([row]))
        if self._backlog >= self.max_backlog:
            self._room.clear()

    def attend(self, chat_key: int) -> None:
        """Handle a chat's waiting updates that no process has taken (their receiver died)."""
        if chat_key not in self._lanes and not self._stopping:
            self._start_lane(chat_key, deque())

    def _start_lane(self, key: object, lane: deque[InboxRow]) -> None:
        self._lanes[key] = lane
        run = (self._run_shared_lane(key, lane) if self.replica is not None
               and isinstance(key, int) else self._run_lane(key, lane))
        task = asyncio.create_task(run, name=f"inbox-lane-{key}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def stop(self, timeout: float) -> None:  # noqa: ASYNC109
        """Let each lane finish the update in hand (for at most ``timeout`` s), then cancel;
        what was not handled stays in the inbox for the next start."""
        self._stopping = True
        tasks = list(self._tasks)
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=timeout)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=2)
                log.info("stopping: %s updates left in the inbox for the next start",
                         self._backlog)
        if self._flusher is not None:
            self._flusher.cancel()
            await asyncio.gather(self._flusher, return_exceptions=True)
        await self._flush_done()

    # --- lanes ------------------------------------------------------------------------
    async def _run_lane(self, key: object, lane: deque[InboxRow]) -> None:
        failures = 0
        try:
            while lane and not self._stopping:
                row = lane[0]
                async with self._slots:
                    if self._stopping:
                        break
                    try:
                        await self._handle(row)
                    except Exception as exc:  # the worker's own bookkeeping failed (disk full…)
                        failures += 1
                        log.error("handling update %s failed: %s (try %s)", row.update_id,
                                  type(exc).__name__, failures)
                        if failures < 5:
                            await asyncio.sleep(failures)
                            continue
                        # give up on it for this run: it stays in the inbox for the next start
                failures = 0
                lane.popleft()
                self._backlog -= 1
                if self._backlog <= self.max_backlog // 2:
                    self._room.set()
        finally:
            if self._lanes.get(key) is lane:
                del self._lanes[key]
                self._arrived.pop(key, None)

    async def _run_shared_lane(self, key: int, lane: deque[InboxRow]) -> None:
        """A chat's lane on a shared database: under the chat's lease, its waiting updates
        from the database in order (see the module docstring)."""
        assert self.replica is not None
        replica_id = self.replica.id
        handled: set[int] = set()  # updates this lane handled whose done mark may be pending
        submitted = self._arrived.get(key, 0)  # updates this process stored, at the last look
        try:
            while not self._stopping:
                if not await replicas.take_chat(self.db, key, replica_id, self._now()):
                    break  # another process handles this chat, and what this one stored
                try:
                    while not self._stopping:
                        rows = [r for r in await self._waiting(key, handled)
                                if r.update_id not in handled]
                        if not rows:
                            break
                        for row in rows:
                            if self._stopping:
                                break
                            async with self._slots:
                                await self._handle_with_retries(row)
                            handled.add(row.update_id)
                            self._handled_here(lane, row.update_id)
                        # the next batch only under the lease still held (a process taken
                        # for dead loses its leases: the new holder goes on, never both)
                        if not await replicas.take_chat(self.db, key, replica_id,
                                                        self._now()):
                            break
                finally:
                    await asyncio.shield(self._let_go(key, replica_id))
                handled.clear()  # marked done now
                submitted = self._arrived.get(key, 0)
                if not await self._waiting(key, handled, limit=1):
                    break  # nothing came in while the lease was held: done
        except Exception as exc:  # the database is away: the sweep hands the chat on later
            log.error("the inbox lane of a chat failed: %s", type(exc).__name__)
        finally:
            # stored after the last look, while this lane was ending: look again
            again = self._arrived.get(key, 0) > submitted and not self._stopping
            self._backlog -= len(lane)
            lane.clear()
            if self._backlog <= self.max_backlog // 2:
                self._room.set()
            if self._lanes.get(key) is lane:
                del self._lanes[key]
                self._arrived.pop(key, None)
                if again:
                    self._start_lane(key, deque())

    def _handled_here(self, lane: deque[InboxRow], update_id: int) -> None:
        """One of the updates this process received is handled: out of its backlog."""
        for row in lane:
            if row.update_id == update_id:
                lane.remove(row)
                self._backlog -= 1
                if self._backlog <= self.max_backlog // 2:
                    self._room.set()
                return

    async def _waiting(self, key: int, handled: set[int], limit: int = 50) -> list[InboxRow]:
        """The chat's updates not finished, in order, whoever stored them and however late
        (not a cursor: an update Telegram delivered late, with a lower id, is not skipped)."""
        return await update_inbox.waiting(self.db, key, -(2**63), limit + len(handled))

    async def _let_go(self, key: int, replica_id: str) -> None:
        """Mark what this lane handled done, then give the chat's lease back (in that order:
        the next holder must not handle them again). If the marks fail, the lease still goes
        back: the next holder answers what was stored as after a restart, and runs again
        what stored nothing (a reply may come twice; nothing is stored twice)."""
        try:
            await self._flush_done()
        finally:
            await replicas.release_chat(self.db, key, replica_id)

    async def _handle_with_retries(self, row: InboxRow) -> None:
        for failures in range(1, 6):
            try:
                await self._handle(row)
                return
            except Exception as exc:  # the worker's own bookkeeping failed (disk full…)
                log.error("handling update %s failed: %s (try %s)", row.update_id,
                          type(exc).__name__, failures)
                if failures == 5:
                    raise
                await asyncio.sleep(failures)

    async def _handle(self, row: InboxRow) -> None:
        try:
            update = Update.de_json(json.loads(row.payload or ""), self.application.bot)
        except Exception as exc:  # an update this library version cannot read
            await self._set_aside(row, type(exc).__name__, 1, None)
            return
        if row.state == "applied":
            await self._run(row, update, self.on_recovered)
            self._finish(row.update_id, "recovered")
            return
        error: BaseException | None = None
        for attempt in range(1, self.attempts + 1):
            error, applied = await self._run(row, update, None)
            if error is None:
                self._finish(row.update_id)
                return
            if applied:  # stored, but the reply failed: say it was saved, never redo it
                await self._run(row, update, self.on_saved_unconfirmed)
                self._finish(row.update_id)
                return
            if attempt < self.attempts:
                await asyncio.sleep(self.retry_delays[min(attempt, len(self.retry_delays)) - 1])
        assert error is not None
        await self._set_aside(row, type(error).__name__, self.attempts, update)

    async def _run(self, row: InboxRow, update: Update,
                   handler: Handler | None) -> tuple[BaseException | None, bool]:
        """Handle ``update`` (or run ``handler`` on it) in its unit of work; return the error
        the handlers met (None: fine) and whether any of its effects are committed."""
        with unit_of_work(self.db, row.update_id) as unit:
            try:
                if handler is None:
                    await self.application.process_update(update)
                else:
                    await handler(update, CallbackContext.from_update(update, self.application))
                if unit.error is None:
                    await unit.flush()
            except Exception as exc:  # from a handler called directly
                unit.error = exc
            finally:
                await unit.rollback()  # a no-op after a flush; undoes what a failure left
            return unit.error, unit.applied

    async def _set_aside(self, row: InboxRow, error: str, attempts: int,
                         update: Update | None) -> None:
        await update_inbox.set_aside(self.db, row.update_id, error, attempts, self._now())
        total = await update_inbox.count_failed(self.db)
        log.warning("update %s set aside after %s attempt(s): %s; %s set aside in all "
                    "(python -m bot.inbox list)", row.update_id, attempts, error, total)
        if update is not None:
            await self._run(row, update, self.on_not_saved)
        self.metrics.updates_finished.labels(outcome="set_aside").inc()
        self._notify(row.update_id)

    # --- done marks -------------------------------------------------------------------
    def _finish(self, update_id: int, outcome: str = "done") -> None:
        self.metrics.updates_finished.labels(outcome=outcome).inc()
        self._done.append(update_id)
        self._done_ready.set()
        self._notify(update_id)

    def _notify(self, update_id: int) -> None:
        for hook in self.finished_hooks:
            hook(update_id)

    async def _flush_done_forever(self) -> None:
        last_prune = 0.0
        loop = asyncio.get_running_loop()
        while True:
            await self._done_ready.wait()
            await asyncio.sleep(0.02)  # gather a batch
            self._done_ready.clear()
            try:
                await self._flush_done()
                if loop.time() - last_prune > 3600:
                    last_prune = loop.time()
                    await update_inbox.prune(self.db, self._now())
            except Exception as exc:  # tried again in a second
                log.error("marking updates done failed: %s", type(exc).__name__)
                await asyncio.sleep(1)
                self._done_ready.set()

    async def _flush_done(self) -> None:
        """Mark what is finished done; one flush at a time, so that when it returns every
        update finished before the call is marked (a lane gives its lease back after it)."""
        async with self._flush_lock:
            batch, self._done = self._done, []
            try:
                await update_inbox.finish(self.db, batch, self._now())
            except BaseException:
                self._done[:0] = batch
                raise

    def _now(self) -> int:
        return to_epoch(self.clock.now())

