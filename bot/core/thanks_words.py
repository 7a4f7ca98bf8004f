"""How a thank-you is shown, in one place: who sent it and what it said.

Replies, the weekly digest, /history, /search and the export all name a thank-you's sender
and quote its words through these functions, so "Dev Weekly (Sam)", “…” / 「…」, shortening
and "📷 a screenshot from Sam" read the same everywhere. Everything returned is plain text
(callers escape it once, through ``bot.messages.t``), except that ``quoted`` wraps whatever it
is given, so it can wrap text that is already HTML.

A record is anything with the fields of ``ThanksLike`` (``storage.models.Thanks``, a search
hit through ``of_fields``, an export row through ``of_row``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from bot.messages import plain, shorten

NAME_LIMIT = 40
SIGNATURE_LIMIT = 24
QUOTE_LIMIT = 100
# Japanese names already carrying a title get no さん added.
HONORIFICS = ("さん", "様", "さま", "サン", "くん", "君", "ちゃん", "先生", "氏", "殿", "御中")
# Origins that are a person (a manual /thanks or a screenshot has none): they get さん in
# Japanese running text; a group or channel title does not.
PERSON_ORIGINS = (None, "user", "hidden_user")
MEDIA_EMOJI = {"photo": "📷", "voice": "🎤", "video": "🎬", "video_note": "🎬", "audio": "🎵",
               "animation": "🎞", "sticker": "💬", "document": "📄", "text": "💬"}


class ThanksLike(Protocol):
    @property
    def sender_name(self) -> str | None: ...
    @property
    def author_signature(self) -> str | None: ...
    @property
    def origin_type(self) -> str | None: ...
    @property
    def source(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str | None: ...


@dataclass(frozen=True)
class ThanksFields:
    """The fields these formatters read, for records that are not a ``Thanks``."""
    sender_name: str | None = None
    author_signature: str | None = None
    origin_type: str | None = None
    source: str = "manual"
    kind: str = "text"
    text: str | None = None


def of_row(row: Mapping[str, Any]) -> ThanksFields:
    """An export row (a dict of the ``thanks`` table's columns)."""
    return ThanksFields(row.get("sender_name"), row.get("author_signature"),
                        row.get("origin_type"), row.get("source") or "manual",
                        row.get("kind") or "text", row.get("text"))


# --- who ----------------------------------------------------------------------------------

def sender(lang: str, record: ThanksLike, limit: int = NAME_LIMIT, *,
           fallback: bool = True) -> str:
    """Who thanked: "Mia", "Dev Weekly (Sam)" for a channel post with a signature,
    "someone" / 「どなたか」 when nobody was named ("" with ``fallback=False``)."""
    name = shorten((record.sender_name or "").strip(), limit)
    if not name:
        return plain(lang, "thanks_someone") if fallback else ""
    if record.author_signature:
        return plain(lang, "who_with_signature", name=name,
                     signature=shorten(record.author_signature, SIGNATURE_LIMIT))
    return name


def is_person(record: ThanksLike) -> bool:
    return record.origin_type in PERSON_ORIGINS


def sender_in_sentence(lang: str, record: ThanksLike, limit: int = NAME_LIMIT) -> str:
    """The sender inside a sentence: in Japanese a person gets さん (「Samさん」) unless the
    name already carries a title; a group or channel keeps its title as it is."""
    who = sender(lang, record, limit)
    name = (record.sender_name or "").strip()
    if (lang == "ja" and name and is_person(record) and not record.author_signature
            and not name.endswith(HONORIFICS)):
        return who + "さん"
    return who


# --- what ---------------------------------------------------------------------------------

def quoted(lang: str, text: str) -> str:
    """Quotation marks for the language: “…” or 「…」 (``text`` is used as it is)."""
    return plain(lang, "quote_marks", text=text)


def quote(lang: str, text: str, limit: int = QUOTE_LIMIT) -> str:
    """User text shortened to ``limit`` (whitespace folded) in quotation marks."""
    return quoted(lang, shorten(text, limit))


def media(lang: str, record: ThanksLike) -> str:
    """What a thank-you without words is: "📷 a screenshot", "🎤 a voice message", …"""
    kind = "screenshot" if record.source == "screenshot" else record.kind
    emoji = MEDIA_EMOJI.get(record.kind, "💬")
    return plain(lang, "thanks_media", emoji=emoji, noun=noun(lang, kind))


def noun(lang: str, kind: str) -> str:
    key = f"media_{kind}"
    try:
        return plain(lang, key)
    except KeyError:
        return plain(lang, "media_text")


def media_from(lang: str, record: ThanksLike, limit: int = NAME_LIMIT) -> str:
    """"📷 a screenshot from Sam" / 「📷 Samさんからのスクリーンショット」; without a known
    sender just "📷 a screenshot" / 「📷 スクリーンショット」."""
    if not (record.sender_name or "").strip():
        return media(lang, record)
    kind = "screenshot" if record.source == "screenshot" else record.kind
    return plain(lang, "thanks_media_from", emoji=MEDIA_EMOJI.get(record.kind, "💬"),
                 noun=noun(lang, kind), who=sender_in_sentence(lang, record, limit))


def words(lang: str, record: ThanksLike, limit: int = QUOTE_LIMIT) -> str:
    """What it said, for a line that names the sender separately: the words in quotation
    marks, or what it is when it has none ("📷 a screenshot", never “📷 photo”)."""
    if record.text and record.text.strip():
        return quote(lang, record.text, limit)
    return media(lang, record)


def line(lang: str, record: ThanksLike, limit: int = QUOTE_LIMIT,
         who_limit: int = NAME_LIMIT) -> str:
    """The whole thank-you in one line: "“Thanks!” — Mia" / 「ありがとう!」— 佐藤さん, or
    "📷 a screenshot from Sam" when it has no words."""
    if record.text and record.text.strip():
        return plain(lang, "thanks_line", quote=quote(lang, record.text, limit),
                     who=sender(lang, record, who_limit))
    return media_from(lang, record, who_limit)
