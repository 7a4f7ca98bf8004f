"""Thank-you messages, driven as a Telegram user would: forwards of every origin kind,
screenshots and albums, /thanks, linking to a problem, undo, duplicates, odd kinds."""

from __future__ import annotations

import json
import logging

import pytest

from tests.conftest import START, assert_logs_clean

ORIGINAL = int(START.timestamp()) - 3 * 86400  # the thank-you was sent three days earlier
YUKI = {"id": 777, "is_bot": False, "first_name": "Yuki", "last_name": "Tanaka",
        "username": "yuki_t"}


def from_user(**extra) -> dict:
    return {"forward_origin": {"type": "user", "date": ORIGINAL, "sender_user": YUKI}, **extra}


def photo(n: int, prefix: str = "p") -> list[dict]:
    """Telegram's sizes of one photo, smallest first."""
    return [{"file_id": f"{prefix}{n}-{size}", "file_unique_id": f"u-{prefix}{n}-{size}",
             "width": size, "height": size} for size in (90, 320, 1280)]


@pytest.fixture(autouse=True)
def no_errors_and_no_leaks(caplog):
    caplog.set_level(logging.DEBUG)
    yield
    assert_logs_clean(caplog, ("resume", "ありがとう", "Thanks for the ride", "moving"))


def thanks_rows(harness, user_id: int) -> list:
    return harness.rows("SELECT * FROM thanks WHERE user_id = ? ORDER BY thanks_id", (user_id,))


def media_rows(harness, thanks_id: int) -> list:
    return harness.rows("SELECT * FROM thanks_media WHERE thanks_id = ? ORDER BY position",
                        (thanks_id,))


def buttons(message: dict) -> list[tuple[str, str]]:
    markup = message.get("reply_markup") or {"inline_keyboard": []}
    return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


# --- forwards of each origin kind ---------------------------------------------------------

async def test_forward_from_a_user_is_kept_with_origin_text_and_entities(harness, en_user):
    await harness.onboard(en_user)
    text = "Thank you so much for fixing my resume!"
    entities = [{"type": "bold", "offset": 0, "length": 9}]
    replies = await harness.send_message(en_user, text=text, entities=entities, **from_user())
    reply = replies[-1]["text"]
    assert "Yuki Tanaka" in reply and "fixing my resume" in reply
    assert "first thank-you this week" in reply
    assert ("↩️ Not a thank-you", "th:undo:1") in buttons(replies[-1])
    [row] = thanks_rows(harness, en_user.id)
    assert (row["status"], row["source"], row["kind"], row["origin_type"]) == (
        "kept", "forward", "text", "user")
    assert (row["sender_name"], row["sender_username"], row["sender_user_id"]) == (
        "Yuki Tanaka", "yuki_t", 777)
    assert row["original_utc"] == ORIGINAL
    assert row["received_utc"] == int(harness.clock.now().timestamp())
    assert row["local_date"] == "2026-11-28"  # 10:00 in Tokyo
    assert row["text"] == text
    assert json.loads(row["entities"]) == entities


async def test_forward_from_a_hidden_user_keeps_only_the_name(harness, ja_user):
    await harness.onboard(ja_user)
    replies = await harness.send_message(
        ja_user, text="本当にありがとうございました!",
        forward_origin={"type": "hidden_user", "date": ORIGINAL, "sender_user_name": "花子"})
    assert "花子" in replies[-1]["text"] and "今週はじめて" in replies[-1]["text"]
    [row] = thanks_rows(harness, ja_user.id)
    assert (row["origin_type"], row["sender_name"], row["sender_user_id"]) == (
        "hidden_user", "花子", None)
    assert row["original_utc"] == ORIGINAL


async def test_forward_from_a_group_chat_keeps_title_and_signature(harness, en_user):
    await harness.onboard(en_user)
    replies = await harness.send_message(
        en_user, text="Thanks for the workshop!",
        forward_origin={"type": "chat", "date": ORIGINAL, "author_signature": "Ken",
                        "sender_chat": {"id": -100555, "type": "supergroup",
                                        "title": "Team Alpha"}})
    assert "Team Alpha (Ken)" in replies[-1]["text"]
    [row] = thanks_rows(harness, en_user.id)
    assert (row["origin_type"], row["sender_name"], row["sender_chat_id"],
            row["author_signature"]) == ("chat", "Team Alpha", -100555, "Ken")


