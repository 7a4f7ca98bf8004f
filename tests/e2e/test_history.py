"""/history driven as a Telegram user would: pages of problems and thank-yous (newest first),
navigation that edits the message in place, editing one field, deleting with confirmation,
and tampered buttons that reveal and change nothing."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import START, assert_logs_clean
from tests.fakebotapi import FakeUser

YUKI = {"id": 777, "is_bot": False, "first_name": "Yuki", "last_name": "Tanaka"}


@pytest.fixture(autouse=True)
def no_errors_and_no_leaks(caplog):
    caplog.set_level(logging.DEBUG)
    yield
    assert_logs_clean(caplog, ("chain", "bike", "Thanks for", "ありがとう", "secret"))


def buttons(message: dict) -> list[tuple[str, str]]:
    markup = message.get("reply_markup") or {"inline_keyboard": []}
    return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


def data_of(message: dict, label: str) -> str:
    found = [data for text, data in buttons(message) if text == label]
    assert found, f"no button {label!r} in {buttons(message)}"
    return found[0]


def entry_id(harness, user_id: int, who: str) -> int:
    [row] = harness.rows("SELECT entry_id FROM entries WHERE user_id = ? AND who = ?",
                         (user_id, who))
    return row["entry_id"]


def thanks_id(harness, user_id: int, sender: str) -> int:
    [row] = harness.rows("SELECT thanks_id FROM thanks WHERE user_id = ? AND sender_name = ?",
                         (user_id, sender))
    return row["thanks_id"]


async def fill_journal(harness, user: FakeUser) -> None:
    """Eleven items over several days: nine problems, then two thank-yous tied to the
    newest problem (P9). The daily question and the digest are paused first: the clock
    crosses their times, and their messages would land among the replies under test."""
    replies = await harness.send(user, "/settings")
    await harness.press(user, replies[-1], "set:pause")
    for n in range(1, 10):
        harness.clock.advance(hours=5)
        replies = await harness.send(user, f"P{n} / bike number {n} / fixed the chain")
        assert "Saved" in replies[-1]["text"]
    p9 = entry_id(harness, user.id, "P9")
    for sender, said in (("Yuki", "Thanks for the bike!"), ("Ana", "Thanks for the chain!")):
        harness.clock.advance(minutes=10)
        replies = await harness.send(user, f"/thanks {sender} / {said}")
        tid = thanks_id(harness, user.id, sender)
        await harness.press(user, replies[-1], f"th:link:{tid}:{p9}")


async def open_history(harness, user: FakeUser) -> dict:
    replies = await harness.send(user, "/history")
    assert len(replies) == 1
    return replies[0]


def current(harness, user: FakeUser, message: dict) -> dict:
    """A bot message in its current state (after edits)."""
    [found] = [m for m in harness.api.sent_messages(user.id)
               if m["message_id"] == message["message_id"]]
    return found


# --- the list ----------------------------------------------------------------------------

async def test_empty_journal_points_to_log_and_forwarding(harness, en_user):
    await harness.onboard(en_user)
    page = await open_history(harness, en_user)
    assert "still empty" in page["text"] and "/log" in page["text"]
    assert "Forward" in page["text"]
    assert buttons(page) == []


async def test_three_pages_newest_first_with_links_and_in_place_navigation(harness, en_user):
    await harness.onboard(en_user)
    await fill_journal(harness, en_user)
    p9 = entry_id(harness, en_user.id, "P9")
    yuki, ana = thanks_id(harness, en_user.id, "Yuki"), thanks_id(harness, en_user.id, "Ana")
    page = await open_history(harness, en_user)
    text = page["text"]
    assert "page 1 of 3" in text and "11 in all" in text
    # newest first: Ana's thanks, Yuki's thanks, then P9 … P7
    order = [text.index(s) for s in ("<b>Ana</b>", "<b>Yuki</b>", "<b>P9</b>", "<b>P8</b>",
                                      "<b>P7</b>")]
    assert order == sorted(order)
    assert "P6" not in text
    assert "<b>1.</b>" in text and "<b>5.</b>" in text
    # a thank-you shows its sender, its words and the problem it is tied to
    assert "💌 from <b>Ana</b>: “Thanks for the chain!”" in text
    assert "🔗 P9 — bike number 9" in text
    # a problem shows who — problem — how and its thank-yous
    assert "<b>P9</b> — bike number 9 — fixed the chain" in text
    assert "💌 thanked by Yuki, Ana" in text
    # the local date (Tokyo) of each item
    assert "November 30" in text
    assert buttons(page) == [
        ("✏️ 1", f"hi:e:t:{ana}:1"), ("🗑 1", f"hi:d:t:{ana}:1"), ("🔗 1", f"hi:l:t:{ana}:1"),
        ("✏️ 2", f"hi:e:t:{yuki}:1"), ("🗑 2", f"hi:d:t:{yuki}:1"),
        ("🔗 2", f"hi:l:t:{yuki}:1"),
        ("✏️ 3", f"hi:e:e:{p9}:1"), ("🗑 3", f"hi:d:e:{p9}:1"),
        ("✏️ 4", f"hi:e:e:{p9 - 1}:1"), ("🗑 4", f"hi:d:e:{p9 - 1}:1"),
        ("✏️ 5", f"hi:e:e:{p9 - 2}:1"), ("🗑 5", f"hi:d:e:{p9 - 2}:1"),
        ("« Older", "hi:p:2")]
    sent_before = len(harness.api.sent_messages(en_user.id))

    # « Older: the same message now shows page 2
    assert await harness.press(en_user, page, "hi:p:2") == []
    page2 = current(harness, en_user, page)
    assert "page 2 of 3" in page2["text"]
    assert all(f"P{n}" in page2["text"] for n in (6, 5, 4, 3, 2))
    assert "P7" not in page2["text"] and "P1 " not in page2["text"]
    assert "<b>6.</b>" in page2["text"] and "<b>10.</b>" in page2["text"]
    assert buttons(page2)[-2:] == [("« Older", "hi:p:3"), ("Newer »", "hi:p:1")]

    await harness.press(en_user, page2, "hi:p:3")
    page3 = current(harness, en_user, page)
    assert "page 3 of 3" in page3["text"] and "<b>11.</b>" in page3["text"]
    assert "<b>P1</b> — bike number 1" in page3["text"]
    assert buttons(page3)[-1] == ("Newer »", "hi:p:2")
    assert ("« Older", "hi:p:4") not in buttons(page3)

    await harness.press(en_user, page3, "hi:p:2")
    await harness.press(en_user, current(harness, en_user, page), "hi:p:1")
    assert current(harness, en_user, page)["text"] == text
    assert len(harness.api.sent_messages(en_user.id)) == sent_before  # all edits in place
    page_edits = [c for c in harness.api.calls_to("editMessageText", ok_only=True)
                  if int(c.params["message_id"]) == page["message_id"]]
    assert len(page_edits) == 4


async def test_japanese_history_and_a_page_past_the_end(harness, ja_user):
    await harness.onboard(ja_user)
    await harness.send(ja_user, "同僚の佐藤さん / 資料の締切 / 構成案を一緒に作った")
    harness.clock.advance(minutes=5)
    await harness.send(ja_user, "/thanks 佐藤さん / 本当にありがとう!")
    page = await open_history(harness, ja_user)
    assert "1 / 1ページ" in page["text"]
    assert "💌 <b>佐藤さん</b>から:「本当にありがとう!」" in page["text"]
    assert "11月28日" in page["text"]
    assert [label for label, _ in buttons(page)] == ["✏️ 1", "🗑 1", "🔗 1", "✏️ 2", "🗑 2"]
    # a page number past the end (old message, or tampered) shows the last page
    await harness.press(ja_user, page, "hi:p:99")
    assert "1 / 1ページ" in current(harness, ja_user, page)["text"]


async def test_long_texts_keep_a_page_under_telegram_limits(harness, en_user):
    await harness.onboard(en_user)
    long = "&<x> " * 1000
    for n in range(6):
        harness.clock.advance(minutes=1)
        await harness.send(en_user, f"{long}{n} / {long} / {long} / {long}")
    for n in range(4):
        harness.clock.advance(minutes=1)
        await harness.send(en_user, f"/thanks {long} / {long}{n}")
    page = await open_history(harness, en_user)  # the fake API rejects > 4096 characters
    assert "page 1 of 2" in page["text"] and "&amp;&lt;x&gt;" in page["text"]
    assert len(page["text"]) < 4096


# --- edit --------------------------------------------------------------------------------

async def test_edit_a_problem_field(harness, en_user):
    await harness.onboard(en_user)
    await harness.send(en_user, "Mia / her bike / fixed the chain / she rode to work")
    eid = entry_id(harness, en_user.id, "Mia")
    page = await open_history(harness, en_user)
    assert await harness.press(en_user, page, data_of(page, "✏️ 1")) == []
    chooser = current(harness, en_user, page)
    assert "What would you like to change?" in chooser["text"]
    assert "<b>Mia</b> — her bike — fixed the chain → she rode to work" in chooser["text"]
    assert buttons(chooser) == [
        ("Whose problem", f"hi:f:e:{eid}:who"), ("The problem", f"hi:f:e:{eid}:problem"),
        ("How you solved it", f"hi:f:e:{eid}:how"),
        ("What came of it", f"hi:f:e:{eid}:outcome"), ("« Back", "hi:p:1")]

    await harness.press(en_user, chooser, f"hi:f:e:{eid}:how")
    asked = current(harness, en_user, page)
    assert "Send the new text for <b>How you solved it</b>" in asked["text"]
    assert "Now: “fixed the chain”" in asked["text"]
    assert buttons(asked) == []
    assert harness.user_row(en_user.id)["awaiting"] == f"edit:e:{eid}:how"

    replies = await harness.send(en_user, "replaced the <whole> chain")
    assert replies[-1]["text"].startswith(
        "✅ Updated <b>How you solved it</b>: “replaced the &lt;whole&gt; chain”")
    [row] = harness.entries(en_user.id)
    assert (row["who"], row["problem"], row["how"], row["outcome"]) == (
        "Mia", "her bike", "replaced the <whole> chain", "she rode to work")
    assert harness.user_row(en_user.id)["awaiting"] is None
    # the search index follows (triggers)
    assert harness.search_rids(en_user.id, "replaced") == [eid * 2]
    assert harness.search_rids(en_user.id, "fixed") == []
    # and /history shows the new text
    page = await open_history(harness, en_user)
    assert "replaced the &lt;whole&gt; chain" in page["text"]


async def test_edit_a_thank_yous_sender_and_words(harness, en_user):
    await harness.onboard(en_user)
    await harness.send_message(
        en_user, text="Thanks for the bike fix!",
        entities=[{"type": "bold", "offset": 0, "length": 6}],
        forward_origin={"type": "hidden_user", "date": int(START.timestamp()) - 60,
                        "sender_user_name": "yk"})
    tid = thanks_id(harness, en_user.id, "yk")
    page = await open_history(harness, en_user)
    await harness.press(en_user, page, data_of(page, "✏️ 1"))
    chooser = current(harness, en_user, page)
    assert buttons(chooser) == [("Who it's from", f"hi:f:t:{tid}:from"),
                                ("Their words", f"hi:f:t:{tid}:words"), ("« Back", "hi:p:1")]
    await harness.press(en_user, chooser, f"hi:f:t:{tid}:from")
    assert "Now: “yk”" in current(harness, en_user, page)["text"]
    # a name longer than a name: asked again, nothing saved
    replies = await harness.send(en_user, "x" * 65)
    assert "too long" in replies[-1]["text"]
    assert harness.user_row(en_user.id)["awaiting"] == f"edit:t:{tid}:from"
    replies = await harness.send(en_user, "Yuki Tanaka")
    assert "✅ Updated <b>Who it's from</b>: “Yuki Tanaka”" in replies[-1]["text"]
    [row] = harness.rows("SELECT * FROM thanks WHERE user_id = ?", (en_user.id,))
    assert (row["sender_name"], row["text"]) == ("Yuki Tanaka", "Thanks for the bike fix!")

    page = await open_history(harness, en_user)
    assert "💌 from <b>Yuki Tanaka</b>" in page["text"]
    await harness.press(en_user, page, f"hi:f:t:{tid}:words")
    await harness.send(en_user, "Thank you for fixing my bike!")
    [row] = harness.rows("SELECT * FROM thanks WHERE user_id = ?", (en_user.id,))
    assert (row["text"], row["entities"]) == ("Thank you for fixing my bike!", None)
    assert harness.search_rids(en_user.id, "fixing") == [tid * 2 + 1]


async def test_japanese_edit_and_cancel(harness, ja_user):
    await harness.onboard(ja_user)
    await harness.send(ja_user, "佐藤さん / 資料の締切 / 構成案を作った")
    eid = entry_id(harness, ja_user.id, "佐藤さん")
    page = await open_history(harness, ja_user)
    await harness.press(ja_user, page, f"hi:f:e:{eid}:outcome")
    asked = current(harness, ja_user, page)
    assert "<b>その結果</b>の新しい内容を送ってください" in asked["text"]
    assert "(未記入)" in asked["text"]
    replies = await harness.send(ja_user, "/cancel")
    assert replies[-1]["text"] == "編集をやめました。内容は元のままです。"
    assert harness.user_row(ja_user.id)["awaiting"] is None
    # the next text is no longer taken as the outcome
    await harness.send(ja_user, "ただのメモ")
    assert harness.entries(ja_user.id)[0]["outcome"] is None
    await harness.press(ja_user, page, f"hi:f:e:{eid}:outcome")
    replies = await harness.send(ja_user, "締切に間に合った")
    assert "✅ <b>その結果</b>を更新しました:「締切に間に合った」" in replies[-1]["text"]
    assert harness.entries(ja_user.id)[0]["outcome"] == "締切に間に合った"


async def test_open_edit_question_is_repeated_after_a_sticker(harness, en_user):
    await harness.onboard(en_user)
    await harness.send(en_user, "Mia / her bike / fixed the chain")
    eid = entry_id(harness, en_user.id, "Mia")
    page = await open_history(harness, en_user)
    await harness.press(en_user, page, f"hi:f:e:{eid}:who")
    replies = await harness.send_message(
        en_user, sticker={"file_id": "s1", "file_unique_id": "us1", "type": "regular",
                          "width": 512, "height": 512, "is_animated": False,
                          "is_video": False})
    assert "Send the new text for <b>Whose problem</b>" in replies[-1]["text"]
    await harness.send(en_user, "Mia Chen")
    assert harness.entries(en_user.id)[0]["who"] == "Mia Chen"


# --- delete ------------------------------------------------------------------------------

async def test_delete_asks_first_keep_it_keeps_and_yes_deletes(harness, en_user):
    await harness.onboard(en_user)
    await fill_journal(harness, en_user)
    p9 = entry_id(harness, en_user.id, "P9")
    page = await open_history(harness, en_user)

    await harness.press(en_user, page, data_of(page, "🗑 3"))
    ask = current(harness, en_user, page)
    assert "Delete this from your journal?" in ask["text"]
    assert "<b>P9</b> — bike number 9" in ask["text"]
    assert "thank-yous stay in your journal" in ask["text"]
    assert buttons(ask) == [("Yes, delete", f"hi:y:e:{p9}:1"), ("Keep it", "hi:k:1")]

    await harness.press(en_user, ask, "hi:k:1")
    kept = current(harness, en_user, page)
    assert "nothing was deleted" in kept["text"] and "page 1 of 3" in kept["text"]
    assert len(harness.entries(en_user.id)) == 9

    await harness.press(en_user, kept, data_of(kept, "🗑 3"))
    await harness.press(en_user, current(harness, en_user, page), f"hi:y:e:{p9}:1")
    done = current(harness, en_user, page)
    assert done["text"].startswith("🗑 Deleted.")
    assert "page 1 of 2" in done["text"] and "10 in all" in done["text"]
    assert "P9" not in done["text"]
    assert [r["who"] for r in harness.entries(en_user.id)] == [f"P{n}" for n in range(1, 9)]
    # its thank-yous stay, untied; its search row is gone
    rows = harness.rows("SELECT sender_name, entry_id FROM thanks WHERE user_id = ?",
                        (en_user.id,))
    assert sorted((r["sender_name"], r["entry_id"]) for r in rows) == [
        ("Ana", None), ("Yuki", None)]
    assert p9 * 2 not in harness.search_rids(en_user.id, "P9")
    # the deleted item's old buttons now find nothing
    replies = await harness.press(en_user, done, f"hi:e:e:{p9}:1")
    assert "can't find that" in replies[-1]["text"]


async def test_deleting_a_thank_you_takes_its_files(harness, en_user):
    await harness.onboard(en_user)
    await harness.send_message(
        en_user, caption="Thank you!!",
        photo=[{"file_id": f"p-{s}", "file_unique_id": f"u-{s}", "width": s, "height": s}
               for s in (90, 1280)],
        forward_origin={"type": "user", "date": int(START.timestamp()) - 60,
                        "sender_user": YUKI})
    tid = thanks_id(harness, en_user.id, "Yuki Tanaka")
    assert len(harness.rows("SELECT * FROM thanks_media WHERE thanks_id = ?", (tid,))) == 1
    page = await open_history(harness, en_user)
    assert "💌 from <b>Yuki Tanaka</b>: “Thank you!!”" in page["text"]
    await harness.press(en_user, page, f"hi:d:t:{tid}:1")
    assert "pictures and files go with it" in current(harness, en_user, page)["text"]
    await harness.press(en_user, page, f"hi:y:t:{tid}:1")
    assert "still empty" in current(harness, en_user, page)["text"]
    assert harness.rows("SELECT * FROM thanks WHERE user_id = ?", (en_user.id,)) == []
    assert harness.rows("SELECT * FROM thanks_media WHERE thanks_id = ?", (tid,)) == []


# --- someone else's records --------------------------------------------------------------

async def test_tampered_buttons_and_edit_state_reveal_and_change_nothing(
        harness, en_user, ja_user):
    victim = ja_user
    await harness.onboard(victim)
    await harness.send(victim, "secret person / secret problem / secret fix")
    await harness.send(victim, "/thanks secret friend / secret thanks")
    eid = entry_id(harness, victim.id, "secret person")
    tid = thanks_id(harness, victim.id, "secret friend")
    before = ([dict(r) for r in harness.entries(victim.id)],
              [dict(r) for r in harness.rows("SELECT * FROM thanks WHERE user_id = ?",
                                             (victim.id,))])

    await harness.onboard(en_user)
    await harness.send(en_user, "Mia / her bike / fixed the chain")
    page = await open_history(harness, en_user)
    own = current(harness, en_user, page)
    seen = []
    for data in (f"hi:e:e:{eid}:1", f"hi:f:e:{eid}:who", f"hi:d:e:{eid}:1",
                 f"hi:y:e:{eid}:1", f"hi:e:t:{tid}:1", f"hi:f:t:{tid}:from",
                 f"hi:d:t:{tid}:1", f"hi:y:t:{tid}:1"):
        replies = await harness.press(en_user, page, data)
        assert len(replies) == 1 and "can't find that" in replies[0]["text"], data
        seen += replies
        assert harness.user_row(en_user.id)["awaiting"] is None
    # the attacker's own page was left as it was, and nothing of the victim's was shown
    assert current(harness, en_user, page)["text"] == own["text"]
    assert not any("secret" in m["text"] for m in harness.api.sent_messages(en_user.id))

    # an edit question for someone else's record (a stale or forged state) saves nothing
    user = await harness.services.accounts.get(en_user.id)
    await harness.services.accounts.set_awaiting(user, f"edit:e:{eid}:who")
    replies = await harness.send(en_user, "hacked")
    assert "can't find that" in replies[-1]["text"]
    user = await harness.services.accounts.get(en_user.id)
    await harness.services.accounts.set_awaiting(user, f"edit:t:{tid}:words")
    replies = await harness.send(en_user, "hacked")
    assert "can't find that" in replies[-1]["text"]
    assert harness.user_row(en_user.id)["awaiting"] is None

    after = ([dict(r) for r in harness.entries(victim.id)],
             [dict(r) for r in harness.rows("SELECT * FROM thanks WHERE user_id = ?",
                                            (victim.id,))])
    assert after == before
    assert not any("secret" in m["text"] for m in harness.api.sent_messages(en_user.id))


async def test_garbage_history_buttons_are_stale(harness, en_user):
    await harness.onboard(en_user)
    page = await open_history(harness, en_user)
    for data in ("hi:", "hi:x:e:1:1", "hi:e:q:1:1", "hi:f:e:1:colour", "hi:p:-1",
                 "hi:e:e:１:1", "hi:p"):
        replies = await harness.press(en_user, page, data)
        assert "older message" in replies[-1]["text"], data
