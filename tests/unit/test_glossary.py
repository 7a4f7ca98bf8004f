"""The catalog speaks with one voice: the glossary's words, never a retired synonym, and
Japanese numbers written against their counter (2件, 6日)."""

from __future__ import annotations

import re

import pytest

from bot.messages import CATALOG, GLOSSARY, JA_COUNTERS

_QUOTED = re.compile(r"「[^」]*」")
# A digit or a {placeholder} holding a number, a space, then a counter: "2 件", "{count} 件".
_SPACED_COUNTER = re.compile(
    r"(?:\d|\{[a-z_]+\})[ \u3000]+(?:" + "|".join(map(re.escape, JA_COUNTERS)) + r")")
# Placeholders that hold words, not numbers ("{date} 日曜" would be fine).
_WORD_PLACEHOLDERS = frozenset({"{date}", "{who}", "{name}", "{day}", "{time}", "{text}"})


def texts(lang: str) -> list[tuple[str, str]]:
    return [(key, values[lang]) for key, values in CATALOG.items() if lang in values]


def retired(lang: str) -> list[tuple[str, str]]:
    return [(name, word) for name, term in GLOSSARY.items()
            for word in (term.retired_ja if lang == "ja" else term.retired_en)]


def retired_used(lang: str, text: str) -> list[str]:
    found = []
    for name, word in retired(lang):
        if lang == "ja":
            hit = word in text
        else:
            hit = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.I) is not None
        if hit:
            found.append(f"{word!r} (say {GLOSSARY[name].ja if lang == 'ja' else GLOSSARY[name].en})")
    return found


def spaced_counters(text: str) -> list[str]:
    return [m.group() for m in _SPACED_COUNTER.finditer(text)
            if not any(m.group().startswith(p) for p in _WORD_PLACEHOLDERS)]


def bare_arigatou(text: str) -> bool:
    """ありがとう as a noun outside 「」 (running text says お礼); ありがとうございます is fine."""
    unquoted = _QUOTED.sub("", text)
    return re.search(r"ありがとう(?!ございま)", unquoted) is not None


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_no_catalog_text_uses_a_retired_synonym(lang):
    offenders = {key: used for key, text in texts(lang) if (used := retired_used(lang, text))}
    assert offenders == {}


def test_japanese_numbers_take_no_space_before_the_counter():
    offenders = {key: found for key, text in texts("ja") if (found := spaced_counters(text))}
    assert offenders == {}


def test_japanese_thank_you_is_quoted_as_a_heading_or_says_orei():
    assert [key for key, text in texts("ja") if bare_arigatou(text)] == []


def test_the_checks_catch_what_they_should():
    assert retired_used("ja", "週次ダイジェストをお送りします")
    assert retired_used("ja", "次のダイジェストは日曜です")
    assert retired_used("en", "Which problem was this thanks for?")
    assert retired_used("en", "your thanks message was kept")
    assert not retired_used("en", "Thanks for the patience — the thanks kept coming")
    assert spaced_counters("今週 2 件") == ["2 件"]
    assert spaced_counters("7日中 {days} 日") == ["{days} 日"]
    assert spaced_counters("{date} 日曜") == [] and spaced_counters("2件、6日") == []
    assert bare_arigatou("↩️ ありがとうではない")
    assert not bare_arigatou("受け取った「ありがとう」を保存")
    assert not bare_arigatou("ありがとうございます!")


def test_every_term_is_named_in_both_languages():
    for term in GLOSSARY.values():
        assert term.en and term.ja and term.meaning
        assert term.en not in term.retired_en and term.ja not in term.retired_ja
