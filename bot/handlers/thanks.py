"""Thank-you messages on Telegram: forwards, screenshots, /thanks, and their buttons."""

from __future__ import annotations

import html

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import keyboards
from bot.core import thanks_words
from bot.core.awaiting import MANUAL_THANKS, Awaiting, State
from bot.core.parsing import split_thanks
from bot.handlers import checkin, history
from bot.handlers.common import (
    command_arguments,
    current_user,
    drop_keyboard,
    pressed,
    reply,
    services,
    show,
)
from bot.handlers.incoming_thanks import parse_forward, parse_screenshot
from bot.messages import format_date, shorten, t
from storage.models import Entry, Thanks, User

MAX_NAME = 64


def sender_of(lang: str, record: Thanks) -> str:
    """Who thanked, as plain text (callers escape it once, through ``t``)."""
    return thanks_words.sender(lang, record, 60)


async def confirm_kept(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                       record: Thanks) -> None:
    """The warm confirmation: who thanked, a short quote, this week's count, and buttons to
    tie it to a problem or undo."""
    svc = services(context)
    lang = user.language
    count = await svc.gratitude.week_count(user)
    lines = [t(lang, "thanks_saved", who=sender_of(lang, record)),
             html.escape(thanks_words.words(lang, record), quote=False),
             t(lang, "thanks_week_one") if count == 1
             else t(lang, "thanks_week_other", count=count)]
    if record.note:
        lines.append(t(lang, "note_line", note=shorten(record.note, 200)))
    problems: list[Entry] = []
    if record.entry_id is None:
        problems, _ = await svc.gratitude.problems_to_offer(user, record)
    if problems:
        lines.append(t(lang, "thanks_link_ask"))
    sent = await reply(update, "\n".join(lines),
                       keyboards.thanks_saved(lang, record.thanks_id, problems))
    await svc.notes.remember(user, "t", record.thanks_id, sent.message_id)


async def _duplicate(update: Update, user: User, record: Thanks,
                     comment: str | None = None) -> None:
    lang = user.language
    if record.status == "pending":
        await reply(update, t(lang, "screenshot_ask_again"),
                    keyboards.screenshot_question(lang, record.thanks_id))
        return
    text = t(lang, "thanks_duplicate", who=sender_of(lang, record),
             date=format_date(lang, record.local_date))
    if comment:
        text += "\n" + t(lang, "note_line", note=shorten(comment, 200))
    await reply(update, text)


