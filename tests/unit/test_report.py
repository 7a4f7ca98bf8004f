"""/report's pure parts: the period (quarters in the user's zone, ranges, what is refused),
the buckets of its chart, the old numbers beside it, and /numbers' parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.old_numbers import Measure, format_value, name_key, parse_request, parse_value
from bot.core.report import (
    Period,
    PeriodError,
    buckets_of,
    number_lines,
    parse_period,
    quarter_of,
)
from bot.core.schedule import local_date_of
from storage.old_numbers import OldNumber

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(("day", "first", "last", "q"), [
    (date(2026, 1, 1), date(2026, 1, 1), date(2026, 3, 31), 1),
    (date(2026, 3, 31), date(2026, 1, 1), date(2026, 3, 31), 1),
    (date(2026, 4, 1), date(2026, 4, 1), date(2026, 6, 30), 2),
    (date(2026, 6, 30), date(2026, 4, 1), date(2026, 6, 30), 2),
    (date(2026, 7, 1), date(2026, 7, 1), date(2026, 9, 30), 3),
    (date(2026, 9, 30), date(2026, 7, 1), date(2026, 9, 30), 3),
    (date(2026, 10, 1), date(2026, 10, 1), date(2026, 12, 31), 4),
    (date(2026, 12, 31), date(2026, 10, 1), date(2026, 12, 31), 4),
    (date(2028, 2, 29), date(2028, 1, 1), date(2028, 3, 31), 1),
])
def test_calendar_quarters_and_their_boundaries(day, first, last, q):
    period = quarter_of(day)
    assert (period.first, period.last, period.quarter) == (first, last, q)
    assert period.filename == f"value-journal-{first.year}-Q{q}.pdf"


def test_the_quarter_before_crosses_the_year():
    assert quarter_of(date(2026, 2, 10), back=1) == Period(date(2025, 10, 1),
                                                           date(2025, 12, 31), quarter=4)
    assert parse_period("last", date(2026, 1, 1)) == quarter_of(date(2025, 12, 31))
    assert parse_period("前", date(2026, 4, 1)) == quarter_of(date(2026, 1, 1))


@pytest.mark.parametrize(("instant", "zone", "quarter"), [
    # New Year's Eve at 15:30 UTC: already the new year in Tokyo, still the old in New York
    (datetime(2026, 12, 31, 15, 30, tzinfo=UTC), "Asia/Tokyo", (2027, 1)),
    (datetime(2026, 12, 31, 15, 30, tzinfo=UTC), "America/New_York", (2026, 4)),
    (datetime(2026, 12, 31, 15, 30, tzinfo=UTC), "UTC", (2026, 4)),
    # the end of March in London, summer time already on (since 29 March): 23:30 UTC is
    # 00:30 on 1 April there, the second quarter, while UTC is still in the first
    (datetime(2026, 3, 31, 23, 30, tzinfo=UTC), "Europe/London", (2026, 2)),
    (datetime(2026, 3, 31, 23, 30, tzinfo=UTC), "UTC", (2026, 1)),
    (datetime(2026, 3, 31, 22, 59, tzinfo=UTC), "Europe/London", (2026, 1)),
    # Sydney leaves summer time on 5 April 2026; 30 June 14:30 UTC is 1 July 00:30 there
    (datetime(2026, 6, 30, 14, 30, tzinfo=UTC), "Australia/Sydney", (2026, 3)),
    (datetime(2026, 9, 30, 23, 30, tzinfo=UTC), "America/Los_Angeles", (2026, 3)),
])
def test_this_quarter_is_the_users_local_quarter(instant, zone, quarter):
    today = local_date_of(instant, ZoneInfo(zone))
    period = parse_period("", today)
    assert isinstance(period, Period)
    assert (period.first.year, period.quarter) == quarter


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2026-09-01 2026-11-30", date(2026, 9, 1), date(2026, 11, 30)),
    ("2026/9/1〜2026/11/30", date(2026, 9, 1), date(2026, 11, 30)),
    ("2026-09-01 – 2026-11-30", date(2026, 9, 1), date(2026, 11, 30)),
    ("2026-09-01 - 2026-11-30", date(2026, 9, 1), date(2026, 11, 30)),
    ("from 2026-09-01 to 2026-11-30", date(2026, 9, 1), date(2026, 11, 30)),
    ("2026年9月1日から2026年11月30日まで", date(2026, 9, 1), date(2026, 11, 30)),
    ("２０２６－０９－０１　２０２６－１１－３０", date(2026, 9, 1), date(2026, 11, 30)),
    ("9/1 11/30", date(2026, 9, 1), date(2026, 11, 30)),
    ("11/1 12/31", date(2026, 11, 1), date(2026, 12, 31)),   # the end may be to come
    ("12/1 1/31", date(2025, 12, 1), date(2026, 1, 31)),     # across the new year
    ("2026-09-01", date(2026, 9, 1), TODAY),                 # one date: up to today
    ("2026-11-28 2026-11-28", TODAY, TODAY),                 # one day
    ("2026-11-01 2027-01-31", date(2026, 11, 1), date(2027, 1, 31)),  # runs past today
    ("2024-11-29 2026-11-28", date(2024, 11, 29), TODAY),    # two years exactly
])
def test_ranges_of_inclusive_local_dates(text, first, last):
    period = parse_period(text, TODAY)
    assert period == Period(first, last)
    assert period.filename == f"value-journal-{first}_{last}.pdf"


@pytest.mark.parametrize(("text", "expected"), [
    ("2026 Q3", (date(2026, 7, 1), 3)),
    ("Q3 2026", (date(2026, 7, 1), 3)),
    ("2026-q2", (date(2026, 4, 1), 2)),
    ("q1", (date(2026, 1, 1), 1)),
    ("2026年第3四半期", (date(2026, 7, 1), 3)),
    ("第4四半期", (date(2026, 10, 1), 4)),
    ("2025 Q4", (date(2025, 10, 1), 4)),
])
def test_named_quarters(text, expected):
    period = parse_period(text, TODAY)
    assert isinstance(period, Period)
    assert (period.first, period.quarter) == expected


def test_a_whole_year():
    assert parse_period("2025", TODAY) == Period(date(2025, 1, 1), date(2025, 12, 31),
                                                 whole_year=True)
    assert parse_period("2026年", TODAY).filename == "value-journal-2026.pdf"


@pytest.mark.parametrize(("text", "reason"), [
    ("2026-11-30 2026-09-01", "backwards"),
    ("2024-11-28 2026-11-28", "too_long"),                 # 732 days
    ("2020-01-01 2026-11-28", "too_long"),
    ("2027 Q1", "future"),
    ("2027", "future"),
    ("2026-12-01 2026-12-31", "future"),
    ("2026-02-30 2026-03-01", "unreadable"),
    ("sometime last spring", "unreadable"),
    ("2026-09-01 2026-10-01 2026-11-01", "unreadable"),
    ("2026-09-01 and then some", "unreadable"),
    ("2026 Q5", "unreadable"),
    ("2026 Q3 2027", "unreadable"),
])
def test_what_is_refused_and_why(text, reason):
    found = parse_period(text, TODAY)
    assert isinstance(found, PeriodError)
    assert found.reason == reason


def test_weeks_for_a_quarter_months_for_longer():
    q4 = quarter_of(TODAY)
    starts, monthly = buckets_of(q4, week_start_day=0)
    assert not monthly
    assert starts[0] == date(2026, 10, 1)                   # a Thursday: the part-week first
    assert starts[1] == date(2026, 10, 5)                   # then Mondays
    assert all(d.weekday() == 0 for d in starts[1:])
    assert starts[-1] == date(2026, 12, 28)
    sunday_starts, _ = buckets_of(q4, week_start_day=6)
    assert all(d.weekday() == 6 for d in sunday_starts[1:])
    year = Period(date(2025, 11, 15), date(2026, 11, 28))
    starts, monthly = buckets_of(year, 0)
    assert monthly
    assert starts[0] == date(2025, 11, 15)
    assert starts[1:3] == [date(2025, 12, 1), date(2026, 1, 1)]
    assert len(starts) == 13


def _value(key: str, value: float, day: str, created: int = 0) -> OldNumber:
    return OldNumber(created, name_key(key), key, value, day, created)


def test_old_numbers_at_the_start_and_at_the_end_of_the_period():
    q4 = quarter_of(TODAY)
    followers = Measure("followers", "Followers", (
        _value("followers", 900, "2026-06-01"), _value("followers", 1200, "2026-09-30"),
        _value("followers", 1300, "2026-10-15"), _value("followers", 1350, "2026-11-28")))
    sales = Measure("sales", "sales", (_value("sales", 35, "2026-11-01"),
                                       _value("sales", 40, "2026-11-20")))
    likes = Measure("likes", "likes", (_value("likes", 7, "2026-11-03"),))
    lines = number_lines([followers, sales, likes], q4)
    assert [(n.name, n.start_value, n.start_date, n.end_value, n.end_date) for n in lines] == [
        ("Followers", 1200, "2026-09-30", 1350, "2026-11-28"),  # the latest before the start
        ("sales", 35, "2026-11-01", 40, "2026-11-20"),          # else the first in it
        ("likes", 7, "2026-11-03", 7, "2026-11-03")]
    assert [n.changed for n in lines] == [True, True, False]


@pytest.mark.parametrize(("text", "name", "value", "day"), [
    ("followers 1,350", "followers", 1350, TODAY),
    ("Followers: 1350", "Followers", 1350, TODAY),
    ("フォロワー 1.2万", "フォロワー", 12000, TODAY),
    ("フォロワー数 1200人", "フォロワー数", 1200, TODAY),
    ("sales ¥350,000", "sales", 350000, TODAY),
    ("売上 120万 2026-10-01", "売上", 1_200_000, date(2026, 10, 1)),
    ("2026/10/01 likes 30", "likes", 30, date(2026, 10, 1)),
    ("engagement rate 3.5%", "engagement rate", 3.5, TODAY),
    ("Top 10 posts 350", "Top 10 posts", 350, TODAY),
    ("2025年の売上 350万", "2025年の売上", 3_500_000, TODAY),
    ("subscribers 1.2k", "subscribers", 1200, TODAY),
    ("ｆｏｌｌｏｗｅｒｓ　１３５０", "followers", 1350, TODAY),
    ("followers 1350 yesterday-ish", "followers yesterday-ish", 1350, TODAY),
])
def test_numbers_records_a_name_and_a_value(text, name, value, day):
    request = parse_request(text, TODAY)
    assert (request.action, request.name, request.value, request.day) == ("add", name, value,
                                                                           day)


@pytest.mark.parametrize(("text", "action", "detail"), [
    ("", "list", ""),
    ("delete followers", "delete", "followers"),
    ("削除 フォロワー", "delete", "フォロワー"),
    ("followers", "unclear", "no_number"),
    ("1350", "unclear", "no_name"),
    ("followers 100 2026-12-01", "unclear", "future"),
    ("followers 100 2026-02-30", "unclear", "bad_date"),
    ("followers 100 2026-10-01 2026-10-02", "unclear", "bad_date"),
])
def test_numbers_lists_deletes_and_explains(text, action, detail):
    request = parse_request(text, TODAY)
    assert request.action == action
    assert (request.name if action == "delete" else request.problem) == detail


def test_values_and_names():
    assert parse_value("1,350") == 1350
    assert parse_value("1.5万") == 15000
    assert parse_value("no number") is None
    assert format_value(1350) == "1,350"
    assert format_value(3.5) == "3.5"
    assert format_value(1_200_000.0) == "1,200,000"
    assert name_key(" Followers  count ") == name_key("followers count") == "followers count"
    assert name_key("ＦＯＬＬＯＷＥＲＳ") == "followers"
