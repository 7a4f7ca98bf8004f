"""A bare python-telegram-bot echo bot: the yardstick of ``bench.intake``.

    BOT_TOKEN=… BOT_API_BASE_URL=… BOT_API_FILE_URL=… python -m bench.echo_bot

``ApplicationBuilder`` with its defaults (no rate limiter, updates handled one at a time),
one ``MessageHandler`` that replies with the message's text, and ``run_polling``. It stores
nothing: the difference to the real bot is the journal's own work.

With ``ECHO_HTTP=aiohttp`` it sends through the bot's own HTTP client (``bot/http_client.py``)
instead of python-telegram-bot's default (httpx): the yardstick for the bot's work alone,
the HTTP client being equal.
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(message.text)


def main() -> None:
    builder = (
        ApplicationBuilder()
        .token(os.environ["BOT_TOKEN"])
        .base_url(os.environ["BOT_API_BASE_URL"])
        .base_file_url(os.environ["BOT_API_FILE_URL"])
    )
    if os.environ.get("ECHO_HTTP") == "aiohttp":
        from bot.http_client import AiohttpRequest

        builder = (builder.request(AiohttpRequest())
                   .get_updates_request(AiohttpRequest(connections=1)))
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
