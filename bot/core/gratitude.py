"""Thank-you messages: forwarded, sent as screenshots, or typed in; deduplicated and tied to
the solved problem they thank for. The handlers turn Telegram messages into the plain
``IncomingThanks`` below; everything decided about a thank-you is decided here."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bot.core.accounts import AccountsService
from bot.core.awaiting import Awaiting, State
from bot.core.names import person_key, related
from bot.core.people import People
from bot.core.schedule import week_start
from bot.core.search import build_query
from storage import entries
from storage import history as history_store
from storage import search as search_store
from storage import thanks as store
from storage.models import Entry, Thanks, User

OFFERED = 5            # problems offered under a thank-you
OFFERED_MATCHING = 3   # … of which at most this many because the sender's name matches
KEEPABLE = ("text", "photo", "voice", "video", "video_note", "audio", "animation", "sticker",
            "document")
ATTACH_WINDOW_DAYS = 30
ATTACH_CANDIDATES = 30  # recent unlinked thank-yous looked at for the check-in's 💌 Attach


@dataclass(frozen=True)
class MediaFile:
    kind: str
    file_id: str
    file_unique_id: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Origin:
    """Who a forwarded message came from, as Telegram reports it."""
    type: str                   # user | hidden_user | chat | channel
    name: str                   # full name, hidden sender's name, or chat/channel title
    date_utc: int               # when the original message was sent
    username: str | None = None
    user_id: int | None = None
    chat_id: int | None = None
    message_id: int | None = None
    signature: str | None = None


@dataclass(frozen=True)
class IncomingThanks:
    source: str                 # forward | screenshot
    kind: str                   # text | photo | voice | … (see KEEPABLE)
    message_id: int
    origin: Origin | None = None
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    media: tuple[MediaFile, ...] = ()
    media_group_id: str | None = None


@dataclass(frozen=True)
class Received:
    outcome: str                # saved | pending | album_part | duplicate | attached
    thanks: Thanks
    entry: Entry | None = None  # the draft it was attached to (outcome "attached")


def dedupe_key(incoming: IncomingThanks) -> str | None:
    """The same message forwarded twice has the same key: same origin, original date and
    content, or the same channel post. A screenshot is known by its file."""
    origin = incoming.origin
    if origin is None:
        return f"file:{incoming.media[0].file_unique_id}" if incoming.media else None
    if origin.type == "channel" and origin.chat_id is not None and origin.message_id:
        return f"channel:{origin.chat_id}:{origin.message_id}"
    content = "\x1f".join([incoming.kind, incoming.text or "",
                           *(m.file_unique_id for m in incoming.media)])
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:32]
    who = origin.user_id or origin.chat_id or origin.name
    return f"{origin.type}:{who}:{origin.date_utc}:{digest}"


def _media_rows(media: tuple[MediaFile, ...]) -> list[store.MediaRow]:
    return [(m.kind, m.file_id, m.file_unique_id,
             json.dumps(m.details, ensure_ascii=False) if m.details else None) for m in media]


class Gratitude(AccountsService):
    async def receive(self, user: User, incoming: IncomingThanks) -> Received:
        """Keep a forwarded message (kept at once) or a screenshot (pending until the user
        says it is a thank-you). Later parts of an album join the first part's record."""
        if incoming.media_group_id:
            album = await store.by_album(self.db, user.user_id, incoming.media_group_id)
            if album is not None:
                await store.add_media(self.db, user.user_id, album.thanks_id,
                                      _media_rows(incoming.media))
                if incoming.text and not album.text:  # the caption sat on a later picture
                    album = await store.update(
                        self.db, user.user_id, album.thanks_id, text=incoming.text,
                        entities=json.dumps(incoming.entities, ensure_ascii=False)
                        if incoming.entities else None) or album
                return Received("album_part", album)
        key = dedupe_key(incoming)
        existing = await self._existing(user, key, incoming)
        if existing is not None:
            if incoming.media_group_id:  # the rest of this album belongs to it, silently
                await store.update(self.db, user.user_id, existing.thanks_id,
                                   media_group_id=incoming.media_group_id)
            return Received("duplicate", existing)
        draft = await self._open_draft_entry(user) if incoming.source == "forward" else None
        origin = incoming.origin
        fields: dict[str, Any] = {
            "status": "kept" if incoming.source == "forward" else "pending",
            "source": incoming.source, "kind": incoming.kind,
            "received_utc": self._now(), "local_date": self.today(user),
            "text": incoming.text,
            "entities": json.dumps(incoming.entities, ensure_ascii=False)
            if incoming.entities else None,
            "media_group_id": incoming.media_group_id, "dedupe_key": key,
            "entry_id": draft.entry_id if draft else None, "message_id": incoming.message_id,
        }
        if origin is not None:
            fields |= {"origin_type": origin.type, "sender_name": origin.name,
                       "sender_username": origin.username, "sender_user_id": origin.user_id,
                       "sender_chat_id": origin.chat_id, "origin_message_id": origin.message_id,
                       "author_signature": origin.signature, "original_utc": origin.date_utc}
        record = await store.insert(self.db, user.user_id, fields, _media_rows(incoming.media))
        if record is None:  # the same message, racing itself
            existing = await store.by_key(self.db, user.user_id, key or "")
            assert existing is not None
            return Received("duplicate", existing)
        if draft is not None:
            return Received("attached", record, draft)
        return Received("saved" if record.status == "kept" else "pending", record)

    async def _existing(self, user: User, key: str | None,
                        incoming: IncomingThanks) -> Thanks | None:
        if key is not None:
            found = await store.by_key(self.db, user.user_id, key)
            if found is not None:
                return found
        if incoming.origin is None:
            for media in incoming.media:
                found = await store.has_file(self.db, user.user_id, media.file_unique_id)
                if found is not None:
                    return found
        return None

    async def _open_draft_entry(self, user: User) -> Entry | None:
        """The entry being written, when its last question ("what came of it?") is open:
        a thank-you forwarded then is that problem's thank-you."""
        if user.awaiting != Awaiting.ENTRY:
            return None
        draft = await entries.get_draft(self.db, user.user_id)
        return draft if draft is not None and draft.step == "outcome" else None

    async def get(self, user: User, thanks_id: int) -> Thanks | None:
        return await store.get(self.db, user.user_id, thanks_id)

    async def confirm(self, user: User, thanks_id: int) -> Thanks | None:
        """The user said a pending screenshot is a thank-you."""
        record = await self.get(user, thanks_id)
        if record is None or record.status == "draft":
            return None
        if record.status == "pending":
            record = await store.update(self.db, user.user_id, thanks_id, status="kept",
                                        received_utc=self._now(), local_date=self.today(user))
        return record

    async def discard(self, user: User, thanks_id: int) -> bool:
        """Undo ("not a thank-you") or "no" to a screenshot: the record and its files go."""
        return await store.delete(self.db, user.user_id, thanks_id)

    async def set_sender(self, user: User, thanks_id: int, name: str) -> Thanks | None:
        return await store.update(self.db, user.user_id, thanks_id, sender_name=name)

    async def link(self, user: User, thanks_id: int, entry_id: int | None) -> Entry | None:
        """Tie a thank-you to one of the user's solved problems (or to none). Returns the
        problem, or None when either does not belong to this user."""
        record = await self.get(user, thanks_id)
        if record is None or record.status != "kept":
            return None
        entry = None
        if entry_id is not None:
            entry = await entries.get(self.db, user.user_id, entry_id)
            if entry is None or entry.status not in ("done", "draft"):
                return None
        await store.update(self.db, user.user_id, thanks_id, entry_id=entry_id)
        return entry

    async def problems_to_offer(self, user: User, record: Thanks) -> tuple[list[Entry], int]:
        """The problems a thank-you may be for: first those of its sender (the same person,
        forgivingly matched and after the user's merges, then related names), then the
        newest. Returns them and how many matched the sender."""
        return await People(self.accounts).problems_for(user, record.sender_name, OFFERED,
                                                        OFFERED_MATCHING)

    async def find_problems(self, user: User, text: str, limit: int = OFFERED) -> list[Entry]:
        """Solved problems whose words hold every word of ``text`` (🔎), newest first."""
        query = build_query(text)
        if query is None:
            return []
        hits, _ = await search_store.search(self.db, user.user_id, query.terms, limit,
                                            problems_only=True)
        found = {e.entry_id: e for e in await history_store.entries_by_ids(
            self.db, user.user_id, [h.record_id for h in hits])}
        return [found[h.record_id] for h in hits if h.record_id in found]

    async def start_find(self, user: User, thanks_id: int, page: int) -> Thanks | None:
        """🔎: wait for a word to find the problem a kept thank-you was for."""
        record = await self.get(user, thanks_id)
        if record is None or record.status != "kept":
            return None
        await self.accounts.set_awaiting(user, State.find(thanks_id, page))
        return record

    async def attachable(self, user: User, who: str | None = None,
                         limit: int = 5) -> list[Thanks]:
        """Recent thank-yous not yet tied to any problem; those from ``who`` (the problem's
        person, forgivingly matched and after merges), then related names, first."""
        since = self.accounts.today(user) - timedelta(days=ATTACH_WINDOW_DAYS)
        found = await store.recent_unlinked(self.db, user.user_id, since.isoformat(),
                                            ATTACH_CANDIDATES)
        if person_key(who):
            directory = await People(self.accounts).directory(user)
            key = directory.root(person_key(who))

            def rank(record: Thanks) -> int:
                sender = directory.root(person_key(record.sender_name))
                return 0 if sender == key else 1 if related(sender, key) else 2

            found.sort(key=rank)
        return found[:limit]

    async def week_count(self, user: User) -> int:
        start = week_start(self.accounts.today(user), user.week_start_day)
        return await store.count_kept_between(self.db, user.user_id, start.isoformat(),
                                              (start + timedelta(days=6)).isoformat())

    # --- typed in with /thanks -------------------------------------------------------
    async def save_manual(self, user: User, who: str, text: str) -> Thanks:
        record = await store.insert(self.db, user.user_id,
                                    self._manual_fields(user, who, text, "kept"), ())
        assert record is not None
        return record

    def _manual_fields(self, user: User, who: str | None, text: str | None,
                       status: str) -> dict[str, Any]:
        return {"status": status, "source": "manual", "kind": "text", "sender_name": who,
                "text": text, "received_utc": self._now(), "local_date": self.today(user)}

    async def start_manual(self, user: User, who: str | None) -> Thanks:
        """A draft for /thanks; the next typed answers fill who, then what they said."""
        await store.delete_drafts(self.db, user.user_id)
        record = await store.insert(self.db, user.user_id,
                                    self._manual_fields(user, who, None, "draft"), ())
        assert record is not None
        await self.accounts.set_awaiting(user, Awaiting.THANKS_TEXT if who else Awaiting.THANKS_WHO)
        return record

    async def manual_answer(self, user: User, text: str) -> Thanks | None:
        """Fill the open /thanks question. Returns the record; status "kept" when done."""
        draft = await store.get_draft(self.db, user.user_id)
        if draft is None:
            await self.accounts.set_awaiting(user, None)
            return None
        if draft.sender_name is None:
            await self.accounts.set_awaiting(user, Awaiting.THANKS_TEXT)
            return await store.update(self.db, user.user_id, draft.thanks_id, sender_name=text)
        await self.accounts.set_awaiting(user, None)
        return await store.update(self.db, user.user_id, draft.thanks_id, text=text,
                                  status="kept", received_utc=self._now(),
                                  local_date=self.today(user))

    async def manual_draft(self, user: User) -> Thanks | None:
        return await store.get_draft(self.db, user.user_id)

    async def cancel_manual(self, user: User) -> None:
        await store.delete_drafts(self.db, user.user_id)
