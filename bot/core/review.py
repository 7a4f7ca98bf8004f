"""The 13-week review's content: what a cycle of 13 active weeks holds (``bot.core.practice``
says when a cycle is complete). Pure data here; ``review_text`` turns it into words and
``chart`` into a picture.

* the two measures week by week: problems solved and thank-yous received in each of the 13
  active weeks (weeks without any are not in a cycle, so they are not bars either);
* the people helped most: the cycle's solved problems grouped into people as /people groups
  them (``bot.core.people.build_directory``: ``person_key`` and the user's merges), the most
  problems first, then the most thank-yous from or for them; three at most;
* the best quotes (``best_quotes``): thank-yous with words, scored for being specific and
  heartfelt, one per person, three at most;
* the personal metric's count (/focus as it is now) over the cycle's problems, and the
  streak of active weeks up to the cycle's last.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.accounts import Accounts, AccountsService
from bot.core.chart import WeekBar
from bot.core.digest import week_label
from bot.core.focus import Focus, matches
from bot.core.names import person_key
from bot.core.people import build_directory
from bot.core.practice import Practice, complete_cycle
from bot.core.schedule import week_start
from storage import digests
from storage import people as people_store
from storage.models import Entry, Thanks, User
from storage.people import ThanksGroup, WhoGroup

MOST_HELPED = 3
QUOTES = 3

# Words that make a thank-you heartfelt rather than polite, after NFKC and case folding.
HEARTFELT = ("thank", "grateful", "appreciat", "saved", "lifesaver", "life saver",
             "couldn't have", "could not have", "means a lot", "meant a lot", "made my day",
             "so glad", "so happy", "amazing", "ありがと", "感謝", "助か", "救われ", "救い",
             "嬉し", "うれし", "おかげ", "感動", "心強", "ほっと", "安心")
_LETTERS = re.compile(r"\w")


@dataclass(frozen=True)
class Helped:
    name: str
    problems: int
    thanks: int


@dataclass
class ReviewData:
    language: str
    cycle_start: date
    weeks: list[date]                     # the 13 active weeks' first days, oldest first
    bars: list[WeekBar]                   # problems solved and thank-yous, per active week
    solved: int
    thanked: int
    people: list[Helped]                  # helped most, most first
    quotes: list[Thanks]                  # the best, best first
    focus: Focus | None
    focus_matches: int
    streak: int                           # active weeks in a row up to the last one
    fullest: tuple[date, int] | None = None  # the week with the most problems solved

    @property
    def first_day(self) -> date:
        return self.weeks[0]

    @property
    def last_day(self) -> date:
        return self.weeks[-1] + timedelta(days=6)

    @property
    def span(self) -> int:
        """Calendar weeks from the first active week to the last (13 when none was quiet)."""
        return (self.weeks[-1] - self.weeks[0]).days // 7 + 1


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def quote_score(record: Thanks) -> float:
    """How much a thank-you says: specific (longer, up to about two sentences), heartfelt
    (words of gratitude, relief, "you saved…", up to three of them), tied to the problem it
    thanks for, and exclaimed. Ordinary one-word thanks still score, just lower."""
    text = _words(record.text)
    folded = unicodedata.normalize("NFKC", text).casefold()
    letters = len(_LETTERS.findall(folded))
    # Japanese says in 40 characters what English says in about 120
    per_point = 12 if any(ord(ch) > 0x3000 for ch in folded) else 35
    score = min(letters, 4 * per_point) / per_point
    score += min(3, sum(1 for word in HEARTFELT if word in folded))
    score += 1.5 if record.entry_id is not None else 0
    score += 0.5 if "!" in folded else 0
    return score


def best_quotes(thanks: Sequence[Thanks], person_of: Callable[[Thanks], str],
                limit: int = QUOTES) -> list[Thanks]:
    """Thank-yous with words, best first (``quote_score``; the newest of equals), one per
    person (``person_of``: their key after merges), ``limit`` at most."""
    worded = [r for r in thanks if _words(r.text)]
    worded.sort(key=lambda r: (quote_score(r), r.local_date, r.thanks_id), reverse=True)
    chosen: list[Thanks] = []
    people: set[str] = set()
    for record in worded:
        key = person_of(record)
        if key and key in people:
            continue
        people.add(key)
        chosen.append(record)
        if len(chosen) == limit:
            break
    return chosen


def who_groups(problems: Sequence[Entry]) -> list[WhoGroup]:
    """The cycle's solved problems grouped by their exact *who* (as ``storage.people`` groups
    the whole journal's)."""
    groups: dict[str, list[Entry]] = {}
    for entry in problems:
        if entry.who:
            groups.setdefault(entry.who, []).append(entry)
    return [WhoGroup(who, len(es), max(e.local_date for e in es),
                     min(e.local_date for e in es), max(e.entry_id for e in es),
                     max(e.created_utc for e in es)) for who, es in groups.items()]


