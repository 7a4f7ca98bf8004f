"""The dispatcher against a real journal (SQLite and PostgreSQL), with an injected clock and a recording sender."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.core.accounts import Accounts
from bot.core.clock import ManualClock
from bot.core.digest import Digests
from bot.core.dispatcher import (
    DeliveryFailed,
    DeliveryUncertain,
    Dispatcher,
    RecipientBlocked,
    send_state,
)
from bot.core.journal import Journal
from bot.core.parsing import QuickEntry
from storage import prompts, scheduled, users
from storage.db import open_database


class RecordingSender:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str, str]] = []  # (user_id, kind, local_date)
        self.fail_with: Exception | None = None

    async def send_prompt(self, user, prompt) -> int:
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append((user.user_id, prompt.kind, prompt.local_date))
        return 1000 + len(self.sent)


@pytest.fixture
async def world(journal_url):
    clock = ManualClock(datetime(2026, 11, 28, 0, 0, tzinfo=UTC))
    db = await open_database(journal_url)
    accounts = Accounts(db, clock)
    sender = RecordingSender()
    dispatcher = Dispatcher(db, clock, sender, grace=timedelta(minutes=180))
    yield clock, db, accounts, sender, dispatcher
    await db.close()


async def make_user(accounts: Accounts, user_id: int, zone: str, at: time):
    user, _ = await accounts.register(user_id, user_id, "en")
    user = await accounts.set_timezone(user, zone)
    return await accounts.set_checkin_time(user, at)


async def test_sends_at_the_local_time_once(world):
    clock, db, accounts, sender, dispatcher = world
    clock.set(datetime(2026, 11, 28, 3, 0, tzinfo=UTC))  # 12:00 in Tokyo
    await make_user(accounts, 1, "Asia/Tokyo", time(21, 0))  # due 12:00 UTC
    clock.set(datetime(2026, 11, 28, 11, 59, 59, tzinfo=UTC))
    assert (await dispatcher.run_once())["sent"] == 0
    clock.set(datetime(2026, 11, 28, 12, 0, tzinfo=UTC))
    assert (await dispatcher.run_once())["sent"] == 1
    assert (await dispatcher.run_once())["sent"] == 0
    assert sender.sent == [(1, "checkin", "2026-11-28")]
    user = await users.get(db, 1)
    assert user.next_checkin_date == "2026-11-29"
    assert user.next_checkin_utc == int(datetime(2026, 11, 29, 12, tzinfo=UTC).timestamp())


async def test_late_within_grace_is_sent_older_is_skipped(world):
    clock, db, accounts, sender, dispatcher = world
    await make_user(accounts, 1, "UTC", time(9, 0))
    await make_user(accounts, 2, "UTC", time(5, 0))
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=UTC))  # 1 h late / 5 h late
    report = await dispatcher.run_once()
    assert report["sent"] == 1 and report["missed"] == 1
    assert sender.sent == [(1, "checkin", "2026-11-28")]
    statuses = {p.user_id: p.status for p in await prompts.for_user(db, 1)
                + await prompts.for_user(db, 2)}
    assert statuses == {1: "sent", 2: "missed"}
    # both are scheduled for tomorrow, not re-sent today
    assert (await users.get(db, 2)).next_checkin_date == "2026-11-29"


async def test_days_of_downtime_send_nothing_old(world):
    clock, db, accounts, sender, dispatcher = world
    await make_user(accounts, 1, "UTC", time(9, 0))
    clock.set(datetime(2026, 12, 5, 9, 30, tzinfo=UTC))  # a week later, 30 min after today's
    report = await dispatcher.run_once()
    # the week-old one is recorded as missed; today's, due 30 min ago, goes out once
    assert report["missed"] == 1 and report["sent"] == 1
    assert sender.sent == [(1, "checkin", "2026-12-05")]
    await dispatcher.run_once()
    assert len(sender.sent) == 1


async def test_paused_blocked_and_already_logged_are_not_prompted(world):
    clock, db, accounts, sender, dispatcher = world
    paused = await make_user(accounts, 1, "UTC", time(9, 0))
    await accounts.set_paused(paused, True)
    await make_user(accounts, 2, "UTC", time(9, 0))
    await accounts.mark_blocked(2)
    logged = await make_user(accounts, 3, "UTC", time(9, 0))
    await Journal(accounts).save_quick(logged, QuickEntry("Mika", "resume", "rewrote it"))
    opted_out = await make_user(accounts, 4, "UTC", time(9, 0))
    opted_out = await accounts.toggle_skip_if_logged(opted_out)
    await Journal(accounts).save_quick(opted_out, QuickEntry("Ken", "bug", "fixed"))
    clock.set(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
    report = await dispatcher.run_once()
    assert sender.sent == [(4, "checkin", "2026-11-28")]
    assert report["skipped_logged"] == 1
    # resuming schedules from now: next is tomorrow, today's is not sent late
    resumed = await accounts.set_paused(await users.get(db, 1), False)
    assert resumed.next_checkin_date == "2026-11-29"


async def test_blocked_on_send_stops_future_prompts(world):
    clock, db, accounts, sender, dispatcher = world
    await make_user(accounts, 1, "UTC", time(9, 0))
    sender.fail_with = RecipientBlocked()
    clock.set(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
    assert (await dispatcher.run_once())["blocked"] == 1
    assert (await users.get(db, 1)).blocked
    sender.fail_with = None
    clock.set(datetime(2026, 11, 29, 9, 0, tzinfo=UTC))
    await dispatcher.run_once()
    assert sender.sent == []


@pytest.mark.parametrize("error,status", [(DeliveryUncertain(), "unknown"),
                                          (DeliveryFailed("x", retryable=False), "failed")])
async def test_failed_delivery_is_recorded_and_never_retried_for_that_day(world, error, status):
    clock, db, accounts, sender, dispatcher = world
    await make_user(accounts, 1, "UTC", time(9, 0))
    sender.fail_with = error
    clock.set(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
    await dispatcher.run_once()
    sender.fail_with = None
    await dispatcher.run_once()
    assert sender.sent == []
    assert [p.status for p in await prompts.for_user(db, 1)] == [status]


async def test_telegram_unreachable_is_retried_within_grace_and_sent_once(world):
    clock, db, accounts, sender, dispatcher = world
    await make_user(accounts, 1, "UTC", time(9, 0))
    sender.fail_with = DeliveryFailed("gave up after retries")  # retryable
    clock.set(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
    assert (await dispatcher.run_once())["retry"] == 1
    assert await prompts.for_user(db, 1) == []
    assert (await users.get(db, 1)).next_checkin_date == "2026-11-28"
    sender.fail_with = None
    clock.set(datetime(2026, 11, 28, 9, 20, tzinfo=UTC))
    await dispatcher.run_once()
    await dispatcher.run_once()
    assert sender.sent == [(1, "checkin", "2026-11-28")]
    assert [p.status for p in await prompts.for_user(db, 1)] == ["sent"]
    # still down after the grace window: recorded as missed, not sent hours late
    sender.fail_with = DeliveryFailed("gave up after retries")
    clock.set(datetime(2026, 11, 29, 9, 0, tzinfo=UTC))
    await dispatcher.run_once()
    sender.fail_with = None
    clock.set(datetime(2026, 11, 29, 12, 30, tzinfo=UTC))
    await dispatcher.run_once()
    assert sender.sent == [(1, "checkin", "2026-11-28")]
    assert [p.status for p in await prompts.for_user(db, 1)] == ["sent", "missed"]


async def test_changing_time_after_todays_prompt_does_not_prompt_twice(world):
    clock, db, accounts, sender, dispatcher = world
    user = await make_user(accounts, 1, "UTC", time(9, 0))
    clock.set(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
    await dispatcher.run_once()
    user = await accounts.set_checkin_time(await users.get(db, 1), time(10, 0))
    assert user.next_checkin_date == "2026-11-28"  # 10:00 today is still ahead…
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=UTC))
    await dispatcher.run_once()
    assert sender.sent == [(1, "checkin", "2026-11-28")]  # …but today was already asked
    clock.set(datetime(2026, 11, 29, 10, 0, tzinfo=UTC))
    await dispatcher.run_once()
    assert sender.sent[-1] == (1, "checkin", "2026-11-29")


@pytest.mark.parametrize("zone,at,start,days", [
    ("America/New_York", time(2, 30), datetime(2026, 3, 1, tzinfo=UTC), 14),
    ("America/New_York", time(1, 30), datetime(2026, 10, 25, tzinfo=UTC), 14),
    ("Europe/London", time(1, 30), datetime(2026, 3, 22, tzinfo=UTC), 14),
    ("Europe/London", time(1, 30), datetime(2026, 10, 18, tzinfo=UTC), 14),
    ("Australia/Lord_Howe", time(2, 15), datetime(2026, 9, 27, tzinfo=UTC), 14),
    ("Australia/Lord_Howe", time(1, 45), datetime(2026, 3, 29, tzinfo=UTC), 14),
    ("Asia/Tokyo", time(21, 0), datetime(2026, 3, 1, tzinfo=UTC), 14),
])
async def test_dst_one_prompt_per_local_day(world, zone, at, start, days):
    """Tick every 10 minutes across a DST change: exactly one prompt per local date."""
    clock, db, accounts, sender, dispatcher = world
    clock.set(start)
    await make_user(accounts, 1, zone, at)
    for _ in range(days * 24 * 6):
        clock.advance(minutes=10)
        await dispatcher.run_once()
    dates = [d for _, _, d in sender.sent]
    assert len(dates) == len(set(dates))
    assert len(dates) in (days - 1, days)  # first/last partial day
    from datetime import date
    parsed = sorted(date.fromisoformat(d) for d in dates)
    assert all((b - a).days == 1 for a, b in zip(parsed, parsed[1:], strict=False))
    assert {p.status for p in await prompts.for_user(db, 1)} == {"sent"}


async def test_snooze_reminds_once(world):
    clock, db, accounts, sender, dispatcher = world
    await make_user(accounts, 1, "UTC", time(9, 0))
    clock.set(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
    await dispatcher.run_once()
    user = await users.get(db, 1)
    prompt = (await prompts.for_user(db, 1))[0]
    await Journal(accounts).later(user, prompt)
    clock.advance(minutes=59)
    await dispatcher.run_once()
    assert len(sender.sent) == 1
    clock.advance(minutes=1)
    await dispatcher.run_once()
    await dispatcher.run_once()
    assert sender.sent[1] == (1, "reminder", "2026-11-28")
    assert len(sender.sent) == 2


async def test_many_users_due_at_once_are_all_sent(world):
    clock, db, accounts, sender, dispatcher = world
    dispatcher.batch_size = 50
    for uid in range(1, 181):
        await make_user(accounts, uid, "Asia/Tokyo", time(21, 0))
    clock.set(datetime(2026, 11, 28, 12, 0, tzinfo=UTC))
    report = await dispatcher.run_once()
    assert report["sent"] == 180
    assert len({u for u, _, _ in sender.sent}) == 180


async def test_later_across_midnight_belongs_to_the_prompts_day(world):
    clock, db, accounts, sender, dispatcher = world
    await make_user(accounts, 1, "UTC", time(23, 30))
    clock.set(datetime(2026, 11, 28, 23, 30, tzinfo=UTC))
    await dispatcher.run_once()
    prompt = (await prompts.for_user(db, 1))[0]
    await Journal(accounts).later(await users.get(db, 1), prompt)
    clock.set(datetime(2026, 11, 29, 0, 30, tzinfo=UTC))
    await dispatcher.run_once()
    assert sender.sent[-1] == (1, "reminder", "2026-11-28")
    clock.set(datetime(2026, 11, 29, 23, 30, tzinfo=UTC))
    await dispatcher.run_once()
    assert sender.sent[-1] == (1, "checkin", "2026-11-29")  # the next day is not skipped


async def test_a_late_prompt_whose_local_day_is_over_is_missed(world):
    clock, db, accounts, sender, dispatcher = world
    await make_user(accounts, 1, "UTC", time(23, 0))
    clock.set(datetime(2026, 11, 29, 1, 0, tzinfo=UTC))  # 2 h late, within grace, next day
    report = await dispatcher.run_once()
    assert report["missed"] == 1 and sender.sent == []


async def test_one_broken_user_does_not_stall_the_others(world):
    clock, db, accounts, sender, dispatcher = world
    await make_user(accounts, 1, "UTC", time(9, 0))
    await make_user(accounts, 2, "UTC", time(9, 0))
    await db.execute("UPDATE users SET timezone = 'Mars/Olympus' WHERE user_id = 1")
    clock.set(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
    report = await dispatcher.run_once()
    assert report["error"] == 1 and sender.sent == [(2, "checkin", "2026-11-28")]


async def test_a_dispatcher_with_digests_needs_a_sender_that_sends_them(world):
    clock, db, accounts, sender, _ = world
    with pytest.raises(TypeError, match="send_digest"):  # RecordingSender: prompts only
        Dispatcher(db, clock, sender, grace=timedelta(minutes=180), digests=Digests(accounts))


class SlowChatSender(RecordingSender):
    """User 1's chat answers only when ``release`` is set; every other user's at once."""

    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()
        self.finished: list[int] = []

    async def send_prompt(self, user, prompt) -> int:
        state = send_state.get()
        if user.user_id == 1:
            assert state is not None
            state.left = True  # on its way to Telegram
            await self.release.wait()
        message_id = await super().send_prompt(user, prompt)
        self.finished.append(user.user_id)
        return message_id


async def test_a_slow_chat_holds_up_nobody(journal_url):
    clock = ManualClock(datetime(2026, 11, 28, 0, 0, tzinfo=UTC))
    db = await open_database(journal_url)
    try:
        accounts = Accounts(db, clock)
        sender = SlowChatSender()
        dispatcher = Dispatcher(db, clock, sender, grace=timedelta(minutes=180), concurrency=8)
        for uid in range(1, 21):
            await make_user(accounts, uid, "UTC", time(9, 0))
        clock.set(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
        run = asyncio.create_task(dispatcher.run_once())
        for _ in range(500):
            if len(sender.finished) == 19:
                break
            await asyncio.sleep(0.01)
        assert sorted(sender.finished) == list(range(2, 21))  # everyone else, meanwhile
        assert not run.done()
        sender.release.set()
        assert (await run)["sent"] == 20
    finally:
        await db.close()


class WaitingSender(RecordingSender):
    """Every send waits for its turn forever; user 1's is on its way to Telegram."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting = 0

    async def send_prompt(self, user, prompt) -> int:
        state = send_state.get()
        assert state is not None
        if user.user_id == 1:
            state.left = True
        self.waiting += 1
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


