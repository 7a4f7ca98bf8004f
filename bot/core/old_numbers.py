"""The old numbers (/numbers): the measures a user reported before keeping this journal —
followers, likes, sales — recorded with a value so that /report shows them beside the new
ones (problems solved, thank-yous), as the method asks: keep reporting the old numbers to a
numbers-minded boss, and put the new ones next to them.

``/numbers followers 1,350`` records a value for today (the user's local date);
``/numbers followers 1,200 2026-10-01`` for an earlier day; ``/numbers delete followers``
forgets a measure; ``/numbers`` alone lists them. Values may be written 1,350, 1.2k, 1.2万,
¥350,000 or 12.5%: the number is kept, the unit is not (name the measure "sales (¥)" to keep
it). A measure's name is grouped by its key (NFKC, case-folded, spaces collapsed).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from bot.core.accounts import AccountsService
from bot.core.parsing import normalize, parse_log_date
from storage import old_numbers as store
from storage.models import User
from storage.old_numbers import OldNumber

MAX_NAME = 40
MAX_MEASURES = 12       # measures one user can keep
MAX_VALUE = 1e15
DELETE_WORDS = ("delete", "remove", "forget", "off", "削除", "消す", "削除する")

# A number as people write one: 1,350 · 1 350 · 1.2k · 1.2万 · ¥350,000 · 12.5% · 3千
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<sign>[-+])?[¥$€£]?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s?(?P<mult>万|千|億|[kKmM](?![a-zA-Z]))?"
    r"(?:%|円|人|件|回|個|ドル|ユーロ)?(?![\w.,])")
_MULTIPLIERS = {"万": 1e4, "千": 1e3, "億": 1e8, "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6}
_DATE = re.compile(r"(?<![\d/.-])(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[/月]\d{1,2}日?)"
                   r"(?![\d/.-])")
_EDGES = re.compile(r"^[\s:=:=/／,、・-]+|[\s:=:=/／,、・-]+$")
_HAS_LETTER = re.compile(r"[^\W\d_]")


def name_key(name: str) -> str:
    """The key that makes two spellings one measure: Followers = followers = FOLLOWERS."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True)
class NumbersRequest:
    """What follows /numbers: ``list``; ``add`` (name, value, day); ``delete`` (name); or
    ``unclear`` with why (``no_number``, ``no_name``, ``bad_date``, ``future``)."""
    action: str
    name: str = ""
    value: float = 0.0
    day: date | None = None
    problem: str = ""


def parse_value(text: str) -> float | None:
    """The one number in ``text`` (1,350 · 1.2k · 1.2万 · ¥350,000 · 12.5%), or None."""
    found = list(_NUMBER.finditer(normalize(text)))
    if len(found) != 1:
        return None
    return _value(found[0])


def _value(match: re.Match[str]) -> float | None:
    value = float(match["num"].replace(",", "")) * _MULTIPLIERS.get(match["mult"] or "", 1)
    if match["sign"] == "-":
        value = -value
    return value if math.isfinite(value) and abs(value) < MAX_VALUE else None


def parse_request(text: str, today: date) -> NumbersRequest:
    text = " ".join(normalize(text).split())
    if not text:
        return NumbersRequest("list")
    word, _, rest = text.partition(" ")
    if word.casefold() in DELETE_WORDS and rest:
        return NumbersRequest("delete", name=rest[:MAX_NAME])
    day = today
    dates = list(_DATE.finditer(text))
    if len(dates) > 1:
        return NumbersRequest("unclear", problem="bad_date")
    if dates:
        parsed = parse_log_date(dates[0].group(), today)
        if parsed is None:
            return NumbersRequest("unclear", problem="bad_date")
        if parsed > today:
            return NumbersRequest("unclear", problem="future")
        day = parsed
        text = (text[:dates[0].start()] + " " + text[dates[0].end():]).strip()
    numbers = list(_NUMBER.finditer(text))
    if not numbers:
        return NumbersRequest("unclear", problem="no_number")
    last = numbers[-1]  # "likes per post 30": the value is the last number
    value = _value(last)
    if value is None:
        return NumbersRequest("unclear", problem="no_number")
    name = _EDGES.sub("", text[:last.start()] + " " + text[last.end():])
    name = " ".join(name.split())
    if not name or not _HAS_LETTER.search(name):
        return NumbersRequest("unclear", value=value, problem="no_name")
    return NumbersRequest("add", name=name[:MAX_NAME], value=value, day=day)


def format_value(value: float, lang: str = "en") -> str:
    """1350 → "1,350"; 12.5 → "12.5"; 0.125 → "0.125" (no unit: none is kept)."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Measure:
    """One old number: its values from the first to the latest given."""
    key: str
    name: str                          # as written most recently
    values: tuple[OldNumber, ...]      # oldest first

    @property
    def latest(self) -> OldNumber:
        return self.values[-1]


def measures(rows: list[OldNumber]) -> list[Measure]:
    """Group values by measure (rows come ordered by key, date, id), the most recently
    updated measure first."""
    grouped: dict[str, list[OldNumber]] = {}
    for row in rows:
        grouped.setdefault(row.name_key, []).append(row)
    found = [Measure(key, values[-1].name, tuple(values)) for key, values in grouped.items()]
    found.sort(key=lambda m: (max(v.created_utc for v in m.values), m.key), reverse=True)
    return found


@dataclass(frozen=True)
class Saved:
    outcome: str                       # saved | too_many
    measure: Measure | None = None


class OldNumbers(AccountsService):
    async def measures(self, user: User, until: date | None = None) -> list[Measure]:
        rows = await store.all_of(self.db, user.user_id,
                                  until.isoformat() if until else "9999-12-31")
        return measures(rows)

    async def record(self, user: User, name: str, value: float, day: date) -> Saved:
        key = name_key(name)
        known = await self.measures(user)
        if key not in {m.key for m in known} and len(known) >= MAX_MEASURES:
            return Saved("too_many")
        await store.add(self.db, user.user_id, key, name, value, day.isoformat(), self._now())
        found = next(m for m in await self.measures(user) if m.key == key)
        return Saved("saved", found)

    async def delete(self, user: User, name: str) -> int:
        return await store.remove(self.db, user.user_id, name_key(name))
