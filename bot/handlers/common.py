"""Small helpers every handler uses: the services, the current user, replying."""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardMarkup, Message, Update
from telegram import User as TelegramUser
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.core.buttons import Pressed, in_area
from bot.core.parsing import language_for, zone_for_key
from bot.core.sanitize import clean
from bot.core.schedule import from_epoch
from bot.messages import format_date, plain, t
from bot.services import Services
from storage.models import User


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


def fallback_language(update: Update) -> str:
    user = update.effective_user
    return language_for(user.language_code if user else None)


def typed_text(message: Message | None) -> str:
    """The text of a message as every flow takes it in: cleaned of control and format
    characters and lone surrogates (``bot.core.sanitize``), not stripped."""
    return clean(message.text if message is not None else None)


def command_arguments(update: Update) -> str:
    """Everything after the command word (``/search@bot`` too), cleaned as ``typed_text``."""
    parts = typed_text(update.effective_message).split(None, 1)
    return parts[1].strip() if len(parts) > 1 else ""


async def language_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The stored user's language, else their Telegram app's. For a message without a sender,
    the language of the user whose private chat it is (their chat id is their user id)."""
    tg_user = update.effective_user
    chat = update.effective_chat
    user_id = tg_user.id if tg_user is not None else chat.id if chat is not None else None
    stored = await services(context).accounts.get(user_id) if user_id is not None else None
    return stored.language if stored is not None else fallback_language(update)


async def sender(update: Update, context: ContextTypes.DEFAULT_TYPE) -> TelegramUser:
    """Who sent this update. A private message without a sender (Telegram always sets one;
    a forged or broken update) is answered politely, nothing is stored, and no other
    handler runs."""
    tg_user = update.effective_user
    if tg_user is not None and update.effective_chat is not None:
        return tg_user
    if update.effective_chat is not None:
        await reply(update, t(await language_of(update, context), "sender_unknown"))
    raise ApplicationHandlerStop


async def current_user(update: Update, context: ContextTypes.DEFAULT_TYPE) -> User:
    """The sender's stored user, created on first contact (not yet onboarded)."""
    tg_user = await sender(update, context)
    chat = update.effective_chat
    assert chat is not None
    svc = services(context)
    user = await svc.accounts.get(tg_user.id)
    if user is None or user.blocked:
        user, _ = await svc.accounts.register(tg_user.id, chat.id, tg_user.language_code)
    return user


def button_data(update: Update) -> Pressed:
    """The pressed button's data, read (``bot.core.buttons``); nothing is answered."""
    query = update.callback_query
    assert query is not None and query.data is not None
    return Pressed.parse(query.data)


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[User, Pressed]:
    """Answer a button press; return the presser and the button's data, read
    (``<area>:<action>[:<argument>…]``, see ``bot.core.buttons``)."""
    data = button_data(update)
    query = update.callback_query
    assert query is not None
    await query.answer()
    return await current_user(update, context), data


async def reply(update: Update, text: str,
                keyboard: InlineKeyboardMarkup | None = None) -> Message:
    chat = update.effective_chat
    assert chat is not None
    return await chat.send_message(text, reply_markup=keyboard)


async def show(update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Replace the message whose button was pressed (editMessageText), so a menu such as
    /settings stays one message; after typed text, or if the message cannot be edited,
    send a new one."""
    query = update.callback_query
    if query is None or query.message is None:
        await reply(update, text, keyboard)
        return
    try:
        await query.edit_message_text(text, reply_markup=keyboard)
    except BadRequest as exc:
        if "not modified" in str(exc).lower():
            return
        await reply(update, text, keyboard)


async def drop_keyboard(update: Update) -> None:
    """Remove the inline keyboard of the message whose button was pressed."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except BadRequest:
        pass  # already without keyboard, or too old to edit


def describe_next(svc: Services, user: User, at_utc: int | None = None) -> str:
    """'today at 21:00' / 'tomorrow at 21:00' / 'Nov 30 at 21:00' for the next question, or
    for the instant ``at_utc`` (epoch seconds) in the user's zone."""
    if at_utc is None:
        at_utc = user.next_checkin_utc
    if at_utc is None:
        return "—"
    zone = zone_for_key(user.timezone)
    when = from_epoch(at_utc).astimezone(zone)
    today = svc.accounts.today(user)
    hhmm = when.strftime("%H:%M")
    if when.date() == today:
        return t(user.language, "when_today", time=hhmm)
    if when.date() == today + timedelta(days=1):
        return t(user.language, "when_tomorrow", time=hhmm)
    return t(user.language, "when_date", date=format_date(user.language, when.date().isoformat()),
             time=hhmm)


async def unknown_presser_gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every button handler: a button pressed by someone the bot holds nothing
    about (an old message after /forget, or a forged update), or on an inline message that
    has no chat, is answered and goes no further, so it can never bring an erased user's
    row back."""
    tg_user = update.effective_user
    query = update.callback_query
    if query is not None and query.message is None:
        # A button of an inline message (sent "via" the bot in another chat): there is no
        # chat to answer in, so a short notice on the button, and nothing else.
        await query.answer(plain(await language_of(update, context), "inline_button"))
        raise ApplicationHandlerStop
    if query is not None and in_area(query.data, "fg"):
        return  # /forget's own buttons answer this case themselves
    if tg_user is None or await services(context).accounts.get(tg_user.id) is not None:
        return
    if query is not None:
        await query.answer()
    if update.effective_chat is not None:
        await reply(update, t(fallback_language(update), "unknown_presser"))
    raise ApplicationHandlerStop
