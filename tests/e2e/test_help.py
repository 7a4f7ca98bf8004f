"""/help lists every command, grouped, in both languages; it agrees with the command menu
Telegram shows and with the handlers the bot answers (all three come from bot/commands.py)."""

from __future__ import annotations

import re

import pytest
from telegram.ext import CommandHandler

from bot.commands import COMMANDS

# Wording and text handling: the same on both backends, so run on SQLite only (the
# storage of what they test is covered on PostgreSQL by the other e2e files).
pytestmark = pytest.mark.sqlite_only

# Written out here, not taken from the registry, so dropping a command anywhere fails.
EVERY_COMMAND = ["log", "thanks", "cancel", "week", "history", "search", "people", "focus",
                 "smile", "report", "numbers", "settings", "export", "forget", "start",
                 "help"]

EXPECTED = {
    "en": {
        "headings": ["✍️ Writing", "📖 Looking back", "⚙️ Settings and your data"],
        "lines": ["/log — Write an entry now",
                  "/week — This week so far (/week last: the week before)",
                  "/forget — Erase everything I hold about you"],
        "intro": "whose problem did you solve today, and how?",
    },
    "ja": {
        "headings": ["✍️ 記録する", "📖 ふりかえる", "⚙️ 設定とデータ"],
        "lines": ["/log — いま記録する",
                  "/week — 今週のふりかえり(/week last で先週)",
                  "/forget — あなたのデータをすべて消去"],
        "intro": "今日は、誰のどんな問題を、どう解決しましたか?",
    },
}


def listed(text: str) -> list[str]:
    return re.findall(r"^/(\w+) — ", text, flags=re.MULTILINE)


@pytest.mark.parametrize("who", ["en_user", "ja_user"])
async def test_help_lists_every_command_grouped(harness, request, who):
    user = request.getfixturevalue(who)
    lang = "ja" if who == "ja_user" else "en"
    await harness.onboard(user)
    done = harness.api.last_message(user.id)["text"]
    assert "/help" in done  # onboarding points to /help for "the rest"

    [reply] = await harness.send(user, "/help")
    text = reply["text"]
    assert sorted(listed(text)) == sorted(EVERY_COMMAND)
    assert len(listed(text)) == len(EVERY_COMMAND)  # each once
    expected = EXPECTED[lang]
    assert expected["intro"] in text
    positions = [text.index(f"<b>{heading}</b>") for heading in expected["headings"]]
    assert positions == sorted(positions)
    writing, looking_back, settings = (listed(part) for part in text.split("\n\n")[1:])
    assert writing == ["log", "thanks", "cancel"]
    assert looking_back == ["week", "history", "search", "people", "focus", "smile", "report",
                            "numbers"]
    assert settings == ["settings", "export", "forget", "start", "help"]
    for line in expected["lines"]:
        assert line in text
    if lang == "ja":
        assert "ます" in text and "ください" in text  # polite
        assert not re.search(r"\d [件日回]", text)  # no space before a counter
    assert len(text.splitlines()) <= 24  # short: one phone screen (16 commands, 3 headings)


@pytest.mark.parametrize("who", ["en_user", "ja_user"])
async def test_what_can_you_do_button_shows_the_same_help(harness, request, who):
    user = request.getfixturevalue(who)
    await harness.onboard(user)
    [help_reply] = await harness.send(user, "/help")
    replies = await harness.send(user, "a note that is not an entry")
    replies = await harness.press(user, replies[-1], "help:show")
    assert replies[-1]["text"] == help_reply["text"]


async def test_menu_help_and_handlers_agree_in_both_languages(harness, en_user, ja_user):
    await harness.api.wait_for_calls("setMyCommands", count=2)
    menus = {lang: harness.api.commands_for(code) for lang, code in (("en", None), ("ja", "ja"))}
    answered = {name for handlers in harness.application.handlers.values()
                for handler in handlers if isinstance(handler, CommandHandler)
                for name in handler.commands}
    assert answered == set(EVERY_COMMAND)
    for lang, user in (("en", en_user), ("ja", ja_user)):
        await harness.onboard(user)
        [reply] = await harness.send(user, "/help")
        menu = menus[lang]
        assert [c["command"] for c in menu] == listed(reply["text"]) == [c.name for c in COMMANDS]
        for entry in menu:  # the same description in the menu as in /help
            assert f"/{entry['command']} — {entry['description']}" in reply["text"]
