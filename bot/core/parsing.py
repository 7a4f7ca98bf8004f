"""Pure parsers for user input (times, time zones, quick journal entries). No I/O."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from bot.core.sanitize import is_blank


def normalize(text: str) -> str:
    """NFKC-normalize (full-width digits/colons/slashes -> ASCII) and strip."""
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()


# ------------------------------------------------------------------------------ ids

_ID = re.compile(r"[0-9]{1,18}")


def parse_id(text: str) -> int | None:
    """A row id or page number carried by a button: 1 to 18 ASCII digits, so it always fits
    SQLite's 64-bit integer. None for anything else (a tampered button: "²", "-1", "1e9",
    thirty nines, …)."""
    return int(text) if _ID.fullmatch(text) else None


# --------------------------------------------------------------------------- times

_AMPM = r"(?P<ampm>[ap])\.?\s*m\.?"
_EN_TIME = re.compile(r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?:" + _AMPM + r")?")
_JA_TIME = re.compile(r"(?P<h>\d{1,2})\s*時\s*(?:(?P<m>\d{1,2})\s*分?|(?P<half>半))?")
_JA_PREFIX = re.compile(r"(?P<pre>午前|午後|朝|夕方|夜|晩)?\s*(?P<rest>.*)", re.S)
_WORDS = {"noon": time(12), "midnight": time(0), "正午": time(12)}


def _apply_prefix(prefix: str | None, hour: int) -> int | None:
    """Apply a Japanese day-part prefix (午前/午後/朝/夜...) to a 0-23 hour."""
    if prefix is None:
        return hour
    if prefix in ("午前", "朝"):
        if hour == 12 and prefix == "午前":
            return 0
        return hour if hour <= 11 else None
    if prefix in ("夜", "晩") and hour <= 5:
        return hour  # 夜1時 = 01:00 (late night)
    if prefix in ("夜", "晩") and hour == 12:
        return 0  # 夜12時 = midnight
    if hour >= 13:
        return hour  # 午後13時 / 夜21時: already 24-hour
    return hour if hour == 12 else hour + 12


def parse_local_time(text: str) -> time | None:
    """Parse a wall-clock time such as "21:30", "9pm", "9:15 A.M.", "午後9時", "21時半".

    Bare numbers of one or two digits are hours; minutes after ":"/"." need two digits.
    Returns None for anything invalid or ambiguous ("2130", "24:00", "13pm", "9:5").
    """
    s = normalize(text).lower()
    if s in _WORDS:
        return _WORDS[s]
    head = _JA_PREFIX.fullmatch(s)
    if head is None:  # cannot happen: the pattern's optional prefix and ".*" match anything
        return None
    prefix, rest = head["pre"], head["rest"]
    m = _JA_TIME.fullmatch(rest) or _EN_TIME.fullmatch(rest)
    if m is None:
        return None
    hour = int(m["h"])
    minute = 30 if m.groupdict().get("half") else int(m["m"] or 0)
    ampm = m.groupdict().get("ampm")
    if ampm:
        if prefix is not None or not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    elif hour > 23:
        return None
    else:
        adjusted = _apply_prefix(prefix, hour)
        if adjusted is None:
            return None
        hour = adjusted
    if minute > 59:
        return None
    return time(hour, minute)


# ----------------------------------------------------------------------- time zones

# Well-known places and abbreviations -> IANA key (matched case/space/accent-insensitively).
# fmt: off
_CITY_ZONES: dict[str, tuple[str, ...]] = {
    "Asia/Tokyo": ("Tokyo", "東京", "Osaka", "大阪", "Kyoto", "京都", "Sapporo", "札幌", "Fukuoka", "福岡",
                   "Nagoya", "名古屋", "Okinawa", "沖縄", "Yokohama", "横浜", "Japan", "日本", "日本時間",
                   "日本標準時", "JST"),
    "Europe/London": ("London", "ロンドン", "UK", "イギリス", "England", "BST"),
    "America/New_York": ("New York", "NYC", "ニューヨーク", "Boston", "Washington DC", "Miami",
                         "Atlanta", "EST", "EDT", "ET", "Eastern"),
    "America/Los_Angeles": ("Los Angeles", "LA", "ロサンゼルス", "San Francisco", "サンフランシスコ", "Seattle",
                            "シアトル", "PST", "PDT", "PT", "Pacific"),
    "America/Chicago": ("Chicago", "シカゴ", "Dallas", "Houston", "CST", "CDT", "Central"),
    "America/Denver": ("Denver", "MST", "MDT", "Mountain"),
    "America/Phoenix": ("Phoenix",),
    "Pacific/Honolulu": ("Honolulu", "Hawaii", "ハワイ", "ホノルル"),
    "America/Anchorage": ("Anchorage", "Alaska"),
    "America/Toronto": ("Toronto", "トロント", "Montreal"),
    "America/Vancouver": ("Vancouver", "バンクーバー"),
    "America/Mexico_City": ("Mexico City", "メキシコシティ"),
    "America/Sao_Paulo": ("São Paulo", "Sao Paulo", "サンパウロ", "Rio de Janeiro"),
    "America/Argentina/Buenos_Aires": ("Buenos Aires",),
    "Europe/Paris": ("Paris", "パリ", "France", "フランス"),
    "Europe/Berlin": ("Berlin", "ベルリン", "Germany", "ドイツ", "Munich", "Frankfurt", "CET", "CEST"),
    "Europe/Madrid": ("Madrid", "マドリード", "Barcelona", "Spain"),
    "Europe/Rome": ("Rome", "ローマ", "Milan", "Italy"),
    "Europe/Amsterdam": ("Amsterdam", "アムステルダム"),
    "Europe/Zurich": ("Zurich", "Zürich", "Geneva"),
    "Europe/Stockholm": ("Stockholm",),
    "Europe/Istanbul": ("Istanbul",),
    "Europe/Moscow": ("Moscow", "モスクワ"),
    "Asia/Dubai": ("Dubai", "ドバイ", "Abu Dhabi"),
    "Asia/Kolkata": ("Delhi", "New Delhi", "Mumbai", "Bangalore", "Bengaluru", "Calcutta", "India",
                     "インド", "IST"),
    "Asia/Bangkok": ("Bangkok", "バンコク", "Thailand", "タイ"),
    "Asia/Ho_Chi_Minh": ("Hanoi", "Saigon", "Vietnam", "ベトナム"),
    "Asia/Singapore": ("Singapore", "シンガポール"),
    "Asia/Kuala_Lumpur": ("Kuala Lumpur", "Malaysia"),
    "Asia/Hong_Kong": ("Hong Kong", "香港"),
    "Asia/Taipei": ("Taipei", "台北", "Taiwan", "台湾"),
    "Asia/Seoul": ("Seoul", "ソウル", "Korea", "韓国", "KST"),
    "Asia/Shanghai": ("Shanghai", "上海", "Beijing", "北京", "China", "中国"),
    "Asia/Manila": ("Manila", "マニラ", "Philippines", "フィリピン"),
    "Asia/Jakarta": ("Jakarta", "ジャカルタ", "Indonesia"),
    "Australia/Sydney": ("Sydney", "シドニー", "Canberra", "AEST", "AEDT"),
    "Australia/Melbourne": ("Melbourne", "メルボルン"),
    "Australia/Brisbane": ("Brisbane",),
    "Australia/Perth": ("Perth",),
    "Pacific/Auckland": ("Auckland", "オークランド", "New Zealand", "ニュージーランド"),
    "Africa/Cairo": ("Cairo",),
    "Africa/Johannesburg": ("Johannesburg",),
    "Africa/Lagos": ("Lagos",),
    "Africa/Nairobi": ("Nairobi",),
}
# fmt: on
_UTC_NAMES = frozenset(
    {"utc", "gmt", "z", "zulu", "uct", "universal", "greenwich", "gmt0", "etc/utc", "etc/gmt"}
)
_NOT_ZONES = frozenset({"localtime", "Factory", "posixrules"})
_OFFSET = re.compile(r"(?:(?:utc|gmt)\s*)?(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?", re.I)
_OFFSET_KEY = re.compile(r"UTC(?P<sign>[+-])(?P<h>\d{2}):(?P<m>\d{2})")
_ZONE_SUFFIX = re.compile(r"(?:\s*(?:time|時間|標準時))$", re.I)


def _fold(s: str) -> str:
    """Lookup form: lowercase, accents stripped, no whitespace/underscores/hyphens."""
    decomposed = unicodedata.normalize("NFKD", s.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFC", stripped))


@lru_cache(maxsize=1)
def _zone_keys() -> frozenset[str]:
    """All usable IANA keys (cached)."""
    return frozenset(available_timezones() - _NOT_ZONES)


@lru_cache(maxsize=1)
def _lookups() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(aliases, full IANA keys, unambiguous last components), all keyed by `_fold`."""
    aliases = {_fold(name): key for key, names in _CITY_ZONES.items() for name in names}
    full = {"/".join(_fold(p) for p in k.split("/")): k for k in _zone_keys()}
    by_last: dict[str, list[str]] = {}
    for key in _zone_keys():
        if "/" in key and not key.startswith("Etc/"):
            by_last.setdefault(_fold(key.rsplit("/", 1)[1]), []).append(key)
    last = {}
    for name, keys in by_last.items():
        # Prefer the deepest path: America/Argentina/Buenos_Aires over America/Buenos_Aires.
        depth = max(k.count("/") for k in keys)
        deepest = [k for k in keys if k.count("/") == depth]
        if len(deepest) == 1:
            last[name] = deepest[0]
    return aliases, full, last


