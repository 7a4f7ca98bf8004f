"""The one list of the bot's commands.

Every command is named here once, with its handler and its group in /help; its description
comes from the catalog (``cmd_<name>``, in English and Japanese). This list feeds the
handlers (``register``), Telegram's command menu in both languages (``menu``, used by
``bot.app.register_commands``) and /help (``help_text``), and tests/unit/test_commands.py
checks that they, and README's command table, agree.

/help is the rendering of this list, so its handler lives here too (a handler module
importing this one would be a circular import).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import Application, CommandHandler, ContextTypes, filters

from bot.handlers import (
    checkin,
    digest,
    history,
    people,
    report,
    search_export,
    setup,
    smile,
    thanks,
)
from bot.handlers.common import current_user, reply
from bot.messages import t

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]

# /help's sections, in order; each has a heading ``help_group_<name>`` in the catalog.
GROUPS = ("write", "look_back", "settings")


@dataclass(frozen=True)
class Command:
    name: str
    handler: Handler
    group: str

    def description(self, lang: str) -> str:
        """The line shown in Telegram's menu and in /help."""
        return t(lang, f"cmd_{self.name}")


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help, and the "What can you do?" button: every command, by group."""
    query = update.callback_query
    if query is not None:
        await query.answer()
    user = await current_user(update, context)
    await reply(update, help_text(user.language))


# In the order of /help and of the menu.
COMMANDS: tuple[Command, ...] = (
    Command("log", checkin.log_command, "write"),
    Command("thanks", thanks.thanks_command, "write"),
    Command("cancel", checkin.cancel_command, "write"),
    Command("week", digest.week_command, "look_back"),
    Command("history", history.history_command, "look_back"),
    Command("search", search_export.search_command, "look_back"),
    Command("people", people.people_command, "look_back"),
    Command("focus", digest.focus_command, "look_back"),
    Command("smile", smile.smile_command, "look_back"),
    Command("report", report.report_command, "look_back"),
    Command("numbers", report.numbers_command, "look_back"),
    Command("settings", setup.settings_command, "settings"),
    Command("export", search_export.export_command, "settings"),
    Command("forget", history.forget_command, "settings"),
    Command("start", setup.start, "settings"),
    Command("help", help_command, "settings"),
)


def register(application: Application) -> None:
    """One handler per command, private chats only (groups get a pointer elsewhere)."""
    for command in COMMANDS:
        application.add_handler(CommandHandler(command.name, command.handler,
                                               filters.ChatType.PRIVATE))


def menu(lang: str) -> list[BotCommand]:
    """Telegram's command menu in ``lang``."""
    return [BotCommand(command.name, command.description(lang)) for command in COMMANDS]


def help_text(lang: str) -> str:
    """/help in ``lang``: how the journal works, then every command by group."""
    parts = [t(lang, "help_intro")]
    for group in GROUPS:
        lines = [t(lang, f"help_group_{group}")]
        lines += [t(lang, "help_line", command=f"/{command.name}",
                    description=command.description(lang))
                  for command in COMMANDS if command.group == group]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)

