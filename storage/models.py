"""Plain records read from the database. No behaviour beyond small conveniences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class User:
    user_id: int
    chat_id: int
    language: str
    timezone: str
    checkin_time: str
    persona: str | None
    onboarded: bool
    paused: bool
    blocked: bool
    skip_if_logged: bool
    next_checkin_utc: int | None
    next_checkin_date: str | None
    snooze_until_utc: int | None
    awaiting: str | None
    created_utc: int
    updated_utc: int

    @classmethod
    def from_row(cls, row: Any) -> User:
        return cls(
            user_id=row["user_id"],
            chat_id=row["chat_id"],
            language=row["language"],
            timezone=row["timezone"],
            checkin_time=row["checkin_time"],
            persona=row["persona"],
            onboarded=bool(row["onboarded"]),
            paused=bool(row["paused"]),
            blocked=bool(row["blocked"]),
            skip_if_logged=bool(row["skip_if_logged"]),
            next_checkin_utc=row["next_checkin_utc"],
            next_checkin_date=row["next_checkin_date"],
            snooze_until_utc=row["snooze_until_utc"],
            awaiting=row["awaiting"],
            created_utc=row["created_utc"],
            updated_utc=row["updated_utc"],
        )


@dataclass
class Entry:
    entry_id: int
    user_id: int
    local_date: str
    status: str
    step: str | None
    who: str | None
    problem: str | None
    how: str | None
    outcome: str | None
    source: str
    prompt_id: int | None
    created_utc: int
    updated_utc: int
    completed_utc: int | None

    @classmethod
    def from_row(cls, row: Any) -> Entry:
        return cls(**{k: row[k] for k in row.keys()})


@dataclass
class Prompt:
    prompt_id: int
    user_id: int
    kind: str
    local_date: str
    due_utc: int
    claimed_utc: int
    status: str
    sent_utc: int | None
    message_id: int | None
    answer: str | None

    @classmethod
    def from_row(cls, row: Any) -> Prompt:
        return cls(**{k: row[k] for k in row.keys()})