def _offset_key(sign: str, hours: int, minutes: int) -> str | None:
    """Canonical "UTC±HH:MM" key, "UTC" for zero, None when out of range."""
    total = (hours * 60 + minutes) * (-1 if sign == "-" else 1)
    if minutes not in (0, 30, 45) or not -12 * 60 <= total <= 14 * 60:
        return None
    if total == 0:
        return "UTC"
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def _lookup_name(s: str) -> str | None:
    aliases, full, last = _lookups()
    if "/" in s:
        return full.get("/".join(_fold(p) for p in s.split("/")))
    folded = _fold(s)
    return aliases.get(folded) or last.get(folded) or full.get(folded)


def parse_timezone(text: str) -> str | None:
    """Parse a time zone given as IANA name, city, abbreviation or UTC offset.

    Returns a canonical key: an IANA key ("Asia/Tokyo"), "UTC", or "UTC±HH:MM".
    """
    s = normalize(text)
    if not s:
        return None
    if s.lower() in _UTC_NAMES:
        return "UTC"
    m = _OFFSET.fullmatch(s)
    if m:
        return _offset_key(m["sign"], int(m["h"]), int(m["m"] or 0))
    key = _lookup_name(s)
    if key is None:
        trimmed = _ZONE_SUFFIX.sub("", s).strip()
        key = _lookup_name(trimmed) if trimmed and trimmed != s else None
    return key


