"""The daily question's cadence: the local weekdays it is asked on (pure, no I/O).

A cadence is a 7-bit mask, bit 0 = Monday … bit 6 = Sunday (``users.checkin_days``, the
same numbering as ``date.weekday()`` and the digest's day), never empty. The four choices of
/settings are sets of days: every day (all seven), three times a week (Monday, Wednesday and
Friday), once a week (one day the user picks) and chosen weekdays (any other set). Only the
question follows the cadence: an entry can be written, and ``/log`` used, on any day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

EVERY_DAY = 0b1111111
THREE_TIMES = 0b0010101           # Monday, Wednesday, Friday
WEEKDAYS = 0b0011111              # Monday to Friday
WEEKEND = 0b1100000               # Saturday and Sunday


def valid(mask: int) -> bool:
    """A cadence asks on at least one day and names no eighth one."""
    return 1 <= mask <= EVERY_DAY


def mask_of(weekdays: Iterable[int]) -> int:
    mask = 0
    for day in weekdays:
        if not 0 <= day <= 6:
            raise ValueError(f"weekday {day} is not in 0..6")
        mask |= 1 << day
    return mask


def days_of(mask: int) -> tuple[int, ...]:
    """The weekdays of ``mask``, Monday first."""
    return tuple(d for d in range(7) if mask >> d & 1)


def asks_on(mask: int, day: date) -> bool:
    """Whether the question is asked on local ``day``."""
    return bool(mask >> day.weekday() & 1)


def kind(mask: int) -> str:
    """Which of /settings' choices ``mask`` is: ``daily``, ``three`` (Mon, Wed, Fri),
    ``weekly`` (one day) or ``chosen`` (any other set)."""
    if mask == EVERY_DAY:
        return "daily"
    if mask == THREE_TIMES:
        return "three"
    if len(days_of(mask)) == 1:
        return "weekly"
    return "chosen"


def toggled(mask: int, weekday: int) -> int | None:
    """``mask`` with ``weekday`` added or taken away; None when that would leave no day."""
    changed = mask ^ mask_of([weekday])
    return changed if valid(changed) else None
