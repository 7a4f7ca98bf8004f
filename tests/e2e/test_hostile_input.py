"""Bad input at every step gets a clear reply in the user's language and loses nothing."""

from __future__ import annotations

import json
import logging
import types
import unicodedata

import pytest

from tests import fakebotapi
from tests.conftest import START
from tests.e2e.test_checkin import DUE, prompted
from tests.fakebotapi import FakeUser

# Wording and text handling: the same on both backends, so run on SQLite only (the
# storage of what they test is covered on PostgreSQL by the other e2e files).
pytestmark = pytest.mark.sqlite_only

STICKER = {"sticker": {"file_id": "stk1", "file_unique_id": "u-stk1", "width": 512,
                       "height": 512, "is_animated": False, "is_video": False,
                       "type": "regular", "emoji": "🙂"}}
VOICE = {"voice": {"file_id": "v1", "file_unique_id": "u-v1", "duration": 3}}
PHOTO = {"photo": [{"file_id": "p1", "file_unique_id": "u-p1", "width": 90, "height": 90}],
         "caption": "ありがとう!"}


@pytest.fixture(autouse=True)
def no_errors_escape(caplog):
    """No handler may raise: the error handler logs at ERROR, so there must be none."""
    caplog.set_level(logging.INFO)
    yield
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]


async def in_flow_at_problem(harness, user):
    await harness.onboard(user, zone="Asia/Tokyo")
    await harness.send(user, "/log")
    await harness.send(user, "佐藤さん")


@pytest.mark.parametrize("payload,expect_ja", [
    (STICKER, "保存していません"), (VOICE, "どう解決したかとして残しました"),
    (PHOTO, "受け取った「ありがとう」ですか")])
async def test_non_text_in_flow_is_explained_and_question_repeated(harness, ja_user, payload,
                                                                   expect_ja):
    await in_flow_at_problem(harness, ja_user)
    replies = await harness.send_message(ja_user, **payload)
    assert expect_ja in replies[0]["text"]
    assert "どんなこと" in replies[-1]["text"]  # the open question again
    entry = harness.entries(ja_user.id)[0]
    assert (entry["who"], entry["step"]) == ("佐藤さん", "problem")


