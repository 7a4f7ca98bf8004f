"""/report's content: what a period of the journal holds, to hand over as one page.

The period is a calendar quarter in the user's local time zone (this one by default), the
quarter before (``last``), a named one (``2026 Q3``, ``2026年第3四半期``), a calendar year
(``2026``), or a range of inclusive local dates (``2026-09-01 2026-11-30``, ``9/1〜11/30``),
at most two years long (up to the day before the same date two years on). ``parse_period`` is pure; ``Reports.build`` reads the journal and
returns a ``Report``, plain data that ``report_pdf`` draws (in a worker process).

People are grouped as /people groups them (``bot.core.people``: ``person_key`` and the
user's merges), so a merged Sato and 佐藤さん are one person here too. A thank-you counts for
its sender's person and, when tied to a problem, for that problem's person (once if they are
the same). The personal metric (/focus) is the user's current one, counted over the period's
entries bucket by bucket: weeks for a period of up to 16 weeks, else months.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core import thanks_words
from bot.core.accounts import Accounts, AccountsService
from bot.core.focus import Focus, matches
from bot.core.names import person_key
from bot.core.old_numbers import Measure, OldNumbers
from bot.core.parsing import normalize, parse_log_date
from bot.core.people import Directory, People
from bot.core.schedule import week_start
from storage import reports as store
from storage.models import Thanks, User

WEEKLY_UP_TO_DAYS = 16 * 7   # longer periods are drawn month by month
PEOPLE_KEPT = 40             # people and quotes handed to the renderer (it shows what fits)
QUOTES_KEPT = 40
QUOTE_KEPT_CHARS = 400
EXAMPLES = 3                 # problems named under a person
LAST_WORDS = ("last", "previous", "prev", "前", "前期", "先期", "前の四半期", "前回")
THIS_WORDS = ("this", "now", "current", "今期", "今", "この四半期")

_QUARTER = re.compile(r"^(?:(?P<y1>\d{4})\s*[-/ ]?\s*)?q(?P<q>[1-4])(?:\s*[-/ ]?\s*(?P<y2>\d{4}))?$")
_JA_QUARTER = re.compile(r"^(?:(?P<y>\d{4})\s*年\s*(?:度\s*)?)?(?:第\s*)?(?P<q>[1-4])\s*(?:四半期|q)$")
_YEAR = re.compile(r"^(?P<y>\d{4})\s*年?$")
_DATE = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[/月]\d{1,2}日?")
_HAS_YEAR = re.compile(r"^\d{4}")
_BETWEEN = re.compile(r"^(?:from|to|till|until|and|-|–|—|~|〜|～|から|まで|,|、|\s)*$")


@dataclass(frozen=True)
class Period:
    """Inclusive local dates; ``quarter`` (1–4) when it is a calendar quarter, ``year``
    when it is a whole calendar year."""
    first: date
    last: date
    quarter: int | None = None
    whole_year: bool = False

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def slug(self) -> str:
        """For the file name: 2026-Q4, 2026, or 2026-09-01_2026-11-30."""
        if self.quarter:
            return f"{self.first.year}-Q{self.quarter}"
        if self.whole_year:
            return str(self.first.year)
        return f"{self.first.isoformat()}_{self.last.isoformat()}"

    @property
    def filename(self) -> str:
        return f"value-journal-{self.slug}.pdf"


@dataclass(frozen=True)
class PeriodError:
    """Why a typed period cannot be used: ``unreadable``, ``backwards`` (ends before it
    starts), ``too_long`` (over two years) or ``future`` (starts after today)."""
    reason: str
    first: date | None = None
    last: date | None = None


def quarter_of(day: date, back: int = 0) -> Period:
    """The calendar quarter holding ``day`` (``back`` quarters earlier)."""
    index = day.year * 4 + (day.month - 1) // 3 - back
    year, q = divmod(index, 4)
    first = date(year, q * 3 + 1, 1)
    after = date(year + 1, 1, 1) if q == 3 else date(year, q * 3 + 4, 1)
    return Period(first, after - timedelta(days=1), quarter=q + 1)


def _quarter(year: int, q: int) -> Period:
    return quarter_of(date(year, q * 3 - 2, 1))


def parse_period(text: str, today: date) -> Period | PeriodError:
    """What follows /report, read in the user's local ``today`` (see the module's doc)."""
    word = " ".join(normalize(text).split()).casefold()
    if not word or word in THIS_WORDS:
        return quarter_of(today)
    if word in LAST_WORDS:
        return quarter_of(today, back=1)
    found: Period | None = None
    try:
        if m := _QUARTER.match(word):
            if m["y1"] and m["y2"]:
                return PeriodError("unreadable")
            found = _quarter(int(m["y1"] or m["y2"] or today.year), int(m["q"]))
        elif m := _JA_QUARTER.match(word):
            found = _quarter(int(m["y"] or today.year), int(m["q"]))
        elif m := _YEAR.match(word):
            year = int(m["y"])
            found = Period(date(year, 1, 1), date(year, 12, 31), whole_year=True)
    except ValueError:  # year 0 and the like
        return PeriodError("unreadable")
    if found is None:
        return _parse_range(word, today)
    return PeriodError("future", found.first, found.last) if found.first > today else found


def _parse_range(word: str, today: date) -> Period | PeriodError:
    tokens = list(_DATE.finditer(word))
    rest = _DATE.sub(" ", word)
    if not 1 <= len(tokens) <= 2 or not _BETWEEN.match(rest):
        return PeriodError("unreadable")
    first = parse_log_date(tokens[0].group(), today)  # 9/1: the last one so far
    last = parse_log_date(tokens[-1].group(), today) if len(tokens) == 2 else today
    if first is None or last is None:
        return PeriodError("unreadable")
    if len(tokens) == 2 and not _HAS_YEAR.match(tokens[-1].group()):
        # 11/30 after 9/1 is the one that follows it, even if it is still to come
        last = _next_on_or_after(last, first)
    if last < first:
        return PeriodError("backwards", first, last)
    if last >= _years_after(first, 2):
        return PeriodError("too_long", first, last)
    if first > today:
        return PeriodError("future", first, last)
    return Period(first, last)


def _years_after(day: date, years: int) -> date:
    """The same date ``years`` later (29 February: 1 March)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def _next_on_or_after(day: date, start: date) -> date:
    """``day``'s month and day in the first year that puts it on or after ``start``."""
    for year in (start.year, start.year + 1):
        try:
            found = day.replace(year=year)
        except ValueError:  # 2/29
            continue
        if found >= start:
            return found
    return day


