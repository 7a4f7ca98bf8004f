"""Tests for bot.core.parsing: times, time zones, quick entries."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.core.parsing import (
    _CITY_ZONES,
    QuickEntry,
    language_for,
    looks_like_a_name,
    normalize,
    parse_local_time,
    parse_quick_entry,
    parse_timezone,
    suggested_timezones,
    zone_for_key,
)

# ----------------------------------------------------------------------- normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  ２１：３０ ", "21:30"),
        ("１２／３", "12/3"),
        ("\tAsia/Tokyo\n", "Asia/Tokyo"),
        ("ＵＴＣ＋９", "UTC+9"),
        ("", ""),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


# ---------------------------------------------------------------------- times

TIME_ACCEPT = [
    ("21:30", time(21, 30)),
    ("9:05", time(9, 5)),
    ("09:05", time(9, 5)),
    ("0:00", time(0, 0)),
    ("23:59", time(23, 59)),
    ("21.30", time(21, 30)),
    ("21", time(21, 0)),
    ("9", time(9, 0)),
    ("0", time(0, 0)),
    ("9pm", time(21, 0)),
    ("9 pm", time(21, 0)),
    ("9PM", time(21, 0)),
    ("9 p.m.", time(21, 0)),
    ("9am", time(9, 0)),
    ("9:15am", time(9, 15)),
    ("9:15 A.M.", time(9, 15)),
    ("9:15 P.M.", time(21, 15)),
    ("11:59pm", time(23, 59)),
    ("12am", time(0, 0)),
    ("12:30am", time(0, 30)),
    ("12pm", time(12, 0)),
    ("12:30 pm", time(12, 30)),
    ("1am", time(1, 0)),
    ("21時", time(21, 0)),
    ("21時30分", time(21, 30)),
    ("21時半", time(21, 30)),
    ("9時半", time(9, 30)),
    ("9時5分", time(9, 5)),
    ("0時", time(0, 0)),
    ("午後9時", time(21, 0)),
    ("午後9時半", time(21, 30)),
    ("午後 9:30", time(21, 30)),
    ("午後12時", time(12, 0)),
    ("午後0時", time(12, 0)),
    ("午前7時30分", time(7, 30)),
    ("午前0時", time(0, 0)),
    ("午前12時", time(0, 0)),
    ("夜9時", time(21, 0)),
    ("夜10時半", time(22, 30)),
    ("夜12時", time(0, 0)),
    ("夜1時", time(1, 0)),
    ("夜21時", time(21, 0)),
    ("朝7時", time(7, 0)),
    ("朝6時半", time(6, 30)),
    ("夕方6時", time(18, 0)),
    ("２１：３０", time(21, 30)),
    ("２１時３０分", time(21, 30)),
    (" 21:30 ", time(21, 30)),
    ("noon", time(12, 0)),
    ("midnight", time(0, 0)),
    ("正午", time(12, 0)),
]


@pytest.mark.parametrize(("text", "expected"), TIME_ACCEPT)
def test_parse_local_time_accepts(text, expected):
    assert parse_local_time(text) == expected


TIME_REJECT = [
    "25:61",
    "24:00",
    "21:60",
    "13pm",
    "0am",
    "0:30am",
    "",
    "   ",
    "abc",
    "🙂",
    "-1",
    "9:5",
    "2130",
    "930",
    "0930",
    "100",
    "24",
    "9:15:30",
    "21:30:00",
    "24時",
    "21時60分",
    "午後13時半pm",
    "午前13時",
    "朝12時",
    "午後9pm",
    "午後",
    "時",
    "9:",
    ":30",
    "9 : 30 pm pm",
    "21:30 tomorrow",
]


@pytest.mark.parametrize("text", TIME_REJECT)
def test_parse_local_time_rejects(text):
    assert parse_local_time(text) is None


# ----------------------------------------------------------------- time zones

ZONE_ACCEPT = [
    # IANA names, case-insensitive, spaces for underscores
    ("Asia/Tokyo", "Asia/Tokyo"),
    ("asia/tokyo", "Asia/Tokyo"),
    ("ASIA/TOKYO", "Asia/Tokyo"),
    ("America/New York", "America/New_York"),
    ("america/new_york", "America/New_York"),
    ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ("Europe/London", "Europe/London"),
    ("Australia/Lord_Howe", "Australia/Lord_Howe"),
    ("America/Port-au-Prince", "America/Port-au-Prince"),
    ("US/Eastern", "US/Eastern"),
    # last component when unique
    ("Lord_Howe", "Australia/Lord_Howe"),
    ("Lord Howe", "Australia/Lord_Howe"),
    ("lord howe", "Australia/Lord_Howe"),
    ("Tokyo", "Asia/Tokyo"),
    ("Kathmandu", "Asia/Kathmandu"),
    ("Buenos Aires", "America/Argentina/Buenos_Aires"),
    ("Indianapolis", "America/Indiana/Indianapolis"),
    ("Jamaica", "America/Jamaica"),
    # well-known cities / countries / abbreviations, English and Japanese
    ("東京", "Asia/Tokyo"),
    ("大阪", "Asia/Tokyo"),
    ("Osaka", "Asia/Tokyo"),
    ("京都", "Asia/Tokyo"),
    ("札幌", "Asia/Tokyo"),
    ("福岡", "Asia/Tokyo"),
    ("名古屋", "Asia/Tokyo"),
    ("沖縄", "Asia/Tokyo"),
    ("Japan", "Asia/Tokyo"),
    ("日本", "Asia/Tokyo"),
    ("日本時間", "Asia/Tokyo"),
    ("JST", "Asia/Tokyo"),
    ("jst", "Asia/Tokyo"),
    ("London", "Europe/London"),
    ("ロンドン", "Europe/London"),
    ("New York", "America/New_York"),
    ("new york", "America/New_York"),
    ("NewYork", "America/New_York"),
    ("NYC", "America/New_York"),
    ("ニューヨーク", "America/New_York"),
    ("Los Angeles", "America/Los_Angeles"),
    ("LA", "America/Los_Angeles"),
    ("ロサンゼルス", "America/Los_Angeles"),
    ("San Francisco", "America/Los_Angeles"),
    ("サンフランシスコ", "America/Los_Angeles"),
    ("Seattle", "America/Los_Angeles"),
    ("Chicago", "America/Chicago"),
    ("Denver", "America/Denver"),
    ("Honolulu", "Pacific/Honolulu"),
    ("Hawaii", "Pacific/Honolulu"),
    ("ハワイ", "Pacific/Honolulu"),
    ("Toronto", "America/Toronto"),
    ("Vancouver", "America/Vancouver"),
    ("Mexico City", "America/Mexico_City"),
    ("São Paulo", "America/Sao_Paulo"),
    ("Sao Paulo", "America/Sao_Paulo"),
    ("Paris", "Europe/Paris"),
    ("パリ", "Europe/Paris"),
    ("Berlin", "Europe/Berlin"),
    ("ベルリン", "Europe/Berlin"),
    ("Madrid", "Europe/Madrid"),
    ("Rome", "Europe/Rome"),
    ("Amsterdam", "Europe/Amsterdam"),
    ("Moscow", "Europe/Moscow"),
    ("Dubai", "Asia/Dubai"),
    ("Delhi", "Asia/Kolkata"),
    ("Mumbai", "Asia/Kolkata"),
    ("Bangalore", "Asia/Kolkata"),
    ("India", "Asia/Kolkata"),
    ("Bangkok", "Asia/Bangkok"),
    ("バンコク", "Asia/Bangkok"),
    ("Singapore", "Asia/Singapore"),
    ("シンガポール", "Asia/Singapore"),
    ("Hong Kong", "Asia/Hong_Kong"),
    ("香港", "Asia/Hong_Kong"),
    ("Taipei", "Asia/Taipei"),
    ("台北", "Asia/Taipei"),
    ("Seoul", "Asia/Seoul"),
    ("ソウル", "Asia/Seoul"),
    ("Shanghai", "Asia/Shanghai"),
    ("Beijing", "Asia/Shanghai"),
    ("上海", "Asia/Shanghai"),
    ("北京", "Asia/Shanghai"),
    ("Manila", "Asia/Manila"),
    ("Jakarta", "Asia/Jakarta"),
    ("Sydney", "Australia/Sydney"),
    ("シドニー", "Australia/Sydney"),
    ("Melbourne", "Australia/Melbourne"),
    ("Auckland", "Pacific/Auckland"),
    ("EST", "America/New_York"),
    ("PST", "America/Los_Angeles"),
    ("Tokyo time", "Asia/Tokyo"),
    ("ロンドン時間", "Europe/London"),
    ("  ｔｏｋｙｏ  ", "Asia/Tokyo"),
    # UTC names
    ("UTC", "UTC"),
    ("utc", "UTC"),
    ("GMT", "UTC"),
    ("Z", "UTC"),
    ("z", "UTC"),
    ("Etc/UTC", "UTC"),
    # offsets
    ("+9", "UTC+09:00"),
    ("-5", "UTC-05:00"),
    ("+09:00", "UTC+09:00"),
    ("UTC+9", "UTC+09:00"),
    ("utc-05:30", "UTC-05:30"),
    ("GMT+5:45", "UTC+05:45"),
    ("UTC +9", "UTC+09:00"),
    ("UTC + 9", "UTC+09:00"),
    ("+0530", "UTC+05:30"),
    ("-12", "UTC-12:00"),
    ("-12:00", "UTC-12:00"),
    ("+14", "UTC+14:00"),
    ("+14:00", "UTC+14:00"),
    ("+12:45", "UTC+12:45"),
    ("+0", "UTC"),
    ("-0", "UTC"),
    ("UTC+0", "UTC"),
    ("UTC−3", "UTC-03:00"),  # U+2212 minus sign
    ("ＵＴＣ＋９", "UTC+09:00"),
]


@pytest.mark.parametrize(("text", "expected"), ZONE_ACCEPT)
def test_parse_timezone_accepts(text, expected):
    assert parse_timezone(text) == expected


ZONE_REJECT = [
    "Mars/Olympus",
    "Narnia",
    "",
    "   ",
    "+25",
    "UTC+9:17",
    "🙂",
    "-13",
    "-12:30",
    "+14:30",
    "+15",
    "UTC+",
    "9",
    "Asia/",
    "/Tokyo",
    "Asia/Narnia",
    "Eastern/Tokyo",
    "localtime",
    "Factory",
    "Samoa",  # ambiguous last component (Pacific/Samoa, US/Samoa)
    "tokyo tokyo",
    "time",
]


@pytest.mark.parametrize("text", ZONE_REJECT)
def test_parse_timezone_rejects(text):
    assert parse_timezone(text) is None


@pytest.mark.parametrize(("text", "expected"), ZONE_ACCEPT)
def test_parsed_keys_round_trip_through_zone_for_key(text, expected):
    tz = zone_for_key(parse_timezone(text))
    assert datetime(2026, 1, 1, tzinfo=tz).utcoffset() is not None


def test_every_city_alias_resolves_to_its_zone():
    for key, names in _CITY_ZONES.items():
        zone_for_key(key)  # the target is a real zone
        for name in names:
            assert parse_timezone(name) == key, name
            assert parse_timezone(name.upper()) == key, name


# ----------------------------------------------------------------- zone_for_key


def test_zone_for_key_iana():
    tz = zone_for_key("Asia/Tokyo")
    assert tz == ZoneInfo("Asia/Tokyo")
    assert datetime(2026, 1, 1, tzinfo=tz).utcoffset() == timedelta(hours=9)


def test_zone_for_key_utc():
    assert zone_for_key("UTC") is UTC


@pytest.mark.parametrize(
    ("key", "offset"),
    [
        ("UTC+09:00", timedelta(hours=9)),
        ("UTC-05:30", timedelta(hours=-5, minutes=-30)),
        ("UTC+05:45", timedelta(hours=5, minutes=45)),
        ("UTC+14:00", timedelta(hours=14)),
        ("UTC-12:00", timedelta(hours=-12)),
    ],
)
def test_zone_for_key_offsets(key, offset):
    tz = zone_for_key(key)
    assert isinstance(tz, timezone)
    assert tz.utcoffset(None) == offset
    assert tz.tzname(None) == key
    assert parse_timezone(key) == key  # canonical keys parse to themselves


@pytest.mark.parametrize(
    "key",
    [
        "",
        "Narnia",
        "Mars/Olympus",
        "asia/tokyo",
        "UTC+9",
        "UTC+25:00",
        "UTC+09:17",
        "UTC+00:00",
        "UTC-12:30",
        "localtime",
        "../etc/passwd",
    ],
)
def test_zone_for_key_rejects_unknown(key):
    with pytest.raises(ValueError):
        zone_for_key(key)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_suggested_timezones_round_trip(language):
    keys = suggested_timezones(language)
    assert keys
    assert len(set(keys)) == len(keys)
    for key in keys:
        zone_for_key(key)  # must not raise
        assert parse_timezone(key) == key


def test_suggested_timezones_content():
    assert suggested_timezones("ja") == [
        "Asia/Tokyo",
        "Asia/Seoul",
        "Asia/Shanghai",
        "Asia/Singapore",
        "America/Los_Angeles",
        "Europe/London",
    ]
    en = [
        "Europe/London",
        "America/New_York",
        "America/Chicago",
        "America/Los_Angeles",
        "Asia/Tokyo",
        "Australia/Sydney",
        "Asia/Kolkata",
        "UTC",
    ]
    assert suggested_timezones("en") == en
    assert suggested_timezones("fr") == en
    suggested_timezones("en").append("X")  # callers get a copy
    assert suggested_timezones("en") == en


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ja", "ja"),
        ("JA", "ja"),
        ("ja-JP", "ja"),
        ("en", "en"),
        ("en-US", "en"),
        ("fr", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_language_for(code, expected):
    assert language_for(code) == expected


# ---------------------------------------------------------------- quick entry

QUICK_ACCEPT = [
    (
        "同僚の佐藤さん / 資料の締切に間に合わない / 構成案を一緒に作った",
        QuickEntry("同僚の佐藤さん", "資料の締切に間に合わない", "構成案を一緒に作った"),
    ),
    (
        "Mika／resume／rewrote it／got interview",
        QuickEntry("Mika", "resume", "rewrote it", "got interview"),
    ),
    # one part per line: read so, but marked, as it needs the user's confirmation
    ("who\nproblem\nhow", QuickEntry("who", "problem", "how", by_lines=True)),
    ("who\n\nproblem\n  how  \n", QuickEntry("who", "problem", "how", by_lines=True)),
    ("who\nproblem\nhow\noutcome",
     QuickEntry("who", "problem", "how", "outcome", by_lines=True)),
    ("a\nb\nc\nd\ne", QuickEntry("a", "b", "c", "d / e", by_lines=True)),
    ("Gym in the morning\nClient calls all afternoon\nPizza night with friends",
     QuickEntry("Gym in the morning", "Client calls all afternoon", "Pizza night with friends",
                by_lines=True)),
    ("ジム\n午後は電話対応\n友だちとピザ", QuickEntry("ジム", "午後は電話対応", "友だちとピザ",
                                          by_lines=True)),
    # separators are explicit: no confirmation, also when a part spans two lines
    ("Mika / résumé / rewrote it\ntogether", QuickEntry("Mika", "résumé", "rewrote it\ntogether")),
    ("Ann/flat tyre/changed it", QuickEntry("Ann", "flat tyre", "changed it")),
    ("a / b / c / d", QuickEntry("a", "b", "c", "d")),
    ("a / b / c / d / e / f", QuickEntry("a", "b", "c", "d / e / f")),
    (
        "Ken / site down / fixed DNS, see https://example.com/status/1 / back up",
        QuickEntry("Ken", "site down", "fixed DNS, see https://example.com/status/1", "back up"),
    ),
    (
        "Ken / https://example.com/x / patched／ok",
        QuickEntry("Ken", "https://example.com/x", "patched", "ok"),
    ),
    (
        "佐藤さん / 3/14締切の資料 / 手伝った",
        QuickEntry("佐藤さん", "3/14締切の資料", "手伝った"),
    ),
    ("a / b／c", QuickEntry("a", "b", "c")),
    ("Ｍｉｋａ ／ ｒｅｓｕｍｅ ／ fixed", QuickEntry("Ｍｉｋａ", "ｒｅｓｕｍｅ", "fixed")),
]


@pytest.mark.parametrize(("text", "expected"), QUICK_ACCEPT)
def test_parse_quick_entry_accepts(text, expected):
    assert parse_quick_entry(text) == expected


QUICK_REJECT = [
    "hello",
    "a / b",
    "a / / c",
    "a // c",
    "/ a / b",
    "a / b /",
    "",
    "   ",
    "who\nproblem",
    "https://example.com/a",
    "see https://example.com / ok",
    "Ken/https://example.com/x/y/z",  # an unspaced URL swallows the rest of the text
    "／／",
    "a/b/c",  # bare slashes need word-like parts…
    "Meeting on 10/12/2025",  # …so dates are not entries
    "and/or w/o help",
]


@pytest.mark.parametrize("text", QUICK_REJECT)
def test_parse_quick_entry_rejects(text):
    assert parse_quick_entry(text) is None


def test_quick_entry_defaults():
    entry = parse_quick_entry("a / b / c")
    assert entry is not None
    assert entry.outcome is None


NAME_LIKE = [
    "Mika", "my colleague Sato", "a first-time customer", "Mrs. Sato", "Ahmed Khan", "Mom",
    "Sterling", "the new hire", "同僚の佐藤さん", "初めてのお客さま", "母", "田中部長",
    "隣の席の人", "ＡＢＣ社の山田さん",
]
NOT_NAME_LIKE = [
    "Helped my neighbour fix her bike",  # more than 4 words
    "helped my neighbour",  # starts with a verb
    "Fixed the printer", "Repaired the sink",  # -ed followed by "the"
    "walking the dog", "cooked dinner",
    "Thanks!", "Done.", "Is it?", "Mika\nKen",  # sentence marks, several lines
    "お隣さんの荷物運びを手伝った",  # more than 12 characters
    "資料を直した", "母が困っていた", "電話で説明した", "手伝いました", "助かったよ",
    "ありがとう!", "",
]


@pytest.mark.parametrize("text", NAME_LIKE)
def test_name_like_texts(text):
    assert looks_like_a_name(text)


@pytest.mark.parametrize("text", NOT_NAME_LIKE)
def test_story_like_texts(text):
    assert not looks_like_a_name(text)


# --- /log's date ---------------------------------------------------------------------------
from datetime import date as _date  # noqa: E402

from bot.core.parsing import check_log_date, parse_log_date  # noqa: E402

_TODAY = _date(2026, 11, 30)


@pytest.mark.parametrize("text, expected", [
    ("", _date(2026, 11, 30)),
    ("today", _date(2026, 11, 30)),
    ("今日", _date(2026, 11, 30)),
    ("yesterday", _date(2026, 11, 29)),
    ("Yesterday", _date(2026, 11, 29)),
    ("昨日", _date(2026, 11, 29)),
    ("きのう", _date(2026, 11, 29)),
    ("おととい", _date(2026, 11, 28)),
    ("2026-11-28", _date(2026, 11, 28)),
    ("2026/11/28", _date(2026, 11, 28)),
    ("２０２６年１１月２８日", _date(2026, 11, 28)),
    ("11/28", _date(2026, 11, 28)),
    ("11月28日", _date(2026, 11, 28)),
    ("12/25", _date(2025, 12, 25)),  # still to come this year: last year's
    ("2/29", None),                  # 2026 has no 29 February
    ("2/30", None),
    ("someday", None),
    ("28", None),
])
def test_log_dates(text, expected):
    assert parse_log_date(text, _TODAY) == expected


def test_log_dates_that_cannot_take_an_entry():
    assert check_log_date(_date(2026, 12, 1), _TODAY) == "future"
    assert check_log_date(_date(2025, 11, 28), _TODAY) == "too_old"
    assert check_log_date(_date(2025, 11, 30), _TODAY) is None
    assert check_log_date(_TODAY, _TODAY) is None
