"""Plain records read from the database. No behaviour beyond small conveniences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self


class FromRow:
    """A record built from a database row whose columns are its fields."""

    @classmethod
    def from_row(cls, row: Any) -> Self:
        return cls(**{k: row[k] for k in row.keys()})


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
    snooze_date: str | None
    awaiting: str | None
    created_utc: int
    updated_utc: int
    digest_enabled: bool = True
    digest_weekday: int = 6          # 0 = Monday … 6 = Sunday
    digest_time: str = "20:00"
    week_start_day: int = 0          # 0 = Monday
    next_digest_utc: int | None = None
    next_digest_date: str | None = None
    focus_who: str | None = None
    focus_problem: str | None = None
    resurface_enabled: bool = True   # a thank-you from a while ago comes back weekly
    next_resurface_utc: int | None = None
    next_resurface_date: str | None = None
    vary_questions: bool = True      # the question after *how* varies by persona and day
    cycle_start: str | None = None   # the current 13-week cycle's first day (core.practice)
    next_review_utc: int | None = None
    next_review_date: str | None = None
    checkin_days: int = 127          # the daily question's weekdays: bit 0 = Monday … 6 = Sunday

    @classmethod
    def from_row(cls, row: Any) -> User:
        values = {k: row[k] for k in row.keys()}
        for flag in ("onboarded", "paused", "blocked", "skip_if_logged", "digest_enabled",
                     "resurface_enabled", "vary_questions"):
            values[flag] = bool(values[flag])
        return cls(**values)


@dataclass(frozen=True)
class Voice:
    """A voice message: Telegram's file id (to send it back) and its length in seconds."""
    file_id: str
    duration: int


@dataclass(frozen=True)
class Kept:
    """Something the user sent outside any question, kept until they say what it is: a
    text, or a voice message (its text empty)."""
    inbox_id: int
    text: str
    voice: Voice | None = None


@dataclass
class Entry(FromRow):
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
    note: str | None = None              # a comment added later (a reply, a line typed with it)
    reply_message_id: int | None = None  # the bot's confirmation of it
    outcome_question: str | None = None  # the key of the question after *how* (core.questions)
    voice_file_id: str | None = None     # a voice message kept as the *how*
    voice_duration: int | None = None    # its length in seconds


@dataclass
class Prompt(FromRow):
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


@dataclass
class Thanks(FromRow):
    thanks_id: int
    user_id: int
    status: str
    source: str
    kind: str
    origin_type: str | None
    sender_name: str | None
    sender_username: str | None
    sender_user_id: int | None
    sender_chat_id: int | None
    origin_message_id: int | None
    author_signature: str | None
    original_utc: int | None
    received_utc: int
    local_date: str
    text: str | None
    entities: str | None
    media_group_id: str | None
    dedupe_key: str | None
    entry_id: int | None
    message_id: int | None
    note: str | None = None              # a line typed with the forward, or a reply
    reply_message_id: int | None = None  # the bot's confirmation of it


@dataclass
class Digest(FromRow):
    digest_id: int
    user_id: int
    week_start: str
    local_date: str
    due_utc: int
    claimed_utc: int
    status: str
    sent_utc: int | None
    message_id: int | None
    quiet_key: str | None = None     # the person it noticed had not been seen for a while
