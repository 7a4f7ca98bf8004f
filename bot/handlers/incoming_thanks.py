"""Turn a Telegram message into the plain ``IncomingThanks`` the core understands."""

from __future__ import annotations

import re
from typing import Any

from telegram import (
    Message,
    MessageOrigin,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
)

from bot.core.gratitude import IncomingThanks, MediaFile, Origin
from bot.core.sanitize import clean, clean_formatted, is_blank

# The attributes each keepable kind carries besides its file ids.
_DETAILS = {
    "voice": ("duration", "mime_type", "file_size"),
    "audio": ("duration", "mime_type", "file_name", "performer", "title", "file_size"),
    "video": ("duration", "width", "height", "mime_type", "file_name", "file_size"),
    "video_note": ("duration", "length", "file_size"),
    "animation": ("duration", "width", "height", "mime_type", "file_name", "file_size"),
    "sticker": ("emoji", "set_name", "type", "is_animated", "is_video"),
    "document": ("file_name", "mime_type", "file_size"),
    "photo": ("width", "height", "file_size"),
}
# Checked in this order: an animation also carries a ``document``.
_MEDIA_KINDS = ("photo", "animation", "voice", "audio", "video", "video_note", "sticker",
                "document")


_CJK_NAME = re.compile(r"[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def person_name(first: str, last: str | None) -> str:
    """A Telegram user's name as people write it: "Yuki Tanaka"; but family name first and
    no space between (as Japanese readers expect) when both parts are CJK script."""
    first, last = first.strip(), (last or "").strip()
    if first and last and _CJK_NAME.fullmatch(first) and _CJK_NAME.fullmatch(last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)


def _origin(origin: MessageOrigin) -> Origin:
    """Who sent it; names and signatures are cleaned like any text (``bot.core.sanitize``)."""
    date_utc = int(origin.date.timestamp())
    if isinstance(origin, MessageOriginUser):
        user = origin.sender_user
        return Origin("user", clean(person_name(user.first_name, user.last_name)), date_utc, username=user.username,
                      user_id=user.id)
    if isinstance(origin, MessageOriginHiddenUser):
        return Origin("hidden_user", clean(origin.sender_user_name), date_utc)
    if isinstance(origin, MessageOriginChannel):
        return Origin("channel", clean(origin.chat.title or origin.chat.effective_name),
                      date_utc, username=origin.chat.username, chat_id=origin.chat.id,
                      message_id=origin.message_id,
                      signature=clean(origin.author_signature) or None)
    if isinstance(origin, MessageOriginChat):
        chat = origin.sender_chat
        return Origin("chat", clean(chat.title or chat.effective_name), date_utc,
                      username=chat.username, chat_id=chat.id,
                      signature=clean(origin.author_signature) or None)
    raise ValueError(f"unknown origin {origin.type}")


def _media(message: Message) -> tuple[str, tuple[MediaFile, ...]]:
    for kind in _MEDIA_KINDS:
        value = getattr(message, kind)
        if not value:
            continue
        item = value[-1] if kind == "photo" else value  # the largest photo size
        raw = item.to_dict()  # JSON values as Telegram sent them (durations in seconds)
        details = {name: raw[name] for name in _DETAILS[kind] if raw.get(name) is not None}
        return kind, (MediaFile(kind, item.file_id, item.file_unique_id, details),)
    return "text", ()


def _text(message: Message) -> tuple[str | None, list[dict[str, Any]]]:
    """The text or caption, cleaned, with its formatting moved to match (None when it shows
    nothing: a forward of only zero-width characters is not a thank-you)."""
    if message.text is not None:
        text, entities = message.text, message.entities
    elif message.caption is not None:
        text, entities = message.caption, message.caption_entities
    else:
        return None, []
    cleaned, moved = clean_formatted(text, [e.to_dict() for e in entities])
    return (None, []) if is_blank(cleaned) else (cleaned, moved)


def parse_forward(message: Message) -> IncomingThanks | None:
    """A forwarded message as a thank-you; None for kinds that cannot be one (a poll, a
    location, a contact, …)."""
    assert message.forward_origin is not None
    kind, media = _media(message)
    text, entities = _text(message)
    if kind == "text" and text is None:
        return None
    return IncomingThanks("forward", kind, message.message_id, _origin(message.forward_origin),
                          text, entities, media, message.media_group_id)


def is_image(message: Message) -> bool:
    """A photo, or an image sent as a file."""
    document = message.document
    return bool(message.photo) or (
        document is not None and message.animation is None
        and (document.mime_type or "").startswith("image/"))


def parse_screenshot(message: Message) -> IncomingThanks:
    kind, media = _media(message)
    text, entities = _text(message)
    return IncomingThanks("screenshot", kind, message.message_id, None, text, entities, media,
                          message.media_group_id)