# --- what the page says ------------------------------------------------------------------

@dataclass(frozen=True)
class PersonLine:
    name: str
    problems: int
    thanks: int
    examples: tuple[str, ...]       # their problems in the period, newest first, distinct


@dataclass(frozen=True)
class Quote:
    local_date: str
    sender: str                     # as shown ("someone" when nobody was named)
    text: str                       # the words, folded and cut to QUOTE_KEPT_CHARS


@dataclass(frozen=True)
class Bucket:
    first: date                     # the bucket's first day within the period
    solved: int
    thanks: int
    focus: int                      # solved problems matching the personal metric


@dataclass(frozen=True)
class NumberLine:
    """An old number in the period: its value at the start (the latest given on or before
    the period's first day, else the first given in it) and at the end (the latest given
    up to the period's last day)."""
    name: str
    start_value: float
    start_date: str
    end_value: float
    end_date: str

    @property
    def changed(self) -> bool:
        return self.start_date != self.end_date


@dataclass(frozen=True)
class Report:
    language: str
    period: Period
    today: date                     # the user's local date when it was made
    solved: int
    thanks: int
    people_count: int
    people: tuple[PersonLine, ...]  # the most problems (then thank-yous) first
    quotes: tuple[Quote, ...]       # the best first (the longest words, then the newest)
    quotes_count: int               # thank-yous with words
    wordless: int                   # thank-yous without words (screenshots, stickers…)
    buckets: tuple[Bucket, ...]
    monthly: bool                   # buckets are months (else weeks)
    focus: str | None               # the personal metric, as the user set it
    focus_total: int
    numbers: tuple[NumberLine, ...]
    numbers_count: int

    @property
    def empty(self) -> bool:
        return not self.solved and not self.thanks

    @property
    def through(self) -> date:
        """The last day the report can speak for: the period's end, or today."""
        return min(self.period.last, self.today)

    @property
    def running(self) -> bool:
        return self.period.last > self.today


def buckets_of(period: Period, week_start_day: int) -> tuple[list[date], bool]:
    """The first day of each bucket within the period, and whether they are months."""
    if period.days <= WEEKLY_UP_TO_DAYS:
        starts, day = [period.first], week_start(period.first, week_start_day)
        while (day := day + timedelta(days=7)) <= period.last:
            starts.append(day)
        return starts, False
    starts, day = [period.first], period.first.replace(day=1)
    while True:
        day = (day + timedelta(days=32)).replace(day=1)
        if day > period.last:
            return starts, True
        starts.append(day)


def number_lines(found: list[Measure], period: Period) -> list[NumberLine]:
    first = period.first.isoformat()
    lines = []
    for measure in found:  # values up to the period's end, oldest first
        before = [v for v in measure.values if v.local_date <= first]
        start = before[-1] if before else measure.values[0]
        end = measure.values[-1]
        lines.append(NumberLine(measure.name, start.value, start.local_date, end.value,
                                end.local_date))
    return lines


