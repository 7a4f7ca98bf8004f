"""Today's open question and "superseded" read a day's prompts, not the user's history, and
answer exactly as the old scan over every prompt of the user did (issue 11, order and speed)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from bot.core.accounts import Accounts
from bot.core.clock import ManualClock
from bot.core.journal import Journal
from storage import prompts
from storage.db import Database, open_database
from storage.models import Prompt

TODAY = "2026-11-28"
YESTERDAY = "2026-11-27"
TOMORROW = "2026-11-29"


def old_open_prompt(history: list[Prompt], today: str) -> Prompt | None:
    """The former ``Journal.open_prompt_today``: every prompt of the user, newest first."""
    for prompt in reversed(history):
        if prompt.local_date != today:
            break
        if prompt.status == "sent" and prompt.answer in (None, "later"):
            return prompt
    return None


def old_superseded(history: list[Prompt], prompt: Prompt, today: str) -> bool:
    if prompt.local_date == today:
        return False
    return any(p.kind == "checkin" and p.local_date > prompt.local_date and p.status == "sent"
               for p in history)


@pytest.fixture
async def world(journal_url):
    db = await open_database(journal_url)
    accounts = Accounts(db, ManualClock(datetime(2026, 11, 28, 12, 0, tzinfo=UTC)))
    user, _ = await accounts.register(1, 1, "en")
    await accounts.register(2, 2, "en")  # someone else's prompts never count
    yield db, Journal(accounts), user
    await db.close()


async def add(db: Database, user_id: int, kind: str, local_date: str, status: str,
              answer: str | None) -> None:
    await db.execute(
        "INSERT INTO prompts (user_id, kind, local_date, due_utc, claimed_utc, status, answer)"
        " VALUES (?, ?, ?, 0, 0, ?, ?)", (user_id, kind, local_date, status, answer))


# Sequences of (kind, local date, status, answer), oldest first. The reminder for yesterday
# claimed after today's question (a "Later" pressed just before midnight) closes today's
# question for typed answers, as before.
SEQUENCES = [
    [],
    [("checkin", YESTERDAY, "sent", "answered")],
    [("checkin", YESTERDAY, "sent", None), ("checkin", TODAY, "sent", None)],
    [("checkin", TODAY, "sent", "answered")],
    [("checkin", TODAY, "sent", "later"), ("reminder", TODAY, "sent", None)],
    [("checkin", TODAY, "sent", "later"), ("reminder", TODAY, "failed", None)],
    [("checkin", TODAY, "claimed", None)],
    [("checkin", TODAY, "missed", None)],
    [("checkin", TODAY, "sent", None), ("reminder", YESTERDAY, "sent", None)],
    [("checkin", YESTERDAY, "sent", "later"), ("checkin", TODAY, "sent", "skip"),
     ("reminder", TODAY, "sent", None)],
    [("checkin", TOMORROW, "sent", None)],
    [("checkin", TODAY, "sent", None), ("checkin", TOMORROW, "sent", None)],
    [("checkin", YESTERDAY, "missed", None), ("checkin", TODAY, "unknown", None),
     ("reminder", YESTERDAY, "sent", None)],
]


@pytest.mark.parametrize("sequence", SEQUENCES)
async def test_open_prompt_today_as_before(world, sequence):
    db, journal, user = world
    for kind, local_date, status, answer in sequence:
        await add(db, 2, "reminder", TODAY, "sent", None)
        await add(db, 1, kind, local_date, status, answer)
    history = await prompts.for_user(db, 1)
    assert await journal.open_prompt_today(user) == old_open_prompt(history, TODAY)
    for prompt in history:
        assert await journal.is_superseded(user, prompt) == old_superseded(history, prompt,
                                                                           TODAY)


async def test_every_short_history_answers_as_before(world):
    db, journal, user = world
    choices = [(kind, day, status, answer)
               for kind in ("checkin", "reminder")
               for day in (YESTERDAY, TODAY)
               for status, answer in (("sent", None), ("sent", "later"),
                                      ("sent", "answered"), ("missed", None))]
    for first, second in itertools.product(choices, repeat=2):
        await db.execute("DELETE FROM prompts")
        await add(db, 1, *first)
        if not (second[0] == "checkin" and first[:2] == second[:2]):  # one a day
            await add(db, 1, *second)
        history = await prompts.for_user(db, 1)
        assert await journal.open_prompt_today(user) == old_open_prompt(history, TODAY)
        for prompt in history:
            assert await journal.is_superseded(user, prompt) == old_superseded(
                history, prompt, TODAY)
