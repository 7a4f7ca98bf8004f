"""The 13 weeks' count (bot.core.practice): active weeks, a week's number in its cycle, the
streak of active weeks, cycle boundaries for new and long-time users, the review's due time
across daylight-saving changes in London and New York."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.practice import (
    CYCLE_WEEKS,
    active_weeks,
    complete_cycle,
    first_start,
    next_start,
    run_ending,
    standing,
)
from bot.core.schedule import local_date_of, resolve_local
from bot.core.scheduled import REVIEW
from storage.models import User

MONDAY = date(2026, 9, 7)
W = timedelta(weeks=1)


def mondays(*numbers: int) -> list[date]:
    """The weeks (Mondays) numbered from MONDAY = 0."""
    return [MONDAY + n * W for n in numbers]


def test_an_active_week_is_any_local_week_with_a_day_in_it():
    days = [date(2026, 9, 7), date(2026, 9, 13), date(2026, 9, 14), date(2026, 9, 30)]
    assert active_weeks(days, 0) == [date(2026, 9, 7), date(2026, 9, 14), date(2026, 9, 28)]
    # weeks from Sunday: the 13th (a Sunday) starts a new week
    assert active_weeks(days, 6) == [date(2026, 9, 6), date(2026, 9, 13), date(2026, 9, 27)]
    assert active_weeks([], 0) == []


def test_week_numbers_count_active_weeks_and_skip_quiet_ones():
    active = mondays(0, 1, 2, 5, 6)  # two quiet weeks (3, 4) between
    assert standing(active, MONDAY, MONDAY + 5 * W, still_open=False).number == 4
    assert standing(active, MONDAY, MONDAY + 6 * W, still_open=False).number == 5
    # a quiet week says how many are behind, and does not count itself
    quiet = standing(active, MONDAY, MONDAY + 4 * W, still_open=False)
    assert (quiet.number, quiet.counts, quiet.streak) == (3, False, 0)
    # weeks before the cycle's start are not counted
    assert standing(active, MONDAY + 2 * W, MONDAY + 6 * W, still_open=False).number == 3
    # nothing at all yet
    assert standing([], MONDAY, MONDAY, still_open=True) == standing(
        [], MONDAY, MONDAY, still_open=False)


def test_the_fourteenth_active_week_is_week_one_of_the_next_13():
    active = mondays(*range(15))
    assert standing(active, MONDAY, MONDAY + 12 * W, still_open=False).number == 13
    assert standing(active, MONDAY, MONDAY + 13 * W, still_open=False).number == 1
    assert standing(active, MONDAY, MONDAY + 14 * W, still_open=False).number == 2
    # a quiet week right after a full 13: a new 13 weeks, none behind yet
    thirteen = mondays(*range(13))
    assert standing(thirteen, MONDAY, MONDAY + 13 * W, still_open=True).number == 0


def test_the_streak_is_active_weeks_in_a_row_and_an_open_week_keeps_it():
    active = mondays(0, 2, 3, 4)
    assert run_ending(active, MONDAY + 4 * W) == 3
    assert run_ending(active, MONDAY + 1 * W) == 0
    assert standing(active, MONDAY, MONDAY + 4 * W, still_open=False).streak == 3
    # the week after, still open and with nothing yet: the streak is still alive
    assert standing(active, MONDAY, MONDAY + 5 * W, still_open=True).streak == 3
    # once it is over with nothing, it is broken
    assert standing(active, MONDAY, MONDAY + 5 * W, still_open=False).streak == 0
    # the streak runs back past the cycle's start
    assert standing(active, MONDAY + 3 * W, MONDAY + 4 * W, still_open=False).streak == 3


def test_a_cycle_is_complete_once_its_13th_active_week_is_reached():
    active = mondays(*range(6), *range(8, 16))  # 14 active weeks, two quiet ones
    assert complete_cycle(active, MONDAY, MONDAY + 13 * W) is None   # 12 so far
    cycle = complete_cycle(active, MONDAY, MONDAY + 14 * W)
    assert cycle is not None and len(cycle) == CYCLE_WEEKS
    assert cycle[-1] == MONDAY + 14 * W
    assert next_start(cycle) == MONDAY + 15 * W
    # a review late (a pause): still that cycle's 13, the next starts after its 13th
    assert complete_cycle(active, MONDAY, MONDAY + 30 * W) == cycle
    assert complete_cycle(active, next_start(cycle), MONDAY + 30 * W) is None


def test_a_new_user_starts_in_the_week_of_setup():
    assert first_start([], MONDAY, MONDAY) == MONDAY
    # counted a few weeks later: still from setup
    assert first_start(mondays(0, 1, 2), MONDAY, MONDAY + 3 * W) == MONDAY
    # entries filed under days before setup (/log) do not count
    assert first_start([MONDAY - W] + mondays(*range(12)), MONDAY, MONDAY + 12 * W) == MONDAY


def test_a_long_time_user_starts_at_their_next_13_week_boundary():
    setup = MONDAY - 100 * W
    # 30 active weeks since setup, all before this week: 26 make two full cycles, the
    # current one holds 4 of them and ends at the 39th
    active = [setup + 3 * i * W for i in range(30)]
    now = MONDAY
    start = first_start(active, setup, now)
    assert start == active[25] + W
    assert standing(active, start, active[29], still_open=False).number == 4
    # this week, if they write, is week 5 of 13, not a 31st week and not a review at once
    assert standing([*active, now], start, now, still_open=True).number == 5
    # exactly 26 behind: a fresh cycle from the week after the 26th
    assert first_start(active[:26], setup, now) == active[25] + W
    # 25 behind and writing this week: this week is the 26th, the 13th of its cycle, so the
    # first review comes with this week's digest
    start = first_start([*active[:25], now], setup, now)
    assert start == active[12] + W
    cycle = complete_cycle([*active[:25], now], start, now)
    assert cycle is not None and cycle[-1] == now


def user(zone: str, weekday: int = 6, at: str = "20:00") -> User:
    return User(1, 1, "en", zone, "21:00", "office", True, False, False, True, None, None,
                None, None, None, 0, 0, digest_weekday=weekday, digest_time=at)


def test_entries_count_in_their_local_week_across_the_autumn_change():
    """13 weeks from September 7, across the end of summer time (London October 25, New
    York November 1), an entry late in each local week's edge: in London on Mondays at
    00:30 (on summer time, Sunday in UTC), in New York on Sundays at 21:30 (Monday in UTC).
    Each counts in its own local week: 13 in a row, whichever side of the change."""
    for zone, first_day, at in (("Europe/London", MONDAY, time(0, 30)),
                                ("America/New_York", MONDAY + timedelta(days=6),
                                 time(21, 30))):
        tz = ZoneInfo(zone)
        instants = [resolve_local(first_day + n * W, at, tz) for n in range(13)]
        utc_weeks = active_weeks([i.date() for i in instants], 0)
        assert utc_weeks != mondays(*range(13))  # counted in UTC, they would not line up
        days = [local_date_of(i, tz) for i in instants]
        weeks = active_weeks(days, 0)
        assert weeks == mondays(*range(13))
        cycle = complete_cycle(weeks, MONDAY, MONDAY + 12 * W)
        assert cycle is not None and run_ending(weeks, cycle[-1]) == 13


def test_the_review_is_due_at_the_digest_time_on_the_day_closing_the_13th_week():
    """Week 13 from September 7 is November 30 – December 6: its digest (Sunday 20:00
    local) brings the review, on standard time in both zones; in spring the same hour on
    summer time."""
    cases = [
        ("Europe/London", datetime(2026, 12, 6, 20, 0, tzinfo=UTC)),
        ("America/New_York", datetime(2026, 12, 7, 1, 0, tzinfo=UTC)),
    ]
    for zone, due in cases:
        u = user(zone)
        # looked at weekly: the occurrence before it (week 12's Sunday) is a week earlier
        occurrence = REVIEW.next_after(u, ZoneInfo(zone), datetime(2026, 12, 1, tzinfo=UTC))
        assert occurrence.utc == due
        assert occurrence.local_date == date(2026, 12, 6)
        assert REVIEW.through(u, occurrence.local_date) == MONDAY + 12 * W
        before = REVIEW.next_after(u, ZoneInfo(zone), due - timedelta(days=8))
        assert REVIEW.through(u, before.local_date) == MONDAY + 11 * W
    # spring: London changes on March 28, New York on March 14 (2027)
    for zone, due in (("Europe/London", datetime(2027, 3, 28, 19, 0, tzinfo=UTC)),
                      ("America/New_York", datetime(2027, 3, 15, 0, 0, tzinfo=UTC))):
        day = due.astimezone(ZoneInfo(zone)).date()
        occurrence = REVIEW.next_after(user(zone), ZoneInfo(zone),
                                       datetime.combine(day, time(0), tzinfo=UTC))
        assert occurrence.utc == due and occurrence.local_date == day
    # a digest on Wednesday covers the week before: so does the review then
    wednesday = user("Europe/London", weekday=2)
    assert REVIEW.through(wednesday, date(2026, 12, 9)) == MONDAY + 12 * W
