"""`python -m bot`: run the bot with long polling until SIGINT/SIGTERM."""

from __future__ import annotations

import logging
import sys

from pydantic import ValidationError
from telegram import Update

from bot.config import TOKEN_HELP, Settings
from bot.logging_setup import setup_logging


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        fields = {str(err["loc"][0]).lower() for err in exc.errors() if err["loc"]}
        if "bot_token" in fields:
            print(TOKEN_HELP, file=sys.stderr)
        for err in exc.errors():
            name = str(err["loc"][0]).upper() if err["loc"] else "settings"
            if name != "BOT_TOKEN":
                print(f"{name}: {err['msg']}", file=sys.stderr)
        raise SystemExit(2) from None


def main() -> None:
    settings = load_settings()
    setup_logging(settings.log_level, settings.bot_token.get_secret_value())
    from bot.app import build_application

    application = build_application(settings)
    logging.getLogger(__name__).info("starting long polling (database %s)",
                                     settings.database_path)
    application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)


if __name__ == "__main__":
    main()