async def test_forward_from_a_channel_keeps_post_id_and_is_deduplicated_by_it(harness, en_user):
    await harness.onboard(en_user)
    origin = {"type": "channel", "date": ORIGINAL, "message_id": 42,
              "author_signature": "Editor",
              "chat": {"id": -100777, "type": "channel", "title": "Makers News",
                       "username": "makersnews"}}
    replies = await harness.send_message(en_user, text="Shout-out to Sam for the fix!",
                                         forward_origin=origin)
    assert "Makers News (Editor)" in replies[-1]["text"]
    [row] = thanks_rows(harness, en_user.id)
    assert (row["origin_type"], row["sender_chat_id"], row["origin_message_id"],
            row["sender_username"]) == ("channel", -100777, 42, "makersnews")
    # the same post again, even with an edited text, is the same thank-you
    replies = await harness.send_message(en_user, text="Shout-out to Sam for the fix! (edited)",
                                         forward_origin=origin)
    assert "Already saved" in replies[-1]["text"]
    assert len(thanks_rows(harness, en_user.id)) == 1


async def test_forwarded_photo_with_caption_keeps_the_largest_size(harness, en_user):
    await harness.onboard(en_user)
    caption = "Look what we built thanks to you"
    replies = await harness.send_message(
        en_user, photo=photo(1), caption=caption,
        caption_entities=[{"type": "italic", "offset": 0, "length": 4}], **from_user())
    assert "Look what we built" in replies[-1]["text"]
    [row] = thanks_rows(harness, en_user.id)
    assert (row["kind"], row["text"]) == ("photo", caption)
    assert json.loads(row["entities"])[0]["type"] == "italic"
    [media] = media_rows(harness, row["thanks_id"])
    assert (media["file_id"], media["file_unique_id"]) == ("p1-1280", "u-p1-1280")
    assert json.loads(media["details"])["width"] == 1280


async def test_caption_of_4096_characters_is_kept_whole_and_the_reply_fits(harness, en_user):
    await harness.onboard(en_user)
    caption = ("Thank you! " * 400)[:4096]
    replies = await harness.send_message(en_user, photo=photo(9), caption=caption, **from_user())
    assert len(replies[-1]["text"]) < 600 and "…" in replies[-1]["text"]
    [row] = thanks_rows(harness, en_user.id)
    assert row["text"] == caption and len(row["text"]) == 4096


# --- duplicates, undo, the week's count ---------------------------------------------------

async def test_same_forward_twice_is_recognised_and_not_duplicated(harness, en_user):
    await harness.onboard(en_user)
    await harness.send_message(en_user, text="Thanks a ton!", **from_user())
    replies = await harness.send_message(en_user, text="Thanks a ton!", **from_user())
    assert "Already saved" in replies[-1]["text"] and "Yuki Tanaka" in replies[-1]["text"]
    assert len(thanks_rows(harness, en_user.id)) == 1
    # a different message from the same person is a new thank-you
    replies = await harness.send_message(en_user, text="And thanks again!", **from_user())
    assert "2 thank-yous this week" in replies[-1]["text"]
    assert len(thanks_rows(harness, en_user.id)) == 2


async def test_undo_removes_the_record_and_the_count_follows(harness, en_user):
    await harness.onboard(en_user)
    await harness.send_message(en_user, text="Thanks a ton!", **from_user())
    replies = await harness.send_message(en_user, text="Cheers, you saved my day", **from_user())
    assert "2 thank-yous" in replies[-1]["text"]
    thanks_id = thanks_rows(harness, en_user.id)[-1]["thanks_id"]
    undo = await harness.press(en_user, replies[-1], f"th:undo:{thanks_id}")
    assert "not kept as a thank-you" in undo[-1]["text"]
    assert [r["text"] for r in thanks_rows(harness, en_user.id)] == ["Thanks a ton!"]
    assert buttons(harness.api.sent_messages(en_user.id)[-2]) == []  # keyboard removed
    # undone, it can be forwarded again and is new, not "already saved"
    replies = await harness.send_message(en_user, text="Cheers, you saved my day", **from_user())
    assert "2 thank-yous" in replies[-1]["text"]


