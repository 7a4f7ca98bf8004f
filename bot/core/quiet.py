"""Someone who thanked the user before and has not been in the journal for a while: the
weekly digest names one (pure: /people's directory in, at most one person out).

The rule: a person (after the user's merges, as /people counts them) with at least one kept
thank-you (sent by them, or tied to one of their problems) and no solved problem and no
thank-you in the ``QUIET_DAYS`` before the digest's week ends. Of those, the most thanked;
then the one seen most recently (the one the user is likeliest still to reach), then by
name, so the choice is stable. Never the person the previous digest named, so two digests
in a row never name the same one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.core.memories import Age
from bot.core.people import Person

QUIET_DAYS = 56   # eight weeks


@dataclass(frozen=True)
class Quiet:
    key: str          # their person key (after merges), kept with the digest that named them
    name: str         # as /people names them
    thanks: int       # thank-yous from them or for their problems
    last_seen: date   # the local date of their newest problem or thank-you
    age: Age          # how long ago that is, at the digest's week's end


def choose_quiet(people: Iterable[Person], week_end: date, last_shown: str | None) -> Quiet | None:
    """The person the digest for the week ending on ``week_end`` names, or None."""
    quiet = [p for p in people
             if p.thanks > 0 and p.last_date
             and (week_end - date.fromisoformat(p.last_date)).days >= QUIET_DAYS
             and (last_shown is None or last_shown not in p.keys)]
    if not quiet:
        return None
    quiet.sort(key=lambda p: p.name)
    quiet.sort(key=lambda p: (p.thanks, p.last_date), reverse=True)  # stable: by name within
    best = quiet[0]
    seen = date.fromisoformat(best.last_date)
    return Quiet(best.key, best.name, best.thanks, seen, Age.between(seen, week_end))
