"""/smile: a saved thank-you from a while ago, at any time (never the one shown last)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core import memory_text
from bot.core.memories import NothingYet
from bot.handlers.common import current_user, reply, services
from bot.messages import format_date, t


async def smile_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = await current_user(update, context)
    lang = user.language
    found = await services(context).memories.smile(user)
    if not isinstance(found, NothingYet):
        await reply(update, memory_text.render(lang, found))
    elif found.only_one:
        await reply(update, t(lang, "tb_only_one"))
    elif found.first_on is not None:
        await reply(update, t(lang, "tb_too_new",
                              date=format_date(lang, found.first_on.isoformat())))
    else:
        await reply(update, t(lang, "tb_none"))
