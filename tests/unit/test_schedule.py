"""Tests for bot.core.schedule: DST gaps/overlaps, daily iteration, helpers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.core.schedule import (
    Occurrence,
    from_epoch,
    local_date_of,
    local_now,
    next_occurrence,
    resolve_local,
    to_epoch,
    week_start,
)

NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
TOKYO = ZoneInfo("Asia/Tokyo")
SANTIAGO = ZoneInfo("America/Santiago")  # DST changes at local midnight
IST = timezone(timedelta(hours=5, minutes=30), name="UTC+05:30")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# ------------------------------------------------------------------ resolve_local

RESOLVE_CASES = [
    # (zone, day, wall time, expected UTC instant)
    # --- America/New_York: gap 2026-03-08 02:00->03:00, overlap 2026-11-01 01:00-02:00
    (NY, date(2026, 3, 8), time(1, 59), utc(2026, 3, 8, 6, 59)),
    (NY, date(2026, 3, 8), time(2, 0), utc(2026, 3, 8, 7, 0)),  # gap -> 03:00 EDT
    (NY, date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7, 0)),  # gap -> 03:00 EDT
    (NY, date(2026, 3, 8), time(2, 59), utc(2026, 3, 8, 7, 0)),  # gap -> 03:00 EDT
    (NY, date(2026, 3, 8), time(3, 0), utc(2026, 3, 8, 7, 0)),
    (NY, date(2026, 3, 8), time(21, 0), utc(2026, 3, 9, 1, 0)),
    (NY, date(2026, 11, 1), time(0, 59), utc(2026, 11, 1, 4, 59)),
    (NY, date(2026, 11, 1), time(1, 0), utc(2026, 11, 1, 5, 0)),  # first (EDT)
    (NY, date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),  # first (EDT)
    (NY, date(2026, 11, 1), time(2, 0), utc(2026, 11, 1, 7, 0)),  # EST
    # --- Europe/London: gap 2026-03-29 01:00->02:00, overlap 2026-10-25 01:00-02:00
    (LONDON, date(2026, 3, 29), time(0, 59), utc(2026, 3, 29, 0, 59)),
    (LONDON, date(2026, 3, 29), time(1, 0), utc(2026, 3, 29, 1, 0)),  # gap -> 02:00 BST
    (LONDON, date(2026, 3, 29), time(1, 30), utc(2026, 3, 29, 1, 0)),  # gap -> 02:00 BST
    (LONDON, date(2026, 3, 29), time(2, 0), utc(2026, 3, 29, 1, 0)),
    (LONDON, date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30)),  # first (BST)
    (LONDON, date(2026, 10, 25), time(2, 0), utc(2026, 10, 25, 2, 0)),  # GMT
    # --- Australia/Lord_Howe: gap 2026-10-04 02:00->02:30, overlap 2026-04-05 01:30-02:00
    (LORD_HOWE, date(2026, 10, 4), time(1, 59), utc(2026, 10, 3, 15, 29)),  # +10:30
    (LORD_HOWE, date(2026, 10, 4), time(2, 0), utc(2026, 10, 3, 15, 30)),  # gap -> 02:30
    (LORD_HOWE, date(2026, 10, 4), time(2, 10), utc(2026, 10, 3, 15, 30)),  # gap -> 02:30
    (LORD_HOWE, date(2026, 10, 4), time(2, 29), utc(2026, 10, 3, 15, 30)),  # gap -> 02:30
    (LORD_HOWE, date(2026, 10, 4), time(2, 30), utc(2026, 10, 3, 15, 30)),  # +11:00
    (LORD_HOWE, date(2026, 4, 5), time(1, 29), utc(2026, 4, 4, 14, 29)),  # +11:00
    (LORD_HOWE, date(2026, 4, 5), time(1, 30), utc(2026, 4, 4, 14, 30)),  # first (+11:00)
    (LORD_HOWE, date(2026, 4, 5), time(1, 45), utc(2026, 4, 4, 14, 45)),  # first (+11:00)
    (LORD_HOWE, date(2026, 4, 5), time(2, 0), utc(2026, 4, 4, 15, 30)),  # +10:30
    # --- Asia/Tokyo: no DST
    (TOKYO, date(2026, 3, 8), time(2, 30), utc(2026, 3, 7, 17, 30)),
    (TOKYO, date(2026, 11, 1), time(21, 0), utc(2026, 11, 1, 12, 0)),
    # --- America/Santiago: gap at midnight 2026-09-06 00:00->01:00 (-04 -> -03),
    #     overlap 2026-04-04 23:00-24:00 (-03 -> -04)
    (SANTIAGO, date(2026, 9, 6), time(0, 0), utc(2026, 9, 6, 4, 0)),  # gap -> 01:00
    (SANTIAGO, date(2026, 9, 6), time(0, 30), utc(2026, 9, 6, 4, 0)),  # gap -> 01:00
    (SANTIAGO, date(2026, 4, 4), time(23, 30), utc(2026, 4, 5, 2, 30)),  # first (-03)
    # --- fixed offsets
    (IST, date(2026, 3, 8), time(21, 0), utc(2026, 3, 8, 15, 30)),
    (UTC, date(2026, 3, 8), time(21, 0), utc(2026, 3, 8, 21, 0)),
    (timezone(timedelta(hours=-5)), date(2026, 1, 1), time(23, 0), utc(2026, 1, 2, 4, 0)),
]


@pytest.mark.parametrize(("tz", "day", "at", "expected"), RESOLVE_CASES)
def test_resolve_local(tz, day, at, expected):
    got = resolve_local(day, at, tz)
    assert got == expected
    assert got.tzinfo is UTC


def test_resolve_local_gap_lands_on_next_valid_wall_minute():
    assert resolve_local(date(2026, 3, 8), time(2, 30), NY).astimezone(NY).time() == time(3, 0)
    lh = resolve_local(date(2026, 10, 4), time(2, 10), LORD_HOWE).astimezone(LORD_HOWE)
    assert (lh.time(), lh.utcoffset()) == (time(2, 30), timedelta(hours=11))


def test_resolve_local_ignores_fold_and_tzinfo_on_time():
    at = time(1, 30, fold=1, tzinfo=TOKYO)
    assert resolve_local(date(2026, 11, 1), at, NY) == utc(2026, 11, 1, 5, 30)


# ---------------------------------------------------------------- next_occurrence


def test_next_occurrence_basic():
    occ = next_occurrence(time(21, 0), TOKYO, utc(2026, 5, 1, 0, 0))
    assert occ == Occurrence(utc=utc(2026, 5, 1, 12, 0), local_date=date(2026, 5, 1))


def test_next_occurrence_is_strictly_after():
    first = next_occurrence(time(21, 0), TOKYO, utc(2026, 5, 1, 0, 0))
    second = next_occurrence(time(21, 0), TOKYO, first.utc)
    assert second == Occurrence(utc=utc(2026, 5, 2, 12, 0), local_date=date(2026, 5, 2))
    just_before = next_occurrence(time(21, 0), TOKYO, first.utc - timedelta(microseconds=1))
    assert just_before == first


def test_next_occurrence_later_today_or_tomorrow():
    # 20:59 Tokyo -> today 21:00; 21:01 Tokyo -> tomorrow.
    assert next_occurrence(time(21), TOKYO, utc(2026, 5, 1, 11, 59)).local_date == date(2026, 5, 1)
    assert next_occurrence(time(21), TOKYO, utc(2026, 5, 1, 12, 1)).local_date == date(2026, 5, 2)


def test_next_occurrence_local_date_differs_from_utc_date():
    # 07:00 in Tokyo on May 2 is 22:00 UTC on May 1.
    occ = next_occurrence(time(7, 0), TOKYO, utc(2026, 5, 1, 12, 0))
    assert occ == Occurrence(utc=utc(2026, 5, 1, 22, 0), local_date=date(2026, 5, 2))


@pytest.mark.parametrize(
    ("not_before", "expected_date"),
    [
        (None, date(2026, 5, 1)),
        (date(2026, 4, 20), date(2026, 5, 1)),  # in the past: no effect
        (date(2026, 5, 1), date(2026, 5, 1)),
        (date(2026, 5, 2), date(2026, 5, 2)),
        (date(2026, 5, 10), date(2026, 5, 10)),
    ],
)
def test_next_occurrence_not_before(not_before, expected_date):
    occ = next_occurrence(time(21, 0), TOKYO, utc(2026, 5, 1, 0, 0), not_before=not_before)
    assert occ.local_date == expected_date
    assert occ.utc == resolve_local(expected_date, time(21, 0), TOKYO)


def test_next_occurrence_not_before_today_but_time_passed():
    occ = next_occurrence(time(9, 0), TOKYO, utc(2026, 5, 1, 3, 0), not_before=date(2026, 5, 1))
    assert occ.local_date == date(2026, 5, 2)


def test_next_occurrence_fixed_offset_zone():
    occ = next_occurrence(time(21, 0), IST, utc(2026, 5, 1, 15, 30))
    assert occ == Occurrence(utc=utc(2026, 5, 2, 15, 30), local_date=date(2026, 5, 2))
    occ = next_occurrence(time(6, 0), IST, utc(2026, 5, 1, 20, 0))  # 01:30 IST on May 2
    assert occ == Occurrence(utc=utc(2026, 5, 2, 0, 30), local_date=date(2026, 5, 2))


def test_next_occurrence_after_in_other_timezone_is_an_instant():
    after_tokyo = datetime(2026, 5, 2, 6, 0, tzinfo=TOKYO)  # == 2026-05-01 21:00 UTC
    after_ny = after_tokyo.astimezone(NY)
    expected = next_occurrence(time(18, 0), NY, utc(2026, 5, 1, 21, 0))
    assert expected == Occurrence(utc=utc(2026, 5, 1, 22, 0), local_date=date(2026, 5, 1))
    assert next_occurrence(time(18, 0), NY, after_tokyo) == expected
    assert next_occurrence(time(18, 0), NY, after_ny) == expected
    assert next_occurrence(time(18, 0), NY, after_tokyo).utc.tzinfo is UTC


def test_next_occurrence_rejects_naive_after():
    with pytest.raises(ValueError):
        next_occurrence(time(21, 0), TOKYO, datetime(2026, 5, 1, 12, 0))


def test_fall_back_time_goes_out_once():
    first = next_occurrence(time(1, 30), NY, utc(2026, 11, 1, 0, 0))
    assert first == Occurrence(utc=utc(2026, 11, 1, 5, 30), local_date=date(2026, 11, 1))
    # The second 01:30 (06:30 UTC, EST) is skipped: the next one is on Nov 2.
    nxt = next_occurrence(time(1, 30), NY, first.utc)
    assert nxt == Occurrence(utc=utc(2026, 11, 2, 6, 30), local_date=date(2026, 11, 2))
    # Even asked from inside the repeated hour, it does not fire again on Nov 1.
    inside = next_occurrence(time(1, 30), NY, utc(2026, 11, 1, 6, 0))
    assert inside.local_date == date(2026, 11, 2)


def test_gap_time_goes_out_at_next_valid_minute():
    occ = next_occurrence(time(2, 30), NY, utc(2026, 3, 8, 0, 0))
    assert occ == Occurrence(utc=utc(2026, 3, 8, 7, 0), local_date=date(2026, 3, 8))
    nxt = next_occurrence(time(2, 30), NY, occ.utc)
    assert nxt == Occurrence(utc=utc(2026, 3, 9, 6, 30), local_date=date(2026, 3, 9))


def test_gap_at_midnight_does_not_duplicate_or_skip():
    # America/Santiago 2026-09-06 00:00 -> 01:00.
    occ = next_occurrence(time(0, 30), SANTIAGO, utc(2026, 9, 5, 12, 0))
    assert occ == Occurrence(utc=utc(2026, 9, 6, 4, 0), local_date=date(2026, 9, 6))
    occ = next_occurrence(time(0, 30), SANTIAGO, occ.utc)
    assert occ == Occurrence(utc=utc(2026, 9, 7, 3, 30), local_date=date(2026, 9, 7))


# 60 days of daily occurrences across each transition.
ITERATION_CASES = [
    # (zone, transition day, wall time, expected wall time on the transition day)
    (NY, date(2026, 3, 8), time(2, 30), time(3, 0)),  # in the gap
    (NY, date(2026, 3, 8), time(21, 0), time(21, 0)),
    (NY, date(2026, 11, 1), time(1, 30), time(1, 30)),  # in the overlap
    (NY, date(2026, 11, 1), time(21, 0), time(21, 0)),
    (LONDON, date(2026, 3, 29), time(1, 30), time(2, 0)),
    (LONDON, date(2026, 3, 29), time(8, 0), time(8, 0)),
    (LONDON, date(2026, 10, 25), time(1, 30), time(1, 30)),
    (LORD_HOWE, date(2026, 10, 4), time(2, 10), time(2, 30)),
    (LORD_HOWE, date(2026, 10, 4), time(2, 0), time(2, 30)),
    (LORD_HOWE, date(2026, 4, 5), time(1, 45), time(1, 45)),
    (LORD_HOWE, date(2026, 4, 5), time(21, 0), time(21, 0)),
    (TOKYO, date(2026, 3, 8), time(21, 0), time(21, 0)),
    (TOKYO, date(2026, 11, 1), time(0, 0), time(0, 0)),
    (SANTIAGO, date(2026, 9, 6), time(0, 0), time(1, 0)),
    (SANTIAGO, date(2026, 9, 6), time(0, 30), time(1, 0)),
    (SANTIAGO, date(2026, 4, 4), time(23, 30), time(23, 30)),
    (IST, date(2026, 3, 8), time(21, 0), time(21, 0)),
]


@pytest.mark.parametrize(("tz", "transition", "at", "wall_on_transition"), ITERATION_CASES)
def test_sixty_days_across_transition(tz, transition, at, wall_on_transition):
    start_day = transition - timedelta(days=30)
    after = resolve_local(start_day, time(0, 0), tz) - timedelta(microseconds=1)
    occurrences = []
    for _ in range(60):
        occ = next_occurrence(at, tz, after)
        occurrences.append(occ)
        after = occ.utc

    dates = [o.local_date for o in occurrences]
    assert dates == [start_day + timedelta(days=i) for i in range(60)]  # none skipped/doubled
    assert transition in dates
    instants = [o.utc for o in occurrences]
    assert instants == sorted(set(instants))
    for occ in occurrences:
        assert occ.utc.tzinfo is UTC
        local = occ.utc.astimezone(tz)
        expected_wall = wall_on_transition if occ.local_date == transition else at
        assert local.time() == expected_wall, occ
        assert local.date() == occ.local_date
        if local.utcoffset() != local.replace(fold=1).utcoffset():  # ambiguous wall time
            assert local.fold == 0  # first occurrence


# ------------------------------------------------------------------------ helpers


@pytest.mark.parametrize(
    ("instant", "tz", "expected"),
    [
        (utc(2026, 5, 1, 15, 0), TOKYO, date(2026, 5, 2)),
        (utc(2026, 5, 1, 14, 59), TOKYO, date(2026, 5, 1)),
        (utc(2026, 5, 1, 3, 0), NY, date(2026, 4, 30)),
        (utc(2026, 5, 1, 18, 30), IST, date(2026, 5, 2)),
        (datetime(2026, 5, 2, 0, 30, tzinfo=TOKYO), UTC, date(2026, 5, 1)),
    ],
)
def test_local_date_of(instant, tz, expected):
    assert local_date_of(instant, tz) == expected


def test_local_now():
    now = local_now(utc(2026, 5, 1, 15, 30), TOKYO)
    assert now == datetime(2026, 5, 2, 0, 30, tzinfo=TOKYO)
    assert now.tzinfo is TOKYO
    assert now.utcoffset() == timedelta(hours=9)


@pytest.mark.parametrize("func", [local_now, local_date_of])
def test_local_helpers_reject_naive(func):
    with pytest.raises(ValueError):
        func(datetime(2026, 5, 1), TOKYO)


@pytest.mark.parametrize(
    ("day", "first_weekday", "expected"),
    [
        (date(2026, 5, 6), 0, date(2026, 5, 4)),  # Wed -> Mon
        (date(2026, 5, 4), 0, date(2026, 5, 4)),  # Mon -> itself
        (date(2026, 5, 10), 0, date(2026, 5, 4)),  # Sun -> previous Mon
        (date(2026, 5, 6), 6, date(2026, 5, 3)),  # Sunday-start week
        (date(2026, 5, 3), 6, date(2026, 5, 3)),
        (date(2026, 5, 9), 6, date(2026, 5, 3)),  # Sat -> Sun before
        (date(2026, 5, 8), 5, date(2026, 5, 2)),  # Saturday-start week
        (date(2026, 1, 1), 0, date(2025, 12, 29)),  # across a year boundary
    ],
)
def test_week_start(day, first_weekday, expected):
    assert week_start(day, first_weekday) == expected


def test_week_start_default_is_monday():
    assert week_start(date(2026, 5, 6)) == date(2026, 5, 4)


@pytest.mark.parametrize("bad", [-1, 7])
def test_week_start_rejects_bad_weekday(bad):
    with pytest.raises(ValueError):
        week_start(date(2026, 5, 6), bad)


@pytest.mark.parametrize(
    ("dt", "seconds"),
    [
        (utc(1970, 1, 1), 0),
        (utc(2026, 5, 1, 12, 0), 1777636800),
        (datetime(2026, 5, 1, 21, 0, tzinfo=TOKYO), 1777636800),
        (utc(2026, 5, 1, 12, 0, 0, 999999), 1777636800),  # floored
        (utc(1969, 12, 31, 23, 59, 59, 500000), -1),  # floored, not truncated
    ],
)
def test_to_epoch(dt, seconds):
    assert to_epoch(dt) == seconds


def test_epoch_round_trip():
    for s in (0, 1, 1777636800, -86400):
        back = from_epoch(s)
        assert back.tzinfo is UTC
        assert to_epoch(back) == s
    assert from_epoch(1777636800) == utc(2026, 5, 1, 12, 0)


def test_to_epoch_rejects_naive():
    with pytest.raises(ValueError):
        to_epoch(datetime(2026, 5, 1))


# --- the weekly digest ----------------------------------------------------------------------
from bot.core.schedule import digest_week, next_weekly_occurrence  # noqa: E402


def test_weekly_occurrence_is_the_next_chosen_weekday_at_local_time():
    tokyo = ZoneInfo("Asia/Tokyo")
    after = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # Saturday 10:00 in Tokyo
    occ = next_weekly_occurrence(6, time(20, 0), tokyo, after)  # Sunday 20:00
    assert occ.local_date == date(2026, 11, 29)
    assert occ.utc == datetime(2026, 11, 29, 11, 0, tzinfo=UTC)
    # strictly after: at the very instant, the next week's
    assert next_weekly_occurrence(6, time(20, 0), tokyo, occ.utc).local_date == date(2026, 12, 6)
    # not_before skips ahead
    later = next_weekly_occurrence(6, time(20, 0), tokyo, after, not_before=date(2026, 11, 30))
    assert later.local_date == date(2026, 12, 6)


def test_weekly_occurrence_keeps_local_time_across_dst():
    new_york = ZoneInfo("America/New_York")
    # Sunday 2026-03-08 is the spring-forward day; 20:00 exists and is EDT (UTC-4)
    occ = next_weekly_occurrence(6, time(20, 0), new_york,
                                 datetime(2026, 3, 3, tzinfo=UTC))
    assert occ.utc == datetime(2026, 3, 9, 0, 0, tzinfo=UTC)
    before = next_weekly_occurrence(6, time(20, 0), new_york,
                                    datetime(2026, 2, 24, tzinfo=UTC))
    assert before.utc == datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # EST (UTC-5)
    # a time inside the gap moves to the first valid minute after it
    gap = next_weekly_occurrence(6, time(2, 30), new_york, datetime(2026, 3, 3, tzinfo=UTC))
    assert gap.local_date == date(2026, 3, 8)
    assert gap.utc.astimezone(new_york).strftime("%H:%M") == "03:00"


def test_digest_week_is_the_week_ending_that_day_or_the_one_ended_before():
    sunday = date(2026, 11, 29)
    assert digest_week(sunday, 0) == date(2026, 11, 23)      # the Mon-Sun week it ends
    assert digest_week(date(2026, 11, 30), 0) == date(2026, 11, 23)  # Monday: last week
    assert digest_week(sunday, 6) == date(2026, 11, 22)      # Sunday-start: the week ended Sat
    assert digest_week(date(2026, 11, 28), 6) == date(2026, 11, 22)  # Saturday ends it
    # mid-week: the week that ended before, so Thu-Sun are not skipped by every digest
    assert digest_week(date(2026, 11, 25), 0) == date(2026, 11, 16)
    assert digest_week(date(2026, 12, 2), 0) == date(2026, 11, 23)
