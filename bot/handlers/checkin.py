"""The daily check-in on Telegram: /log, /cancel, the prompt's buttons, answers typed in."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import keyboards
from bot.core.awaiting import MANUAL_THANKS, Awaiting
from bot.core.history import EditTarget
from bot.core.journal import FROM_LINES, Answered, VoiceTaken
from bot.core.parsing import QuickEntry, check_log_date, parse_log_date, parse_quick_entry
from bot.core.questions import DEFAULT
from bot.core.questions import HALF as QUESTIONS
from bot.core.voice import duration, label
from bot.handlers.common import current_user, drop_keyboard, pressed, reply, services
from bot.messages import Raw, clock_time, entry_saved, format_date, shorten, t
from storage.models import Entry, User, Voice

STEP_QUESTION = {"who": "ask_who", "problem": "ask_problem", "how": "ask_how",
                 "outcome": "ask_outcome"}


def outcome_question(lang: str, key: str | None) -> str:
    """The question after *how* (``bot.core.questions``), with its "optional" hint."""
    if key is None or key == DEFAULT or key not in QUESTIONS:
        return t(lang, "ask_outcome")
    return t(lang, "ask_outcome_varied", question=Raw(t(lang, f"oq_{key}")))


async def ask_step(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                   step: str) -> None:
    """Ask the draft's open question ``step``. A draft begun from a kept text asks who with
    that text quoted; a note being edited shows its line, to keep or replace."""
    lang = user.language
    draft = await services(context).journal.draft(user)
    text = t(lang, STEP_QUESTION[step])
    if step == "outcome":
        text = outcome_question(lang, draft.outcome_question if draft is not None else None)
    prefilled = draft is not None and draft.source == FROM_LINES and getattr(draft, step)
    if draft is not None and step == "who" and not draft.who and draft.how \
            and draft.source != FROM_LINES:
        text = t(lang, "ask_who_story", story=shorten(draft.how, 120))
    elif draft is not None and step == "who" and not draft.who and draft.voice_file_id:
        text = t(lang, "ask_who_voice", duration=duration(draft.voice_duration))
    if prefilled:
        text += "\n" + t(lang, "step_prefilled", value=shorten(getattr(draft, step), 120))
    keyboard = keyboards.keep_step(lang, step) if prefilled else None
    if step == "outcome":
        can_attach = bool(await services(context).gratitude.attachable(user, limit=1))
        keyboard = keyboards.skip_outcome(lang, can_attach, keep=bool(prefilled))
    await reply(update, text, keyboard)


async def confirm_saved(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                        entry: Entry) -> None:
    svc = services(context)
    count = await svc.journal.week_count(user)
    sent = await reply(update, entry_saved(user.language, entry.entry_id, entry.who or "",
                                           entry.problem or "", count))
    await svc.notes.remember(user, "e", entry.entry_id, sent.message_id)  # a reply: a note


async def offer_lines(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                      quick: QuickEntry, inbox_id: int) -> None:
    """A note of three lines or more without separators is only an entry if the user says
    so: show how it would be read, with Save · Edit · Keep as a note. The text waits in the
    inbox (it survives a restart); the buttons carry its id."""
    lang = user.language
    outcome = (t(lang, "lines_outcome", outcome=shorten(quick.outcome, 200))
               if quick.outcome else "")
    await reply(update, t(lang, "lines_confirm", who=shorten(quick.who, 200),
                          problem=shorten(quick.problem, 200), how=shorten(quick.how, 200),
                          outcome=Raw(outcome)),
                keyboards.confirm_lines(lang, inbox_id))


async def log_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/log: an entry for today; /log yesterday, /log 2026-11-28: one filed under that day."""
    svc = services(context)
    user = await current_user(update, context)
    today = svc.accounts.today(user)
    day = parse_log_date(" ".join(context.args or []), today)
    if day is None:
        await reply(update, t(user.language, "log_date_unknown"))
        return
    refusal = check_log_date(day, today)
    if refusal is not None:
        await reply(update, t(user.language, f"log_date_{refusal}",
                              date=format_date(user.language, day.isoformat())))
        return
    if await offer_resume(update, context, user):
        return
    if day == today:
        await svc.journal.start(user, source="log",
                                prompt=await svc.journal.open_prompt_today(user))
    else:
        await svc.journal.start(user, source="log", local_date=day.isoformat())
        await reply(update, t(user.language, "log_earlier_intro",
                              date=format_date(user.language, day.isoformat())))
    await ask_step(update, context, user, "who")