async def test_very_long_text_is_kept_whole_and_reply_fits(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    await harness.send(en_user, "/log")
    long_text = "A" * 5000
    replies = await harness.send(en_user, long_text)
    assert "their problem" in replies[-1]["text"]
    await harness.send(en_user, "x" * 5000)
    await harness.send(en_user, "fixed")
    replies = await harness.send(en_user, "ok")
    assert "Saved" in replies[-1]["text"] and len(replies[-1]["text"]) < 4096
    entry = harness.entries(en_user.id)[0]
    assert entry["who"] == long_text and len(entry["problem"]) == 5000


@pytest.mark.parametrize("text", ["", "   ", "\n"])
async def test_empty_text(harness, en_user, text):
    await in_flow_at_problem(harness, en_user)
    replies = await harness.send(en_user, text)
    assert "looks empty" in replies[0]["text"]
    assert "their problem" in replies[-1]["text"]
    assert harness.entries(en_user.id)[0]["step"] == "problem"


async def test_emoji_only_is_a_valid_answer(harness, ja_user):
    await in_flow_at_problem(harness, ja_user)
    replies = await harness.send(ja_user, "😭🙏")
    assert "どうやって" in replies[-1]["text"]
    assert harness.entries(ja_user.id)[0]["problem"] == "😭🙏"


async def test_emoji_only_as_a_time_or_zone_is_refused(harness, en_user):
    replies = await harness.send(en_user, "/start")
    await harness.press(en_user, replies[-1], "set:persona:office")
    replies = await harness.send(en_user, "🌏")
    assert "didn't recognise" in replies[0]["text"]
    await harness.send(en_user, "Tokyo")
    replies = await harness.send(en_user, "⏰")
    assert "isn't a time I can use" in replies[0]["text"]


async def test_unknown_command_during_flow_keeps_the_draft(harness, en_user):
    await in_flow_at_problem(harness, en_user)
    replies = await harness.send(en_user, "/dance")
    assert "I don't know /dance" in replies[0]["text"]
    replies = await harness.send(en_user, "the printer jammed")
    assert "How" in replies[-1]["text"]
    assert harness.entries(en_user.id)[0]["problem"] == "the printer jammed"


async def test_group_chat_messages_are_pointed_to_private_chat(harness, en_user):
    group = harness.api.group_chat()
    harness.api.send_text(en_user, "/start", chat=group)
    harness.api.send_text(en_user, "just chatting", chat=group)  # not for the bot: ignored
    await harness.processed_update(harness.api.send_text(en_user, "hi @ValueJournalTestBot",
                                                         chat=group))
    replies = harness.api.sent_messages(group["id"])
    assert len(replies) == 2
    assert all("private chats only" in r["text"] for r in replies)
    assert "@ValueJournalTestBot" in replies[0]["text"]
    assert harness.rows("SELECT * FROM users") == []  # nothing stored from a group


async def test_edited_message_is_explained_and_changes_nothing(harness, ja_user):
    await in_flow_at_problem(harness, ja_user)
    mark = len(harness.api.sent_messages(ja_user.id))
    await harness.processed_update(harness.api.send_edited_text(ja_user, 5, "鈴木さん"))
    replies = harness.api.sent_messages(ja_user.id)[mark:]
    assert "編集しても保存済みの内容は変わりません" in replies[0]["text"]
    assert harness.entries(ja_user.id)[0]["who"] == "佐藤さん"


async def test_tampered_and_unknown_buttons(harness, ja_user, en_user):
    await harness.onboard(ja_user)
    await harness.onboard(en_user, zone="Asia/Tokyo")
    harness.clock.set(DUE)
    await harness.dispatch()
    ja_prompt_id = harness.prompts(ja_user.id)[0]["prompt_id"]
    # en_user presses a button carrying ja_user's prompt id
    replies = await harness.press(en_user, harness.api.last_message(en_user.id),
                                  f"ci:nothing:{ja_prompt_id}")
    assert "older message" in replies[0]["text"]
    assert harness.entries(ja_user.id) == [] and harness.entries(en_user.id) == []
    for data in ("ci:answer:abc", "ci:inbox:999", "zzz", "set:tz:Mars/Olympus",
                 "set:time:25:61", "set:persona:king"):
        replies = await harness.press(en_user, harness.api.last_message(en_user.id), data)
        assert replies, data
    assert harness.user_row(en_user.id)["timezone"] == "Asia/Tokyo"
    assert harness.user_row(en_user.id)["checkin_time"] == "21:00"


async def test_message_before_start_begins_onboarding(harness):
    stranger = FakeUser(id=777, first_name="Kai", language_code="en")
    replies = await harness.send(stranger, "hi there")
    assert replies[0]["text"].startswith("Hello, Kai!")
    assert "describes you best" in replies[-1]["text"]


async def test_old_prompt_answer_button_after_new_prompt(harness, ja_user):
    await harness.onboard(ja_user)
    first = await prompted(harness, ja_user)
    harness.clock.advance(days=1)
    await harness.dispatch()
    replies = await harness.press(ja_user, first, first["reply_markup"]["inline_keyboard"][0][1]
                                  ["callback_data"])
    assert "受付を終了しています" in replies[-1]["text"]
    assert harness.entries(ja_user.id) == []


# --- odd characters: cleaned once where text comes in, never stored or echoed ------------

ZWSP, ZWNJ, ZWJ, RLO, BOM = "\u200b", "\u200c", "\u200d", "\u202e", "\ufeff"
FLAG_SCOTLAND = "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"
ALLOWED_FORMAT = {ZWNJ, ZWJ} | {chr(c) for c in range(0xE0020, 0xE0080)}


def assert_no_controls(text: str) -> None:
    """Nothing the bot stores or sends holds a control or format character, except line
    breaks and what emoji and scripts need."""
    bad = [hex(ord(c)) for c in text
           if (unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t")
           or (unicodedata.category(c) == "Cf" and c not in ALLOWED_FORMAT)]
    assert bad == [], (bad, text)


@pytest.mark.parametrize("text", [
    ZWSP, ZWSP * 3 + ZWNJ + ZWJ, BOM, "\u2060", RLO, "\u2066\u2069", "\u00ad", "\u3164",
    "\u2800", "\x00", f" {ZWSP} \n{ZWSP} ", "\x1b\x07\x7f", "\U000E0001\U000E0068\U000E0069"])
async def test_invisible_only_text_counts_as_empty(harness, ja_user, text):
    await in_flow_at_problem(harness, ja_user)
    replies = await harness.send(ja_user, text)
    assert "メッセージが空のようです" in replies[0]["text"]
    assert "どんなこと" in replies[-1]["text"]  # the open question again
    entry = harness.entries(ja_user.id)[0]
    assert (entry["step"], entry["problem"]) == ("problem", None)


@pytest.mark.parametrize("text", [
    f"{ZWSP} / {ZWSP} / {ZWSP}", f"{ZWSP}／{ZWSP}／{ZWSP}", f"{ZWSP}\n{ZWSP}\n{ZWSP}",
    f"{BOM} / {RLO} / \u2060 / {ZWSP}"])
async def test_quick_form_of_invisible_parts_is_not_an_entry(harness, en_user, text):
    await harness.onboard(en_user)
    replies = await harness.send(en_user, text)
    assert "looks empty" in replies[0]["text"]
    assert harness.entries(en_user.id) == []
    assert harness.rows("SELECT * FROM inbox") == []


async def test_quick_form_with_blank_looking_parts_is_not_saved(harness, ja_user):
    await harness.onboard(ja_user)
    replies = await harness.send(ja_user, "\u3164 / \u3164 / 手伝った")
    assert "記録しました" not in replies[-1]["text"]
    assert harness.entries(ja_user.id) == []


@pytest.mark.parametrize("dirty,clean", [
    ("Mi\x00ka", "Mika"), (f"Mika{RLO}", "Mika"), ("\u2067Mika\u2069", "Mika"),
    (f"{BOM}Mika", "Mika"), (f"Mi{ZWSP}ka", "Mika"), ("Mi\u00adka", "Mika"),
    ("Mika\x1b[31m", "Mika[31m"), ("Mi\x9bka", "Mika"), ("Mika\u200e\u200f\u061c", "Mika"),
    ("Mika\U000E0041\U000E0042", "Mika"), ("Mi\x7fka\x07", "Mika")])
async def test_control_characters_are_neither_stored_nor_echoed(harness, en_user, dirty,
                                                                clean):
    await harness.onboard(en_user)
    replies = await harness.send(en_user, f"{dirty} / her {dirty} résumé / rewrote it")
    assert "Saved" in replies[-1]["text"]
    assert_no_controls(replies[-1]["text"])
    [entry] = harness.entries(en_user.id)
    assert (entry["who"], entry["problem"]) == (clean, f"her {clean} résumé")


@pytest.mark.parametrize("kept", [
    "👩\u200d👩\u200d👧", "❤\ufe0f", "☺\ufe0e", FLAG_SCOTLAND, "葛\U000E0100城", "1\ufe0f\u20e3",
    "👍🏽", "می\u200cخواهم", "佐藤さん\u3000(同僚)"])
async def test_emoji_and_scripts_keep_what_they_need(harness, ja_user, kept):
    await in_flow_at_problem(harness, ja_user)
    await harness.send(ja_user, kept)
    assert harness.entries(ja_user.id)[0]["problem"] == kept


async def test_invisible_tag_text_outside_a_flag_is_dropped(harness, ja_user):
    await in_flow_at_problem(harness, ja_user)
    smuggled = "".join(chr(0xE0000 + ord(c)) for c in "ignore all")
    await harness.send(ja_user, f"資料{smuggled}の締切 {FLAG_SCOTLAND}")
    assert harness.entries(ja_user.id)[0]["problem"] == f"資料の締切 {FLAG_SCOTLAND}"


@pytest.fixture
def surrogates_on_the_wire(monkeypatch):
    """Let the fake server hand out JSON with lone UTF-16 surrogates (``"\\ud800"``), as
    Telegram's JSON can carry them: its own encoder would refuse to write them raw."""
    ascii_json = types.ModuleType("ascii_json")
    ascii_json.__dict__.update(json.__dict__)
    ascii_json.dumps = lambda obj, **kw: json.dumps(obj, **{**kw, "ensure_ascii": True})
    monkeypatch.setattr(fakebotapi, "json", ascii_json)


async def test_lone_surrogates_are_dropped(harness, en_user, surrogates_on_the_wire):
    await harness.onboard(en_user)
    replies = await harness.send(en_user, "Mika\ud800 / her r\udc00ésumé / rewrote it")
    assert "Saved" in replies[-1]["text"] and "Mika" in replies[-1]["text"]
    [entry] = harness.entries(en_user.id)
    assert (entry["who"], entry["problem"]) == ("Mika", "her résumé")
    replies = await harness.send(en_user, "\udfff")
    assert "looks empty" in replies[-1]["text"]
    assert harness.rows("SELECT * FROM inbox") == []


async def test_lone_surrogate_in_a_name_and_a_thanks(harness, surrogates_on_the_wire):
    user = FakeUser(id=4242, first_name="Ka\ud83di", language_code="ja")
    replies = await harness.send(user, "/start")
    assert "Kaiさん" in replies[0]["text"]
    await harness.onboard(user)
    await harness.send(user, "/thanks ミカ\udc00 / ありがとう\ud800!")
    [row] = harness.rows("SELECT sender_name, text FROM thanks")
    assert tuple(row) == ("ミカ", "ありがとう!")


async def test_forwarded_text_is_cleaned_and_keeps_its_formatting(harness, en_user):
    await harness.onboard(en_user)
    text = f"Thank{RLO} you\x00 so much!"
    sender = {"id": 5151, "is_bot": False, "first_name": f"Yuki{RLO}", "last_name": "Tanaka"}
    replies = await harness.send_message(en_user, text=text, entities=[
        {"type": "bold", "offset": 15, "length": 4}], forward_origin={
        "type": "user", "date": int(START.timestamp()) - 60, "sender_user": sender})
    assert "Yuki Tanaka" in replies[0]["text"]
    assert_no_controls(replies[0]["text"])
    [row] = harness.rows("SELECT sender_name, text, entities FROM thanks")
    assert (row["sender_name"], row["text"]) == ("Yuki Tanaka", "Thank you so much!")
    assert json.loads(row["entities"]) == [{"type": "bold", "offset": 13, "length": 4}]


async def test_forward_of_invisible_text_is_not_kept(harness, ja_user):
    await harness.onboard(ja_user)
    replies = await harness.send_message(ja_user, text=ZWSP * 4, forward_origin={
        "type": "hidden_user", "date": int(START.timestamp()) - 60,
        "sender_user_name": "Mika"})
    assert "メッセージが空のようです" in replies[0]["text"]
    assert harness.rows("SELECT * FROM thanks") == []


async def test_commands_take_cleaned_arguments(harness, en_user):
    await harness.onboard(en_user)
    replies = await harness.send(en_user, f"/focus young{RLO} parents / sleep\x00")
    assert_no_controls(replies[-1]["text"])
    row = harness.user_row(en_user.id)
    assert (row["focus_who"], row["focus_problem"]) == ("young parents", "sleep")
    replies = await harness.send(en_user, f"/search {ZWSP}\x00")
    assert "/search" in replies[-1]["text"]  # how to use it: nothing to look for
    replies = await harness.send(en_user, f"/dance{RLO}")
    assert "I don't know /dance." in replies[-1]["text"]
    assert_no_controls(replies[-1]["text"])


# --- /thanks with a slash in the name ----------------------------------------------------

@pytest.mark.parametrize("command,who,said", [
    ("/thanks AC/DC fan club / Thanks for the tickets!", "AC/DC fan club",
     "Thanks for the tickets!"),
    ("/thanks 佐藤さん／チケットありがとう!", "佐藤さん", "チケットありがとう!")])
async def test_thanks_sender_may_hold_a_bare_slash(harness, en_user, command, who, said):
    await harness.onboard(en_user)
    replies = await harness.send(en_user, command)
    assert f"from <b>{who}</b>" in replies[0]["text"]
    [row] = harness.rows("SELECT sender_name, text, status FROM thanks")
    assert tuple(row) == (who, said, "kept")


async def test_thanks_with_a_bare_slash_only_asks_what_they_said(harness, ja_user):
    await harness.onboard(ja_user)
    replies = await harness.send(ja_user, "/thanks AC/DC")
    assert "AC/DC" in replies[-1]["text"]
    [row] = harness.rows("SELECT sender_name, text, status FROM thanks")
    assert tuple(row) == ("AC/DC", None, "draft")


# --- updates Telegram would not send, and forged buttons ---------------------------------

@pytest.mark.parametrize("known", [True, False])
async def test_private_message_without_sender(harness, ja_user, known):
    if known:
        await harness.onboard(ja_user)
    before = [tuple(r) for r in harness.rows("SELECT * FROM users")]
    mark = len(harness.api.sent_messages(ja_user.id))
    update = harness.api.queue_update({"message": {
        "message_id": 9001, "date": int(START.timestamp()), "chat": ja_user.private_chat(),
        "text": "佐藤さん / 資料 / 手伝った"}})
    await harness.processed_update(update)
    [answer] = harness.api.sent_messages(ja_user.id)[mark:]
    expected = "送信者がわからない" if known else "couldn't tell who sent"
    assert expected in answer["text"]
    assert [tuple(r) for r in harness.rows("SELECT * FROM users")] == before
    assert harness.rows("SELECT * FROM entries") == []


@pytest.mark.parametrize("data", ["ci:answer:1", "fg:erase:abc", "th:undo:1", "zzz"])
async def test_button_on_an_inline_message(harness, ja_user, data):
    await harness.onboard(ja_user)
    before = [tuple(r) for r in harness.rows("SELECT * FROM users")]
    mark = len(harness.api.sent_messages(ja_user.id))
    update = harness.api.queue_update({"callback_query": {
        "id": "771", "from": ja_user.to_dict(), "inline_message_id": "AAQAinline",
        "chat_instance": "ci-inline", "data": data}})
    await harness.processed_update(update)
    [answer] = [c for c in harness.api.calls_to("answerCallbackQuery")
                if c.params.get("callback_query_id") == "771"]
    assert "個別チャット" in answer.params["text"]
    assert harness.api.sent_messages(ja_user.id)[mark:] == []
    assert [tuple(r) for r in harness.rows("SELECT * FROM users")] == before


@pytest.mark.parametrize("data,expect", [
    ("ci:answer:999999999999999999999999999999", "older message"),
    ("ci:nothing:99999999999999999999", "older message"),
    ("ci:answer:²", "older message"), ("ci:later:-1", "older message"),
    ("ci:inbox:999999999999999999999999", "older message"),
    ("th:link:xxxxxxxxxxxxxxxxxxxx:11111111111", "no longer in your journal"),
    ("th:link:1:999999999999999999999999", "no longer in your journal"),
    ("th:undo:١٢", "no longer in your journal"), ("th:yes:1e9", "no longer in your journal"),
    ("hi:d:e:99999999999999999999:1", "older message"),
    ("hi:p:99999999999999999999999", "older message"),
    ("dg:day:²", "older message"), ("dg:intent:9999-99-99", "older message")])
async def test_out_of_range_and_malformed_ids_are_stale_buttons(harness, en_user, data,
                                                                 expect):
    await harness.onboard(en_user)
    await harness.send(en_user, "Mia / her bike / fixed the chain")
    await harness.send(en_user, "/thanks Mia / thank you!")
    before = {t: [tuple(r) for r in harness.rows(f"SELECT * FROM {t}")]
              for t in ("users", "entries", "thanks", "inbox")}
    replies = await harness.press(en_user, harness.api.last_message(en_user.id), data)
    assert expect in replies[0]["text"]
    assert {t: [tuple(r) for r in harness.rows(f"SELECT * FROM {t}")]
            for t in before} == before
