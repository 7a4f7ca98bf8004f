"""`python -m bot`: run the bot with long polling until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import os
import sys

from pydantic import ValidationError

from bot.config import TOKEN_HELP, Settings
from bot.logging_setup import install_crash_redaction, setup_logging


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
    os.umask(0o077)  # the journal, its WAL and anything else the bot writes: owner only
    settings = load_settings()
    token = settings.bot_token.get_secret_value()
    install_crash_redaction(token)
    setup_logging(settings.log_level, token)
    from bot.runner import serve

    raise SystemExit(asyncio.run(serve(settings)))


if __name__ == "__main__":
    main()