def thanks_groups(thanks: Sequence[Thanks], problems: Sequence[Entry]) -> list[ThanksGroup]:
    whos = {e.entry_id: e.who for e in problems}
    groups: dict[tuple[str | None, str | None], list[Thanks]] = {}
    for record in thanks:
        linked = whos.get(record.entry_id) if record.entry_id is not None else None
        if record.sender_name or linked:
            groups.setdefault((record.sender_name, linked), []).append(record)
    return [ThanksGroup(sender, linked, len(rs), max(r.local_date for r in rs),
                        min(r.local_date for r in rs), max(r.thanks_id for r in rs),
                        max(r.received_utc for r in rs))
            for (sender, linked), rs in groups.items()]


class Reviews(AccountsService):
    def __init__(self, accounts: Accounts) -> None:
        super().__init__(accounts)
        self.practice = Practice(accounts)

    async def due(self, user: User, through: date) -> date | None:
        """The first day of the user's current cycle when it is complete by the week
        ``through`` (its first day): the review is due. None: not yet."""
        if await self.practice.due_cycle(user, through) is None:
            return None
        return await self.practice.start(user)

    async def build(self, user: User, start: date, through: date) -> ReviewData | None:
        """The review of the cycle starting on ``start`` (complete by the week ``through``);
        None if the journal no longer holds 13 active weeks there."""
        uid = user.user_id
        first_weekday = user.week_start_day
        weeks = complete_cycle(await self.practice.weeks(user, start), start, through)
        if weeks is None:
            return None
        first, last = weeks[0].isoformat(), (weeks[-1] + timedelta(days=6)).isoformat()
        problems = await digests.problems_between(self.db, uid, first, last)
        thanks = await digests.thanks_between(self.db, uid, first, last)
        aliases = await people_store.aliases(self.db, uid)
        # one bar per active week (a problem or thank-you dated in a quiet week between
        # them cannot be: such a week would be active)
        solved = dict.fromkeys(weeks, 0)
        thanked = dict.fromkeys(weeks, 0)
        for entry in problems:
            week = week_start(date.fromisoformat(entry.local_date), first_weekday)
            solved[week] = solved.get(week, 0) + 1
        for record in thanks:
            week = week_start(date.fromisoformat(record.local_date), first_weekday)
            thanked[week] = thanked.get(week, 0) + 1
        bars = [WeekBar(week_label(user.language, w), solved[w], thanked[w]) for w in weeks]
        directory = build_directory(who_groups(problems), thanks_groups(thanks, problems),
                                    aliases)
        # the directory lists the most recent first: that stays the order among equals
        helped = sorted((p for p in directory.people if p.problems),
                        key=lambda p: (-p.problems, -p.thanks))
        focus = (Focus(user.focus_who, user.focus_problem)
                 if user.focus_who or user.focus_problem else None)
        standing = await self.practice.standing(user, weeks[-1])
        best = max(weeks, key=lambda w: (solved[w], w))
        return ReviewData(
            language=user.language, cycle_start=start, weeks=weeks, bars=bars,
            solved=len(problems), thanked=len(thanks),
            people=[Helped(p.name, p.problems, p.thanks) for p in helped[:MOST_HELPED]],
            quotes=best_quotes(thanks, lambda r: directory.root(person_key(r.sender_name))),
            focus=focus,
            focus_matches=sum(1 for e in problems if focus and matches(
                focus, e.who, e.problem, e.how)),
            streak=standing.streak,
            fullest=(best, solved[best]) if solved[best] else None)