async def test_a_tampered_button_cannot_touch_another_users_thanks(harness, en_user, ja_user):
    await harness.onboard(en_user)
    await harness.onboard(ja_user)
    await harness.send_message(en_user, text="Thanks a ton!", **from_user())
    victim = thanks_rows(harness, en_user.id)[0]["thanks_id"]
    await harness.send(ja_user, "佐藤さん / 引っ越し / 車を出した")
    entry_id = harness.entries(ja_user.id)[0]["entry_id"]
    last = harness.api.last_message(ja_user.id)
    for data in (f"th:undo:{victim}", f"th:link:{victim}:{entry_id}", f"th:yes:{victim}",
                 f"th:none:{victim}", "th:undo:abc", "th:"):
        replies = await harness.press(ja_user, last, data)
        assert "Yuki" not in replies[-1]["text"] and "Thanks a ton" not in replies[-1]["text"]
    [row] = thanks_rows(harness, en_user.id)
    assert (row["status"], row["entry_id"]) == ("kept", None)


# --- linking to a problem -----------------------------------------------------------------

async def test_thanks_is_tied_to_a_recent_problem_with_a_button(harness, en_user):
    await harness.onboard(en_user)
    await harness.send(en_user, "Mia / her bike was broken / fixed the chain")
    await harness.send(en_user, "Leo / moving day / carried boxes")
    replies = await harness.send_message(en_user, text="You're the best, thanks!", **from_user())
    assert "Which problem was this thank-you for?" in replies[-1]["text"]
    labels = buttons(replies[-1])
    assert labels[0][0].startswith("Leo — moving day")  # newest first
    assert labels[1][0].startswith("Mia — her bike")
    mia = harness.entries(en_user.id)[0]["entry_id"]
    thanks_id = thanks_rows(harness, en_user.id)[0]["thanks_id"]
    linked = await harness.press(en_user, replies[-1], f"th:link:{thanks_id}:{mia}")
    assert "Linked to: Mia — her bike was broken" in linked[-1]["text"]
    assert thanks_rows(harness, en_user.id)[0]["entry_id"] == mia
    # only the undo button stays on the confirmation
    confirmation = harness.api.sent_messages(en_user.id)[-2]
    assert buttons(confirmation) == [("↩️ Not a thank-you", f"th:undo:{thanks_id}")]
    # a problem can have several thank-yous
    replies = await harness.send(en_user, "/thanks Mia / thank you for the chain!")
    second = thanks_rows(harness, en_user.id)[1]["thanks_id"]
    await harness.press(en_user, replies[-1], f"th:link:{second}:{mia}")
    assert [r["entry_id"] for r in thanks_rows(harness, en_user.id)] == [mia, mia]


async def test_none_of_these_keeps_it_unlinked(harness, en_user):
    await harness.onboard(en_user)
    await harness.send(en_user, "Mia / her bike was broken / fixed the chain")
    replies = await harness.send_message(en_user, text="Thanks!", **from_user())
    thanks_id = thanks_rows(harness, en_user.id)[0]["thanks_id"]
    none = await harness.press(en_user, replies[-1], f"th:none:{thanks_id}")
    assert "not linked to a problem" in none[-1]["text"]
    assert thanks_rows(harness, en_user.id)[0]["entry_id"] is None