async def offer_resume(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> bool:
    """If an entry is half-written, offer Continue / Start over (and say True)."""
    svc = services(context)
    draft = await svc.journal.unfinished_draft(user)
    if draft is None:
        return False
    await svc.accounts.set_awaiting(user, None)
    await reply(update, t(user.language, "resume_offer", preview=_preview(user, draft)),
                keyboards.resume_or_restart(user.language))
    return True


def _preview(user: User, draft: Entry) -> str:
    first = draft.who or draft.problem or draft.how
    if not first and draft.voice_file_id is not None:
        return label(draft.voice_duration)
    if not first:
        return t(user.language, "draft_empty_preview")
    return shorten(first, 40)


async def cancel_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = await current_user(update, context)
    editing = EditTarget.parse(user.awaiting) is not None  # a /history ✏️ edit
    if user.awaiting in MANUAL_THANKS:
        await services(context).gratitude.cancel_manual(user)
    outcome = await services(context).journal.cancel(user)
    key = {"draft_kept": "cancelled", "nothing_written": "cancelled_nothing_written",
           "input_cancelled": "cancelled_input", "nothing": "nothing_to_cancel"}[outcome]
    if editing:
        key = "cancelled_edit"
    await reply(update, t(user.language, key))


async def receive_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                         text: str) -> None:
    """Typed text while the user is inside the answer flow."""
    svc = services(context)
    draft = await svc.journal.draft(user)
    if draft is not None and draft.step == "who":
        quick = parse_quick_entry(text)
        if quick is not None and quick.by_lines:
            await offer_lines(update, context, user, quick, await svc.journal.keep_text(user, text))
            return
        if quick is not None:
            entry = await svc.journal.save_quick(user, quick)
            await confirm_saved(update, context, user, entry)
            return
    answered = await svc.journal.answer(user, text)
    if answered is None:
        await receive_free_text(update, context, user, text)
        return
    await _after_answer(update, context, user, answered)


async def _after_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                        answered: Answered) -> None:
    if answered.next_step is None:  # complete
        await confirm_saved(update, context, user, answered.entry)
    else:
        await ask_step(update, context, user, answered.next_step)


async def receive_free_text(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                            text: str) -> None:
    """Plain text outside any flow: a quick entry is saved (one read from its lines only
    once the user confirms); anything else is kept and the user is offered to start an
    entry with it."""
    svc = services(context)
    quick = parse_quick_entry(text)
    if quick is not None and not quick.by_lines:
        entry = await svc.journal.save_quick(user, quick)
        await confirm_saved(update, context, user, entry)
        return
    message = update.effective_message
    sent_utc = int(message.date.timestamp()) if message is not None else None
    inbox_id = await svc.journal.keep_text(user, text, sent_utc)
    if quick is not None:
        await offer_lines(update, context, user, quick, inbox_id)
        return
    if sent_utc is not None and await svc.notes.forward_follows(user, sent_utc):
        return  # the comment of the forward right behind it: its confirmation says so
    await reply(update, t(user.language, "free_text_offer"),
                keyboards.offer_log(user.language, inbox_id))


async def receive_voice(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                        voice: Voice, caption: str | None = None) -> None:
    """A voice message from a set-up user: inside the answer flow it is the entry's *how*
    (answering that question, or kept with the draft while another stays open); outside,
    it is kept and offered as the start of an entry, like a kept text."""
    svc = services(context)
    lang = user.language
    if user.awaiting == Awaiting.ENTRY:
        try:
            answered = await svc.journal.answer_voice(user, voice, caption)
        except VoiceTaken:
            await reply(update, t(lang, "voice_one_per_entry"))
            await reask_current(update, context, user)
            return
        if answered is not None and answered.kept_aside:
            await reply(update, t(lang, "voice_kept_how", duration=duration(voice.duration)))
            assert answered.next_step is not None
            await ask_step(update, context, user, answered.next_step)
            return
        if answered is not None:
            await _after_answer(update, context, user, answered)
            return
    message = update.effective_message
    sent_utc = int(message.date.timestamp()) if message is not None else None
    inbox_id = await svc.journal.keep_voice(user, voice, sent_utc, caption)
    await reply(update, t(lang, "voice_offer", duration=duration(voice.duration)),
                keyboards.offer_log(lang, inbox_id))