def zone_for_key(key: str) -> tzinfo:
    """tzinfo for a key produced by `parse_timezone`; ValueError for unknown keys."""
    if key == "UTC":
        return UTC
    m = _OFFSET_KEY.fullmatch(key)
    if m:
        if _offset_key(m["sign"], int(m["h"]), int(m["m"])) != key:
            raise ValueError(f"invalid UTC offset key: {key!r}")
        delta = timedelta(hours=int(m["h"]), minutes=int(m["m"]))
        return timezone(-delta if m["sign"] == "-" else delta, name=key)
    if key not in _zone_keys():
        raise ValueError(f"unknown time zone key: {key!r}")
    return ZoneInfo(key)


_SUGGESTED = {
    "ja": (
        "Asia/Tokyo",
        "Asia/Seoul",
        "Asia/Shanghai",
        "Asia/Singapore",
        "America/Los_Angeles",
        "Europe/London",
    ),
    "en": (
        "Europe/London",
        "America/New_York",
        "America/Chicago",
        "America/Los_Angeles",
        "Asia/Tokyo",
        "Australia/Sydney",
        "Asia/Kolkata",
        "UTC",
    ),
}


def suggested_timezones(language: str) -> list[str]:
    """Zone keys to offer as buttons for `language` ("ja" or anything else)."""
    return list(_SUGGESTED["ja" if language == "ja" else "en"])