async def test_checkin_last_step_attaches_a_received_thanks(harness, en_user):
    await harness.onboard(en_user)
    await harness.send_message(en_user, text="Thank you for the lift!", **from_user())
    await harness.send(en_user, "/log")
    await harness.send(en_user, "Yuki")
    await harness.send(en_user, "no way to get to the airport")
    replies = await harness.send(en_user, "drove her there")
    assert "what came of it" in replies[-1]["text"]
    assert ("💌 Attach a thank-you", "ci:attach") in buttons(replies[-1])
    choices = await harness.press(en_user, replies[-1], "ci:attach")
    thanks_id = thanks_rows(harness, en_user.id)[0]["thanks_id"]
    [(label, data)] = buttons(choices[-1])
    assert "Yuki Tanaka" in label and data == f"th:attach:{thanks_id}"
    attached = await harness.press(en_user, choices[-1], data)
    assert "tied it to the problem" in attached[0]["text"]
    assert "what came of it" in attached[-1]["text"]  # the step is still open
    await harness.send(en_user, "she made her flight")
    entry = harness.entries(en_user.id)[0]
    assert (entry["status"], entry["outcome"]) == ("done", "she made her flight")
    assert thanks_rows(harness, en_user.id)[0]["entry_id"] == entry["entry_id"]


async def test_forward_at_the_last_step_is_attached_to_that_problem(harness, ja_user):
    await harness.onboard(ja_user)
    await harness.send(ja_user, "/log")
    for answer in ("佐藤さん", "引っ越しの荷物", "車を出した"):
        await harness.send(ja_user, answer)
    replies = await harness.send_message(ja_user, text="昨日はありがとう!助かりました",
                                         **from_user())
    assert "いま書いている問題に紐づけました" in replies[0]["text"]
    assert "(任意です。" in replies[-1]["text"]  # the open question (after how) again
    await harness.press(ja_user, replies[-1], "ci:skipstep")
    entry = harness.entries(ja_user.id)[0]
    assert entry["status"] == "done"
    assert thanks_rows(harness, ja_user.id)[0]["entry_id"] == entry["entry_id"]


# --- a forward in the middle of a flow ----------------------------------------------------

async def test_forward_in_the_middle_of_a_checkin_keeps_the_flow(harness, ja_user):
    await harness.onboard(ja_user)
    await harness.send(ja_user, "/log")
    await harness.send(ja_user, "佐藤さん")
    replies = await harness.send_message(ja_user, text="ありがとう!", **from_user())
    assert "Yuki Tanaka" in replies[0]["text"]
    assert "どんなこと" in replies[-1]["text"]  # the problem question again
    assert harness.user_row(ja_user.id)["awaiting"] == "entry"
    replies = await harness.send(ja_user, "引っ越しの荷物")
    entry = harness.entries(ja_user.id)[0]
    assert (entry["who"], entry["problem"], entry["step"]) == ("佐藤さん", "引っ越しの荷物", "how")
    assert thanks_rows(harness, ja_user.id)[0]["entry_id"] is None


async def test_forward_during_onboarding_is_kept_and_setup_continues(harness, en_user):
    replies = await harness.send(en_user, "/start")
    replies = await harness.send_message(en_user, text="Thanks!", **from_user())
    assert "Saved: a thank-you" in replies[0]["text"]
    assert len(thanks_rows(harness, en_user.id)) == 1


# --- other kinds of forward ---------------------------------------------------------------

async def test_voice_and_sticker_forwards_are_kept_with_their_details(harness, en_user):
    await harness.onboard(en_user)
    replies = await harness.send_message(
        en_user, voice={"file_id": "v1", "file_unique_id": "u-v1", "duration": 12,
                        "mime_type": "audio/ogg"}, **from_user())
    assert "voice message" in replies[-1]["text"]
    replies = await harness.send_message(
        en_user, sticker={"file_id": "s1", "file_unique_id": "u-s1", "width": 512,
                          "height": 512, "is_animated": False, "is_video": False,
                          "type": "regular", "emoji": "🙏"}, **from_user())
    assert "2 thank-yous" in replies[-1]["text"]
    voice, sticker = thanks_rows(harness, en_user.id)
    assert (voice["kind"], sticker["kind"]) == ("voice", "sticker")
    [voice_file] = media_rows(harness, voice["thanks_id"])
    assert voice_file["file_id"] == "v1"
    assert json.loads(voice_file["details"]) == {"duration": 12, "mime_type": "audio/ogg"}
    [sticker_file] = media_rows(harness, sticker["thanks_id"])
    assert json.loads(sticker_file["details"])["emoji"] == "🙏"


