"""/people (the people you helped, your history with one of them, merging two names and
undoing it) and tying a thank-you to the right problem (the sender's problems first, 🔎,
and 🔗 in /history), driven as a Telegram user would, in both languages."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import START, assert_logs_clean

ORIGINAL = int(START.timestamp()) - 3600
PRIYA = {"id": 888, "is_bot": False, "first_name": "Priya", "last_name": "Sharma"}


@pytest.fixture(autouse=True)
def no_errors_and_no_leaks(caplog):
    caplog.set_level(logging.DEBUG)
    yield
    assert_logs_clean(caplog, ("助かりました", "pitch deck", "Priya", "佐藤", "資料"))


def buttons(message: dict) -> list[tuple[str, str]]:
    markup = message.get("reply_markup") or {"inline_keyboard": []}
    return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


def data_of(message: dict, label_start: str) -> str:
    [found] = [d for label, d in buttons(message) if label.startswith(label_start)]
    return found


def current(harness, user, message: dict) -> dict:
    [found] = [m for m in harness.api.sent_messages(user.id)
               if m["message_id"] == message["message_id"]]
    return found


def entry_id(harness, user, who: str) -> int:
    [row] = harness.rows("SELECT entry_id FROM entries WHERE user_id = ? AND who = ?",
                         (user.id, who))
    return row["entry_id"]


def thanks_rows(harness, user) -> list:
    return harness.rows("SELECT * FROM thanks WHERE user_id = ? ORDER BY thanks_id", (user.id,))


def aliases(harness, user) -> list[tuple[str, str]]:
    return [(r["alias_key"], r["target_key"]) for r in harness.rows(
        "SELECT * FROM person_aliases WHERE user_id = ? ORDER BY alias_id", (user.id,))]



JA_JOURNAL = ("同僚の佐藤さん / 資料の締切に間に合わない / 構成案を一緒に作った",
              "母 / スマホの設定がわからない / 教えた",
              "佐藤さん / 会議の準備 / 議事録を取った",
              "Sato / slides / fixed them",
              "後輩の鈴木さん / Excelのマクロ / 書き方を教えた")
EN_JOURNAL = ("my client Priya / her pitch deck was too long / cut it to ten slides",
              "Mia / her bike chain broke / fixed it together",
              "Leo / moving day / carried boxes",
              "my neighbour Ana / lost cat / put up posters",
              "Mia / résumé felt weak / rewrote the summary")


# --- /people: the list ----------------------------------------------------------------------

async def test_people_lists_who_you_helped_most_recent_first_in_japanese(harness, ja_user):
    await harness.onboard(ja_user)
    await harness.write(ja_user, *JA_JOURNAL)
    await harness.send(ja_user, "/thanks 佐藤 / 本当に助かりました!")
    replies = await harness.send(ja_user, "/people")
    text = replies[-1]["text"]
    lines = text.splitlines()
    assert lines[0] == "🤝 <b>力になった人</b>(4人・最近の順)"
    # 同僚の佐藤さん, 佐藤さん and 佐藤 (the thank-you) are one person; Sato is not (yet)
    assert lines[2] == "<b>佐藤さん</b> — 解決2件・💌 1件・最後は11月29日"
    assert lines[3].startswith("<b>後輩の鈴木さん</b> — 解決1件・最後は")
    assert [line.split("</b>")[0] for line in lines[2:6]] == [
        "<b>佐藤さん", "<b>後輩の鈴木さん", "<b>Sato", "<b>母"]
    assert "🔀" in text and "/people 統合 Sato + 佐藤さん" in text
    labels = [label for label, _ in buttons(replies[-1])]
    assert labels[:4] == ["佐藤さん", "後輩の鈴木さん", "Sato", "母"]
    assert "🔀 同じ人をまとめる" in labels


async def test_people_lists_senders_and_suggests_merges_in_english(harness, en_user):
    await harness.onboard(en_user)
    await harness.write(en_user, *EN_JOURNAL)
    harness.clock.advance(hours=1)
    await harness.send_message(en_user, text="Thank you for the slides!",
                               forward_origin={"type": "user", "date": ORIGINAL,
                                               "sender_user": PRIYA})
    replies = await harness.send(en_user, "/people")
    text = replies[-1]["text"]
    assert text.startswith("🤝 <b>The people you helped</b> — 5, most recent first")
    assert "<b>Mia</b> — 2 problems · last November 29" in text
    # a sender who is in no entry is someone you helped too
    assert "<b>Priya Sharma</b> — 💌 1 thank-you · last November 29" in text
    assert "<b>my client Priya</b> — 1 problem · last November 28" in text
    # Priya and Priya Sharma may be one person: a button offers the merge
    suggest = data_of(replies[-1], "🔀 Priya Sharma = my client Priya?")
    merged = await harness.press(en_user, replies[-1], suggest)
    assert "<b>Priya Sharma</b> and <b>my client Priya</b> are one person now" in (
        current(harness, en_user, replies[-1])["text"])
    assert merged == []  # said in place of the list
    assert aliases(harness, en_user) == [("priya", "priya sharma")]


async def test_people_when_nobody_is_there_yet(harness, en_user, ja_user):
    await harness.onboard(en_user)
    replies = await harness.send(en_user, "/people")
    assert "No one here yet" in replies[-1]["text"]
    assert buttons(replies[-1]) == []
    await harness.onboard(ja_user)
    replies = await harness.send(ja_user, "/people")
    assert "まだ誰もいません" in replies[-1]["text"]


async def test_people_pages_through_many_people(harness, en_user):
    await harness.onboard(en_user)
    await harness.write(en_user, *[f"Person{n} / problem {n} / helped" for n in range(1, 11)],
                hours=1)
    replies = await harness.send(en_user, "/people")
    first = replies[-1]
    assert "10, most recent first · page 1 of 2" in first["text"]
    assert "Person10" in first["text"] and "Person2<" not in first["text"]
    await harness.press(en_user, first, data_of(first, "Page 2 »"))
    shown = current(harness, en_user, first)
    assert "page 2 of 2" in shown["text"] and "<b>Person1</b>" in shown["text"]
    assert data_of(shown, "« Page 1") == "pp:list:1"


# --- /people NAME -------------------------------------------------------------------------

async def test_people_name_is_matched_forgivingly_and_shows_the_history(harness, ja_user):
    await harness.onboard(ja_user)
    await harness.write(ja_user, *JA_JOURNAL)
    replies = await harness.send(ja_user, "/thanks 佐藤 / 本当に助かりました!")
    tid = thanks_rows(harness, ja_user)[0]["thanks_id"]
    await harness.press(ja_user, replies[-1], f"th:link:{tid}:{entry_id(harness, ja_user, '同僚の佐藤さん')}")
    for name in ("佐藤さん", "同僚の佐藤さん", "佐藤", "お客さまの佐藤様"):
        replies = await harness.send(ja_user, f"/people {name}")
        text = replies[-1]["text"]
        assert text.startswith("👤 <b>佐藤さん</b>\nほかの呼び方:佐藤、同僚の佐藤さん\n"
                               "解決2件・💌 1件・11月28日から"), (name, text)
        # the thank-you sits under the problem it was linked to
        assert ("資料の締切に間に合わない — 構成案を一緒に作った\n    💌 「本当に助かりました!」"
                in text)
        assert "会議の準備 — 議事録を取った" in text and "母" not in text
        assert data_of(replies[-1], "🔀 同じ人をまとめる").startswith("pp:one:e:")
    replies = await harness.send(ja_user, "/people 田中")
    assert replies[-1]["text"] == ("「田中」という人は、まだ記録にいません。"
                                   "/people で一覧を見られます。")


async def test_people_name_in_english_folds_case_roles_and_accents(harness, en_user):
    await harness.onboard(en_user)
    await harness.write(en_user, *EN_JOURNAL, "Zoë / her laptop froze / restarted it")
    for name in ("PRIYA", "my client priya", "Priya-san"):
        replies = await harness.send(en_user, f"/people {name}")
        assert replies[-1]["text"].startswith("👤 <b>my client Priya</b>\n1 problem · since November"), name
        assert "her pitch deck was too long — cut it to ten slides" in replies[-1]["text"]
    replies = await harness.send(en_user, "/people zoe")
    assert replies[-1]["text"].startswith("👤 <b>Zoë</b>")
    replies = await harness.send(en_user, "/people Hiro")
    assert "No one called “Hiro” in your journal yet" in replies[-1]["text"]


async def test_a_long_history_says_how_many_more_and_how_to_find_them(harness, en_user):
    await harness.onboard(en_user)
    await harness.write(en_user, *[f"Mia / problem {n} / helped" for n in range(1, 12)],
                hours=2)
    replies = await harness.send(en_user, "/thanks Mia / Thanks for number 2!")
    tid = harness.rows("SELECT thanks_id FROM thanks")[0]["thanks_id"]
    second = harness.rows("SELECT entry_id FROM entries WHERE problem = 'problem 2'")[0]
    await harness.press(en_user, replies[-1], f"th:link:{tid}:{second['entry_id']}")
    page = (await harness.send(en_user, "/people mia"))[-1]
    text = page["text"]
    assert text.count("problem ") == 8 and "problem 11 — helped" in text
    assert "problem 3 —" not in text
    assert "…and 4 more. <code>/search mia</code> finds them all." in text
    older = data_of(page, "« Older")
    assert older.startswith("pp:hist:e:") and older.endswith(":2")
    await harness.press(en_user, page, older)
    shown = current(harness, en_user, page)
    assert shown["text"].count("problem ") == 3 and "problem 11" not in shown["text"]
    # the thank-you tied to problem 2 sits under it, and nothing is left to find
    assert "problem 2 — helped\n    💌 “Thanks for number 2!”" in shown["text"]
    assert "more." not in shown["text"]
    assert data_of(shown, "Newer »").endswith(":1")
    assert not [d for label, d in buttons(shown) if label == "« Older"]


# --- merging and undoing ----------------------------------------------------------------

async def test_merge_two_names_with_buttons_then_undo(harness, ja_user):
    await harness.onboard(ja_user)
    await harness.write(ja_user, *JA_JOURNAL)
    listing = (await harness.send(ja_user, "/people"))[-1]
    await harness.press(ja_user, listing, "pp:pick:1")
    step = current(harness, ja_user, listing)
    assert step["text"] == "🔀 同じ人の2つの名前をまとめます。まず1つ目の名前を選んでください:"
    await harness.press(ja_user, listing, data_of(step, "佐藤さん"))
    step = current(harness, ja_user, listing)
    assert "<b>佐藤さん</b>と同じ人はどれですか?" in step["text"]
    assert "佐藤さん" not in [label for label, _ in buttons(step)]
    await harness.press(ja_user, listing, data_of(step, "Sato"))
    done = current(harness, ja_user, listing)
    assert done["text"] == "🔀 <b>佐藤さん</b>と<b>Sato</b>を同じ人にまとめました(解決3件)。"
    assert aliases(harness, ja_user) == [("sato", "佐藤")]
    # Sato is part of 佐藤さん now: the list, /people Sato and /people 佐藤 agree
    text = (await harness.send(ja_user, "/people"))[-1]["text"]
    assert "<b>佐藤さん</b> — 解決3件" in text and "<b>Sato</b>" not in text
    person = (await harness.send(ja_user, "/people Sato"))[-1]
    assert person["text"].startswith("👤 <b>佐藤さん</b>\nほかの呼び方:Sato、同僚の佐藤さん")
    assert "slides — fixed them" in person["text"]
    # undo, from the person's page
    await harness.press(ja_user, person, data_of(person, "↩️ Satoを分ける"))
    assert current(harness, ja_user, person)["text"] == (
        "↩️ <b>Sato</b>と<b>佐藤さん</b>を別の人に戻しました。")
    assert aliases(harness, ja_user) == []
    text = (await harness.send(ja_user, "/people"))[-1]["text"]
    assert "<b>佐藤さん</b> — 解決2件" in text and "<b>Sato</b> — 解決1件" in text
    # the "Undo" under the merge message is gone with it
    again = await harness.press(ja_user, done, data_of(done, "↩️ 元に戻す"))
    assert again == [] and current(harness, ja_user, done)["text"] == (
        "そのまとめは、すでに元に戻っています。")


async def test_merge_and_split_by_command_in_both_languages(harness, en_user, ja_user):
    await harness.onboard(en_user)
    await harness.write(en_user, *EN_JOURNAL)
    replies = await harness.send(en_user, "/people merge Leo + my neighbour Ana")
    assert replies[-1]["text"] == (
        "🔀 <b>Leo</b> and <b>my neighbour Ana</b> are one person now: 2 problems.")
    assert aliases(harness, en_user) == [("ana", "leo")]
    replies = await harness.send(en_user, "/people merge ana + LEO")
    assert replies[-1]["text"] == "<b>Leo</b> and <b>Leo</b> are already one person."
    replies = await harness.send(en_user, "/people merge Leo")
    assert "/people merge Sato + 佐藤さん" in replies[-1]["text"]
    replies = await harness.send(en_user, "/people split Ana")
    assert "Separated: <b>my neighbour Ana</b> and <b>Leo</b> are two people again" in (
        replies[-1]["text"])
    assert aliases(harness, en_user) == []
    replies = await harness.send(en_user, "/people split Ana")
    assert "“Ana” isn't merged with anyone" in replies[-1]["text"]

    await harness.onboard(ja_user)
    await harness.write(ja_user, *JA_JOURNAL)
    replies = await harness.send(ja_user, "/people 統合 佐藤 ＋ Sato")
    assert replies[-1]["text"].startswith("🔀 <b>佐藤さん</b>と<b>Sato</b>を同じ人にまとめました")
    replies = await harness.send(ja_user, "/people 分ける Sato")
    assert replies[-1]["text"] == "↩️ <b>Sato</b>と<b>佐藤さん</b>を別の人に戻しました。"
    assert aliases(harness, ja_user) == []


async def test_tampered_or_foreign_people_buttons_change_nothing(harness, en_user, ja_user):
    await harness.onboard(ja_user)
    await harness.write(ja_user, *JA_JOURNAL)
    await harness.send(ja_user, "/people 統合 佐藤 + Sato")
    [alias] = harness.rows("SELECT alias_id FROM person_aliases")
    await harness.onboard(en_user)
    await harness.write(en_user, *EN_JOURNAL)
    other = entry_id(harness, ja_user, "母")
    last = harness.api.last_message(en_user.id)
    for data in (f"pp:show:e:{other}", f"pp:undo:{alias['alias_id']}", "pp:show:x:1",
                 "pp:two:e:1:e:99999", "pp:one:e:abc"):
        await harness.press(en_user, last, data)
    assert len(harness.rows("SELECT * FROM person_aliases")) == 1
    said = "\n".join(m["text"] for m in harness.api.sent_messages(en_user.id)[-5:])
    assert "母" not in said and "佐藤" not in said


# --- a thank-you and the right problem ----------------------------------------------------

async def test_a_thank_you_offers_the_senders_problems_first(harness, en_user):
    """The issue's case: a thank-you from Priya can be tied to "my client Priya" although
    four other entries came after it."""
    await harness.onboard(en_user)
    await harness.write(en_user, *EN_JOURNAL)
    priya = entry_id(harness, en_user, "my client Priya")
    harness.clock.advance(hours=1)
    replies = await harness.send_message(en_user, text="Thank you for the slides!",
                                         forward_origin={"type": "user", "date": ORIGINAL,
                                                         "sender_user": PRIYA})
    labels = buttons(replies[-1])
    tid = thanks_rows(harness, en_user)[0]["thanks_id"]
    assert labels[0] == ("my client Priya — her pitch deck was to…", f"th:link:{tid}:{priya}")
    assert [label for label, _ in labels[1:5]] == [
        "Mia — résumé felt weak", "my neighbour Ana — lost cat", "Leo — moving day",
        "Mia — her bike chain broke"]
    assert ("🔎 Search", f"th:find:{tid}:0") in labels
    await harness.press(en_user, replies[-1], f"th:link:{tid}:{priya}")
    assert thanks_rows(harness, en_user)[0]["entry_id"] == priya


async def test_a_merge_makes_a_romaji_sender_find_the_kanji_problems(harness, ja_user):
    await harness.onboard(ja_user)
    await harness.write(ja_user, *JA_JOURNAL, "父 / 車 / 点検した", "妹 / 宿題 / 教えた")
    await harness.send(ja_user, "/people 統合 佐藤 + Sato")
    replies = await harness.send(ja_user, "/thanks Sato-san / ありがとう!")
    labels = [label for label, _ in buttons(replies[-1])]
    # Sato's own problem first, then 佐藤さん's (merged), then the newest others
    assert labels[:4] == ["Sato — slides", "佐藤さん — 会議の準備", "同僚の佐藤さん — 資料の締切に間に合わない",
                          "妹 — 宿題"]


async def test_search_finds_an_older_problem_for_a_thank_you(harness, ja_user, en_user):
    await harness.onboard(ja_user)
    await harness.write(ja_user, *JA_JOURNAL)
    replies = await harness.send(ja_user, "/thanks ミカ / ありがとう!")
    tid = thanks_rows(harness, ja_user)[0]["thanks_id"]
    asked = await harness.press(ja_user, replies[-1], f"th:find:{tid}:0")
    assert asked[-1]["text"] == "🔎 問題のことばを入力してください(名前や、どんなことだったか)。"
    found = await harness.send(ja_user, "スマホ")
    assert found[-1]["text"] == "🔎 「スマホ」を含む問題です。どの問題へのお礼ですか?"
    mother = entry_id(harness, ja_user, "母")
    assert buttons(found[-1]) == [("母 — スマホの設定がわからない", f"th:to:{tid}:{mother}:0"),
                                  ("🔎 探す", f"th:find:{tid}:0")]
    assert harness.user_row(ja_user.id)["awaiting"] is None
    await harness.press(ja_user, found[-1], f"th:to:{tid}:{mother}:0")
    assert current(harness, ja_user, found[-1])["text"] == (
        "🔗 紐づけました:母 — スマホの設定がわからない")
    assert thanks_rows(harness, ja_user)[0]["entry_id"] == mother
    # nothing found: say so, and offer 🔎 again
    await harness.press(ja_user, replies[-1], f"th:find:{tid}:0")
    none = await harness.send(ja_user, "宇宙")
    assert none[-1]["text"] == ("🔎 「宇宙」を含む問題は見つかりませんでした。"
                                "🔎 で別のことばを試せます。")

    await harness.onboard(en_user)
    await harness.write(en_user, *EN_JOURNAL)
    replies = await harness.send(en_user, "/thanks Jun / thanks!")
    tid = thanks_rows(harness, en_user)[0]["thanks_id"]
    asked = await harness.press(en_user, replies[-1], f"th:find:{tid}:0")
    assert "Type a word from the problem" in asked[-1]["text"]
    found = await harness.send(en_user, "chain")
    assert found[-1]["text"] == "🔎 Problems with “chain”. Which one was this thank-you for?"
    assert buttons(found[-1])[0][0] == "Mia — her bike chain broke"


async def test_search_question_gives_way_to_an_entry(harness, en_user):
    await harness.onboard(en_user)
    await harness.write(en_user, *EN_JOURNAL)
    replies = await harness.send(en_user, "/thanks Jun / thanks!")
    tid = thanks_rows(harness, en_user)[0]["thanks_id"]
    await harness.press(en_user, replies[-1], f"th:find:{tid}:0")
    long_text = "Kai / his car would not start on a cold morning / jump-started it with my car"
    replies = await harness.send(en_user, long_text)
    assert "🌱" in replies[-1]["text"] and "Kai" in replies[-1]["text"]
    assert harness.user_row(en_user.id)["awaiting"] is None


async def test_link_a_thank_you_later_from_history_and_relink(harness, en_user, ja_user):
    await harness.onboard(en_user)
    await harness.write(en_user, *EN_JOURNAL)
    await harness.send(en_user, "/thanks Priya / Thanks for the deck!")
    tid = thanks_rows(harness, en_user)[0]["thanks_id"]
    page = (await harness.send(en_user, "/history"))[-1]
    assert ("🔗 1", f"hi:l:t:{tid}:1") in buttons(page)
    assert not any(d.startswith("hi:l:e:") for _, d in buttons(page))
    await harness.press(en_user, page, f"hi:l:t:{tid}:1")
    chooser = current(harness, en_user, page)
    assert chooser["text"].startswith("🔗 Which problem was this thank-you for?\n")
    priya = entry_id(harness, en_user, "my client Priya")
    assert buttons(chooser)[0] == ("my client Priya — her pitch deck was to…",
                                   f"th:to:{tid}:{priya}:1")
    assert ("« Back", "hi:p:1") in buttons(chooser)
    await harness.press(en_user, page, f"th:to:{tid}:{priya}:1")
    shown = current(harness, en_user, page)
    assert shown["text"].startswith("🔗 Linked to: my client Priya — her pitch deck was too long")
    assert "📖 <b>Your journal</b>" in shown["text"]
    assert thanks_rows(harness, en_user)[0]["entry_id"] == priya
    # re-link: now "Not linked to any" is offered too
    await harness.press(en_user, page, f"hi:l:t:{tid}:1")
    chooser = current(harness, en_user, page)
    assert ("Not linked to any", f"th:off:{tid}:1") in buttons(chooser)
    await harness.press(en_user, page, f"th:off:{tid}:1")
    assert current(harness, en_user, page)["text"].startswith("OK, not linked to a problem.")
    assert thanks_rows(harness, en_user)[0]["entry_id"] is None

    await harness.onboard(ja_user)
    await harness.write(ja_user, *JA_JOURNAL)
    await harness.send(ja_user, "/thanks 佐藤 / 助かりました")
    tid = thanks_rows(harness, ja_user)[0]["thanks_id"]
    page = (await harness.send(ja_user, "/history"))[-1]
    await harness.press(ja_user, page, f"hi:l:t:{tid}:1")
    chooser = current(harness, ja_user, page)
    assert chooser["text"].startswith("🔗 どの問題へのお礼ですか?\n")
    first = buttons(chooser)[0]
    assert first[0] == "佐藤さん — 会議の準備"
    await harness.press(ja_user, page, first[1])
    assert current(harness, ja_user, page)["text"].startswith("🔗 紐づけました:佐藤さん — 会議の準備")
    assert thanks_rows(harness, ja_user)[0]["entry_id"] == entry_id(harness, ja_user, "佐藤さん")


async def test_attach_at_the_last_step_offers_that_persons_thank_you_first(harness, en_user):
    await harness.onboard(en_user)
    await harness.write(en_user, "Leo / moving day / carried boxes")
    await harness.send(en_user, "/thanks Priya / Thanks for the deck!")
    await harness.send(en_user, "/thanks Mia / Thanks for the chain!")
    await harness.send(en_user, "/log")
    await harness.send(en_user, "my client Priya")
    await harness.send(en_user, "her pitch deck was too long")
    replies = await harness.send(en_user, "cut it to ten slides")
    choices = await harness.press(en_user, replies[-1], "ci:attach")
    labels = [label for label, _ in buttons(choices[-1])]
    assert labels[0].startswith("Priya: “Thanks for the deck!”")
    assert labels[1].startswith("Mia:")