def _folded(text: str) -> str:
    return " ".join(text.split())


def _weight(text: str) -> int:
    """How much a quote says, roughly: its width in half-width characters, up to 140."""
    return min(140, sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
                        for c in _folded(text)))


class Reports(AccountsService):
    def __init__(self, accounts: Accounts, people: People | None = None,
                 old_numbers: OldNumbers | None = None) -> None:
        super().__init__(accounts)
        self.people = people or People(accounts)
        self.old_numbers = old_numbers or OldNumbers(accounts)

    async def build(self, user: User, period: Period) -> Report:
        uid, lang = user.user_id, user.language
        today = self.accounts.today(user)
        first, last = period.first.isoformat(), period.last.isoformat()
        problems = await store.problems_between(self.db, uid, first, last)
        thanks = await store.thanks_between(self.db, uid, first, last)
        directory = await self.people.directory(user) if problems or thanks else None

        # people: problems by person, then the thank-yous from or for them
        people: dict[str, dict] = {}

        def person(key: str, written: str) -> dict:
            if key not in people:
                name = _name(directory, key, written)
                people[key] = {"name": name, "problems": 0, "thanks": 0, "examples": []}
            return people[key]

        for entry in problems:  # newest first
            key = _root(directory, entry.who)
            if not key:
                continue
            found = person(key, entry.who or "")
            found["problems"] += 1
            example = _folded(entry.problem or "")
            if example and example not in found["examples"] and len(found["examples"]) < EXAMPLES:
                found["examples"].append(example)
        for record in thanks:
            named = {}
            for written in (record.linked_who, record.thanks.sender_name):
                if key := _root(directory, written):
                    named[key] = written or ""  # the same person once, by the sender's name
            for key, written in named.items():
                person(key, written)["thanks"] += 1
        ranked = sorted(people.values(), key=lambda p: (-p["problems"], -p["thanks"],
                                                        p["name"]))
        lines = tuple(PersonLine(p["name"], p["problems"], p["thanks"], tuple(p["examples"]))
                      for p in ranked[:PEOPLE_KEPT])

        # quotes: the thank-yous with words; different words before the same words again,
        # then the longest (up to a point: a wide character counts twice), then the newest
        worded = [r.thanks for r in thanks if (r.thanks.text or "").strip()]
        worded.sort(key=lambda r: (_weight(r.text or ""), r.local_date, r.thanks_id),
                    reverse=True)
        fresh: list[Thanks] = []
        again: list[Thanks] = []
        seen: set[str] = set()
        for kept in worded:
            words = _folded(kept.text or "")
            (again if words in seen else fresh).append(kept)
            seen.add(words)
        quotes = tuple(Quote(r.local_date, thanks_words.sender(lang, r),
                             _folded(r.text or "")[:QUOTE_KEPT_CHARS])
                       for r in (fresh + again)[:QUOTES_KEPT])

        # the two measures and the personal metric, bucket by bucket
        focus = (Focus(user.focus_who, user.focus_problem)
                 if user.focus_who or user.focus_problem else None)
        starts, monthly = buckets_of(period, user.week_start_day)
        index = {}
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else period.last + timedelta(days=1)
            for offset in range((end - start).days):
                index[(start + timedelta(days=offset)).isoformat()] = i
        solved_in = [0] * len(starts)
        thanks_in = [0] * len(starts)
        focus_in = [0] * len(starts)
        for entry in problems:
            i = index[entry.local_date]
            solved_in[i] += 1
            if focus and matches(focus, entry.who, entry.problem, entry.how):
                focus_in[i] += 1
        for record in thanks:
            thanks_in[index[record.thanks.local_date]] += 1
        buckets = tuple(Bucket(s, solved_in[i], thanks_in[i], focus_in[i])
                        for i, s in enumerate(starts))

        numbers = number_lines(await self.old_numbers.measures(user, until=period.last),
                               period)
        return Report(
            language=lang, period=period, today=today, solved=len(problems),
            thanks=len(thanks), people_count=len(people), people=lines, quotes=quotes,
            quotes_count=len(worded), wordless=len(thanks) - len(worded), buckets=buckets,
            monthly=monthly, focus=str(focus) if focus else None, focus_total=sum(focus_in),
            numbers=tuple(numbers), numbers_count=len(numbers))


def _root(directory: Directory | None, name: str | None) -> str:
    key = person_key(name)
    return directory.root(key) if key and directory is not None else key


def _name(directory: Directory | None, key: str, written: str) -> str:
    """How /people names this person (the way the user writes them most)."""
    found = directory.get(key) if directory is not None else None
    return found.name if found is not None else _folded(written)
