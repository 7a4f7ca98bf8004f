"""The application's error handler: log the failure (never the user's text). For an inbox
update, the worker decides what the user hears (it retries, says the words were saved, or
apologises once it gives up); elsewhere the user is told."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.handlers.common import fallback_language, services
from bot.messages import t
from storage.db import current_unit

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    error = context.error
    tg_update = update if isinstance(update, Update) else None  # jobs' errors come with None
    user_id = tg_update.effective_user.id if tg_update and tg_update.effective_user else None
    chat = tg_update.effective_chat if tg_update is not None else None
    private = chat is not None and chat.type == "private"
    unit = current_unit()
    if isinstance(error, Forbidden) and user_id is not None and private:
        log.info("user %s blocked the bot", user_id)
        await services(context).accounts.mark_blocked(user_id)
        return
    # Only the exception type and where it happened: messages may quote user text.
    tb = error.__traceback__ if error else None
    where = ""
    while tb is not None:
        where = f"{tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno}"
        tb = tb.tb_next
    # Telegram failing (5xx, timeouts) is not a bug of ours: a warning, not an error.
    level = logging.WARNING if isinstance(error, TelegramError) else logging.ERROR
    log.log(level, "error handling update for user %s: %s at %s", user_id,
            type(error).__name__, where)
    if unit is not None and error is not None:
        await unit.fail(error)
        return
    if private and tg_update is not None and chat is not None:
        try:
            await chat.send_message(t(fallback_language(tg_update), "error_generic"))
        except TelegramError:
            pass
