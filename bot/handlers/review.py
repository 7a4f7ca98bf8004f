"""The 13-week review on Telegram: its question about the next 13 weeks' focus. The review
itself is sent by the dispatcher through ``TelegramPromptSender.send_review``.

The answer is the personal metric (/focus): 🎯 asks for it (``rv:focus``, then a typed
``who / problem``), and "Keep …" (``rv:keep``) keeps the one there is. Each weekly digest
then counts what matches it, and so does the next review.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from bot.core.awaiting import Awaiting
from bot.core.focus import Focus, parse_focus
from bot.core.parsing import parse_quick_entry
from bot.handlers import checkin
from bot.handlers.common import drop_keyboard, pressed, reply, services
from bot.messages import shorten, t
from storage.models import User

MAX_FOCUS = 200  # longer is a story, not a focus: kept as journal text


def register(application: Application) -> None:
    """Add this flow's button handlers."""
    application.add_handler(CallbackQueryHandler(on_review_button, pattern=r"^rv:"))


def _focus(user: User) -> Focus | None:
    return (Focus(user.focus_who, user.focus_problem)
            if user.focus_who or user.focus_problem else None)


async def on_review_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    user, data = await pressed(update, context)
    lang = user.language
    if data.action == "focus":
        await drop_keyboard(update)
        await svc.accounts.set_awaiting(user, Awaiting.NEXT_FOCUS)
        await ask_next_focus(update, context, user)
    elif data.action == "keep" and (focus := _focus(user)) is not None:
        await drop_keyboard(update)
        await reply(update, t(lang, "next_focus_kept", focus=shorten(str(focus), 100)))
    else:
        await reply(update, t(lang, "stale_button"))


async def ask_next_focus(update: Update, context: ContextTypes.DEFAULT_TYPE,
                         user: User) -> None:
    await reply(update, t(user.language, "ask_next_focus"))


async def receive_next_focus(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                             text: str) -> None:
    """The typed focus for the next 13 weeks: saved as /focus would save it. A quick entry
    typed there (who / problem / how) is journal text, not a focus."""
    svc = services(context)
    user = await svc.accounts.set_awaiting(user, None)
    if parse_quick_entry(text) is not None or len(text) > MAX_FOCUS:
        await checkin.receive_free_text(update, context, user, text)
        return
    focus = parse_focus(text)
    if focus is None:
        return
    user = await svc.accounts.set_focus(user, shorten(focus.who, 100) if focus.who else None,
                                        shorten(focus.problem or "", 100) or None)
    await reply(update, t(user.language, "next_focus_set",
                          focus=str(_focus(user) or focus)))
