"""The 13-week review through the one scheduling mechanism, on a real journal (SQLite and
PostgreSQL) with an injected clock: looked at weekly without writing anything until the 13
weeks are complete, claimed once per cycle, after the digest due at the same minute, a
Telegram outage retried within grace without moving the cycle, a review missed after long
downtime coming at the next weekly look, a claim whose cycle was not moved on (a crash) healed,
paused users skipped, and DST in New York and London."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.accounts import Accounts
from bot.core.clock import ManualClock
from bot.core.digest import Digests
from bot.core.dispatcher import DeliveryFailed, Dispatcher
from bot.core.review import Reviews
from bot.core.schedule import resolve_local, to_epoch
from storage import entries
from storage.db import open_database

W = timedelta(weeks=1)


class Recorder:
    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.sent: list[tuple[str, datetime]] = []
        self.fail_reviews = 0

    async def send_prompt(self, user, prompt) -> int:
        return 1

    async def send_digest(self, user, summary) -> int:
        self.sent.append(("digest", self.clock.now()))
        return 2

    async def send_review(self, user, review) -> int:
        if self.fail_reviews:
            self.fail_reviews -= 1
            raise DeliveryFailed("gave up after retries")  # Telegram unreachable
        self.sent.append((f"review {review.weeks[0]}..{review.weeks[-1]}", self.clock.now()))
        return 3

    def reviews(self) -> list[tuple[str, datetime]]:
        return [s for s in self.sent if s[0].startswith("review")]


@pytest.fixture
async def world(journal_url):
    clock = ManualClock(datetime(2026, 9, 7, 8, 0, tzinfo=UTC))  # a Monday
    db = await open_database(journal_url)
    accounts = Accounts(db, clock)
    sender = Recorder(clock)
    dispatcher = Dispatcher(db, clock, sender, grace=timedelta(minutes=180),
                            digests=Digests(accounts), reviews=Reviews(accounts))
    yield clock, db, accounts, sender, dispatcher
    await db.close()


async def make_user(accounts: Accounts, zone: str):
    user, _ = await accounts.register(1, 1, "en")
    user = await accounts.set_timezone(user, zone)
    return await accounts.set_checkin_time(user, time(21, 0))  # digest: Sunday 20:00


async def write(db, day: date) -> None:
    await entries.add_done(db, 1, day.isoformat(), "Mia", "p", "h", None, "quick", None, 0)


async def rows(db) -> list[tuple]:
    return [tuple(r) for r in await db.fetchall(
        "SELECT cycle_start, local_date, status FROM reviews ORDER BY review_id")]


async def cycle_start(db) -> str | None:
    return (await db.fetchrow("SELECT cycle_start FROM users WHERE user_id = 1"))[0]


async def sundays(clock, dispatcher, zone: str, first: date, weeks: int) -> None:
    """Run the dispatcher at each Sunday 20:00 local (and a minute after) for ``weeks``."""
    for n in range(weeks):
        due = resolve_local(first + n * W, time(20, 0), ZoneInfo(zone))
        clock.set(due)
        await dispatcher.run_once()
        clock.set(due + timedelta(minutes=1))
        await dispatcher.run_once()


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/London"])
async def test_weekly_looks_write_nothing_until_the_13th_week_then_once(world, zone):
    """13 active weeks from September 7 (two quiet weeks between), across the autumn
    change: the review comes at Sunday 20:00 local after the 15th calendar week's digest."""
    clock, db, accounts, sender, dispatcher = world
    await make_user(accounts, zone)
    first_sunday = date(2026, 9, 13)
    active = [n for n in range(15) if n not in (4, 9)]
    for n in active:
        await write(db, date(2026, 9, 9) + n * W)  # Wednesdays
    await sundays(clock, dispatcher, zone, first_sunday, 14)
    assert sender.reviews() == []
    assert await rows(db) == []  # weekly looks leave no row
    await sundays(clock, dispatcher, zone, first_sunday + 14 * W, 3)
    [(what, when)] = sender.reviews()
    assert what == "review 2026-09-07..2026-12-14"
    local = when.astimezone(ZoneInfo(zone))
    assert (local.date(), local.time()) == (date(2026, 12, 20), time(20, 0))
    # right after that day's digest
    index = sender.sent.index((what, when))
    assert sender.sent[index - 1] == ("digest", when)
    assert await rows(db) == [("2026-09-07", "2026-12-20", "sent")]
    assert await cycle_start(db) == "2026-12-21"


