"""The journal as a list: pages of solved problems and kept thank-yous (newest first), editing
one field, deleting one item, and erasing everything (/forget).

Items are addressed by kind and id: ``"e"`` for a solved problem (an entry with status
'done'), ``"t"`` for a kept thank-you. Every lookup is scoped to the asking user, so an id
from a tampered button or a stale ``awaiting`` value is simply not found.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from bot.core.accounts import AccountsService
from bot.core.awaiting import State
from bot.core.buttons import Pressed
from bot.core.parsing import parse_id
from bot.core.voice import how_text
from storage import forget as forget_store
from storage import history as store
from storage.models import Entry, Thanks, User

PAGE_SIZE = 5
KINDS = ("e", "t")
# field name as the user sees it -> column
ENTRY_FIELDS = {"who": "who", "problem": "problem", "how": "how", "outcome": "outcome"}
THANKS_FIELDS = {"from": "sender_name", "words": "text"}
FIELDS = {"e": ENTRY_FIELDS, "t": THANKS_FIELDS}
MAX_SENDER_NAME = 64
MAX_FIELD_TEXT = 3000           # a journal field, well under one Telegram message
FORGET_CONFIRM_SECONDS = 15 * 60  # "Erase everything" works this long after it is shown
FORGET_TOKEN_BYTES = 12           # 16 URL-safe characters on the button
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16}")

_AWAITING = re.compile(r"edit:([et]):([0-9]{1,18}):([a-z]{1,10})")


@dataclass(frozen=True)
class Item:
    """One line of the history: a solved problem with its thank-yous, or a thank-you with
    the problem it is tied to."""
    kind: str                          # "e" | "t"
    number: int                        # position in the whole list, 1 = newest
    entry: Entry | None = None         # kind "e"
    thanks: Thanks | None = None       # kind "t"
    linked: tuple[Thanks, ...] = ()    # kind "e": its kept thank-yous
    problem: Entry | None = None       # kind "t": the problem it is tied to

    @property
    def item_id(self) -> int:
        if self.entry is not None:
            return self.entry.entry_id
        assert self.thanks is not None
        return self.thanks.thanks_id

    @property
    def local_date(self) -> str:
        record = self.entry if self.entry is not None else self.thanks
        assert record is not None
        return record.local_date


@dataclass(frozen=True)
class Page:
    number: int                        # 1-based, clamped to [1, pages]
    pages: int                         # at least 1
    total: int                         # items in the whole journal
    items: tuple[Item, ...]

    @property
    def has_older(self) -> bool:
        return self.number < self.pages

    @property
    def has_newer(self) -> bool:
        return self.number > 1


@dataclass(frozen=True)
class EditTarget:
    kind: str
    item_id: int
    field: str                         # as the user sees it: who/problem/how/outcome/from/words

    @property
    def awaiting(self) -> str:
        return str(State.edit(self.kind, self.item_id, self.field))

    @classmethod
    def parse(cls, awaiting: str | None) -> EditTarget | None:
        match = _AWAITING.fullmatch(awaiting or "")
        if match is None or match.group(3) not in FIELDS[match.group(1)]:
            return None
        return cls(match.group(1), int(match.group(2)), match.group(3))


@dataclass(frozen=True)
class Action:
    """A parsed ``hi:`` button. ``arg`` is a page number or a field name."""
    verb: str
    kind: str | None = None
    item_id: int | None = None
    arg: str | None = None

    @property
    def page(self) -> int:
        return parse_id(self.arg or "") or 1


def parse_action(data: str | Pressed) -> Action | None:
    """``hi:p:<page>`` and ``hi:k:<page>``; ``hi:<e|d|y>:<kind>:<id>:<page>``,
    ``hi:l:t:<id>:<page>`` (🔗 link a thank-you) and
    ``hi:f:<kind>:<id>:<field>``. None for anything else."""
    pressed = Pressed.parse(data) if isinstance(data, str) else data
    verb, args = pressed.action, pressed.args
    if pressed.area != "hi" or not args:
        return None
    if len(args) == 1 and verb in ("p", "k") and pressed.id(0) is not None:
        return Action(verb, arg=args[0])
    if len(args) != 3 or verb not in ("e", "f", "d", "y", "l") or args[0] not in KINDS:
        return None
    if verb == "l" and args[0] != "t":  # 🔗: only a thank-you is linked to a problem
        return None
    item_id = pressed.id(1)
    if item_id is None:
        return None
    if verb == "f" and args[2] not in FIELDS[args[0]]:
        return None
    if verb != "f" and pressed.id(2) is None:
        return None
    return Action(verb, args[0], item_id, args[2])


@dataclass(frozen=True)
class Edited:
    outcome: str                       # saved | gone | too_long | not_editing
    target: EditTarget | None = None
    value: str | None = None


class History(AccountsService):
    # --- pages ---------------------------------------------------------------------
    async def page(self, user: User, number: int) -> Page:
        total = await store.count_items(self.db, user.user_id)
        pages = max(1, -(-total // PAGE_SIZE))
        number = min(max(1, number), pages)
        offset = (number - 1) * PAGE_SIZE
        keys = await store.page_keys(self.db, user.user_id, PAGE_SIZE, offset)
        items = await self._items(user, keys, first_number=offset + 1)
        return Page(number, pages, total, tuple(items))

    async def _items(self, user: User, keys: list[tuple[str, int]], first_number: int
                     ) -> list[Item]:
        uid = user.user_id
        entry_ids = [i for k, i in keys if k == "e"]
        thanks_ids = [i for k, i in keys if k == "t"]
        entries = {e.entry_id: e for e in await store.entries_by_ids(self.db, uid, entry_ids)}
        thanks = {r.thanks_id: r for r in await store.thanks_by_ids(self.db, uid, thanks_ids)}
        linked: dict[int, list[Thanks]] = {}
        for record in await store.thanks_of_entries(self.db, uid, entry_ids):
            assert record.entry_id is not None
            linked.setdefault(record.entry_id, []).append(record)
        problem_ids = sorted({r.entry_id for r in thanks.values() if r.entry_id is not None})
        problems = {e.entry_id: e
                    for e in await store.entries_by_ids(self.db, uid, problem_ids)}
        items = []
        for number, (kind, item_id) in enumerate(keys, start=first_number):
            if kind == "e" and item_id in entries:
                items.append(Item("e", number, entry=entries[item_id],
                                  linked=tuple(linked.get(item_id, ()))))
            elif kind == "t" and item_id in thanks:
                record = thanks[item_id]
                problem = problems.get(record.entry_id) if record.entry_id else None
                items.append(Item("t", number, thanks=record, problem=problem))
        return items

    async def item(self, user: User, kind: str | None, item_id: int | None) -> Item | None:
        """One of the user's items (number 0: not placed on a page), or None."""
        if item_id is None:
            return None
        if kind == "e":
            entry = await store.done_entry(self.db, user.user_id, item_id)
            if entry is None:
                return None
            linked = await store.thanks_of_entries(self.db, user.user_id, [item_id])
            return Item("e", 0, entry=entry, linked=tuple(linked))
        if kind == "t":
            record = await store.kept_thanks(self.db, user.user_id, item_id)
            if record is None:
                return None
            problem = None
            if record.entry_id is not None:
                found = await store.entries_by_ids(self.db, user.user_id, [record.entry_id])
                problem = found[0] if found else None
            return Item("t", 0, thanks=record, problem=problem)
        return None

    async def media_count(self, user: User, thanks_id: int) -> int:
        return await store.media_count(self.db, user.user_id, thanks_id)

    # --- edit ----------------------------------------------------------------------
    async def start_edit(self, user: User, kind: str | None, item_id: int | None,
                         field: str | None) -> Item | None:
        """Open "send the new text for <field>" for one of the user's items. None (and
        nothing changed) when the item is not theirs or the field is not editable."""
        if kind not in FIELDS or field not in FIELDS[kind]:
            return None
        item = await self.item(user, kind, item_id)
        if item is None:
            return None
        await self.accounts.set_awaiting(user, EditTarget(kind, item.item_id, field).awaiting)
        return item

    @staticmethod
    def current_value(item: Item, field: str) -> str | None:
        record: Entry | Thanks | None = item.entry if item.kind == "e" else item.thanks
        if isinstance(record, Entry) and field == "how" and record.voice_file_id is not None:
            return how_text(record.how, record.voice_duration)  # typed words join the 🎤
        return getattr(record, FIELDS[item.kind][field]) if record is not None else None

    async def save_edit(self, user: User, text: str) -> Edited:
        """The typed answer to an open edit question: re-check ownership, save, close."""
        target = EditTarget.parse(user.awaiting)
        if target is None:
            await self.accounts.set_awaiting(user, None)
            return Edited("not_editing")
        value = text.strip()
        limit = MAX_SENDER_NAME if target.field == "from" else MAX_FIELD_TEXT
        if len(value) > limit:
            return Edited("too_long", target)  # the question stays open
        await self.accounts.set_awaiting(user, None)
        column = FIELDS[target.kind][target.field]
        if target.kind == "e":
            saved: object = await store.update_entry_field(
                self.db, user.user_id, target.item_id, column, value, self._now())
        else:
            saved = await store.update_thanks_field(self.db, user.user_id, target.item_id,
                                                    column, value)
        if saved is None:
            return Edited("gone", target)
        return Edited("saved", target, value)

    # --- delete --------------------------------------------------------------------
    async def delete(self, user: User, kind: str | None, item_id: int | None) -> bool:
        if item_id is None:
            return False
        if kind == "e":
            deleted = await store.delete_entry(self.db, user.user_id, item_id)
        elif kind == "t":
            deleted = await store.delete_thanks(self.db, user.user_id, item_id)
        else:
            return False
        if deleted:
            target = EditTarget.parse(user.awaiting)
            if target is not None and (target.kind, target.item_id) == (kind, item_id):
                await self.accounts.set_awaiting(user, None)
        return deleted

    # --- forget --------------------------------------------------------------------
    async def forget_token(self, user: User) -> str:
        """A random one-time token for the final "Erase everything" button, stored with its
        expiry; it replaces any token shown before."""
        token = secrets.token_urlsafe(FORGET_TOKEN_BYTES)
        await forget_store.issue(self.db, user.user_id, token,
                                 self._now() + FORGET_CONFIRM_SECONDS)
        return token

    async def forget_confirmed(self, user: User, token: str) -> bool:
        """The final button counts only with the token issued at the second step to this
        very account, unexpired and unused (a press typed without the two steps, an old
        button, or one from an account erased before the user came back does not)."""
        if not _TOKEN.fullmatch(token):
            await forget_store.drop(self.db, user.user_id)
            return False
        return await forget_store.take(self.db, user.user_id, token, self._now())

    async def forget_kept(self, user: User) -> None:
        """"Keep my journal" or "Cancel": the token is void."""
        await forget_store.drop(self.db, user.user_id)

    async def forget(self, user: User) -> bool:
        """Erase the user and everything they wrote. The caller must not touch the user
        afterwards (that would create a fresh row)."""
        return await store.erase_user(self.db, user.user_id)
