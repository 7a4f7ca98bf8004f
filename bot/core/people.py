"""/people: the people (or kinds of people) a user helped, and their history together.

A person is every solved problem whose *who*, and every kept thank-you whose sender, has the
same ``person_key`` (``bot.core.names``), after following the user's merges (aliases: one key
counts as another's person). A thank-you counts for its sender's person and, when it is tied
to a problem, for that problem's person too (once if they are the same).

Buttons name a person by one of their records (``e`` + entry id, ``t`` + thank-you id), so
callback data stays short and every press is re-checked against the user's own journal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.accounts import AccountsService
from bot.core.names import person_key, related
from storage import entries as entry_store
from storage import history as history_store
from storage import people as store
from storage import thanks as thanks_store
from storage.models import Entry, Thanks, User
from storage.people import Alias

PAGE_SIZE = 8          # people on one /people page
HISTORY_SHOWN = 8      # lines on one /people NAME page
MAX_HISTORY_PAGE = 200  # pages further back are a /search away
SUGGESTIONS = 2        # "Yuki = Yuki Tanaka?" buttons under the list
SUGGEST_AMONG = 40     # … looked for among this many most recent people
MAX_NAME = 64          # a typed name to look up or merge
REF_KINDS = ("e", "t")

MERGE_WORDS = ("merge", "join", "same", "統合", "まとめる", "同じ", "同一人物")
SPLIT_WORDS = ("split", "unmerge", "separate", "undo", "分ける", "解除", "戻す", "取り消す")
_PLUS = re.compile(r"\s*(?:\+|＋|=|＝)\s*")


@dataclass(frozen=True)
class Ref:
    """A record that names a person: ``("e", entry_id)`` or ``("t", thanks_id)``."""
    kind: str
    record_id: int

    @property
    def args(self) -> tuple[str, int]:
        return self.kind, self.record_id


@dataclass
class Person:
    key: str                              # the root key (after merges)
    name: str = ""                        # as the user wrote it most recently
    problems: int = 0
    thanks: int = 0
    first_date: str = ""
    last_date: str = ""
    last_utc: int = 0                     # when the newest of their records was written
    ref: Ref | None = None
    whos: set[str] = field(default_factory=set)       # exact *who* texts
    senders: set[str] = field(default_factory=set)    # exact sender names
    keys: set[str] = field(default_factory=set)       # every key merged into this one
    # each way the name is written -> (a *who*?, how often, last date, newest id)
    _forms: dict[str, tuple[bool, int, str, int]] = field(default_factory=dict)

    def _seen(self, first: str, last: str, last_utc: int) -> None:
        self.first_date = min(self.first_date or first, first)
        self.last_date = max(self.last_date, last)
        self.last_utc = max(self.last_utc, last_utc)

    def _form(self, name: str, is_who: bool, count: int, last: str, last_id: int) -> None:
        was_who, old_count, old_last, old_id = self._forms.get(name, (False, 0, "", 0))
        self._forms[name] = (is_who or was_who, old_count + count, max(old_last, last),
                             max(old_id, last_id))

    def _choose_name(self) -> None:
        """How the user writes this person most: a *who* over a sender's name (Telegram's
        full name), their own key's forms over merged ones, then the most often, then the
        most recent."""
        if not self._forms:
            self.name = self.key
            return
        self.name = max(self._forms, key=lambda n: (
            person_key(n) == self.key, *self._forms[n]))


@dataclass
class Directory:
    """Everyone in one user's journal, the most recently seen first."""
    people: list[Person]
    aliases: list[Alias]
    roots: dict[str, str]                  # every known key -> its person's key

    def root(self, key: str) -> str:
        return self.roots.get(key, key)

    def get(self, key: str) -> Person | None:
        root = self.root(key)
        return next((p for p in self.people if p.key == root), None)

    def find(self, name: str) -> list[Person]:
        """Forgiving lookup of a typed name: the person whose key it is (after merges); else
        everyone whose name is related to it (a shared word, 佐藤 in 佐藤花子), most recent
        first."""
        key = person_key(name)
        if not key:
            return []
        found = self.get(key)
        if found is not None:
            return [found]
        return [p for p in self.people if any(related(key, k) for k in p.keys)]

    def merged_into(self, person: Person) -> list[Alias]:
        """The merges that made other names this person (each can be undone)."""
        return [a for a in self.aliases if self.root(a.target_key) == person.key]

    def candidates(self, first: Person, limit: int = 12) -> list[Person]:
        """Who else ``first`` may be (to merge): related names first, then the most
        recent people."""
        others = [p for p in self.people if p.key != first.key]
        close = [p for p in others
                 if any(related(a, b) for a in first.keys for b in p.keys)]
        return (close + [p for p in others if p not in close])[:limit]

    def suggestions(self, limit: int = SUGGESTIONS) -> list[tuple[Person, Person]]:
        """Pairs that may be one person (Yuki and Yuki Tanaka), the most recent first."""
        pairs: list[tuple[Person, Person]] = []
        recent = self.people[:SUGGEST_AMONG]
        for i, a in enumerate(recent):
            for b in recent[i + 1:]:
                if related(a.key, b.key):
                    pairs.append((a, b))
                    if len(pairs) >= limit:
                        return pairs
        return pairs