async def test_an_outage_is_retried_without_moving_the_cycle_and_a_long_one_moves_it(world):
    clock, db, accounts, sender, dispatcher = world
    zone = "UTC"
    await make_user(accounts, zone)
    for n in range(26):
        await write(db, date(2026, 9, 9) + n * W)
    # the first review's minute and the next: Telegram unreachable, back 10 minutes later
    sender.fail_reviews = 2
    await sundays(clock, dispatcher, zone, date(2026, 9, 13), 13)
    assert sender.reviews() == [] and await rows(db) == []
    assert await cycle_start(db) == "2026-09-07"
    clock.set(datetime(2026, 12, 6, 20, 10, tzinfo=UTC))
    await dispatcher.run_once()
    assert [w for w, _ in sender.reviews()] == ["review 2026-09-07..2026-11-30"]
    assert await cycle_start(db) == "2026-12-07"
    # the second 13 weeks end on March 1 – 7: the bot is down from Saturday to Monday, so
    # that review comes at the next weekly look, not lost
    clock.set(datetime(2027, 3, 8, 9, 0, tzinfo=UTC))
    report = await dispatcher.run_once()
    assert report["review_postponed"] == 1
    assert len(sender.reviews()) == 1 and len(await rows(db)) == 1
    await sundays(clock, dispatcher, zone, date(2027, 3, 14), 1)
    assert [w for w, _ in sender.reviews()][1] == "review 2026-12-07..2027-03-01"
    assert await rows(db) == [("2026-09-07", "2026-12-06", "sent"),
                              ("2026-12-07", "2027-03-14", "sent")]
    assert await cycle_start(db) == "2027-03-08"


async def test_a_claim_whose_cycle_did_not_move_on_is_healed(world):
    """A crash between the claim and moving the cycle on: the next weekly look sees the
    claimed row and moves the cycle first, so that cycle is never reviewed twice."""
    clock, db, accounts, sender, dispatcher = world
    await make_user(accounts, "UTC")
    for n in range(14):
        await write(db, date(2026, 9, 9) + n * W)
    await sundays(clock, dispatcher, "UTC", date(2026, 9, 13), 13)
    assert len(sender.reviews()) == 1
    await db.execute("UPDATE users SET cycle_start = '2026-09-07'")  # as if it had crashed
    await sundays(clock, dispatcher, "UTC", date(2026, 12, 13), 2)
    assert len(sender.reviews()) == 1
    assert await cycle_start(db) == "2026-12-07"
    assert len(await rows(db)) == 1


async def test_paused_users_get_no_review_until_they_resume(world):
    clock, db, accounts, sender, dispatcher = world
    user = await make_user(accounts, "UTC")
    for n in range(13):
        await write(db, date(2026, 9, 9) + n * W)
    user = await accounts.set_paused(user, True)
    assert user.next_review_utc is None
    await sundays(clock, dispatcher, "UTC", date(2026, 9, 13), 14)
    assert sender.reviews() == []
    clock.set(datetime(2026, 12, 14, 9, 0, tzinfo=UTC))
    await accounts.set_paused(user, False)
    await sundays(clock, dispatcher, "UTC", date(2026, 12, 20), 1)
    assert [w for w, _ in sender.reviews()] == ["review 2026-09-07..2026-11-30"]
    assert to_epoch(sender.reviews()[0][1]) == to_epoch(
        datetime(2026, 12, 20, 20, 0, tzinfo=UTC))