@pytest.mark.parametrize("payload", [
    {"poll": {"id": "1", "question": "Lunch?", "options": [
        {"persistent_id": "o1", "text": "yes", "voter_count": 0},
        {"persistent_id": "o2", "text": "no", "voter_count": 0}],
        "total_voter_count": 0, "is_closed": False, "is_anonymous": True, "type": "regular",
        "allows_multiple_answers": False, "allows_revoting": False,
              "members_only": False}},
    {"location": {"latitude": 35.68, "longitude": 139.76}},
    {"contact": {"phone_number": "+81000", "first_name": "Aki"}},
])
async def test_poll_location_or_contact_forward_gets_a_friendly_no(harness, en_user, payload):
    await harness.onboard(en_user)
    replies = await harness.send_message(en_user, **payload, **from_user())
    assert "can't keep this kind of message" in replies[-1]["text"]
    assert thanks_rows(harness, en_user.id) == []


# --- screenshots --------------------------------------------------------------------------

async def test_screenshot_is_asked_about_then_kept_with_who_it_was_from(harness, ja_user):
    await harness.onboard(ja_user)
    replies = await harness.send_message(ja_user, photo=photo(1), caption="LINEのスクショ")
    assert "受け取った「ありがとう」ですか" in replies[-1]["text"]
    [row] = thanks_rows(harness, ja_user.id)
    assert (row["status"], row["source"]) == ("pending", "screenshot")
    asked = await harness.press(ja_user, replies[-1], f"th:yes:{row['thanks_id']}")
    assert "どなたから" in asked[-1]["text"]
    replies = await harness.send(ja_user, "ミカさん")
    assert "ミカさん" in replies[-1]["text"] and "今週はじめて" in replies[-1]["text"]
    [row] = thanks_rows(harness, ja_user.id)
    assert (row["status"], row["sender_name"], row["text"]) == ("kept", "ミカさん",
                                                                "LINEのスクショ")
    assert harness.user_row(ja_user.id)["awaiting"] is None


async def test_screenshot_album_of_three_is_one_record(harness, en_user):
    await harness.onboard(en_user)
    replies = []
    for n in (1, 2, 3):
        replies += await harness.send_message(en_user, photo=photo(n), media_group_id="alb1")
    assert [r["text"] for r in replies] == ["Is this a thank-you you received?"]
    [row] = thanks_rows(harness, en_user.id)
    assert [m["file_id"] for m in media_rows(harness, row["thanks_id"])] == [
        "p1-1280", "p2-1280", "p3-1280"]
    asked = await harness.press(en_user, replies[0], f"th:yes:{row['thanks_id']}")
    skipped = await harness.press(en_user, asked[-1], f"th:nofrom:{row['thanks_id']}")
    assert "someone" in skipped[-1]["text"]
    assert thanks_rows(harness, en_user.id)[0]["status"] == "kept"
    # the same screenshots sent again are recognised, and make no second record
    replies = []
    for n in (1, 2, 3):
        replies += await harness.send_message(en_user, photo=photo(n), media_group_id="alb2")
    assert len(replies) == 1 and "Already saved" in replies[0]["text"]
    assert len(thanks_rows(harness, en_user.id)) == 1
    assert len(media_rows(harness, row["thanks_id"])) == 3


async def test_forwarded_album_is_one_record_and_one_reply(harness, en_user):
    await harness.onboard(en_user)
    replies = []
    for n in (1, 2, 3):
        extra = {"caption": "Thank you all!"} if n == 1 else {}
        replies += await harness.send_message(en_user, photo=photo(n), media_group_id="fw1",
                                              **extra, **from_user())
    assert len(replies) == 1 and "Yuki Tanaka" in replies[0]["text"]
    [row] = thanks_rows(harness, en_user.id)
    assert len(media_rows(harness, row["thanks_id"])) == 3


