"""Every user-facing text exists in both languages with the same placeholders."""

from __future__ import annotations

import string

import pytest

from bot.messages import CATALOG, Raw, shorten, t


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_both_languages_with_same_placeholders(key):
    texts = CATALOG[key]
    assert set(texts) == {"en", "ja"}
    assert texts["en"].strip() and texts["ja"].strip()
    if key != "date_format":  # month names vs. month numbers
        assert placeholders(texts["en"]) == placeholders(texts["ja"])


def test_arguments_are_html_escaped_unless_raw():
    assert t("en", "unknown_command", command="<b>x</b>").startswith("I don't know &lt;b&gt;")
    assert "<i>ok</i>" in t("en", "unknown_command", command=Raw("<i>ok</i>"))


def test_command_descriptions_fit_telegram_limits():
    for key, texts in CATALOG.items():
        if key.startswith("cmd_"):
            assert all(3 <= len(v) <= 256 for v in texts.values())


def test_handlers_contain_no_inline_user_text():
    """Replies come from the catalog: no Japanese literal in handler modules."""
    import pathlib
    import re

    for path in pathlib.Path("bot/handlers").glob("*.py"):
        assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", path.read_text("utf-8")), path


def test_shorten_keeps_short_text_and_cuts_long():
    assert shorten("a  b") == "a b"
    cut = shorten("x" * 500, 100)
    assert len(cut) == 100 and cut.endswith("…")
