"""/search and /export."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.ext import ContextTypes

from bot.core import export, search
from bot.handlers.common import command_arguments, current_user, reply, services
from bot.messages import t


async def search_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/search words…: the user's solved problems and thank-yous containing every word."""
    user = await current_user(update, context)
    query = search.build_query(command_arguments(update))
    if query is None:
        await reply(update, t(user.language, "search_usage"))
        return
    result = await search.search(services(context).db, user.user_id, query)
    await reply(update, search.render(user.language, result))


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/export: the whole journal as CSV, JSON and Markdown documents, then a short note."""
    chat = update.effective_chat
    assert chat is not None
    svc = services(context)
    user = await current_user(update, context)
    result = await export.export(svc.db, user.user_id, svc.clock.now())
    if result is None:
        await reply(update, t(user.language, "export_empty"))
        return
    for file in result.files:
        await chat.send_document(InputFile(file.data, filename=file.filename))
    await reply(update, t(user.language, "export_done", solved=result.solved,
                          nothing=result.nothing, thanks=result.thanks))
