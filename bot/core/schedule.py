"""Pure date/time scheduling helpers (no I/O).

All instants handed in must be timezone-aware; all instants handed out are aware UTC.
Wall-clock times are resolved per IANA rules with two conventions:

* a wall time that does not exist (spring-forward gap) moves to the first valid
  wall-clock minute after the gap;
* a wall time that exists twice (fall-back overlap) uses the first occurrence (fold=0).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.core.cadence import EVERY_DAY, asks_on, valid

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MINUTE = timedelta(minutes=1)
_MAX_GAP_MINUTES = 48 * 60  # no real-world gap comes close; this only bounds the search


@dataclass(frozen=True)
class Occurrence:
    """One scheduled firing: the UTC instant and the user's local date it belongs to."""

    utc: datetime  # aware, tz=UTC
    local_date: date


def _require_aware(dt: datetime, name: str) -> None:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


def _exists(naive: datetime, tz: tzinfo) -> bool:
    """True if the naive wall-clock time `naive` occurs in `tz` (round-trip check)."""
    aware = naive.replace(tzinfo=tz, fold=0)
    back = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return back == naive


def resolve_local(day: date, at: time, tz: tzinfo) -> datetime:
    """Return the aware UTC instant for wall-clock `at` on `day` in `tz`.

    Non-existent times (DST gap) resolve to the first valid wall-clock minute after the
    gap, e.g. America/New_York 2026-03-08 02:30 -> 03:00 EDT (07:00 UTC).
    Ambiguous times (DST overlap) resolve to the first occurrence (fold=0).
    Any tzinfo attached to `at` is ignored; `tz` decides.
    """
    naive = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    if not _exists(naive, tz):
        candidate = naive.replace(second=0, microsecond=0)
        for _ in range(_MAX_GAP_MINUTES):
            candidate += _MINUTE
            if _exists(candidate, tz):
                naive = candidate
                break
        else:  # pragma: no cover - would need a >48h gap in the tz database
            raise ValueError(f"no valid wall time near {naive} in {tz}")
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)


def next_occurrence(
    at: time, tz: tzinfo, after: datetime, *, not_before: date | None = None,
    days: int = EVERY_DAY,
) -> Occurrence:
    """Earliest occurrence of wall time `at` in `tz` strictly after `after`, on a local date
    whose weekday is in `days` (a ``bot.core.cadence`` mask; every day by default).

    There is exactly one occurrence per such local date (see `resolve_local`); when
    `not_before` is given, only local dates >= `not_before` are considered.
    `after` may be in any timezone; only the instant matters.
    """
    _require_aware(after, "after")
    if not valid(days):
        raise ValueError(f"days must be a weekday mask in 1..127, got {days}")
    after_utc = after.astimezone(UTC)
    day = local_date_of(after_utc, tz)
    if day > date.min:
        day -= timedelta(days=1)  # a gap-shifted occurrence may spill past midnight
    if not_before is not None and not_before > day:
        day = not_before
    for _ in range(16):  # yesterday, then a week and a day: enough for one day a week
        if asks_on(days, day):
            instant = resolve_local(day, at, tz)
            if instant > after_utc:
                return Occurrence(utc=instant, local_date=day)
        day += timedelta(days=1)
    raise ValueError("no occurrence found")  # pragma: no cover - unreachable in practice


def local_date_of(instant: datetime, tz: tzinfo) -> date:
    """The calendar date in `tz` at aware `instant`."""
    return local_now(instant, tz).date()


def local_now(instant: datetime, tz: tzinfo) -> datetime:
    """Aware `instant` expressed as local time in `tz`."""
    _require_aware(instant, "instant")
    return instant.astimezone(tz)


def week_start(day: date, first_weekday: int = 0) -> date:
    """First day of the week containing `day`; weeks begin on `first_weekday` (Mon=0..Sun=6)."""
    if not 0 <= first_weekday <= 6:
        raise ValueError("first_weekday must be in 0..6")
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def to_epoch(dt: datetime) -> int:
    """Whole seconds since the Unix epoch (floored) for aware `dt`."""
    _require_aware(dt, "dt")
    return (dt - _EPOCH) // timedelta(seconds=1)


def from_epoch(s: int) -> datetime:
    """Aware UTC datetime for `s` seconds since the Unix epoch."""
    return _EPOCH + timedelta(seconds=s)


def next_weekly_occurrence(
    weekday: int, at: time, tz: tzinfo, after: datetime, *, not_before: date | None = None
) -> Occurrence:
    """Earliest occurrence of wall time `at` on local `weekday` (Mon=0..Sun=6) in `tz`
    strictly after `after`; only local dates >= `not_before` when given. DST gaps and
    overlaps resolve as in `resolve_local`."""
    if not 0 <= weekday <= 6:
        raise ValueError("weekday must be in 0..6")
    _require_aware(after, "after")
    day = local_date_of(after.astimezone(UTC), tz) - timedelta(days=1)
    if not_before is not None and not_before > day:
        day = not_before
    for _ in range(16):
        if day.weekday() == weekday:
            instant = resolve_local(day, at, tz)
            if instant > after.astimezone(UTC):
                return Occurrence(utc=instant, local_date=day)
        day += timedelta(days=1)
    raise ValueError("no occurrence found")  # pragma: no cover - unreachable in practice


def digest_week(digest_day: date, first_weekday: int) -> date:
    """The first day of the week a digest sent on local `digest_day` covers: the week it
    ends when it falls on a week's last day (Sunday, for weeks from Monday), otherwise the
    week that ended before it, so every day is in exactly one digest."""
    if digest_day.weekday() != (first_weekday - 1) % 7:
        digest_day = week_start(digest_day, first_weekday) - timedelta(days=1)
    return week_start(digest_day, first_weekday)