async def test_no_to_a_screenshot_keeps_nothing(harness, en_user):
    await harness.onboard(en_user)
    replies = await harness.send_message(
        en_user, document={"file_id": "d1", "file_unique_id": "u-d1", "file_name": "shot.png",
                           "mime_type": "image/png"})
    assert "Is this a thank-you" in replies[-1]["text"]
    thanks_id = thanks_rows(harness, en_user.id)[0]["thanks_id"]
    no = await harness.press(en_user, replies[-1], f"th:no:{thanks_id}")
    assert "haven't kept it" in no[-1]["text"]
    assert thanks_rows(harness, en_user.id) == []
    assert harness.rows("SELECT * FROM thanks_media") == []


# --- typed in with /thanks ----------------------------------------------------------------

async def test_thanks_command_in_one_message(harness, en_user):
    await harness.onboard(en_user)
    replies = await harness.send(en_user, "/thanks Ana / Thanks for the ride to the station!")
    assert "Ana" in replies[-1]["text"] and "Thanks for the ride" in replies[-1]["text"]
    [row] = thanks_rows(harness, en_user.id)
    assert (row["source"], row["status"], row["sender_name"], row["text"]) == (
        "manual", "kept", "Ana", "Thanks for the ride to the station!")


async def test_thanks_command_step_by_step_and_cancel(harness, ja_user):
    await harness.onboard(ja_user)
    replies = await harness.send(ja_user, "/thanks")
    assert "誰から" in replies[-1]["text"]
    replies = await harness.send(ja_user, "部長")
    assert "部長" in replies[-1]["text"] and "何と言って" in replies[-1]["text"]
    replies = await harness.send(ja_user, "資料、すごく助かったよ")
    assert "保存しました" in replies[-1]["text"]
    [row] = thanks_rows(harness, ja_user.id)
    assert (row["sender_name"], row["text"], row["status"]) == (
        "部長", "資料、すごく助かったよ", "kept")
    # started and cancelled: nothing half-written is left
    await harness.send(ja_user, "/thanks 母")
    await harness.send(ja_user, "/cancel")
    assert len(thanks_rows(harness, ja_user.id)) == 1
    assert harness.user_row(ja_user.id)["awaiting"] is None


async def test_an_album_in_the_middle_of_a_checkin_repeats_the_question_once(harness, en_user):
    await harness.onboard(en_user)
    await harness.send(en_user, "/log")
    await harness.send(en_user, "Mia")
    replies = []
    for n in (1, 2, 3):
        replies += await harness.send_message(en_user, photo=photo(n), media_group_id="mid")
    texts = [r["text"] for r in replies]
    assert texts[0] == "Is this a thank-you you received?"
    assert len(texts) == 2 and "problem" in texts[1]
    assert harness.user_row(en_user.id)["awaiting"] == "entry"


async def test_an_album_caption_on_a_later_picture_is_kept(harness, en_user):
    await harness.onboard(en_user)
    for n in (1, 2):
        extra = {"caption": "Thanks, team!"} if n == 2 else {}
        await harness.send_message(en_user, photo=photo(n), media_group_id="cap2", **extra,
                                   **from_user())
    [row] = thanks_rows(harness, en_user.id)
    assert row["text"] == "Thanks, team!"


async def test_escaped_once_names_with_html_characters(harness, en_user):
    await harness.onboard(en_user)
    replies = await harness.send_message(
        en_user, text="Thanks!",
        forward_origin={"type": "channel", "date": ORIGINAL, "message_id": 7,
                        "author_signature": "Ed",
                        "chat": {"id": -100999, "type": "channel", "title": "Tom & Jerry <3"}})
    assert "<b>Tom &amp; Jerry &lt;3 (Ed)</b>" in replies[-1]["text"]


async def test_an_old_no_button_cannot_delete_a_kept_screenshot(harness, en_user):
    await harness.onboard(en_user)
    first = await harness.send_message(en_user, photo=photo(5))
    second = await harness.send_message(en_user, photo=photo(5))
    assert "already" in second[-1]["text"]
    thanks_id = thanks_rows(harness, en_user.id)[0]["thanks_id"]
    asked = await harness.press(en_user, second[-1], f"th:yes:{thanks_id}")
    await harness.press(en_user, asked[-1], f"th:nofrom:{thanks_id}")
    await harness.press(en_user, first[-1], f"th:no:{thanks_id}")
    assert thanks_rows(harness, en_user.id)[0]["status"] == "kept"
