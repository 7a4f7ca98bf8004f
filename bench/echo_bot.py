"""A bare python-telegram-bot echo bot: the yardstick of ``bench.intake``.

    BOT_TOKEN=… BOT_API_BASE_URL=… BOT_API_FILE_URL=… python -m bench.echo_bot

``ApplicationBuilder`` with its defaults (no rate limiter, updates handled one at a time),
one ``MessageHandler`` that replies with the message's text, and ``run_polling``. It stores
nothing: the difference to the real bot is the journal's own work.
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
    application = (
        ApplicationBuilder()
        .token(os.environ["BOT_TOKEN"])
        .base_url(os.environ["BOT_API_BASE_URL"])
        .base_file_url(os.environ["BOT_API_FILE_URL"])
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
