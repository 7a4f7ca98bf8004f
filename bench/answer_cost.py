"""What one answer costs for a user with one year of history against one with five.

    python -m bench.answer_cost                      # from the repository root
    python -m bench.answer_cost --runs 400 --other-users 5

Builds two journals with ``bench.journal_data.make_journal`` in a temporary directory, one
file each: 1 year and 5 years of daily entries and about 3 thank-yous a week for user 1, plus
``--other-users`` copies of that journal under other user ids. Every user also gets the daily
questions the dispatcher would have recorded (``prompts``: one check-in a day, sent and
answered; on about one day in ten a "Later" and its reminder), and today's question (Sunday
2026-11-29, 21:00 in Tokyo) is sent and open. The clock says 21:30 that evening.

Then, in process with the real core services (``bot.services.Services``) and the same calls
the Telegram handlers make, it times ``--runs`` runs of each after ``--warmup`` untimed ones.
Each measurement is taken on the two journals back to back (which one first alternates), so a
busy machine slows both alike, and the process is pinned to one CPU (``--cpu``; -1: any):

* ``route_ms``: what a typed text costs before anything is stored: the current user
  (``current_user``), the open draft and today's open question (``Journal.open_prompt_today``),
  i.e. the state ``messages_in.on_text`` and ``checkin.receive_*`` route an answer by;
* ``quick_entry_ms``: a quick-form entry typed outside any flow (``checkin.receive_free_text``):
  the user, parsing, ``Journal.save_quick`` (draft check, open question, insert with its
  full-text row, the question marked answered) and the reply's "N problems this week";
* ``step_answer_ms``: one typed answer inside the flow (``checkin.receive_answer``) that moves
  to the next question: who, problem, how (before the last question the handler also looks for
  thank-yous to attach);
* ``step_last_ms``: the last answer (outcome): it completes the entry, marks the question
  answered and counts the week for the reply.

Each write is undone (untimed) after it is measured, so every run sees the same journal.
Each ``…_ratio`` line gives the 5-year median over the 1-year median, and ``paired=`` the
median of the ratios of the back-to-back pairs. Goal (issue 11): <= 1.2 for each line.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.journal_data import END_DATE, ZONE, make_journal  # noqa: E402
from bench.search_export import copy_journal  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.core.clock import ManualClock  # noqa: E402
from bot.core.parsing import parse_quick_entry  # noqa: E402
from bot.messages import entry_saved, t  # noqa: E402
from bot.services import Services  # noqa: E402
from storage import prompts  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.models import User  # noqa: E402

TODAY = END_DATE + timedelta(days=1)                         # Sunday 2026-11-29
NOW = datetime.combine(TODAY, clock_time(21, 30), ZONE).astimezone(UTC)
QUICK_TEXT = "同僚の佐藤さん / 資料の締切に間に合わない / 構成案を一緒に作った / 間に合った"
STEP_TEXTS = ("Mia", "her bike chain broke", "fixed the chain together", "she rode to work")
TOKEN = "123456789:" + "A" * 35  # Settings needs a well-formed token; nothing is sent


def _due(day: date) -> int:
    return int(datetime.combine(day, clock_time(21, 0), ZONE).timestamp())


async def add_prompts(db: Database, user_id: int, seed: int = 1) -> int:
    """The daily questions the dispatcher would have recorded for this user's entries, linked
    to the entries that answered them, and today's open question. Returns its prompt id."""
    rng = random.Random(seed * 1_000_003 + user_id)
    rows = await db.fetchall(
        "SELECT entry_id, local_date, status FROM entries WHERE user_id = ?"
        " AND status != 'draft' ORDER BY local_date, entry_id", (user_id,))
    async with db.transaction() as conn:
        links = []
        for row in rows:
            day = date.fromisoformat(row["local_date"])
            due = _due(day)
            later = rng.random() < 0.1
            answer = "later" if later else ("nothing" if row["status"] == "nothing"
                                            else "answered")
            cursor = await conn.execute(
                "INSERT INTO prompts (user_id, kind, local_date, due_utc, claimed_utc, status,"
                " sent_utc, message_id, answer) VALUES (?, 'checkin', ?, ?, ?, 'sent', ?, ?, ?)",
                (user_id, row["local_date"], due, due, due + 1, rng.randrange(10**6), answer))
            prompt_id = cursor.lastrowid
            if later:  # "Later (1 hour)", then the reminder, answered
                cursor = await conn.execute(
                    "INSERT INTO prompts (user_id, kind, local_date, due_utc, claimed_utc,"
                    " status, sent_utc, message_id, answer) VALUES (?, 'reminder', ?, ?, ?,"
                    " 'sent', ?, ?, ?)",
                    (user_id, row["local_date"], due + 3600, due + 3600, due + 3601,
                     rng.randrange(10**6), "nothing" if row["status"] == "nothing"
                     else "answered"))
                prompt_id = cursor.lastrowid
            links.append((prompt_id, row["entry_id"]))
        await conn.executemany("UPDATE entries SET prompt_id = ? WHERE entry_id = ?", links)
        cursor = await conn.execute(
            "INSERT INTO prompts (user_id, kind, local_date, due_utc, claimed_utc, status,"
            " sent_utc, message_id) VALUES (?, 'checkin', ?, ?, ?, 'sent', ?, ?)",
            (user_id, TODAY.isoformat(), _due(TODAY), _due(TODAY), _due(TODAY) + 1, 10**6))
        await conn.execute(
            "UPDATE users SET next_checkin_utc = ?, next_checkin_date = ? WHERE user_id = ?",
            (_due(TODAY + timedelta(days=1)), (TODAY + timedelta(days=1)).isoformat(), user_id))
        return int(cursor.lastrowid)


