"""The check-in flow: drafts answered step by step, the quick form, "nothing today", cancel.

Every answer is written to the database before the caller acknowledges it, so a half-finished
entry survives a restart; ``users.awaiting == "entry"`` says the user is inside the flow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.core.accounts import AccountsService
from bot.core.awaiting import Awaiting
from bot.core.parsing import QuickEntry, looks_like_a_name, parse_quick_entry
from bot.core.questions import outcome_question
from bot.core.schedule import week_start
from storage import entries, prompts
from storage.models import Entry, Kept, Prompt, User, Voice

STEPS = ("who", "problem", "how", "outcome")
NEXT_STEP = {"who": "problem", "problem": "how", "how": "outcome", "outcome": None}
# Drafts begun from a text kept outside any question hold that text as their story (how)
# and skip the questions already answered; drafts begun from the lines of a note ask every
# question with the line as an answer to keep ("Edit" under a note read as an entry).
FROM_TEXT = "text"
FROM_LINES = "lines"


def has_answers(entry: Entry) -> bool:
    return any(getattr(entry, field) for field in STEPS) or entry.voice_file_id is not None


@dataclass
class Answered:
    entry: Entry
    next_step: str | None  # None: the entry is complete
    kept_aside: bool = False  # a voice message kept as the *how*; the open question stays

    @property
    def completed(self) -> bool:
        return self.next_step is None


class VoiceTaken(Exception):
    """The draft already holds a voice message (one per entry)."""


class Journal(AccountsService):
    async def draft(self, user: User) -> Entry | None:
        return await entries.get_draft(self.db, user.user_id)

    async def unfinished_draft(self, user: User) -> Entry | None:
        """A draft with at least one answer in it: never replaced without asking."""
        draft = await self.draft(user)
        if draft is not None and (draft.step != "who" or has_answers(draft)):
            return draft
        return None

    async def start(self, user: User, *, source: str, prompt: Prompt | None = None,
                    local_date: str | None = None,
                    prefill: dict[str, str | None] | None = None,
                    voice: Voice | None = None) -> Entry:
        """A new draft at the first question. Replaces an older draft, so callers offer to
        resume an ``unfinished_draft`` first and only come here on "start over"."""
        entry = await entries.create_draft(
            self.db, user.user_id, local_date or self.today(user), source,
            prompt.prompt_id if prompt else None, self._now(), prefill, voice)
        await self.accounts.set_awaiting(user, Awaiting.ENTRY)
        return entry

    async def _completed(self, entry: Entry) -> Entry:
        """Mark the prompt an entry answers as answered, once the entry is complete."""
        if entry.prompt_id is not None:
            await prompts.set_answer(self.db, entry.user_id, entry.prompt_id, "answered")
        return entry

    async def resume(self, user: User) -> Entry | None:
        draft = await self.draft(user)
        if draft is not None:
            await self.accounts.set_awaiting(user, Awaiting.ENTRY)
        return draft

    async def answer(self, user: User, text: str) -> Answered | None:
        """Store ``text`` as the answer to the open question. None when no draft is open."""
        draft = await self.draft(user)
        if draft is None or draft.step is None:
            await self.accounts.set_awaiting(user, None)
            return None
        return await self._store(user, draft, text)

    async def _store(self, user: User, draft: Entry, value: str | None,
                     voice: Voice | None = None) -> Answered:
        """Store ``value`` (and ``voice``) as the answer to the open question and move on.
        The question after *how* is chosen as the draft reaches it, and kept with it."""
        assert draft.step is not None
        next_step = self._next_step(draft, voice)
        entry = await entries.save_answer(
            self.db, user.user_id, draft.entry_id, draft.step, value, next_step, self._now(),
            question=self.outcome_question(user) if next_step == "outcome" else None,
            voice=voice)
        if next_step is None:
            await self.accounts.set_awaiting(user, None)
            await self._completed(entry)
        return Answered(entry, next_step)

    def outcome_question(self, user: User) -> str:
        """The question after *how* for this user today (``bot.core.questions``)."""
        return outcome_question(user.user_id, self.accounts.today(user), user.persona,
                                user.vary_questions)

    @staticmethod
    def _next_step(draft: Entry, voice: Voice | None = None) -> str | None:
        """The question after the open one. *How* is skipped once a voice message answers
        it; a draft begun from a kept text skips the questions its text already answers
        (the outcome is always asked)."""
        assert draft.step is not None
        has_voice = voice is not None or draft.voice_file_id is not None

        def answered(step: str | None) -> bool:
            if step == "how" and has_voice:
                return True
            return draft.source == FROM_TEXT and step in ("problem", "how") \
                and bool(getattr(draft, step))

        step = NEXT_STEP[draft.step]
        while answered(step):
            assert step is not None
            step = NEXT_STEP[step]
        return step

    async def answer_voice(self, user: User, voice: Voice,
                           caption: str | None = None) -> Answered | None:
        """A voice message sent inside the flow is the entry's *how* (its caption, if any,
        the *how* in words): at the *how* question it answers it; at another it is kept
        with the draft and that question stays open (``kept_aside``). None when no draft is
        open; a draft that already holds a voice message raises ``VoiceTaken``."""
        draft = await self.draft(user)
        if draft is None or draft.step is None:
            await self.accounts.set_awaiting(user, None)
            return None
        if draft.voice_file_id is not None:
            raise VoiceTaken
        if draft.step == "how":
            return await self._store(user, draft, caption, voice)
        how = "\n".join(p for p in (draft.how, caption) if p) or None
        entry = await entries.save_answer(self.db, user.user_id, draft.entry_id,
                                          "how" if caption else None, how, draft.step,
                                          self._now(), voice=voice)
        return Answered(entry, draft.step, kept_aside=True)

    async def keep_step(self, user: User, step: str) -> Answered | None:
        """Keep the answer already in the draft for the open question ``step`` (a line of a
        note being edited) and move on. None when that question is not open or empty."""
        draft = await self.draft(user)
        if user.awaiting != Awaiting.ENTRY or draft is None or draft.step != step \
                or not getattr(draft, step):
            return None
        return await self._store(user, draft, getattr(draft, step))

    async def skip_outcome(self, user: User) -> Entry | None:
        draft = await self.draft(user)
        if draft is None or draft.step != "outcome":
            return None
        entry = await entries.save_answer(self.db, user.user_id, draft.entry_id, "outcome",
                                          None, None, self._now())
        await self.accounts.set_awaiting(user, None)
        return await self._completed(entry)

    async def save_quick(self, user: User, quick: QuickEntry) -> Entry:
        """Save a one-message entry. Inside the flow at its first question it completes the
        draft; otherwise it is a new entry for today, answering today's prompt if open."""
        draft = await self.draft(user)
        if user.awaiting == Awaiting.ENTRY and draft is not None and draft.step == "who":
            entry = await entries.complete_draft_with(
                self.db, user.user_id, draft.entry_id, quick.who, quick.problem, quick.how,
                quick.outcome, self._now())
            await self.accounts.set_awaiting(user, None)
            return await self._completed(entry)
        prompt = await self.open_prompt_today(user)
        entry = await entries.add_done(
            self.db, user.user_id, self.today(user), quick.who, quick.problem, quick.how,
            quick.outcome, "quick", prompt.prompt_id if prompt else None, self._now())
        if prompt is not None:
            await prompts.set_answer(self.db, user.user_id, prompt.prompt_id, "answered")
        return entry

    async def open_prompt_today(self, user: User) -> Prompt | None:
        """Today's delivered daily question, if it has not been answered yet."""
        for prompt in await prompts.latest_of_date(self.db, user.user_id, self.today(user)):
            if prompt.status == "sent" and prompt.answer in (None, "later"):
                return prompt
        return None

    async def nothing_today(self, user: User, prompt: Prompt) -> Entry:
        entry = await entries.add_nothing(self.db, user.user_id, prompt.local_date,
                                          prompt.prompt_id, self._now())
        await prompts.set_answer(self.db, user.user_id, prompt.prompt_id, "nothing")
        return entry

    async def skip_today(self, user: User, prompt: Prompt) -> None:
        await prompts.set_answer(self.db, user.user_id, prompt.prompt_id, "skip")
        if user.snooze_until_utc is not None:
            await self.accounts.snooze_clear(user)

    async def later(self, user: User, prompt: Prompt, delay: timedelta = timedelta(hours=1)):
        """Ask again after ``delay``; returns the local time of the reminder."""
        until = self.clock.now() + delay
        await self.accounts.snooze(user, until, prompt.local_date)
        await prompts.set_answer(self.db, user.user_id, prompt.prompt_id, "later")
        return until

    async def cancel(self, user: User) -> str:
        """Leave whatever the user is in. Returns what happened:
        ``draft_kept``, ``nothing_written``, ``input_cancelled`` or ``nothing``."""
        awaiting = user.awaiting
        if awaiting is None:
            return "nothing"
        await self.accounts.set_awaiting(user, None)
        if awaiting != Awaiting.ENTRY:
            return "input_cancelled"
        draft = await self.draft(user)
        if draft is None:
            return "nothing"
        if draft.step == "who" and not has_answers(draft):
            return "nothing_written"
        return "draft_kept"

    async def week_count(self, user: User) -> int:
        today = self.accounts.today(user)
        start = week_start(today, user.week_start_day)
        end = start + timedelta(days=6)
        return await entries.count_done_between(self.db, user.user_id, start.isoformat(),
                                                end.isoformat())

    async def total(self, user: User) -> int:
        return await entries.count_done_between(self.db, user.user_id, "0000-01-01",
                                                "9999-12-31")

    async def keep_text(self, user: User, text: str, sent_utc: int | None = None) -> int:
        """Keep a text outside any flow (``sent_utc``: when the user sent it)."""
        return await entries.inbox_add(self.db, user.user_id, text, self._now(), sent_utc)

    async def keep_voice(self, user: User, voice: Voice, sent_utc: int | None = None,
                         caption: str | None = None) -> int:
        """Keep a voice message (and its caption) sent outside any question, to offer it as
        an entry."""
        return await entries.inbox_add(self.db, user.user_id, caption or "", self._now(),
                                       sent_utc, voice)

    async def kept_text(self, user: User, inbox_id: int) -> str | None:
        kept = await entries.inbox_get(self.db, user.user_id, inbox_id)
        return kept.text if kept is not None else None

    async def kept_texts(self, user: User) -> list[Kept]:
        """Texts (and voice messages) kept to be offered back, oldest first: for a user who
        just finished setup, what they sent before it was done."""
        return await entries.inbox_list(self.db, user.user_id)

    async def take_text(self, user: User, inbox_id: int) -> str | None:
        """Remove a kept text (to use it, or because the user discarded it)."""
        kept = await entries.inbox_take(self.db, user.user_id, inbox_id)
        return kept.text if kept is not None else None

    async def start_from_text(self, user: User, inbox_id: int) -> Answered | None:
        """Begin an entry with a text the user sent earlier. A short, name-like text
        (``looks_like_a_name``) is the first answer, *who*; any other text is the story of
        what they did (*how*), and the entry asks who, then the problem, then the outcome.
        A kept voice message is the *how* in the same way.
        Callers first offer to resume an ``unfinished_draft``, which this replaces."""
        kept = await entries.inbox_take(self.db, user.user_id, inbox_id)
        if kept is None:
            return None
        text = kept.text
        prompt = await self.open_prompt_today(user)
        if kept.voice is not None:
            entry = await self.start(user, source=FROM_TEXT, prompt=prompt, voice=kept.voice,
                                     prefill={"how": text or None})
            return Answered(entry, "who")
        if looks_like_a_name(text):
            await self.start(user, source=FROM_TEXT, prompt=prompt)
            started = await self.accounts.get(user.user_id)  # now awaiting the entry
            assert started is not None  # the row was written just now, in this unit of work
            return await self.answer(started, text)
        entry = await self.start(user, source=FROM_TEXT, prompt=prompt, prefill={"how": text})
        return Answered(entry, "who")

    async def kept_lines(self, user: User, inbox_id: int) -> QuickEntry | None:
        """A kept text read as one entry from its lines (None if gone or not such a text)."""
        text = await self.kept_text(user, inbox_id)
        quick = parse_quick_entry(text) if text is not None else None
        return quick if quick is not None and quick.by_lines else None

    async def save_lines(self, user: User, inbox_id: int) -> Entry | None:
        """"Save" under a note read as an entry: the entry as it was read."""
        quick = await self.kept_lines(user, inbox_id)
        if quick is None or await self.take_text(user, inbox_id) is None:
            return None
        return await self.save_quick(user, quick)

    async def start_from_lines(self, user: User, inbox_id: int) -> Entry | None:
        """"Edit" under a note read as an entry: the step-by-step entry, each question with
        its line as an answer to keep or replace. Callers first offer to resume an
        ``unfinished_draft``, which this replaces."""
        quick = await self.kept_lines(user, inbox_id)
        if quick is None or await self.take_text(user, inbox_id) is None:
            return None
        draft = await self.draft(user)
        prompt = await self.open_prompt_today(user)
        local_date = None
        if user.awaiting == Awaiting.ENTRY and draft is not None:  # keep the day and the question
            local_date = draft.local_date
            prompt = await self.prompt_of(user, draft.prompt_id) if draft.prompt_id else None
        return await self.start(user, source=FROM_LINES, prompt=prompt, local_date=local_date,
                                prefill={"who": quick.who, "problem": quick.problem,
                                         "how": quick.how, "outcome": quick.outcome})

    async def is_superseded(self, user: User, prompt: Prompt) -> bool:
        """True once a later day's question has been sent: the older one is then closed.
        Until then its buttons keep working, also just after local midnight."""
        if prompt.local_date == self.today(user):
            return False
        return await prompts.checkin_sent_after(self.db, user.user_id, prompt.local_date)

    async def prompt_of(self, user: User, prompt_id: int) -> Prompt | None:
        return await prompts.get(self.db, user.user_id, prompt_id)
