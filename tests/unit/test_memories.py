"""Which saved thank-you comes back, and how long ago it reads: pure rules, in local days."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.core import memory_text
from bot.core.memories import MIN_AGE_DAYS, Age, Candidate, choose, oldest_saved_date
from bot.core.schedule import local_date_of, next_weekly_occurrence
from bot.core.scheduled import THANKS_BACK


def c(thanks_id: int, saved: str, shown: str | None = None) -> Candidate:
    return Candidate(thanks_id, date.fromisoformat(saved),
                     date.fromisoformat(shown) if shown else None)


TODAY = date(2026, 11, 28)


def test_nothing_younger_than_four_weeks_comes_back():
    assert choose([c(1, "2026-11-01"), c(2, "2026-11-20")], TODAY, None, random.Random(1)) is None
    assert choose([c(1, "2026-10-31")], TODAY, None, random.Random(1)) == 1  # exactly 28 days
    assert oldest_saved_date(TODAY) == date(2026, 10, 31)


def test_never_the_one_shown_last():
    rng = random.Random(7)
    assert {choose([c(1, "2026-01-01"), c(2, "2026-01-02")], TODAY, 1, rng)
            for _ in range(50)} == {2}
    assert choose([c(1, "2026-01-01")], TODAY, 1, rng) is None


def test_small_and_big_are_equally_likely():
    # the rule sees no size at all: ids only; 4 candidates, each about a quarter
    rng = random.Random(3)
    counts = Counter(choose([c(i, "2026-01-01") for i in range(1, 5)], TODAY, None, rng)
                     for _ in range(8000))
    assert set(counts) == {1, 2, 3, 4}
    assert all(1800 < n < 2200 for n in counts.values())


def test_ones_shown_recently_wait_while_others_remain():
    candidates = [c(1, "2026-01-01", "2026-11-20"), c(2, "2026-01-01", "2026-10-30"),
                  c(3, "2026-01-01", "2026-09-01"), c(4, "2026-01-01")]
    rng = random.Random(5)
    assert {choose(candidates, TODAY, None, rng) for _ in range(100)} == {3, 4}
    # all shown in the last eight weeks: the one shown longest ago
    recent = [c(1, "2026-01-01", "2026-11-20"), c(2, "2026-01-01", "2026-10-30"),
              c(3, "2026-01-01", "2026-11-01")]
    assert {choose(recent, TODAY, None, rng) for _ in range(50)} == {2}


@pytest.mark.parametrize("zone,saved_at,now,eligible", [
    # New York springs forward on 2026-03-08: 28 local days later is 671 h 40 min later
    # (less than 28 x 24 hours); London falls back on 2026-10-25: 28 x 24 hours and 20
    # minutes after a save is still the 27th local day. Counting hours gets both wrong.
    ("America/New_York", datetime(2026, 3, 5, 4, 30, tzinfo=UTC),   # Mar 4, 23:30 EST
     datetime(2026, 4, 1, 4, 10, tzinfo=UTC), True),                # Apr 1, 00:10 EDT
    ("America/New_York", datetime(2026, 3, 5, 4, 30, tzinfo=UTC),
     datetime(2026, 4, 1, 3, 50, tzinfo=UTC), False),               # Mar 31, 23:50 EDT
    ("Europe/London", datetime(2026, 10, 1, 23, 30, tzinfo=UTC),    # Oct 2, 00:30 BST
     datetime(2026, 10, 30, 0, 10, tzinfo=UTC), True),              # Oct 30, 00:10 GMT
    ("Europe/London", datetime(2026, 10, 1, 23, 30, tzinfo=UTC),
     datetime(2026, 10, 29, 23, 50, tzinfo=UTC), False),            # Oct 29, 23:50 GMT
])
def test_four_weeks_are_28_local_days_across_a_clock_change(zone, saved_at, now, eligible):
    tz = ZoneInfo(zone)
    saved = local_date_of(saved_at, tz)
    today = local_date_of(now, tz)
    found = choose([Candidate(1, saved, None)], today, None, random.Random(0))
    assert (found == 1) is eligible
    if eligible:
        assert Age.between(saved, today) == Age("weeks", MIN_AGE_DAYS // 7)


@pytest.mark.parametrize("days,unit,count,en,ja", [
    (28, "weeks", 4, "4 weeks ago", "4週間前"),
    (42, "weeks", 6, "6 weeks ago", "6週間前"),
    (62, "weeks", 8, "8 weeks ago", "8週間前"),
    (63, "months", 2, "2 months ago", "2か月前"),
    (364, "months", 12, "12 months ago", "12か月前"),
    (365, "years", 1, "a year ago", "1年前"),
    (800, "years", 2, "2 years ago", "2年前"),
])
def test_how_long_ago_reads(days, unit, count, en, ja):
    from datetime import timedelta
    age = Age.between(TODAY - timedelta(days=days), TODAY)
    assert (age.unit, age.count) == (unit, count)
    assert memory_text.ago("en", age) == en and memory_text.ago("ja", age) == ja


@pytest.mark.parametrize("zone,start", [
    ("America/New_York", datetime(2026, 2, 23, tzinfo=UTC)),
    ("Europe/London", datetime(2026, 10, 12, tzinfo=UTC)),
    ("Australia/Lord_Howe", datetime(2026, 3, 23, tzinfo=UTC)),
])
def test_the_weekly_one_keeps_its_local_day_and_time_across_a_clock_change(zone, start):
    """Three days after a Sunday digest (Wednesday), at the daily question's time: one per
    local week, whatever the offset does in between."""
    from storage.models import User

    user = User(user_id=1, chat_id=1, language="en", timezone=zone, checkin_time="21:30",
                persona=None, onboarded=True, paused=False, blocked=False,
                skip_if_logged=True, next_checkin_utc=None, next_checkin_date=None,
                snooze_until_utc=None, snooze_date=None, awaiting=None, created_utc=0,
                updated_utc=0)
    tz = ZoneInfo(zone)
    after, weeks = start, set()
    for _ in range(6):
        occurrence = THANKS_BACK.next_after(user, tz, after)
        local = occurrence.utc.astimezone(tz)
        assert local.weekday() == 2 and local.time() == time(21, 30)
        weeks.add(THANKS_BACK.period(user, occurrence.local_date))
        after = occurrence.utc
    assert len(weeks) == 6
    assert next_weekly_occurrence(2, time(21, 30), tz, start).utc == \
        THANKS_BACK.next_after(user, tz, start).utc


def test_a_thank_you_without_words_says_what_it_was_and_from_whom():
    from bot.core.memories import Memory
    from storage.models import Thanks

    record = Thanks(thanks_id=1, user_id=1, status="kept", source="screenshot", kind="photo",
                    origin_type=None, sender_name="佐藤", sender_username=None,
                    sender_user_id=None, sender_chat_id=None, origin_message_id=None,
                    author_signature=None, original_utc=None, received_utc=0,
                    local_date="2026-10-01", text=None, entities=None, media_group_id=None,
                    dedupe_key=None, entry_id=None, message_id=None)
    memory = Memory(record, date(2026, 10, 1), "締切前の資料", Age("weeks", 6))
    assert memory_text.render("ja", memory) == (
        "💌 <b>6週間前:</b>📷 佐藤さんからのスクリーンショット\n<i>解決した問題:締切前の資料</i>")
    assert memory_text.render("en", memory).startswith(
        "💌 <b>6 weeks ago:</b> 📷 a screenshot from 佐藤")
    assert "/smile" in memory_text.render("en", memory, footer=True)


def test_the_metrics_name_each_kind_of_scheduled_message():
    from bot.metrics import Metrics

    metrics = Metrics()
    metrics.dispatch_report({"sent": 2, "digest_sent": 1, "thanks_back_nothing": 3,
                             "thanks_back_sent": 1, "skipped_logged": 1})
    samples = {(s.labels["kind"], s.labels["outcome"]): s.value
               for family in metrics.registry.collect() for s in family.samples
               if s.name == "journal_scheduled_messages_total"}
    assert samples == {("checkin", "sent"): 2, ("digest", "sent"): 1,
                       ("thanks_back", "nothing"): 3, ("thanks_back", "sent"): 1,
                       ("checkin", "skipped_logged"): 1}
