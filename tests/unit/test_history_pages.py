"""The pure parts of /history: button and edit-state parsing, and a worst-case page staying
inside Telegram's limits. (/forget's confirmation token: tests/integration/test_storage.py.)"""

from __future__ import annotations

import pytest

from bot.core.history import (
    PAGE_SIZE,
    Action,
    EditTarget,
    Item,
    Page,
    parse_action,
)
from bot.handlers.history import page_keyboard, render_page
from bot.messages import LANGUAGES
from storage.models import Entry, Thanks
from tests.fakebotapi import parse_telegram_html, utf16_len


@pytest.mark.parametrize(("data", "expected"), [
    ("hi:p:3", Action("p", arg="3")),
    ("hi:k:1", Action("k", arg="1")),
    ("hi:e:e:12:2", Action("e", "e", 12, "2")),
    ("hi:d:t:7:1", Action("d", "t", 7, "1")),
    ("hi:y:e:5:4", Action("y", "e", 5, "4")),
    ("hi:f:e:5:outcome", Action("f", "e", 5, "outcome")),
    ("hi:f:t:5:from", Action("f", "t", 5, "from")),
])
def test_parse_action(data, expected):
    assert parse_action(data) == expected


@pytest.mark.parametrize("data", [
    "hi", "hi:", "hi:p", "hi:p:x", "hi:p:-1", "hi:p:²", "hi:z:e:1:1", "hi:e:x:1:1",
    "hi:e:e:a:1", "hi:e:e:1", "hi:e:e:1:x", "hi:f:e:1:from", "hi:f:t:1:who",
    "hi:f:e:1:2", "hi:e:e:1:1:1", "fg:go", "hi:e:e:1234567890123456789:1",
])
def test_parse_action_rejects(data):
    assert parse_action(data) is None


def test_action_page_defaults_to_one():
    assert Action("p", arg="4").page == 4
    assert Action("f", "e", 1, "who").page == 1


def test_edit_target_round_trip_and_rejects():
    target = EditTarget("t", 42, "words")
    assert target.awaiting == "edit:t:42:words"
    assert EditTarget.parse(target.awaiting) == target
    for bad in (None, "", "entry", "edit:", "edit:e:1:from", "edit:t:1:who", "edit:e:x:who",
                "edit:e:1:who:more", "xedit:e:1:who"):
        assert EditTarget.parse(bad) is None


def _entry(n: int, text: str) -> Entry:
    return Entry(entry_id=n, user_id=1, local_date="2026-11-28", status="done", step=None,
                 who=text, problem=text, how=text, outcome=text, source="quick",
                 prompt_id=None, created_utc=n, updated_utc=n, completed_utc=n)


def _thanks(n: int, text: str, entry_id: int | None = None) -> Thanks:
    return Thanks(thanks_id=n, user_id=1, status="kept", source="forward", kind="text",
                  origin_type="channel", sender_name=text, sender_username=None,
                  sender_user_id=None, sender_chat_id=None, origin_message_id=None,
                  author_signature=text, original_utc=None, received_utc=n,
                  local_date="2026-09-30", text=text, entities=None, media_group_id=None,
                  dedupe_key=None, entry_id=entry_id, message_id=None)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_worst_case_page_fits_one_message(lang):
    """Every field at its longest, full of characters HTML must escape, many thank-yous on
    a problem: the page stays far below 4096 characters and its buttons below 64 bytes."""
    text = "&<>\"' 𝔘 日本語 " * 400
    big = 10**17
    items = []
    for n in range(PAGE_SIZE):
        if n % 2:
            items.append(Item("t", big + n, thanks=_thanks(big + n, text),
                              problem=_entry(big, text)))
        else:
            linked = tuple(_thanks(big + k, text, big + n) for k in range(50))
            items.append(Item("e", big + n, entry=_entry(big + n, text), linked=linked))
    page = Page(number=big // PAGE_SIZE, pages=big, total=big * PAGE_SIZE, items=tuple(items))
    html = render_page(lang, page, notice="🗑 Deleted.")
    assert utf16_len(parse_telegram_html(html)) < 3000
    keyboard = page_keyboard(lang, page)
    assert keyboard is not None
    for row in keyboard.inline_keyboard:
        for button in row:
            assert len(button.callback_data.encode()) < 64
