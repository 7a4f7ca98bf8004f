"""The one formatter for "who sent this thank-you" and for a quote, in both languages."""

from __future__ import annotations

import pytest

from bot.core import thanks_words as tw
from bot.core.thanks_words import ThanksFields


def rec(name=None, *, signature=None, origin=None, source="manual", kind="text", text=None):
    return ThanksFields(name, signature, origin, source, kind, text)


PERSON = rec("Sam Lee", origin="user", source="forward", text="Thanks so much!")
HIDDEN = rec("Sam", origin="hidden_user", source="forward", text="Thanks so much!")
CHANNEL = rec("Dev Weekly", signature="Sam", origin="channel", source="forward",
              text="Thanks so much!")
GROUP = rec("Book club", origin="chat", source="forward", text="Thanks so much!")
SCREENSHOT = rec("Sam", source="screenshot", kind="photo")
JA_PERSON = rec("佐藤さん", text="本当に助かりました!")


@pytest.mark.parametrize(("record", "en", "ja"), [
    (PERSON, "Sam Lee", "Sam Lee"),
    (HIDDEN, "Sam", "Sam"),  # a hidden account: the name Telegram still gives
    (CHANNEL, "Dev Weekly (Sam)", "Dev Weekly(Sam)"),
    (GROUP, "Book club", "Book club"),
    (rec(None, text="hi"), "someone", "どなたか"),
    (rec("   ", text="hi"), "someone", "どなたか"),
])
def test_sender_in_both_languages(record, en, ja):
    assert tw.sender("en", record) == en
    assert tw.sender("ja", record) == ja


def test_sender_is_shortened_and_can_be_empty():
    long = rec("A" * 80, signature="B" * 40, origin="channel")
    assert tw.sender("en", long, 20) == "A" * 19 + "… (" + "B" * 23 + "…)"
    assert tw.sender("en", rec(None), fallback=False) == ""


def test_japanese_running_text_adds_san_to_people_only():
    assert tw.sender_in_sentence("ja", HIDDEN) == "Samさん"
    assert tw.sender_in_sentence("ja", JA_PERSON) == "佐藤さん"  # already titled
    assert tw.sender_in_sentence("ja", rec("田中先生")) == "田中先生"
    assert tw.sender_in_sentence("ja", GROUP) == "Book club"  # a group is not さん
    assert tw.sender_in_sentence("ja", CHANNEL) == "Dev Weekly(Sam)"
    assert tw.sender_in_sentence("en", HIDDEN) == "Sam"


def test_quote_marks_and_shortening():
    assert tw.quote("en", "Thanks  so\nmuch!") == "“Thanks so much!”"
    assert tw.quote("ja", "本当に助かりました!") == "「本当に助かりました!」"
    assert tw.quote("en", "x" * 200, 10) == "“" + "x" * 9 + "…”"
    assert tw.quoted("ja", "<b>a</b>") == "「<b>a</b>」"  # wraps HTML as it is


@pytest.mark.parametrize(("record", "en", "ja"), [
    (PERSON, "“Thanks so much!” — Sam Lee", "「Thanks so much!」— Sam Lee"),
    (CHANNEL, "“Thanks so much!” — Dev Weekly (Sam)", "「Thanks so much!」— Dev Weekly(Sam)"),
    (JA_PERSON, "“本当に助かりました!” — 佐藤さん", "「本当に助かりました!」— 佐藤さん"),
    (SCREENSHOT, "📷 a screenshot from Sam", "📷 Samさんからのスクリーンショット"),
    (rec(None, source="screenshot", kind="photo"), "📷 a screenshot", "📷 スクリーンショット"),
    (rec("Ana", origin="user", source="forward", kind="photo"), "📷 a photo from Ana",
     "📷 Anaさんからの写真"),
    (rec("Ana", origin="user", source="forward", kind="voice"), "🎤 a voice message from Ana",
     "🎤 Anaさんからのボイスメッセージ"),
    (rec("Book club", origin="chat", source="forward", kind="sticker"),
     "💬 a sticker from Book club", "💬 Book clubからのスタンプ"),
])
def test_one_line_per_thank_you(record, en, ja):
    assert tw.line("en", record) == en
    assert tw.line("ja", record) == ja


def test_words_never_quote_a_picture():
    assert tw.words("en", SCREENSHOT) == "📷 a screenshot"
    assert tw.words("ja", SCREENSHOT) == "📷 スクリーンショット"
    assert tw.words("en", rec("Sam", source="screenshot", kind="photo", text="  ")) \
        == "📷 a screenshot"
    assert tw.words("en", PERSON) == "“Thanks so much!”"
    assert "“📷" not in tw.line("en", SCREENSHOT)


def test_export_rows_are_read_too():
    row = {"sender_name": "Dev Weekly", "author_signature": "Sam", "origin_type": "channel",
           "source": "forward", "kind": "text", "text": "ty"}
    assert tw.sender("en", tw.of_row(row)) == "Dev Weekly (Sam)"
