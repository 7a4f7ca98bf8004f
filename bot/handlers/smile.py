"""/smile: a saved thank-you from a while ago, at any time (never the one shown last)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.core import memory_text
from bot.core.memories import NothingYet
from bot.handlers.common import current_user, reply, services
from bot.messages import format_date, t

log = logging.getLogger(__name__)


async def smile_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = await current_user(update, context)
    lang = user.language
    found = await services(context).memories.smile(user)
    if not isinstance(found, NothingYet):
        text = memory_text.render(lang, found)
        chat = update.effective_chat
        if found.photo is not None and chat is not None:
            try:  # a screenshot: the words are in the picture
                await chat.send_photo(found.photo, caption=text)
                return
            except BadRequest as exc:
                log.warning("screenshot not shown again: %s", type(exc).__name__)
        await reply(update, text)
    elif found.only_one:
        await reply(update, t(lang, "tb_only_one"))
    elif found.first_on is not None:
        await reply(update, t(lang, "tb_too_new",
                              date=format_date(lang, found.first_on.isoformat())))
    else:
        await reply(update, t(lang, "tb_none"))
