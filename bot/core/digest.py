"""The weekly digest's content: what a user's local week holds, compared with the weeks
before. Pure data here; ``digest_text`` turns it into words and ``chart`` into a picture."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.core.accounts import Accounts, AccountsService
from bot.core.chart import WeekBar
from bot.core.focus import Focus, matches
from bot.core.memories import Memory
from bot.core.names import person_key
from bot.core.parsing import zone_for_key
from bot.core.people import Directory, People
from bot.core.practice import Practice, Standing
from bot.core.quiet import Quiet, choose_quiet
from bot.core.schedule import from_epoch, week_start
from storage import digests
from storage import people as people_store
from storage.models import Entry, Thanks, User

CHART_WEEKS = 12
CHART_MIN_WEEKS = 3   # no chart until this many weeks hold a solved problem or a thank-you
AVERAGE_WEEKS = 4
LAST_WEEK_WORDS = ("last", "prev", "previous", "先週", "前")  # /week last


@dataclass(frozen=True)
class Person:
    name: str
    helped: int
    thanked_back: int


@dataclass
class WeekSummary:
    language: str
    week_start: date
    today: date
    problems: list[Entry]                 # newest first
    thanks: list[Thanks]                  # newest first
    people: list[Person]
    last_week: int | None                 # None: the user was not here yet
    average: float | None                 # solved per week over up to 4 weeks before
    focus: Focus | None
    focus_matches: int
    days_with_entry: int
    streak: int                           # active weeks in a row (bot.core.practice)
    intention: str | None                 # what the user meant to do this week
    chart: list[WeekBar] = field(default_factory=list)
    average_weeks: int = 0                # how many weeks the average is over
    joined: date | None = None            # the user's first local day here

    @property
    def before_joined(self) -> bool:
        """The whole week lies before the user started: nothing to judge, nothing to show."""
        return self.joined is not None and self.week_end < self.joined

    @property
    def past(self) -> bool:
        """The week is over (``/week last``, or a digest sent after the week's last day)."""
        return self.week_end < self.today
    thanked_entries: set[int] = field(default_factory=set)  # problems with a thank-you
    weeks_with_data: int = 0              # chart weeks (up to this one) with anything in them
    a_while_ago: Memory | None = None     # a thank-you from before, brought back (digest only)
    practice: Standing | None = None      # the week in the 13 weeks ("week 5 of 13")
    quiet: Quiet | None = None            # someone not seen for a while (digest only)

    @property
    def show_chart(self) -> bool:
        """A chart of one or two bars says nothing: wait for three weeks of data."""
        return self.weeks_with_data >= CHART_MIN_WEEKS

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def in_progress(self) -> bool:
        return self.week_start <= self.today < self.week_end

    @property
    def empty(self) -> bool:
        return not self.problems and not self.thanks


def person_keys(directory: Directory | None) -> Callable[[str | None], str]:
    """``person_key``, following the user's merges when they made any (as /people does)."""
    if directory is None:
        return person_key
    return lambda name: directory.root(key) if (key := person_key(name)) else key


def people_of(problems: list[Entry], thanks: list[Thanks], linked: dict[int, int],
              directory: Directory | None = None) -> list[Person]:
    """Who the user helped this week, most often first, and how many of them thanked back
    (a thank-you tied to one of their problems, or one from the same name). Names merged in
    /people (``directory``) count as one person, named as /people names them."""
    key_of = person_keys(directory)
    helped: dict[str, list[Entry]] = {}
    names: dict[str, str] = {}
    for entry in problems:
        key = key_of(entry.who or "")
        if key:
            helped.setdefault(key, []).append(entry)
            names.setdefault(key, (entry.who or "").strip())
    senders = {key_of(t.sender_name) for t in thanks if t.sender_name}
    people = []
    for key, entries in helped.items():
        back = sum(linked.get(e.entry_id, 0) for e in entries)
        if not back and key in senders:
            back = 1
        merged = directory.get(key) if directory is not None else None
        if merged is not None and directory is not None and directory.merged_into(merged):
            names[key] = merged.name
        people.append(Person(names[key], len(entries), back))
    people.sort(key=lambda p: (-p.helped, -p.thanked_back, p.name))
    return people


def week_label(lang: str, first_day: date) -> str:
    return f"{first_day.month}/{first_day.day}"


class Digests(AccountsService):
    def __init__(self, accounts: Accounts) -> None:
        super().__init__(accounts)
        self.practice = Practice(accounts)

    def current_week(self, user: User) -> date:
        return week_start(self.accounts.today(user), user.week_start_day)

    async def summary(self, user: User, first_day: date) -> WeekSummary:
        """Everything the digest says about the local week starting on ``first_day``."""
        uid = user.user_id
        last_day = first_day + timedelta(days=6)
        problems = await digests.problems_between(self.db, uid, first_day.isoformat(),
                                                  last_day.isoformat())
        thanks = await digests.thanks_between(self.db, uid, first_day.isoformat(),
                                              last_day.isoformat())
        chart_first = first_day - timedelta(weeks=CHART_WEEKS - 1)
        solved_by_day, thanks_by_day = await digests.daily_counts(
            self.db, uid, chart_first.isoformat(), last_day.isoformat())
        weeks = [chart_first + timedelta(weeks=i) for i in range(CHART_WEEKS)]

        def in_week(counts: dict[str, int], start: date) -> int:
            return sum(counts.get((start + timedelta(days=d)).isoformat(), 0) for d in range(7))

        solved_per_week = [in_week(solved_by_day, w) for w in weeks]
        chart = [WeekBar(week_label(user.language, w), solved_per_week[i],
                         in_week(thanks_by_day, w)) for i, w in enumerate(weeks)]
        today = self.accounts.today(user)
        # Weeks before the user's first activity do not count as zero weeks.
        active = [date.fromisoformat(d) for d in (*solved_by_day, *thanks_by_day)]
        joined = min([from_epoch(user.created_utc).astimezone(
            zone_for_key(user.timezone)).date(), *active])
        before = [n for i, n in enumerate(solved_per_week[:-1])
                  if weeks[i] + timedelta(days=6) >= joined][-AVERAGE_WEEKS:]
        week_days = await digests.count_entry_days(self.db, uid, first_day.isoformat(),
                                                   last_day.isoformat())
        focus = (Focus(user.focus_who, user.focus_problem)
                 if user.focus_who or user.focus_problem else None)
        linked: dict[int, int] = {}
        for record in thanks:
            if record.entry_id is not None:
                linked[record.entry_id] = linked.get(record.entry_id, 0) + 1
        directory = await self.merges(user)
        key_of = person_keys(directory)
        senders = {key_of(r.sender_name) for r in thanks if r.sender_name}
        thanked = {e.entry_id for e in problems
                   if e.entry_id in linked or key_of(e.who or "") in senders}
        practice = await self.practice.standing(user, first_day)
        return WeekSummary(
            language=user.language, week_start=first_day, today=today,
            problems=problems, thanks=thanks,
            people=people_of(problems, thanks, linked, directory),
            last_week=solved_per_week[-2] if weeks[-2] + timedelta(days=6) >= joined else None,
            average=sum(before) / len(before) if before else None,
            focus=focus,
            focus_matches=sum(1 for e in problems if focus and matches(
                focus, e.who, e.problem, e.how)),
            days_with_entry=week_days,
            streak=practice.streak,
            intention=await digests.intention(self.db, uid, first_day.isoformat()),
            chart=chart, average_weeks=len(before), joined=joined, thanked_entries=thanked,
            weeks_with_data=sum(1 for bar in chart if bar.solved or bar.thanks),
            practice=practice)

    async def merges(self, user: User) -> Directory | None:
        """The user's people as /people groups them, when they merged any names (else None:
        every name is its own person, and nothing more is read)."""
        if not await people_store.aliases(self.db, user.user_id):
            return None
        return await People(self.accounts).directory(user)

    async def quiet(self, user: User, first_day: date) -> Quiet | None:
        """Someone who thanked the user and has not been in the journal for a while, for the
        digest of the week starting ``first_day`` (``bot.core.quiet``)."""
        directory = await People(self.accounts).directory(user)
        last = await people_store.last_quiet(self.db, user.user_id, first_day.isoformat())
        return choose_quiet(directory.people, first_day + timedelta(days=6), last)

    async def quiet_shown(self, user: User, first_day: date, quiet: Quiet) -> None:
        await people_store.set_quiet(self.db, user.user_id, first_day.isoformat(), quiet.key)

    async def set_intention(self, user: User, first_day: date, text: str) -> None:
        await digests.set_intention(self.db, user.user_id, first_day.isoformat(), text,
                                    self._now())
