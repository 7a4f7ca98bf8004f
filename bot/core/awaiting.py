"""Every typed-input state the bot can be waiting in: the values of ``users.awaiting``.

One home for them: setup steps, the check-in, /history edits, thank-you steps, the digest's
intention and typed digest time, the 13-week review's next focus. ``bot/handlers/messages_in.py`` routes typed text (and
re-asks after input it could not use) with one table keyed by ``Awaiting``; every state
listed here has a receiver and a re-ask there (a unit test checks it).

A few states carry an argument after a prefix (``intent:2024-05-06``, ``thanks_from:17``,
``thanks_find:17:0``, ``edit:e:3:who``). ``State`` formats and parses them; a stored value that does not parse
(stale or tampered) is no state at all, and the text is treated like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.core.parsing import parse_id

_FIND = re.compile(r"[0-9]{1,18}:[0-9]{1,6}")


class Awaiting(StrEnum):
    """What the bot waits for. Members ending in ``:`` are prefixes that take an argument."""

    # setup (/start) and the same questions from /settings
    PERSONA = "persona"            # a button-only choice
    TIMEZONE = "tz"
    TIME = "time"
    # the daily check-in (its step is in the draft)
    ENTRY = "entry"
    # a /history ✏️ edit
    EDIT = "edit:"                 # + kind:item_id:field (read by core.history.EditTarget)
    # /thanks typed by hand, and "who was it from?" after a forward or screenshot
    THANKS_WHO = "thanks_who"
    THANKS_TEXT = "thanks_text"
    THANKS_SENDER = "thanks_from:"  # + thanks_id
    THANKS_FIND = "thanks_find:"    # + thanks_id:page — a word to find the problem it was for
    # the weekly digest
    INTENTION = "intent:"          # + the ISO date of the week the intention is for
    DIGEST_TIME = "dgtime"         # a typed time for the weekly digest
    # the 13-week review
    NEXT_FOCUS = "nextfocus"       # the next 13 weeks' focus (a /focus, typed)

    @property
    def prefixed(self) -> bool:
        return self.value.endswith(":")


MANUAL_THANKS = (Awaiting.THANKS_WHO, Awaiting.THANKS_TEXT)
SETUP_STEPS = (Awaiting.PERSONA, Awaiting.TIMEZONE, Awaiting.TIME)


@dataclass(frozen=True)
class State:
    """A parsed ``users.awaiting``: the state and, for a prefixed one, its argument."""

    kind: Awaiting
    arg: str = ""

    def __post_init__(self) -> None:
        if self.kind.prefixed != bool(self.arg):
            raise ValueError(f"{self.kind.name} {'needs' if self.kind.prefixed else 'takes no'}"
                             " argument")

    def __str__(self) -> str:
        return f"{self.kind.value}{self.arg}"

    # --- the prefixed states, built from typed values ---------------------------------

    @classmethod
    def intention(cls, week: date) -> State:
        return cls(Awaiting.INTENTION, week.isoformat())

    @classmethod
    def sender(cls, thanks_id: int) -> State:
        return cls(Awaiting.THANKS_SENDER, str(thanks_id))

    @classmethod
    def find(cls, thanks_id: int, page: int) -> State:
        """🔎 under a thank-you: a typed word finds the problem it was for (``page``: the
        /history page to return to, 0 when asked from the thank-you's confirmation)."""
        return cls(Awaiting.THANKS_FIND, f"{thanks_id}:{page}")

    @classmethod
    def edit(cls, kind: str, item_id: int, field: str) -> State:
        return cls(Awaiting.EDIT, f"{kind}:{item_id}:{field}")

    # --- reading ----------------------------------------------------------------------

    @classmethod
    def parse(cls, raw: str | None) -> State | None:
        """The state a stored value stands for, or None (nothing awaited, or a value we can
        not read). An edit is recognised by its prefix alone: its argument is checked by
        ``EditTarget.parse`` where it is used."""
        if not raw:
            return None
        for kind in Awaiting:
            if not kind.prefixed:
                if raw == kind.value:
                    return cls(kind)
            elif raw.startswith(kind.value) and len(raw) > len(kind.value):
                arg = raw[len(kind.value):]
                if kind is Awaiting.INTENTION and _iso_date(arg) is None:
                    return None
                if kind is Awaiting.THANKS_SENDER and parse_id(arg) is None:
                    return None
                if kind is Awaiting.THANKS_FIND and _FIND.fullmatch(arg) is None:
                    return None
                return cls(kind, arg)
        return None

    @property
    def week(self) -> date | None:
        """The week of an open intention question."""
        return _iso_date(self.arg) if self.kind is Awaiting.INTENTION else None

    @property
    def thanks_id(self) -> int | None:
        """The thank-you whose sender was asked for."""
        return parse_id(self.arg) if self.kind is Awaiting.THANKS_SENDER else None

    @property
    def finding(self) -> tuple[int, int] | None:
        """The thank-you whose problem is being looked for, and the /history page (or 0)."""
        if self.kind is not Awaiting.THANKS_FIND:
            return None
        thanks_id, _, page = self.arg.partition(":")
        return int(thanks_id), int(page)


def state_of(raw: str | None) -> Awaiting | None:
    """Just the kind of a stored value (None when nothing, or nothing readable, is awaited)."""
    state = State.parse(raw)
    return state.kind if state is not None else None


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