def language_for(language_code: str | None) -> str:
    """Bot language for a Telegram language_code: "ja" if it starts with "ja", else "en"."""
    return "ja" if (language_code or "").strip().lower().startswith("ja") else "en"


# --------------------------------------------------------------------- quick entry


@dataclass(frozen=True)
class QuickEntry:
    """A one-message journal entry: who had the problem, what it was, how you helped."""

    who: str
    problem: str
    how: str
    outcome: str | None = None
    # True when the parts came from line breaks alone, with no separator: such a text may
    # just as well be a note ("Gym in the morning⏎Client calls⏎Pizza night"), so it is
    # saved only once the user confirms how it was read.
    by_lines: bool = False


_URL = re.compile(r"[a-z][a-z0-9+.\-]*://[^\s／]+", re.I)
_SPACED_SEP = re.compile(r"(?<=\s)/(?=\s)|／")
_ANY_SEP = re.compile(r"[/／]")
_SLASH_IDIOM = re.compile(r"\b(and/or|w/o|n/a|yes/no|he/she|his/her|s/he|either/or|24/7)\b",
                          re.I)
_HAS_LETTER = re.compile(r"[^\W\d_]")
_THANKS_SEP = re.compile(r"(?:^|\s)/(?=\s|$)|／")


def _split_parts(text: str) -> tuple[list[str], bool]:
    """The parts of a quick entry, and whether they came from line breaks alone."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) >= 3:
        return lines, True
    return _split_separated(text), False


def _split_separated(text: str) -> list[str]:
    urls: list[str] = []

    def protect(m: re.Match[str]) -> str:
        urls.append(m.group())
        return f"\x00{len(urls) - 1}\x00"

    masked = _URL.sub(protect, text)
    # Spaced " / " (and "／") wins when it yields 3+ parts, so "3/14" stays intact.
    parts = _SPACED_SEP.split(masked)
    if len(parts) < 3:
        if _SLASH_IDIOM.search(masked):
            return []
        parts = _ANY_SEP.split(masked)
        # Bare slashes also appear in dates and numbers ("10/12/2025"): every part must
        # read like words.
        if not all(len(p.strip()) >= 2 and _HAS_LETTER.search(p) for p in parts):
            return []
    restore = re.compile(r"\x00(\d+)\x00")
    return [restore.sub(lambda m: urls[int(m[1])], p).strip() for p in parts]


def parse_quick_entry(text: str) -> QuickEntry | None:
    """Parse "who / problem / how [/ outcome]" (or one part per line, then ``by_lines``);
    None if incomplete (a part that shows nothing, such as only zero-width characters,
    counts as missing)."""
    parts, by_lines = _split_parts(text.strip())
    if len(parts) < 3 or any(is_blank(p) for p in parts):
        return None
    outcome = " / ".join(parts[3:]) or None
    return QuickEntry(who=parts[0], problem=parts[1], how=parts[2], outcome=outcome,
                      by_lines=by_lines)


# ------------------------------------------------------------------ name-like text

_SENTENCE_MARKS = re.compile(r"[!?。!?\n]|[.…]$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_JA_VERB_PARTICLES = re.compile(r"[をが]")
_JA_PREDICATE_END = re.compile(r"(?:た|だ|て|ます|です|ません|ない|よ|ね)$")
_EN_DETERMINERS = frozenset(
    "my your his her its our their the a an this that him them me us it someone".split())
_EN_VERBS = frozenset("""
    helped fixed made gave taught showed lent told answered explained solved called sent
    wrote went took got cooked drove carried walked listened talked met found brought
    bought cleaned edited reviewed translated tutored supported covered picked ran did
