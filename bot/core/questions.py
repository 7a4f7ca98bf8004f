"""Which question comes after *how* (issue 9, item 8).

Today's default, "What came of it?", is one of a few questions; with variety on (the user's
``vary_questions`` setting, on unless turned off in /settings) the question changes gently
by persona and day. The choice is a pure function of the user, their persona and the local
date, so it is the same however often the question is asked that day, in any process.

Never the same question two days running, with no history to read: every question belongs
to one of two halves, the even and the odd days of the calendar (``date.toordinal()``), so
two neighbouring days always draw from different halves, whatever the persona was on either
day. Within its half, a day's question is picked by a stable hash of the user and the date.
"""

from __future__ import annotations

import hashlib
from datetime import date

DEFAULT = "result"  # "What came of it?": always, when variety is off

# Each question, and the half of the days it is asked on (0: even ordinal, 1: odd).
HALF: dict[str, int] = {
    "result": 0,        # What came of it?
    "without_you": 0,   # What would their week have been like without you?
    "surprised": 0,     # What surprised you?
    "team": 0,          # What changed for your team or your customer?  (office)
    "learned": 0,       # What did you learn from it?  (student)
    "helped_you": 1,    # Who helped *you* today?
    "their_words": 1,   # Did they say anything afterwards?
    "again": 1,         # What would you do the same way next time?
    "felt": 1,          # How did they seem afterwards?  (parent)
    "client": 1,        # What changed for your client?  (freelancer)
}

# The questions each persona is asked (None: no persona yet, or "other").
_GENERAL = ("result", "without_you", "surprised", "helped_you", "their_words", "again")
POOLS: dict[str | None, tuple[str, ...]] = {
    None: _GENERAL,
    "other": _GENERAL,
    "office": ("result", "without_you", "team", "helped_you", "their_words", "again"),
    "parent": ("result", "without_you", "surprised", "helped_you", "their_words", "felt"),
    "student": ("result", "surprised", "learned", "helped_you", "their_words", "again"),
    "freelancer": ("result", "without_you", "surprised", "helped_you", "client", "again"),
}


def pool(persona: str | None) -> tuple[str, ...]:
    return POOLS.get(persona, _GENERAL)


def _pick(user_id: int, day: date, count: int) -> int:
    digest = hashlib.blake2b(f"{user_id}:{day.isoformat()}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count


def outcome_question(user_id: int, day: date, persona: str | None, varied: bool) -> str:
    """The key of the question after *how* for this user on their local ``day``."""
    if not varied:
        return DEFAULT
    half = day.toordinal() % 2
    candidates = [key for key in pool(persona) if HALF[key] == half]
    return candidates[_pick(user_id, day, len(candidates))]
