"""/history (pages, edit, delete) and /forget on Telegram.

Buttons: ``hi:p:<page>`` another page, ``hi:e|d:<kind>:<id>:<page>`` edit or delete an item,
``hi:f:<kind>:<id>:<field>`` the field to edit, ``hi:y:<kind>:<id>:<page>`` confirmed
delete, ``hi:k:<page>`` "keep it"; ``fg:go``, ``fg:no``, ``fg:keep`` and
``fg:erase:<one-time token>`` for /forget. Every id is re-checked against the pressing user's data.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from bot import keyboards
from bot.core import thanks_words
from bot.core.history import (
    MAX_FIELD_TEXT,
    MAX_SENDER_NAME,
    EditTarget,
    History,
    Item,
    Page,
    parse_action,
)
from bot.core.voice import how_text
from bot.handlers import checkin
from bot.handlers.common import (
    button_data,
    current_user,
    fallback_language,
    pressed,
    reply,
    services,
    show,
)
from bot.messages import Raw, format_date, question_label, shorten, t
from storage.models import User

log = logging.getLogger(__name__)

MAX_LINKED_NAMES = 3


def _history(context: ContextTypes.DEFAULT_TYPE) -> History:
    return History(services(context).accounts)


# --- rendering -------------------------------------------------------------------------

def _item_lines(lang: str, item: Item) -> list[str]:
    if item.entry is not None:
        entry = item.entry
        line = t(lang, "history_problem", who=shorten(entry.who or "", 40),
                 problem=shorten(entry.problem or "", 80),
                 how=how_text(entry.how, entry.voice_duration, 80))
        question = question_label(lang, entry.outcome_question)
        if entry.outcome and question:
            line += t(lang, "history_outcome_asked", question=question,
                      outcome=shorten(entry.outcome, 80))
        elif entry.outcome:
            line += t(lang, "history_outcome", outcome=shorten(entry.outcome, 80))
        lines = [line]
        if item.linked:
            names = [thanks_words.sender(lang, r, 24) for r in item.linked[:MAX_LINKED_NAMES]]
            if len(item.linked) > MAX_LINKED_NAMES:
                names.append("…")
            lines.append(t(lang, "history_linked", count=len(item.linked),
                           names=("、" if lang == "ja" else ", ").join(names)))
        if entry.note:
            lines.append(t(lang, "history_note", note=shorten(entry.note, 120)))
        return lines
    record = item.thanks
    assert record is not None
    lines = [t(lang, "history_thanks", who=thanks_words.sender(lang, record),
               quote=thanks_words.words(lang, record, 80))]
    if item.problem is not None:
        lines.append(t(lang, "history_thanks_link", who=shorten(item.problem.who or "", 30),
                       problem=shorten(item.problem.problem or "", 60)))
    if record.note:
        lines.append(t(lang, "history_note", note=shorten(record.note, 120)))
    return lines


def render_item(lang: str, item: Item, *, numbered: bool = True) -> str:
    date = format_date(lang, item.local_date)
    head = (t(lang, "history_item_head", n=item.number, date=date) if numbered
            else t(lang, "history_item_date", date=date))
    first, *rest = _item_lines(lang, item)
    return "\n".join([head + first, *rest])


def render_page(lang: str, page: Page, notice: str | None = None) -> str:
    parts = [notice] if notice else []
    if page.total == 0:
        parts.append(t(lang, "history_empty"))
    else:
        parts.append(t(lang, "history_header", page=page.number, pages=page.pages,
                       total=page.total))
        parts.extend(render_item(lang, item) for item in page.items)
    return "\n\n".join(parts)


page_keyboard = keyboards.history_page  # the page's buttons (also read by tests)


def _edit_question(lang: str, item: Item, field: str) -> str:
    current = History.current_value(item, field)
    return t(lang, "history_edit_ask", field=t(lang, f"field_{field}"),
             current=shorten(current, 200) if current else t(lang, "history_field_empty"))


# --- /history ----------------------------------------------------------------------------

async def history_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/history, or /history <page>."""
    user = await current_user(update, context)
    args = context.args or []
    number = int(args[0]) if args and args[0].isascii() and args[0].isdigit() else 1
    page = await _history(context).page(user, number)
    await reply(update, render_page(user.language, page), page_keyboard(user.language, page))


async def on_history_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user, data = await pressed(update, context)
    lang = user.language
    history = _history(context)
    action = parse_action(data)
    if action is None:
        await reply(update, t(lang, "stale_button"))
        return
    if action.verb in ("p", "k"):
        page = await history.page(user, action.page)
        notice = t(lang, "history_kept") if action.verb == "k" else None
        await show(update, render_page(lang, page, notice), page_keyboard(lang, page))
        return
    item = await history.item(user, action.kind, action.item_id)
    if item is None:
        await reply(update, t(lang, "history_not_found"))
        return
    summary = Raw(render_item(lang, item, numbered=False))
    if action.verb == "e":
        await show(update, t(lang, "history_edit_which", item=summary),
                    keyboards.history_fields(lang, item, action.page))
    elif action.verb == "f":
        assert action.arg is not None
        if await history.start_edit(user, item.kind, item.item_id, action.arg) is None:
            await reply(update, t(lang, "history_not_found"))
            return
        await show(update, _edit_question(lang, item, action.arg))
    elif action.verb == "l":
        await show_link_choices(update, context, user, item, action.page)
    elif action.verb == "d":
        await show(update, await _delete_question(context, user, item),
                    keyboards.history_delete(lang, item, action.page))
    elif action.verb == "y":
        if not await history.delete(user, item.kind, item.item_id):
            await reply(update, t(lang, "history_not_found"))
            return
        page = await history.page(user, action.page)
        await show(update, render_page(lang, page, t(lang, "history_deleted")),
                    page_keyboard(lang, page))


