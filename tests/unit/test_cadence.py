"""The daily question's cadence: the weekday sets (bot.core.cadence) and the schedule math
that skips the days left out (bot.core.schedule.next_occurrence ``days=``), in the user's
zone, across the DST changes of Europe/London and America/New_York."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core import cadence
from bot.core.schedule import local_date_of, next_occurrence

NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def days(*weekdays: int) -> int:
    return cadence.mask_of(weekdays)


def run(at: time, tz, start: datetime, mask: int, count: int) -> list[tuple[date, datetime]]:
    """``count`` occurrences in a row, each found after the one before (as the dispatcher
    does: not before the next local date)."""
    found, after, not_before = [], start, None
    for _ in range(count):
        occurrence = next_occurrence(at, tz, after, not_before=not_before, days=mask)
        found.append((occurrence.local_date, occurrence.utc))
        after, not_before = occurrence.utc, occurrence.local_date + timedelta(days=1)
    return found


# --- the sets -----------------------------------------------------------------------------

def test_the_four_choices_are_sets_of_weekdays():
    assert cadence.kind(cadence.EVERY_DAY) == "daily"
    assert cadence.THREE_TIMES == days(MON, WED, FRI)
    assert cadence.kind(days(MON, WED, FRI)) == "three"
    assert cadence.kind(days(FRI)) == "weekly"
    assert cadence.kind(days(MON, TUE)) == cadence.kind(days(MON, WED, THU)) == "chosen"
    assert cadence.days_of(days(SUN, MON)) == (MON, SUN)
    assert cadence.WEEKDAYS == days(MON, TUE, WED, THU, FRI)
    assert cadence.WEEKEND == days(SAT, SUN)


def test_a_cadence_keeps_one_day_at_least():
    assert cadence.toggled(days(MON, FRI), FRI) == days(MON)
    assert cadence.toggled(days(MON), TUE) == days(MON, TUE)
    assert cadence.toggled(days(MON), MON) is None
    assert not cadence.valid(0) and not cadence.valid(128) and cadence.valid(1)
    with pytest.raises(ValueError):
        cadence.mask_of([7])


def test_asks_on_reads_the_local_weekday():
    assert cadence.asks_on(days(SUN), date(2026, 3, 29))   # a Sunday
    assert not cadence.asks_on(days(SUN), date(2026, 3, 30))


def test_an_empty_or_wider_mask_is_refused():
    for bad in (0, 128, -1):
        with pytest.raises(ValueError):
            next_occurrence(time(21), LONDON, utc(2026, 3, 1), days=bad)


# --- skipping days ------------------------------------------------------------------------

def test_three_times_a_week_skips_the_other_days():
    # Tokyo, Mon/Wed/Fri 21:00 (12:00 UTC), from Saturday Nov 28 2026
    tokyo = ZoneInfo("Asia/Tokyo")
    got = run(time(21), tokyo, utc(2026, 11, 28, 1), cadence.THREE_TIMES, 4)
    assert got == [(date(2026, 11, 30), utc(2026, 11, 30, 12)),
                   (date(2026, 12, 2), utc(2026, 12, 2, 12)),
                   (date(2026, 12, 4), utc(2026, 12, 4, 12)),
                   (date(2026, 12, 7), utc(2026, 12, 7, 12))]


def test_once_a_week_on_the_same_day_after_its_time_is_next_week():
    # Friday Dec 4 2026, 22:00 in Tokyo: Friday's 21:00 has passed -> Friday Dec 11
    occurrence = next_occurrence(time(21), ZoneInfo("Asia/Tokyo"), utc(2026, 12, 4, 13),
                                 days=days(FRI))
    assert (occurrence.local_date, occurrence.utc) == (date(2026, 12, 11), utc(2026, 12, 11, 12))


def test_not_before_lands_on_the_next_day_of_the_cadence():
    occurrence = next_occurrence(time(9), LONDON, utc(2026, 6, 1), not_before=date(2026, 6, 6),
                                 days=days(TUE))  # Jun 6 is a Saturday
    assert occurrence.local_date == date(2026, 6, 9)


def test_the_local_weekday_decides_not_the_utc_one():
    # New York, Saturdays at 21:00 = Sunday 01:00/02:00 UTC: the local date is Saturday
    got = run(time(21), NY, utc(2026, 6, 1), days(SAT), 2)
    assert got == [(date(2026, 6, 6), utc(2026, 6, 7, 1)), (date(2026, 6, 13), utc(2026, 6, 14, 1))]


# --- across DST: a question on the transition day ------------------------------------------

@pytest.mark.parametrize(("tz", "at", "after", "expected"), [
    # London springs forward on Sunday Mar 29 2026 at 01:00 -> 02:00: 01:30 does not exist
    (LONDON, time(1, 30), utc(2026, 3, 27), [(date(2026, 3, 29), utc(2026, 3, 29, 1, 0)),
                                             (date(2026, 4, 5), utc(2026, 4, 5, 0, 30))]),
    # London falls back on Sunday Oct 25 2026, 02:00 -> 01:00: 01:30 happens twice, asked once
    (LONDON, time(1, 30), utc(2026, 10, 23), [(date(2026, 10, 25), utc(2026, 10, 25, 0, 30)),
                                              (date(2026, 11, 1), utc(2026, 11, 1, 1, 30))]),
    # New York springs forward on Sunday Mar 8 2026, 02:00 -> 03:00: 02:30 -> 03:00 EDT
    (NY, time(2, 30), utc(2026, 3, 6), [(date(2026, 3, 8), utc(2026, 3, 8, 7, 0)),
                                        (date(2026, 3, 15), utc(2026, 3, 15, 6, 30))]),
    # New York falls back on Sunday Nov 1 2026, 02:00 -> 01:00: 01:30 asked once (EDT)
    (NY, time(1, 30), utc(2026, 10, 30), [(date(2026, 11, 1), utc(2026, 11, 1, 5, 30)),
                                          (date(2026, 11, 8), utc(2026, 11, 8, 6, 30))]),
    # an evening question on the transition Sunday, in each zone
    (LONDON, time(21), utc(2026, 3, 27), [(date(2026, 3, 29), utc(2026, 3, 29, 20)),
                                          (date(2026, 4, 5), utc(2026, 4, 5, 20))]),
    (NY, time(21), utc(2026, 10, 30), [(date(2026, 11, 1), utc(2026, 11, 2, 2)),
                                       (date(2026, 11, 8), utc(2026, 11, 9, 2))]),
])
def test_once_a_week_on_the_transition_sunday(tz, at, after, expected):
    assert run(at, tz, after, days(SUN), 2) == expected


# --- across DST: the transition day skipped -----------------------------------------------

@pytest.mark.parametrize(("tz", "after", "expected"), [
    # Mon/Wed/Fri 21:00 London around Sunday Mar 29: GMT (21:00 UTC) then BST (20:00 UTC)
    (LONDON, utc(2026, 3, 25, 22), [(date(2026, 3, 27), utc(2026, 3, 27, 21)),
                                    (date(2026, 3, 30), utc(2026, 3, 30, 20)),
                                    (date(2026, 4, 1), utc(2026, 4, 1, 20))]),
    # … and around Sunday Oct 25: BST then GMT
    (LONDON, utc(2026, 10, 21, 22), [(date(2026, 10, 23), utc(2026, 10, 23, 20)),
                                     (date(2026, 10, 26), utc(2026, 10, 26, 21)),
                                     (date(2026, 10, 28), utc(2026, 10, 28, 21))]),
    # New York around Sunday Mar 8: EST (02:00 UTC next day) then EDT (01:00 UTC)
    (NY, utc(2026, 3, 5, 3), [(date(2026, 3, 6), utc(2026, 3, 7, 2)),
                              (date(2026, 3, 9), utc(2026, 3, 10, 1)),
                              (date(2026, 3, 11), utc(2026, 3, 12, 1))]),
    # … and around Sunday Nov 1: EDT then EST
    (NY, utc(2026, 10, 29, 3), [(date(2026, 10, 30), utc(2026, 10, 31, 1)),
                                (date(2026, 11, 2), utc(2026, 11, 3, 2)),
                                (date(2026, 11, 4), utc(2026, 11, 5, 2))]),
])
def test_three_times_a_week_across_a_skipped_transition_sunday(tz, after, expected):
    assert run(time(21), tz, after, cadence.THREE_TIMES, 3) == expected


@pytest.mark.parametrize("tz", [LONDON, NY])
@pytest.mark.parametrize("at", [time(0, 30), time(1, 30), time(2, 30), time(21)])
@pytest.mark.parametrize("mask", [days(SUN), days(SAT, MON), cadence.THREE_TIMES,
                                  days(MON, TUE, WED, THU, FRI, SAT)])
def test_ninety_days_across_both_changes_ask_exactly_on_the_cadence_days(tz, at, mask):
    """Feb 15 to mid-May and Sep 15 to mid-Dec: one question on each cadence day, none on
    the others, each at the wall time (or the first minute after a gap), in order."""
    for start in (datetime(2026, 2, 15, tzinfo=tz), datetime(2026, 9, 15, tzinfo=tz)):
        first = local_date_of(start, tz)
        wanted = [first + timedelta(days=i) for i in range(1, 90)
                  if cadence.asks_on(mask, first + timedelta(days=i))]
        got = run(at, tz, start.replace(hour=23, minute=59), mask, len(wanted))
        assert [d for d, _ in got] == wanted
        assert all(a < b for (_, a), (_, b) in zip(got, got[1:], strict=False))
        for day, instant in got:
            local = instant.astimezone(tz)
            assert local.date() == day
            assert local.time() == at or (local.time() > at and local.hour <= at.hour + 1)