@dataclass(frozen=True)
class Moment:
    """One line of a person's history: a solved problem (with its thank-yous from or for
    them under it), or a thank-you not tied to one of their problems shown."""
    local_date: str
    entry: Entry | None = None
    thanks: Thanks | None = None
    linked: tuple[Thanks, ...] = ()

    @property
    def order(self) -> tuple[str, int]:
        """Newest first: by local date, then problems and thank-yous by their ids."""
        if self.entry is not None:
            return self.local_date, self.entry.entry_id * 2
        assert self.thanks is not None
        return self.local_date, self.thanks.thanks_id * 2 + 1

    @property
    def records(self) -> int:
        return 1 + len(self.linked)


@dataclass(frozen=True)
class PersonHistory:
    person: Person
    page: int                              # 1 = the newest
    moments: list[Moment]                  # this page's, newest first
    has_older: bool
    shown_before: int                      # records on the newer pages

    @property
    def remaining(self) -> int:
        """Records older than this page (a thank-you counts once, nested or not)."""
        shown = self.shown_before + sum(m.records for m in self.moments)
        return max(0, self.person.problems + self.person.thanks - shown)


@dataclass(frozen=True)
class Merged:
    outcome: str                           # merged | same | unknown
    person: Person | None = None           # the person after the merge
    alias_id: int | None = None
    first: str = ""                        # the names, as shown
    second: str = ""


@dataclass(frozen=True)
class Request:
    """What follows /people: a name to look up, a merge of two names, or a split of one."""
    action: str                            # list | show | merge | split
    names: tuple[str, ...] = ()


def parse_request(text: str) -> Request:
    """``/people``, ``/people NAME``, ``/people merge A + B`` (統合, まとめる…), ``/people
    split NAME`` (分ける, 解除…). A name alone that is also such a word is looked up."""
    text = " ".join(text.split())
    if not text:
        return Request("list")
    word, _, rest = text.partition(" ")
    verb = word.casefold()
    if rest and verb in MERGE_WORDS:
        parts = [p.strip() for p in _PLUS.split(rest, maxsplit=1)]
        if len(parts) == 2 and all(parts):
            return Request("merge", (parts[0][:MAX_NAME], parts[1][:MAX_NAME]))
        return Request("merge")
    if rest and verb in SPLIT_WORDS:
        return Request("split", (rest[:MAX_NAME],))
    return Request("show", (text[:MAX_NAME],))


def build_directory(who_groups: list[store.WhoGroup], thanks_groups: list[store.ThanksGroup],
                    aliases: list[Alias]) -> Directory:
    """Group the journal's names into people (pure: the storage rows in, people out)."""
    pointer = {a.alias_key: a.target_key for a in aliases}
    roots: dict[str, str] = {}

    def root(key: str) -> str:
        if key in roots:
            return roots[key]
        seen, current = {key}, key
        while current in pointer and pointer[current] not in seen:
            current = pointer[current]
            seen.add(current)
        roots[key] = current
        return current

    people: dict[str, Person] = {}

    def person(key: str) -> Person:
        found = people.get(key)
        if found is None:
            found = people[key] = Person(key, keys={key})
        return found

    newest_entry: dict[str, int] = {}
    for group in who_groups:
        own = person_key(group.who)
        if not own:
            continue
        p = person(root(own))
        p.keys.add(own)
        p.problems += group.count
        p.whos.add(group.who)
        p._seen(group.first_date, group.last_date, group.last_utc)
        p._form(group.who, True, group.count, group.last_date, group.last_id)
        newest_entry[p.key] = max(newest_entry.get(p.key, 0), group.last_id)
    newest_thanks: dict[str, int] = {}
    for tg in thanks_groups:
        sender_own = person_key(tg.sender_name)
        sender_root = root(sender_own) if sender_own else ""
        linked_root = root(person_key(tg.linked_who)) if tg.linked_who else ""
        for key in {k for k in (sender_root, linked_root) if k}:
            p = person(key)
            p.thanks += tg.count
            p._seen(tg.first_date, tg.last_date, tg.last_utc)
        if sender_root and tg.sender_name is not None:
            p = person(sender_root)
            p.keys.add(sender_own)
            p.senders.add(tg.sender_name)
            p._form(tg.sender_name, False, tg.count, tg.last_date, tg.last_id)
            newest_thanks[sender_root] = max(newest_thanks.get(sender_root, 0), tg.last_id)
    for key in pointer:  # merged keys with no record left still lead to their person
        roots.setdefault(key, root(key))
    for p in people.values():
        if p.key in newest_entry:
            p.ref = Ref("e", newest_entry[p.key])
        elif p.key in newest_thanks:
            p.ref = Ref("t", newest_thanks[p.key])
        p._choose_name()
        for key in p.keys:
            roots[key] = p.key
    listed = [p for p in people.values() if p.ref is not None]
    listed.sort(key=lambda p: (p.last_date, p.last_utc, p.problems + p.thanks, p.name),
                reverse=True)
    return Directory(listed, aliases, roots)