async def test_stopping_releases_what_had_not_left_and_records_what_had(journal_url):
    clock = ManualClock(datetime(2026, 11, 28, 0, 0, tzinfo=UTC))
    db = await open_database(journal_url)
    try:
        accounts = Accounts(db, clock)
        sender = WaitingSender()
        dispatcher = Dispatcher(db, clock, sender, grace=timedelta(minutes=180), concurrency=4)
        for uid in range(1, 11):
            await make_user(accounts, uid, "UTC", time(9, 0))
        clock.set(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
        run = asyncio.create_task(dispatcher.run_once())
        for _ in range(500):
            if sender.waiting == 4:
                break
            await asyncio.sleep(0.01)
        assert sender.waiting == 4  # four in hand, the rest not claimed
        dispatcher.stop()  # releases the three still waiting for their turn
        await asyncio.sleep(0.1)
        assert not run.done()  # user 1's send is on its way: it may finish
        run.cancel()  # the stop's grace is over
        with pytest.raises(asyncio.CancelledError):
            await run
        rows = {p.user_id: p.status for uid in range(1, 11)
                for p in await prompts.for_user(db, uid)}
        assert rows == {1: "unknown"}  # never sent again; the others' claims are gone
        now = int(clock.now().timestamp())
        due = [u.user_id for u in await scheduled.due(db, scheduled.CHECKIN, now, 100)]
        assert sorted(due) == list(range(2, 11))  # all due again, for the next start
    finally:
        await db.close()


async def test_taking_over_resends_what_never_left_and_never_what_may_have(world):
    """A sender that died (SIGKILL, or a replica that lost the sender's lock) left three
    claims: one never on its way (``claimed``), one recorded ``sending`` just before its
    request left, one sent. The next sender's ``recover`` sends the first again, records the
    second ``unknown`` (it may have reached the user) and leaves the third alone."""
    clock, db, accounts, sender, dispatcher = world
    for uid in (1, 2, 3):
        await make_user(accounts, uid, "UTC", time(9, 0))
    clock.set(datetime(2026, 11, 28, 9, 0, 30, tzinfo=UTC))
    due = int(datetime(2026, 11, 28, 9, 0, tzinfo=UTC).timestamp())
    nxt = int(datetime(2026, 11, 29, 9, 0, tzinfo=UTC).timestamp())
    rows = {}
    for uid in (1, 2, 3):  # what the dead sender did: claim each one
        rows[uid] = await scheduled.claim(
            db, scheduled.CHECKIN, uid, due_utc=due, period="2026-11-28",
            local_date="2026-11-28", next_utc=nxt, next_date="2026-11-29", status="claimed",
            now=due + 1)
    await scheduled.mark(db, scheduled.CHECKIN, 2, rows[2]["prompt_id"], "sending")
    await scheduled.mark(db, scheduled.CHECKIN, 3, rows[3]["prompt_id"], "sent")

    assert await dispatcher.recover() == {"undone": 1, "uncertain": 1}
    report = await dispatcher.run_once()
    assert report["sent"] == 1 and sender.sent == [(1, "checkin", "2026-11-28")]
    statuses = {uid: [p.status for p in await prompts.for_user(db, uid)] for uid in (1, 2, 3)}
    assert statuses == {1: ["sent"], 2: ["unknown"], 3: ["sent"]}
    assert (await dispatcher.run_once())["sent"] == 0  # and never again
    assert await dispatcher.recover() == {"undone": 0, "uncertain": 0}


class LeavingSender(RecordingSender):
    """Like the bot's send path: records the message as leaving (``SendState.leaving``)
    just before it goes; ``before_leaving`` runs first (another sender taking over)."""

    def __init__(self) -> None:
        super().__init__()
        self.before_leaving = None

    async def send_prompt(self, user, prompt) -> int:
        if self.before_leaving is not None:
            step, self.before_leaving = self.before_leaving, None
            await step()
        await send_state.get().leaving()
        return await super().send_prompt(user, prompt)


async def test_an_old_sender_never_sends_a_claim_the_new_one_took_over(journal_url):
    """The old sender lost the lock while its message waited for its turn; the new sender's
    recover released that claim. The old one must not send that claim (its 'sending' record
    finds it gone), nor put the schedule back. Until its next tick tells it, the old one may
    claim the message again: whichever claims it, it goes out once."""
    clock = ManualClock(datetime(2026, 11, 28, 9, 0, 30, tzinfo=UTC))
    db = await open_database(journal_url)
    try:
        accounts = Accounts(db, clock)
        clock.set(datetime(2026, 11, 28, 0, 0, tzinfo=UTC))
        await make_user(accounts, 1, "UTC", time(9, 0))
        clock.set(datetime(2026, 11, 28, 9, 0, 30, tzinfo=UTC))
        old_sender, new_sender = LeavingSender(), LeavingSender()
        old = Dispatcher(db, clock, old_sender, grace=timedelta(minutes=180))
        new = Dispatcher(db, clock, new_sender, grace=timedelta(minutes=180))
        old_sender.before_leaving = new.recover  # the takeover, while the old one waits
        report = await old.run_once()
        assert report["taken_over"] == 1
        await new.run_once()
        assert old_sender.sent + new_sender.sent == [(1, "checkin", "2026-11-28")]
        assert [p.status for p in await prompts.for_user(db, 1)] == ["sent"]
        user = await users.get(db, 1)
        assert user.next_checkin_date == "2026-11-29"  # not put back by the old sender
        assert (await old.run_once())["sent"] == 0 and (await new.run_once())["sent"] == 0
    finally:
        await db.close()