async def reask_current(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    """After input we could not use, repeat the open question of the flow, if any."""
    if user.awaiting != Awaiting.ENTRY:
        return
    draft = await services(context).journal.draft(user)
    if draft is not None and draft.step is not None:
        await ask_step(update, context, user, draft.step)


async def on_checkin_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every ``ci:`` button: the prompt's four choices, skip, resume, restart, log-this, and
    save or discard a text written before setup."""
    svc = services(context)
    user, data = await pressed(update, context)
    lang = user.language
    action = data.action

    if action in ("answer", "nothing", "later", "skip"):
        prompt_id = data.single_id
        prompt = (await svc.journal.prompt_of(user, prompt_id)
                  if prompt_id is not None else None)
        if prompt is None:
            await drop_keyboard(update)
            await reply(update, t(lang, "stale_button"))
            await reask_current(update, context, user)
            return
        today = svc.journal.today(user)
        if action == "answer":
            await drop_keyboard(update)
            if await offer_resume(update, context, user):
                return
            if prompt.local_date != today:
                await reply(update, t(lang, "backdated_note",
                                      date=format_date(lang, prompt.local_date)))
            await svc.journal.start(user, source="prompt", prompt=prompt,
                                    local_date=prompt.local_date)
            await ask_step(update, context, user, "who")
            return
        await drop_keyboard(update)
        if prompt.local_date != today and await svc.journal.is_superseded(user, prompt):
            await reply(update, t(lang, "prompt_closed", date=format_date(lang, prompt.local_date)))
        elif prompt.answer not in (None, "later"):
            await reply(update, t(lang, "prompt_done_already"))
        elif action == "nothing":
            await svc.journal.nothing_today(user, prompt)
            await reply(update, t(lang, "nothing_saved"))
        elif action == "skip":
            await svc.journal.skip_today(user, prompt)
            await reply(update, t(lang, "skipped_today"))
        else:
            until = await svc.journal.later(user, prompt)
            local = until.astimezone(svc.accounts.local_now(user).tzinfo)
            await reply(update, t(lang, "later_set",
                                  time=clock_time(lang, local.strftime("%H:%M"))))
        return

    if action == "skipstep":
        await drop_keyboard(update)
        entry = await svc.journal.skip_outcome(user)
        if entry is None:
            await reply(update, t(lang, "stale_button"))
            await reask_current(update, context, user)
        else:
            await confirm_saved(update, context, user, entry)
    elif action == "resume":
        await drop_keyboard(update)
        draft = await svc.journal.resume(user)
        if draft is None or draft.step is None:
            await svc.journal.start(user, source="log")
            await ask_step(update, context, user, "who")
        else:
            await ask_step(update, context, user, draft.step)
    elif action == "restart":
        await drop_keyboard(update)
        await svc.journal.start(user, source="log",
                                prompt=await svc.journal.open_prompt_today(user))
        await ask_step(update, context, user, "who")
    elif action == "inbox" and (inbox_id := data.single_id) is not None:
        await drop_keyboard(update)
        if await offer_resume(update, context, user):
            return  # the kept text stays in the inbox
        answered = await svc.journal.start_from_text(user, inbox_id)
        if answered is None:
            await reply(update, t(lang, "inbox_gone"))
        else:
            await _after_answer(update, context, user, answered)
    elif action == "keepstep":
        await drop_keyboard(update)
        answered = await svc.journal.keep_step(user, data.argument)
        if answered is None:
            await reply(update, t(lang, "stale_button"))
            await reask_current(update, context, user)
        else:
            await _after_answer(update, context, user, answered)
    elif action in ("lsave", "ledit", "lnote") and (inbox_id := data.single_id) is not None:
        await drop_keyboard(update)
        await on_lines_choice(update, context, user, action, inbox_id)
    elif action == "keep" and (inbox_id := data.single_id) is not None:
        await drop_keyboard(update)
        await save_kept(update, context, user, inbox_id)
    elif action == "drop" and (inbox_id := data.single_id) is not None:
        await drop_keyboard(update)
        dropped = await svc.journal.take_text(user, inbox_id)
        await reply(update, t(lang, "pending_dropped" if dropped is not None else "inbox_gone"))
    else:
        await reply(update, t(lang, "stale_button"))
        await reask_current(update, context, user)


async def save_kept(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                    inbox_id: int) -> None:
    """"Save as an entry" under a text written before setup: a quick entry is saved as it
    is (one read from its lines is shown first, to confirm); any other text starts an entry
    with it (``Journal.start_from_text``)."""
    svc = services(context)
    text = await svc.journal.kept_text(user, inbox_id)
    quick = parse_quick_entry(text) if text is not None else None
    if quick is not None and quick.by_lines:
        await offer_lines(update, context, user, quick, inbox_id)
        return
    if quick is not None and await svc.journal.take_text(user, inbox_id) is not None:
        await confirm_saved(update, context, user, await svc.journal.save_quick(user, quick))
        return
    if text is None or quick is not None:  # not theirs, or already used (a second tap)
        await reply(update, t(user.language, "inbox_gone"))
        return
    if await offer_resume(update, context, user):
        return  # the kept text stays in the inbox
    answered = await svc.journal.start_from_text(user, inbox_id)
    if answered is None:
        await reply(update, t(user.language, "inbox_gone"))
    else:
        await _after_answer(update, context, user, answered)


async def on_lines_choice(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                          action: str, inbox_id: int) -> None:
    """Save · Edit · Keep as a note, under a note read as an entry (``offer_lines``)."""
    svc = services(context)
    lang = user.language
    if await svc.journal.kept_lines(user, inbox_id) is None:  # not theirs, or already used
        await reply(update, t(lang, "inbox_gone"))
        await reask_current(update, context, user)
        return
    if action == "lsave":
        entry = await svc.journal.save_lines(user, inbox_id)
        assert entry is not None
        await confirm_saved(update, context, user, entry)
    elif action == "ledit":
        if await offer_resume(update, context, user):
            return  # the note stays in the inbox
        await svc.journal.start_from_lines(user, inbox_id)
        await ask_step(update, context, user, "who")
    else:
        await reply(update, t(lang, "lines_kept_as_note"))
        await reask_current(update, context, user)
