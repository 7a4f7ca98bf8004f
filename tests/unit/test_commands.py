"""The command registry (bot/commands.py) is the one list of commands: the handlers, the menu
in both languages, /help and README's table must all agree with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from telegram.ext import CommandHandler

from bot.app import build_application
from bot.commands import COMMANDS, GROUPS, help_text, menu
from bot.config import Settings
from bot.messages import CATALOG, LANGUAGES
from tests.fakebotapi import TOKEN

NAMES = [command.name for command in COMMANDS]


def registered_commands() -> dict[str, object]:
    """Every command the built Application answers, with its callback."""
    settings = Settings(bot_token=TOKEN, bot_api_base_url="http://127.0.0.1:9/bot",
                        bot_api_file_url="http://127.0.0.1:9/file/bot",
                        database_path=Path("unused.sqlite3"), _env_file=None)
    application = build_application(settings)
    found: dict[str, object] = {}
    for handlers in application.handlers.values():
        for handler in handlers:
            if isinstance(handler, CommandHandler):
                for name in handler.commands:
                    assert name not in found, f"/{name} registered twice"
                    found[name] = handler.callback
    return found


def test_names_are_unique_valid_and_grouped():
    assert len(set(NAMES)) == len(NAMES)
    assert all(re.fullmatch(r"[a-z0-9_]{1,32}", name) for name in NAMES)
    assert {command.group for command in COMMANDS} == set(GROUPS)


def test_every_registered_handler_is_in_the_registry_and_back():
    registered = registered_commands()
    assert set(registered) == set(NAMES)
    for command in COMMANDS:
        assert registered[command.name] is command.handler


def test_every_command_has_a_description_in_both_languages_and_no_orphans():
    described = {key.removeprefix("cmd_") for key in CATALOG if key.startswith("cmd_")}
    assert described == set(NAMES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_menu_lists_every_command_within_telegram_limits(lang):
    entries = menu(lang)
    assert [entry.command for entry in entries] == NAMES
    assert all(1 <= len(entry.description) <= 256 for entry in entries)
    assert [entry.description for entry in entries] == [CATALOG[f"cmd_{n}"][lang] for n in NAMES]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_lists_every_command_once_under_its_group(lang):
    text = help_text(lang)
    listed = re.findall(r"^/(\w+) — ", text, flags=re.MULTILINE)
    assert listed == NAMES
    sections = text.split("\n\n")[1:]
    assert len(sections) == len(GROUPS)
    for group, section in zip(GROUPS, sections, strict=True):
        assert section.startswith(CATALOG[f"help_group_{group}"][lang])
        in_section = re.findall(r"^/(\w+) — ", section, flags=re.MULTILINE)
        assert in_section == [c.name for c in COMMANDS if c.group == group]
    for command in COMMANDS:
        assert f"/{command.name} — {command.description(lang)}" in text


def test_readme_command_table_matches_the_registry():
    readme = Path(__file__).resolve().parents[2].joinpath("README.md").read_text("utf-8")
    section = readme.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `/(\w+)` \|", section, flags=re.MULTILINE)
    assert rows == NAMES
    # the table's group rows are /help's English headings, each over its own commands
    groups = re.split(r"^\| \*\*(.+?)\*\* \| \|$", section, flags=re.MULTILINE)[1:]
    headings = [re.sub(r"<[^>]+>", "", CATALOG[f"help_group_{g}"]["en"]) for g in GROUPS]
    assert len(groups) == 2 * len(GROUPS)
    for group, heading, title, rows_text in zip(GROUPS, headings, groups[::2], groups[1::2],
                                                 strict=True):
        assert heading.endswith(title)
        assert re.findall(r"^\| `/(\w+)` \|", rows_text, flags=re.MULTILINE) == [
            c.name for c in COMMANDS if c.group == group]
