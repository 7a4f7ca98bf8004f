"""What the inbox worker says when an update could not be handled the ordinary way: after a
restart (its effects were saved, its reply may not have gone out), when the reply failed
after a save, and when nothing could be saved."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers import messages_in
from bot.handlers.common import current_user, fallback_language, reply, services
from bot.messages import t


def _private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == "private" and update.effective_user is not None


async def after_restart(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot stopped after storing what this update brought and before answering it: say
    it is saved, and ask the open question again."""
    if not _private(update):
        return
    user = await current_user(update, context)
    await reply(update, t(user.language, "saved_before_restart"))
    await messages_in._reask(update, context, user)  # noqa: SLF001


async def saved_unconfirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What the user sent is stored but the reply failed: never ask them to send it again."""
    await _say(update, context, "saved_unconfirmed")


async def not_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handling failed several times and nothing was stored."""
    await _say(update, context, "error_generic")


async def _say(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str) -> None:
    """One line in the user's language, without registering anyone."""
    if not _private(update):
        return
    assert update.effective_user is not None
    user = await services(context).accounts.get(update.effective_user.id)
    await reply(update, t(user.language if user else fallback_language(update), key))