async def show_link_choices(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                            item: Item, page: int) -> None:
    """🔗 on a thank-you: the problems it may be for (its sender's first), in place."""
    lang = user.language
    assert item.thanks is not None
    summary = Raw(render_item(lang, item, numbered=False))
    problems, _ = await services(context).gratitude.problems_to_offer(user, item.thanks)
    if not problems:
        await show(update, t(lang, "history_link_none", item=summary),
                   keyboards.link_later(lang, item.item_id, [], page, False))
        return
    await show(update, t(lang, "history_link_ask", item=summary),
               keyboards.link_later(lang, item.item_id, problems, page,
                                    item.thanks.entry_id is not None))


async def show_page(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                    number: int, notice: str | None = None) -> None:
    """A /history page in place of the pressed message, with ``notice`` above it."""
    page = await _history(context).page(user, number)
    await show(update, render_page(user.language, page, notice),
               page_keyboard(user.language, page))


async def _delete_question(context: ContextTypes.DEFAULT_TYPE, user: User, item: Item) -> str:
    lang = user.language
    lines = [t(lang, "history_delete_ask", item=Raw(render_item(lang, item, numbered=False)))]
    if item.kind == "e" and item.linked:
        lines.append(t(lang, "history_delete_note_linked"))
    elif item.kind == "t" and await _history(context).media_count(user, item.item_id):
        lines.append(t(lang, "history_delete_note_files"))
    return "\n\n".join(lines)


async def receive_edit(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                       text: str) -> None:
    """Typed text while an edit question ("send the new text for …") is open."""
    lang = user.language
    edited = await _history(context).save_edit(user, text)
    if edited.outcome == "saved":
        assert edited.target is not None and edited.value is not None
        await reply(update, t(lang, "history_edit_saved",
                              field=t(lang, f"field_{edited.target.field}"),
                              value=shorten(edited.value, 300)))
    elif edited.outcome == "too_long":
        assert edited.target is not None
        limit = MAX_SENDER_NAME if edited.target.field == "from" else MAX_FIELD_TEXT
        await reply(update, t(lang, "history_edit_too_long", limit=limit))
    elif edited.outcome == "gone":
        await reply(update, t(lang, "history_not_found"))
    else:  # the open question was not one we can read: treat the text as any other
        user = await services(context).accounts.get(user.user_id) or user
        await checkin.receive_free_text(update, context, user, text)


async def reask_edit(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    """Repeat the open edit question after input we could not use."""
    target = EditTarget.parse(user.awaiting)
    if target is None:
        return
    item = await _history(context).item(user, target.kind, target.item_id)
    if item is None:
        await services(context).accounts.set_awaiting(user, None)
        return
    await reply(update, _edit_question(user.language, item, target.field))


# --- /forget -----------------------------------------------------------------------------

async def forget_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tg_user = update.effective_user
    assert tg_user is not None
    if await services(context).accounts.get(tg_user.id) is None:
        # nothing stored: say so without creating a user just to answer
        await reply(update, t(fallback_language(update), "forget_nothing"))
        return
    user = await current_user(update, context)
    lang = user.language
    await reply(update, t(lang, "forget_step1"), keyboards.forget_first(lang))


async def on_forget_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    data = button_data(update)
    query = update.callback_query
    assert query is not None
    await query.answer()
    tg_user = update.effective_user
    assert tg_user is not None
    if await services(context).accounts.get(tg_user.id) is None:
        # an old /forget message after the erase: answer, but create nothing
        await show(update, t(fallback_language(update), "forget_nothing"))
        return
    # Read (and if needed unblock) the user BEFORE erasing: nothing after the erase may
    # touch the users table, or a fresh row would appear.
    user = await current_user(update, context)
    lang = user.language
    history = _history(context)
    verb, token = data.action, data.argument
    if verb == "go":
        await show(update, t(lang, "forget_step2"), keyboards.forget_final(lang, await history.forget_token(user)))
    elif verb in ("no", "keep"):
        await history.forget_kept(user)
        await show(update, t(lang, "forget_cancelled"))
    elif verb == "erase":
        if not await history.forget_confirmed(user, token):
            log.info("a final erase button without a valid confirmation; nothing erased")
            await show(update, t(lang, "forget_expired"))
            return
        await history.forget(user)
        log.info("a user erased all their data")
        await show(update, t(lang, "forget_done"))
    else:
        await reply(update, t(lang, "stale_button"))


def register(application: Application) -> None:
    """Add this flow's button handlers (its commands are in bot/commands.py)."""
    application.add_handler(CallbackQueryHandler(on_history_button, pattern=r"^hi:"))
    application.add_handler(CallbackQueryHandler(on_forget_button, pattern=r"^fg:"))