class Journal:
    """One journal file, its services, and the measured actions (each a handler's work)."""

    def __init__(self, years: int, path: Path) -> None:
        self.years = years
        self.path = path
        self.user_id = 1
        self.times: dict[str, list[float]] = {}

    async def build(self, other_users: int) -> str:
        started = time.perf_counter()
        self.user_id = await make_journal(self.path, years=self.years)
        self.db = await Database(self.path).open()
        if other_users:
            await copy_journal(self.db, self.user_id, other_users)
        users = [r[0] for r in await self.db.fetchall("SELECT user_id FROM users")]
        for user_id in users:
            prompt_id = await add_prompts(self.db, user_id)
            if user_id == self.user_id:
                self.prompt_id = prompt_id
        await self.db.checkpoint()
        settings = Settings(_env_file=None, bot_token=TOKEN)
        self.svc = Services.create(settings, self.db, ManualClock(NOW))
        counts = {}
        for table in ("entries", "thanks", "prompts"):
            row = await self.db.fetchone(f"SELECT COUNT(*) FROM {table} WHERE user_id = ?",
                                         (self.user_id,))
            counts[table] = row[0]
        total = (await self.db.fetchone("SELECT COUNT(*) FROM entries"))[0]
        return (f"journal years={self.years} users={len(users)} entries={counts['entries']}"
                f" thanks={counts['thanks']} prompts={counts['prompts']}"
                f" all_entries={total} build_s={time.perf_counter() - started:.2f}")

    async def user(self) -> User:
        user = await self.svc.accounts.get(self.user_id)  # what current_user does
        assert user is not None
        return user

    # --- (a) the state an answer is routed by ----------------------------------------
    async def route(self) -> None:
        user = await self.user()
        await self.svc.journal.draft(user)
        prompt = await self.svc.journal.open_prompt_today(user)
        assert prompt is not None and prompt.prompt_id == self.prompt_id, prompt

    # --- (b) a quick entry outside any flow ------------------------------------------
    async def quick_entry(self) -> None:
        user = await self.user()
        quick = parse_quick_entry(QUICK_TEXT)
        assert quick is not None and user.awaiting is None
        entry = await self.svc.journal.save_quick(user, quick)
        self._saved = entry.entry_id
        count = await self.svc.journal.week_count(user)
        entry_saved(user.language, entry.entry_id, entry.who or "", entry.problem or "", count)
        assert entry.prompt_id == self.prompt_id

    async def undo_entry(self) -> None:
        await self.db.execute("DELETE FROM entries WHERE entry_id = ? AND user_id = ?",
                              (self._saved, self.user_id))
        await prompts.set_answer(self.db, self.user_id, self.prompt_id, None)  # type: ignore[arg-type]

    # --- (c) step by step --------------------------------------------------------------
    async def start_entry(self) -> None:
        user = await self.user()
        prompt = await self.svc.journal.prompt_of(user, self.prompt_id)
        await self.svc.journal.start(user, source="prompt", prompt=prompt,
                                     local_date=TODAY.isoformat())

    async def step(self, text: str) -> None:
        user = await self.user()
        draft = await self.svc.journal.draft(user)
        assert user.awaiting == "entry" and draft is not None
        if draft.step == "who":
            assert parse_quick_entry(text) is None
        answered = await self.svc.journal.answer(user, text)
        assert answered is not None
        if answered.completed:
            self._saved = answered.entry.entry_id
            count = await self.svc.journal.week_count(user)
            entry_saved(user.language, answered.entry.entry_id, answered.entry.who or "",
                        answered.entry.problem or "", count)
        else:
            if answered.next_step == "outcome":
                await self.svc.gratitude.attachable(user, limit=1)
            t(user.language, f"ask_{answered.next_step}")

    async def close(self) -> None:
        await self.db.close()