class People(AccountsService):
    async def directory(self, user: User) -> Directory:
        uid = user.user_id
        return build_directory(await store.who_groups(self.db, uid),
                               await store.thanks_groups(self.db, uid),
                               await store.aliases(self.db, uid))

    async def resolve(self, user: User, kind: str | None, record_id: int | None,
                      directory: Directory | None = None) -> Person | None:
        """The person a button's record names, in the user's own journal, or None."""
        if record_id is None or kind not in REF_KINDS:
            return None
        name: str | None = None
        if kind == "e":
            entry = await entry_store.get(self.db, user.user_id, record_id)
            name = entry.who if entry is not None and entry.status == "done" else None
        else:
            record = await thanks_store.get(self.db, user.user_id, record_id)
            name = record.sender_name if record is not None and record.status == "kept" else None
        if not person_key(name):
            return None
        directory = directory or await self.directory(user)
        return directory.get(person_key(name))

    async def history(self, user: User, person: Person, page: int = 1,
                      size: int = HISTORY_SHOWN) -> PersonHistory:
        """One page of the user's history with ``person``, newest first: their problems
        (each with the thank-yous tied to it) and the thank-yous they sent for anything
        else."""
        page = min(max(1, page), MAX_HISTORY_PAGE)
        uid = user.user_id
        whos, senders = sorted(person.whos), sorted(person.senders)
        wanted = page * size + 1  # one more tells whether an older page exists
        problems = await store.problems_by_who(self.db, uid, whos, wanted)
        alone = await store.thanks_by(self.db, uid, senders, whos, wanted)
        moments = sorted([Moment(e.local_date, entry=e) for e in problems]
                         + [Moment(r.local_date, thanks=r) for r in alone],
                         key=lambda m: m.order, reverse=True)
        if len(moments) <= (page - 1) * size:  # past the end (an old button): the last page
            page = max(1, -(-len(moments) // size))
        older = len(moments) > page * size
        newer = moments[:(page - 1) * size]
        shown_before = len(newer) + await store.count_tied(
            self.db, uid, [m.entry.entry_id for m in newer if m.entry is not None])
        moments = moments[(page - 1) * size: page * size]
        under: dict[int, list[Thanks]] = {}
        for record in await history_store.thanks_of_entries(
                self.db, uid, [m.entry.entry_id for m in moments if m.entry is not None]):
            assert record.entry_id is not None
            under.setdefault(record.entry_id, []).append(record)
        moments = [Moment(m.local_date, m.entry, m.thanks,
                          tuple(under.get(m.entry.entry_id, ())) if m.entry else ())
                   for m in moments]
        return PersonHistory(person, page, moments, older, shown_before)

    async def merge(self, user: User, first: Person, second: Person) -> Merged:
        """``second`` is the same person as ``first``: from now on they count as one, under
        ``first``'s name. Undone by ``split`` with the returned alias id."""
        if first.key == second.key:
            return Merged("same", first, first=first.name, second=second.name)
        alias_id = await store.add_alias(self.db, user.user_id, second.key, first.key,
                                         second.name, first.name, self._now())
        if alias_id is None:  # a race with another merge of the same name
            return Merged("same", first, first=first.name, second=second.name)
        merged = (await self.directory(user)).get(first.key)
        return Merged("merged", merged, alias_id, first.name, second.name)

    async def split(self, user: User, alias_id: int | None) -> Alias | None:
        """Undo one merge of this user's (None: not theirs, or already undone)."""
        if alias_id is None:
            return None
        return await store.remove_alias(self.db, user.user_id, alias_id)

    # --- tying a thank-you to a problem ------------------------------------------------
    async def problems_for(self, user: User, sender: str | None, limit: int,
                           matched_limit: int = 3) -> tuple[list[Entry], int]:
        """Problems to offer for a thank-you from ``sender``: first those of the same person
        (after merges), then of people whose name is related (Priya ~ Priya Sharma), at most
        ``matched_limit`` of both; then the newest others, ``limit`` in all. Returns the
        problems and how many of them matched the sender."""
        offered: list[Entry] = []
        key = person_key(sender)
        if key:
            directory = await self.directory(user)
            same = directory.get(key)
            root = directory.root(key)
            close = [p for p in directory.people if p is not same
                     and any(related(k, c) for k in (key, root) for c in p.keys)]
            for group in ([same] if same else []), close:
                whos = sorted({w for p in group for w in p.whos})
                wanted = matched_limit - len(offered)
                if whos and wanted > 0:
                    offered += await store.problems_by_who(self.db, user.user_id, whos, wanted)
        matched = len(offered)
        if len(offered) < limit:
            offered += await store.recent_problems(self.db, user.user_id, limit - len(offered),
                                                   [e.entry_id for e in offered])
        return offered, matched
