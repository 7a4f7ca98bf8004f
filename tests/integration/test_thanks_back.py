"""Thank-yous that come back, through the one scheduling mechanism, on a real journal
(SQLite and PostgreSQL) with an injected clock: once per local week across clock changes,
in the digest, and by /smile."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.accounts import Accounts
from bot.core.clock import ManualClock
from bot.core.digest import Digests
from bot.core.dispatcher import DeliveryFailed, Dispatcher
from bot.core.memories import Memories, NothingYet
from bot.core.schedule import local_date_of, to_epoch
from storage import thanks
from storage.db import open_database


class Recorder:
    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.back: list[tuple[datetime, int]] = []     # (when, thanks_id)
        self.digests: list[tuple[datetime, int | None]] = []
        self.fail_next = 0

    async def send_prompt(self, user, prompt) -> int:
        return 1

    async def send_digest(self, user, summary) -> int:
        memory = summary.a_while_ago
        self.digests.append((self.clock.now(), memory.thanks.thanks_id if memory else None))
        return 2

    async def send_thanks_back(self, user, memory) -> int:
        if self.fail_next:
            self.fail_next -= 1
            raise DeliveryFailed("gave up after retries")  # Telegram unreachable
        self.back.append((self.clock.now(), memory.thanks.thanks_id))
        return 3


@pytest.fixture
async def world(journal_url):
    clock = ManualClock(datetime(2026, 1, 5, tzinfo=UTC))
    db = await open_database(journal_url)
    accounts = Accounts(db, clock)
    memories = Memories(accounts, random.Random(11))
    sender = Recorder(clock)
    dispatcher = Dispatcher(db, clock, sender, grace=timedelta(minutes=180),
                            digests=Digests(accounts), memories=memories)
    yield clock, db, accounts, memories, sender, dispatcher
    await db.close()


async def make_user(accounts: Accounts, zone: str, at: time = time(21, 30), user_id: int = 1):
    user, _ = await accounts.register(user_id, user_id, "en")
    user = await accounts.set_timezone(user, zone)
    return await accounts.set_checkin_time(user, at)


async def saved(db, clock, user, text: str | None, who: str = "Mia", *,
                original_utc: int | None = None) -> int:
    zone = ZoneInfo(user.timezone)
    record = await thanks.insert(db, user.user_id, {
        "status": "kept", "source": "manual", "kind": "text", "sender_name": who,
        "received_utc": to_epoch(clock.now()), "original_utc": original_utc,
        "local_date": local_date_of(clock.now(), zone).isoformat(), "text": text}, [])
    assert record is not None
    return record.thanks_id


@pytest.mark.parametrize("zone,start", [
    ("America/New_York", datetime(2026, 2, 9, tzinfo=UTC)),     # spring forward Mar 8
    ("Europe/London", datetime(2026, 9, 28, tzinfo=UTC)),       # fall back Oct 25
    ("Australia/Lord_Howe", datetime(2026, 9, 7, tzinfo=UTC)),  # half an hour, Oct 4
])
async def test_one_comes_back_each_local_week_across_a_clock_change(world, zone, start):
    clock, db, accounts, memories, sender, dispatcher = world
    clock.set(start - timedelta(days=40))
    user = await make_user(accounts, zone)
    ids = [await saved(db, clock, user, f"thanks {i}") for i in range(3)]
    clock.set(start)
    await dispatcher.run_once()  # what fell due meanwhile is missed, not sent
    await db.execute("DELETE FROM resurfacings")
    for _ in range(6 * 7 * 48):  # six weeks, every 30 minutes
        clock.advance(minutes=30)
        await dispatcher.run_once()
    tz = ZoneInfo(zone)
    local = [when.astimezone(tz) for when, _ in sender.back]
    assert len(local) == 6
    assert all(w.weekday() == 2 and w.time() == time(21, 30) for w in local)
    assert len({w.isocalendar()[:2] for w in local}) == 6
    # the weekly ones and the digest's lines, in order: never the same one twice in a row
    assert len(sender.digests) in (6, 7) and all(tid for _, tid in sender.digests)
    shown = [tid for _, tid in sorted(sender.back + sender.digests)]
    assert set(shown) == set(ids)
    assert all(a != b for a, b in zip(shown, shown[1:], strict=False))
    rows = await db.fetchall("SELECT status FROM resurfacings")
    assert [r[0] for r in rows] == ["sent"] * 6
    vias = Counter(r[0] for r in await db.fetchall("SELECT via FROM thanks_shown"))
    assert vias == {"weekly": 6, "digest": len(sender.digests)}


async def test_a_week_with_nothing_old_enough_sends_nothing_and_turning_it_off_stops_it(world):
    clock, db, accounts, memories, sender, dispatcher = world
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))  # Monday
    user = await make_user(accounts, "UTC")
    await saved(db, clock, user, "thank you!")
    clock.set(datetime(2026, 11, 25, 21, 30, tzinfo=UTC))  # Wednesday: two days old
    report = await dispatcher.run_once()
    assert report["thanks_back_nothing"] == 1 and sender.back == []
    clock.set(datetime(2026, 12, 23, 21, 30, tzinfo=UTC))  # 30 days old
    await dispatcher.run_once()
    assert len(sender.back) == 1
    user = await accounts.set_thanks_back(await accounts.get(1), False)
    assert user.next_resurface_utc is None
    clock.set(datetime(2027, 1, 20, 21, 30, tzinfo=UTC))
    await dispatcher.run_once()
    assert len(sender.back) == 1
    user = await accounts.set_thanks_back(user, True)
    assert user.next_resurface_date == "2027-01-27"


async def test_telegram_unreachable_is_retried_within_grace_and_sent_once(world):
    clock, db, accounts, memories, sender, dispatcher = world
    clock.set(datetime(2026, 10, 1, tzinfo=UTC))
    user = await make_user(accounts, "UTC")
    await saved(db, clock, user, "thank you!")
    sender.fail_next = 1
    clock.set(datetime(2026, 11, 25, 21, 30, tzinfo=UTC))
    assert (await dispatcher.run_once())["thanks_back_retry"] == 1
    assert await db.fetchall("SELECT * FROM resurfacings WHERE status != 'missed'") == []
    assert await db.fetchall("SELECT * FROM thanks_shown") == []
    clock.advance(minutes=1)
    await dispatcher.run_once()
    await dispatcher.run_once()
    assert len(sender.back) == 1
    assert [r[0] for r in await db.fetchall(
        "SELECT status FROM resurfacings WHERE status != 'missed'")] == ["sent"]


async def test_users_from_before_get_a_schedule_lazily(world):
    clock, db, accounts, memories, sender, dispatcher = world
    user = await make_user(accounts, "Asia/Tokyo")
    await db.execute("UPDATE users SET next_resurface_utc = NULL, next_resurface_date = NULL")
    assert await accounts.schedule_missing() == 1
    assert (await accounts.get(user.user_id)).next_resurface_date == "2026-01-07"  # Wednesday
    assert await accounts.schedule_missing() == 0


async def test_smile_never_repeats_and_small_and_big_are_equally_likely(world):
    clock, db, accounts, memories, sender, dispatcher = world
    user = await make_user(accounts, "UTC")
    assert await memories.smile(user) == NothingYet()
    small = await saved(db, clock, user, "thx")
    big = await saved(db, clock, user, "Thank you so much for staying late on Friday to "
                                       "rebuild the whole report with me. " * 5)
    clock.advance(days=27)
    assert await memories.smile(user) == NothingYet(first_on=datetime(2026, 2, 2).date())
    clock.advance(days=1)
    counts = Counter([(await memories.choose(user)).thanks.thanks_id for _ in range(2000)])
    assert 900 < counts[small] < 1100 and 900 < counts[big] < 1100
    shown = [(await memories.smile(user)).thanks.thanks_id for _ in range(20)]
    assert all(a != b for a, b in zip(shown, shown[1:], strict=False))
    await thanks.delete(db, user.user_id, big)
    if shown[-1] == small:
        assert await memories.smile(user) == NothingYet(only_one=True)
    else:
        assert (await memories.smile(user)).thanks.thanks_id == small
        assert await memories.smile(user) == NothingYet(only_one=True)


async def test_a_forwarded_thank_you_counts_its_age_from_when_it_was_sent(world):
    clock, db, accounts, memories, sender, dispatcher = world
    clock.set(datetime(2026, 11, 30, tzinfo=UTC))
    user = await make_user(accounts, "UTC")
    tid = await saved(db, clock, user, "you saved my launch",
                      original_utc=to_epoch(datetime(2026, 9, 1, tzinfo=UTC)))
    clock.set(datetime(2026, 12, 28, tzinfo=UTC))  # saved 28 days ago, said 17 weeks ago
    memory = await memories.smile(user)
    assert memory.thanks.thanks_id == tid
    assert (memory.age.unit, memory.age.count) == ("months", 3)