""".split())
NAME_MAX_WORDS = 4
NAME_MAX_JA_CHARS = 12


def looks_like_a_name(text: str) -> bool:
    """True when a text kept outside any question can stand as *who* an entry is about:
    a name or a short description of a person (``Mika``, ``my colleague Sato``,
    ``同僚の佐藤さん``, ``初めてのお客さま``), not a sentence about what happened.

    The rule: one line without sentence marks (``! ? 。 ! ?`` anywhere, ``.`` or ``…`` at
    the end), and
    - in Japanese (any kana or kanji in it): at most 12 characters besides spaces, no を or
      が, and not ending like a predicate (た, だ, て, ます, です, ません, ない, よ, ね);
    - otherwise: at most 4 words, and not starting with a verb (a short list of common ones,
      or a word ending in -ed/-ing that is lowercase or followed by my/the/her/…)."""
    s = normalize(text)
    if not s or _SENTENCE_MARKS.search(s):
        return False
    if _CJK.search(s):
        compact = re.sub(r"\s+", "", s)
        return (len(compact) <= NAME_MAX_JA_CHARS and not _JA_VERB_PARTICLES.search(compact)
                and not _JA_PREDICATE_END.search(compact))
    words = s.split()
    if len(words) > NAME_MAX_WORDS:
        return False
    first = words[0].strip(",;:").lower()
    if first in _EN_VERBS:
        return False
    if first.endswith(("ed", "ing")) and len(first) > 4:
        followed = len(words) > 1 and words[1].lower() in _EN_DETERMINERS
        if words[0][0].islower() or followed:
            return False
    return True


def split_thanks(text: str) -> tuple[str, str]:
    """``/thanks`` arguments as (who, what they said). Only a spaced " / " (or one at either
    end) or a full-width "／" separates, so a name may hold a bare slash ("AC/DC fan club")."""
    who, *said = _THANKS_SEP.split(text.strip(), maxsplit=1)
    return who.strip(), said[0].strip() if said else ""


# --- /log's date --------------------------------------------------------------------------
LOG_DAYS_BACK = 366  # how far back an entry may be filed
_TODAY_WORDS = frozenset({"today", "今日", "きょう"})
_YESTERDAY_WORDS = frozenset({"yesterday", "昨日", "きのう"})
_DAY_BEFORE_WORDS = frozenset({"一昨日", "おととい"})
_FULL_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MONTH_DAY = re.compile(r"^(\d{1,2})[-/.月](\d{1,2})日?$")


def parse_log_date(text: str, today: date) -> date | None:
    """The local date ``/log …`` files an entry under: today, yesterday (昨日, きのう), the
    day before (一昨日, おととい), 2026-11-28, 2026/11/28, 2026年11月28日, 11/28 or
    11月28日 (this year, or last year's if that date is still to come). None: not a date
    (``check_log_date`` says whether a date is allowed)."""
    word = normalize(text).lower().strip()
    if word in _TODAY_WORDS or not word:
        return today
    if word in _YESTERDAY_WORDS:
        return today - timedelta(days=1)
    if word in _DAY_BEFORE_WORDS:
        return today - timedelta(days=2)
    try:
        if match := _FULL_DATE.match(word):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _MONTH_DAY.match(word):
            found = date(today.year, int(match[1]), int(match[2]))
            return found if found <= today else found.replace(year=today.year - 1)
    except ValueError:  # 2/30, or 2/29 in a year without it
        return None
    return None


def check_log_date(day: date, today: date) -> str | None:
    """Why ``day`` cannot take an entry ("future", "too_old"), or None if it can."""
    if day > today:
        return "future"
    if (today - day).days > LOG_DAYS_BACK:
        return "too_old"
    return None