async def keep_forward(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> bool:
    """Keep a forwarded message; False when nothing was said (a later part of an album)."""
    message = update.effective_message
    assert message is not None
    incoming = parse_forward(message)
    lang = user.language
    if incoming is None:  # a poll, a location… or a text that shows nothing
        await reply(update, t(lang, "empty_text" if message.text is not None
                              else "cant_keep_kind"))
        return True
    svc = services(context)
    received = await svc.gratitude.receive(user, incoming)
    record = received.thanks
    comment = None
    if received.outcome in ("saved", "attached", "duplicate") and record.status == "kept":
        # a line typed just before it: its note (an "Already saved" one gets it too)
        comment = await svc.notes.comment_before(user, int(message.date.timestamp()))
        if comment and await svc.notes.add(user, "t", record.thanks_id, comment):
            record = await svc.gratitude.get(user, record.thanks_id) or record
    if received.outcome == "saved":
        await confirm_kept(update, context, user, record)
    elif received.outcome == "attached":
        lines = [t(lang, "thanks_attached", who=sender_of(lang, record))]
        if record.note:
            lines.append(t(lang, "note_line", note=shorten(record.note, 200)))
        sent = await reply(update, "\n".join(lines), keyboards.thanks_undo(lang, record.thanks_id))
        await svc.notes.remember(user, "t", record.thanks_id, sent.message_id)
    elif received.outcome == "duplicate":
        await _duplicate(update, user, record, comment)
    return received.outcome != "album_part"


async def keep_screenshot(update: Update, context: ContextTypes.DEFAULT_TYPE,
                          user: User) -> bool:
    """Ask whether a picture is a thank-you; False when nothing was said (album part)."""
    message = update.effective_message
    assert message is not None
    received = await services(context).gratitude.receive(user, parse_screenshot(message))
    if received.outcome == "pending":
        await reply(update, t(user.language, "screenshot_ask"),
                    keyboards.screenshot_question(user.language, received.thanks.thanks_id))
    elif received.outcome == "duplicate":
        await _duplicate(update, user, received.thanks)
    return received.outcome != "album_part"


async def thanks_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/thanks, /thanks <who>, or /thanks <who> / <what they said>."""
    svc = services(context)
    user = await current_user(update, context)
    who, said = split_thanks(command_arguments(update))
    if who and said:
        record = await svc.gratitude.save_manual(user, who, said)
        await confirm_kept(update, context, user, record)
        return
    await svc.gratitude.start_manual(user, who or None)
    await ask_manual(update, user, who or None)


async def ask_manual(update: Update, user: User, who: str | None) -> None:
    if who:
        await reply(update, t(user.language, "ask_thanks_text", who=shorten(who, 60)))
    else:
        await reply(update, t(user.language, "ask_thanks_who"))


async def receive_manual(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                         text: str) -> None:
    """Typed answer to an open /thanks question."""
    record = await services(context).gratitude.manual_answer(user, text)
    if record is None:
        await checkin.receive_free_text(update, context, user, text)
    elif record.status == "kept":
        await confirm_kept(update, context, user, record)
    else:
        await ask_manual(update, user, record.sender_name)


def waiting_sender(user: User) -> int | None:
    """The thank-you whose sender we asked for, if that question is open."""
    state = State.parse(user.awaiting)
    return state.thanks_id if state is not None else None


async def receive_sender(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                         text: str) -> bool:
    """A typed name after "who was it from?". False when the text is clearly not a name
    (too long), so the caller treats it as journal text instead."""
    svc = services(context)
    thanks_id = waiting_sender(user)
    user = await svc.accounts.set_awaiting(user, None)
    if thanks_id is None or len(text) > MAX_NAME:
        return False
    record = await svc.gratitude.set_sender(user, thanks_id, text)
    if record is None:
        await reply(update, t(user.language, "thanks_gone"))
    else:
        await confirm_kept(update, context, user, record)
    return True


async def reask(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    """Repeat an open thank-you question after input we could not use."""
    if user.awaiting in MANUAL_THANKS:
        draft_who = None
        if user.awaiting == Awaiting.THANKS_TEXT:
            draft = await services(context).gratitude.manual_draft(user)
            draft_who = draft.sender_name if draft else None
        await ask_manual(update, user, draft_who)
    elif (thanks_id := waiting_sender(user)) is not None:
        await reply(update, t(user.language, "ask_thanks_from"),
                    keyboards.skip_sender(user.language, thanks_id))
    elif _finding(user) is not None:
        await reply(update, t(user.language, "thanks_find_ask"))


def _finding(user: User) -> tuple[int, int] | None:
    """The thank-you whose problem 🔎 is looking for, and the /history page (or 0)."""
    state = State.parse(user.awaiting)
    return state.finding if state is not None else None


async def receive_find(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                       text: str) -> bool:
    """A typed word after 🔎: the problems holding it, as buttons. False when the text is
    clearly not a search (too long), so the caller treats it as journal text instead."""
    svc = services(context)
    finding = _finding(user)
    user = await svc.accounts.set_awaiting(user, None)
    if finding is None or len(text) > MAX_NAME:
        return False
    thanks_id, page = finding
    lang = user.language
    if await svc.gratitude.get(user, thanks_id) is None:
        await reply(update, t(lang, "thanks_gone"))
        return True
    problems = await svc.gratitude.find_problems(user, text)
    key = "thanks_find_results" if problems else "thanks_find_none"
    await reply(update, t(lang, key, query=shorten(text, 40)),
                keyboards.found_problems(lang, thanks_id, problems, page))
    return True


async def on_thanks_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every ``th:`` button. Each id is re-checked against the pressing user's own data."""
    svc = services(context)
    user, data = await pressed(update, context)
    lang = user.language
    action = data.action
    ids = data.ids() or ()
    record = await svc.gratitude.get(user, ids[0]) if ids else None
    if record is None or record.status == "draft":
        await drop_keyboard(update)
        await reply(update, t(lang, "thanks_gone"))
        return
    if action in ("yes", "no") and record.status != "pending":
        await drop_keyboard(update)  # an older question about a picture already decided
        await reply(update, t(lang, "stale_button"))
        return
    if action == "undo" or action == "no":
        await drop_keyboard(update)
        await svc.gratitude.discard(user, record.thanks_id)
        if waiting_sender(user) == record.thanks_id:
            await svc.accounts.set_awaiting(user, None)
        await reply(update, t(lang, "thanks_undone" if action == "undo" else "screenshot_no"))
    elif action == "yes":
        await drop_keyboard(update)
        record = await svc.gratitude.confirm(user, record.thanks_id)
        assert record is not None
        if user.awaiting is None and record.sender_name is None:
            await svc.accounts.set_awaiting(user, State.sender(record.thanks_id))
            await reply(update, t(lang, "ask_thanks_from"),
                        keyboards.skip_sender(lang, record.thanks_id))
            return
        await confirm_kept(update, context, user, record)
        await checkin.reask_current(update, context, user)
    elif action == "nofrom":
        await drop_keyboard(update)
        if waiting_sender(user) == record.thanks_id:
            user = await svc.accounts.set_awaiting(user, None)
        await confirm_kept(update, context, user, record)
    elif action == "link" and len(ids) == 2:
        entry = await svc.gratitude.link(user, record.thanks_id, ids[1])
        if entry is None:
            await reply(update, t(lang, "stale_button"))
            return
        await _keep_only_undo(update, lang, record.thanks_id)
        await reply(update, t(lang, "thanks_linked", who=shorten(entry.who or "", 40),
                              problem=shorten(entry.problem or "", 60)))
    elif action == "none":
        await _keep_only_undo(update, lang, record.thanks_id)
        await svc.gratitude.link(user, record.thanks_id, None)
        await reply(update, t(lang, "thanks_not_linked"))
    elif action == "attach":
        await drop_keyboard(update)
        await attach_to_draft(update, context, user, record)
    elif action == "find" and len(ids) == 2:
        if await svc.gratitude.start_find(user, record.thanks_id, ids[1]) is None:
            await reply(update, t(lang, "thanks_gone"))
            return
        await reply(update, t(lang, "thanks_find_ask"))
    elif action in ("to", "off") and len(ids) == (3 if action == "to" else 2):
        await _link_later(update, context, user, record, ids[1] if action == "to" else None,
                          ids[-1])
    else:
        await reply(update, t(lang, "stale_button"))


async def _link_later(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                      record: Thanks, entry_id: int | None, page: int) -> None:
    """A problem chosen (or "not linked to any") after the confirmation: from /history's 🔗
    (``page`` > 0: that page comes back, with what changed above it) or from 🔎's results."""
    svc = services(context)
    lang = user.language
    entry = await svc.gratitude.link(user, record.thanks_id, entry_id)
    if entry_id is not None and entry is None:
        await reply(update, t(lang, "stale_button"))
        return
    notice = (t(lang, "thanks_linked", who=shorten(entry.who or "", 40),
                problem=shorten(entry.problem or "", 60)) if entry is not None
              else t(lang, "thanks_not_linked"))
    if page:
        await history.show_page(update, context, user, page, notice)
    else:
        await show(update, notice)


async def _keep_only_undo(update: Update, lang: str, thanks_id: int) -> None:
    query = update.callback_query
    assert query is not None
    try:
        await query.edit_message_reply_markup(reply_markup=keyboards.thanks_undo(lang, thanks_id))
    except BadRequest:
        pass  # too old to edit, or already so: the choice still counts


async def on_attach_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """"Attach a thank-you" at the check-in's last step: list the recent unlinked ones."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    user = await current_user(update, context)
    svc = services(context)
    draft = await svc.journal.draft(user)
    choices = await svc.gratitude.attachable(user, draft.who if draft is not None else None)
    if not choices or draft is None or draft.step != "outcome":
        await drop_keyboard(update)
        await reply(update, t(user.language, "stale_button"))
        await checkin.reask_current(update, context, user)
        return
    labels = [(r.thanks_id, shorten(f"{sender_of(user.language, r)}: "
                                    f"{thanks_words.words(user.language, r, 60)}", 48))
              for r in choices]
    await reply(update, t(user.language, "attach_choose"), keyboards.attach_choices(labels))


async def attach_to_draft(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                          record: Thanks) -> None:
    svc = services(context)
    draft = await svc.journal.draft(user)
    if user.awaiting != Awaiting.ENTRY or draft is None or draft.step != "outcome":
        await reply(update, t(user.language, "stale_button"))
        await checkin.reask_current(update, context, user)
        return
    await svc.gratitude.link(user, record.thanks_id, draft.entry_id)
    await reply(update, t(user.language, "thanks_attached",
                          who=sender_of(user.language, record)))
    await checkin.reask_current(update, context, user)