async def _time(name: str, journal: Journal, action: Callable[[], Awaitable[None]],
                record: bool) -> None:
    started = time.perf_counter()
    await action()
    elapsed = (time.perf_counter() - started) * 1000
    if record:
        journal.times.setdefault(name, []).append(elapsed)


async def one_round(journals: tuple[Journal, Journal], record: bool) -> None:
    """Every action once per journal, the two journals back to back for each measurement, so
    the n-th sample of a line in one journal and in the other form a pair taken under the same
    machine load."""
    for journal in journals:
        await _time("route_ms", journal, journal.route, record)
    for journal in journals:
        await _time("quick_entry_ms", journal, journal.quick_entry, record)
        await journal.undo_entry()
    for journal in journals:
        await journal.start_entry()
    for position, text in enumerate(STEP_TEXTS):
        last = position == len(STEP_TEXTS) - 1
        for journal in journals:
            await _time("step_last_ms" if last else "step_answer_ms", journal,
                        lambda journal=journal, text=text: journal.step(text), record)
    for journal in journals:
        await journal.undo_entry()


def line(name: str, label: str, values: list[float]) -> str:
    return (f"{name} {label} median={statistics.median(values):.2f} min={min(values):.2f}"
            f" runs={len(values)}")


async def run(runs: int, warmup: int, other_users: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-answer-") as tmp:
        one, five = Journal(1, Path(tmp) / "one.sqlite3"), Journal(5, Path(tmp) / "five.sqlite3")
        try:
            for journal in (one, five):
                print(await journal.build(other_users))
            for n in range(warmup + runs):
                await one_round((one, five) if n % 2 else (five, one), record=n >= warmup)
        finally:
            await one.close()
            await five.close()
    for name in one.times:
        print(line(name, "years=1", one.times[name]))
        print(line(name, "years=5", five.times[name]))
        ratio = statistics.median(five.times[name]) / statistics.median(one.times[name])
        paired = statistics.median(b / a for a, b in zip(one.times[name], five.times[name],
                                                         strict=True))
        print(f"{name}_ratio years=5/years=1 {ratio:.2f} paired={paired:.2f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.answer_cost", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--other-users", type=int, default=2)
    parser.add_argument("--cpu", type=int, default=min(os.sched_getaffinity(0)),
                        help="the one CPU to run on (default: the first allowed; -1: any)")
    args = parser.parse_args(argv)
    if args.cpu >= 0:
        # Before any thread exists, so worker threads inherit it. (When the journals ran
        # their statements on a thread of their own, a hand-off to the other CPU cost about
        # twice a same-CPU one and decided the ratio; pinning keeps runs comparable.)
        os.sched_setaffinity(0, {args.cpu})
    print(f"cpu={args.cpu if args.cpu >= 0 else 'any'} runs={args.runs} warmup={args.warmup}")
    asyncio.run(run(args.runs, args.warmup, args.other_users))


if __name__ == "__main__":
    main()
