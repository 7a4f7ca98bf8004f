"""Issue 9, items 8 and 9, driven as a Telegram user would, in both languages: the question
after *how* varies by persona and day (never the same two days running, skippable, off in
/settings, shown in /history and the export), and a voice message kept as an entry's *how*
(in the flow or on its own), shown as 🎤 with its length in /history, /search, the export
and the digest."""

from __future__ import annotations

import csv
import io
import json
import logging
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from bot.core.questions import DEFAULT, outcome_question
from bot.handlers.checkin import outcome_question as asked_text
from tests.conftest import assert_logs_clean
from tests.e2e.test_onboarding import buttons
from tests.e2e.test_search_export import documents

SECRETS = ("bike chain", "she rode", "自転車", "助かった")


@pytest.fixture(autouse=True)
def no_errors_and_no_leaks(caplog):
    caplog.set_level(logging.DEBUG)
    yield
    assert_logs_clean(caplog, SECRETS)


def voice(file_id: str, seconds: int) -> dict:
    return {"voice": {"file_id": file_id, "file_unique_id": f"u-{file_id}",
                      "duration": seconds, "mime_type": "audio/ogg"}}


def _today(harness, user) -> date:
    """The user's local date now."""
    zone = ZoneInfo(harness.user_row(user.id)["timezone"])
    return harness.clock.now().astimezone(zone).date()


async def next_day(harness) -> None:
    harness.clock.advance(days=1)
    await harness.dispatch()


async def up_to_outcome(harness, user, who: str, problem: str, how: str) -> dict:
    await harness.send(user, "/log")
    await harness.send(user, who)
    await harness.send(user, problem)
    replies = await harness.send(user, how)
    return replies[-1]


# --- item 8: the question after how ---------------------------------------------------------

async def test_the_question_after_how_changes_day_by_day_in_english(harness, en_user):
    await harness.onboard(en_user, persona="freelancer", zone="Europe/London")
    asked = []
    for n in range(4):
        question = await up_to_outcome(harness, en_user, f"client {n}", "slow site",
                                       "cached the pages")
        day = _today(harness, en_user)
        key = outcome_question(en_user.id, day, "freelancer", True)
        assert question["text"] == asked_text("en", key)  # the day's question, with its hint
        assert buttons(question) == ["ci:skipstep"]         # always skippable
        assert harness.entries(en_user.id)[-1]["outcome_question"] == key
        asked.append(key)
        if n == 1:
            replies = await harness.press(en_user, question, "ci:skipstep")
            assert "🌱 Saved" in replies[-1]["text"]
        else:
            await harness.send(en_user, f"they wrote back {n}")
        await next_day(harness)
    assert all(a != b for a, b in zip(asked, asked[1:], strict=False))  # never two days running
    assert any(key != DEFAULT for key in asked)
    rows = harness.entries(en_user.id)
    assert [r["outcome"] for r in rows] == ["they wrote back 0", None, "they wrote back 2",
                                            "they wrote back 3"]
    assert [r["outcome_question"] for r in rows] == asked  # kept even when skipped

    # /history shows which question an outcome answered (the usual one as before)
    history = (await harness.send(en_user, "/history"))[-1]["text"]
    for key, n in zip(asked, range(4), strict=True):
        if n == 1:
            continue
        plain = asked_text("en", key).split(" (optional")[0]
        line = next(line for line in history.split("\n") if f"client {n}</b>" in line)
        if key == DEFAULT:
            assert line.endswith(f"→ they wrote back {n}")
        else:
            assert f"→ <i>{plain.replace('<b>', '').replace('</b>', '')}</i> " \
                   f"they wrote back {n}" in line

    # the export says which question it was: a CSV column, the JSON key, a Markdown line
    await harness.send(en_user, "/export")
    files = dict(documents(harness, en_user))
    csv_name = next(name for name in files if name.endswith(".csv"))
    table = list(csv.DictReader(io.StringIO(files[csv_name].decode("utf-8-sig"))))
    problems = [r for r in table if r["record_type"] == "problem"]
    assert all(r["outcome_question"].endswith("?") for r in problems)
    json_name = next(name for name in files if name.endswith(".json"))
    document = json.loads(files[json_name])
    assert [e["outcome_question"] for e in document["entries"]] == asked
    assert document["user"]["vary_questions"] is True
    markdown = files[next(name for name in files if name.endswith(".md"))].decode()
    varied = [k for n, k in enumerate(asked) if k != DEFAULT and n != 1]
    if varied:
        assert "What came of it" not in markdown or DEFAULT in asked
        label = asked_text("en", varied[0]).split(" (optional")[0]
        assert label.replace("<b>", "").replace("</b>", "") in markdown


async def test_variety_can_be_turned_off_and_on_in_japanese(harness, ja_user):
    await harness.onboard(ja_user, persona="parent")
    menu = (await harness.send(ja_user, "/settings"))[-1]
    assert "最後の質問を日替わりにする:オン" in menu["text"]
    assert "set:vary:off" in buttons(menu)
    shown = (await harness.press(ja_user, menu, "set:vary:off"))
    assert shown == []  # the settings message changes in place
    edited = harness.api.calls_to("editMessageText", ok_only=True)[-1].params
    assert "最後の質問を日替わりにする:オフ" in edited["text"]
    assert harness.user_row(ja_user.id)["vary_questions"] == 0

    for _ in range(2):  # off: the usual question, two days running
        question = await up_to_outcome(harness, ja_user, "娘", "宿題がわからない",
                                       "一緒に考えた")
        assert question["text"] == (
            "その<b>結果</b>、どうなりましたか? 相手の反応や成果、「ありがとう」の"
            "ひとことなど(任意です。まだなければ「スキップ」を押してください)")
        assert harness.entries(ja_user.id)[-1]["outcome_question"] == DEFAULT
        await harness.send(ja_user, "「わかった!」と喜んでいた")
        await next_day(harness)

    menu = (await harness.send(ja_user, "/settings"))[-1]
    await harness.press(ja_user, menu, "set:vary:on")
    assert harness.user_row(ja_user.id)["vary_questions"] == 1
    asked = []
    for _ in range(3):
        question = await up_to_outcome(harness, ja_user, "娘", "宿題がわからない",
                                       "一緒に考えた")
        key = outcome_question(ja_user.id, _today(harness, ja_user), "parent", True)
        assert question["text"] == asked_text("ja", key)
        assert "(任意です。" in question["text"] and buttons(question) == ["ci:skipstep"]
        asked.append(key)
        await harness.press(ja_user, question, "ci:skipstep")
        await next_day(harness)
    assert asked[0] != asked[1] != asked[2]
    assert {"team", "learned", "client"}.isdisjoint(asked)  # not another persona's question
    shown_varied = [k for k in asked if k != DEFAULT]
    if shown_varied:  # Japanese questions end with a full-width question mark
        assert asked_text("ja", shown_varied[0]).split("(任意")[0].endswith("?")


# --- item 9: a voice message as an entry's how -----------------------------------------------

async def test_a_voice_message_answers_how_in_english(harness, en_user):
    await harness.onboard(en_user, zone="Europe/London")
    await harness.send(en_user, "/log")
    await harness.send(en_user, "Mia")
    await harness.send(en_user, "her bike chain broke")
    replies = await harness.send_message(en_user, **voice("v-mia", 42))
    assert "(optional" in replies[-1]["text"] and buttons(replies[-1]) == ["ci:skipstep"]
    replies = await harness.send(en_user, "she rode to work")
    assert replies[-1]["text"].startswith("🌱 Saved")
    [entry] = harness.entries(en_user.id)
    assert (entry["status"], entry["who"], entry["problem"], entry["how"],
            entry["voice_file_id"], entry["voice_duration"], entry["outcome"]) == (
        "done", "Mia", "her bike chain broke", None, "v-mia", 42, "she rode to work")

    page = (await harness.send(en_user, "/history"))[-1]
    assert "<b>Mia</b> — her bike chain broke — 🎤 0:42" in page["text"]
    eid = entry["entry_id"]
    await harness.press(en_user, page, f"hi:e:e:{eid}:1")
    replies = await harness.press(en_user, page, f"hi:f:e:{eid}:how")
    asked = replies[-1]["text"] if replies else harness.api.calls_to(
        "editMessageText", ok_only=True)[-1].params["text"]
    assert "How" in asked and "🎤 0:42" in asked  # ✏️ How shows the voice message kept
    replies = await harness.send(en_user, "walked her through it")
    assert harness.entries(en_user.id)[0]["how"] == "walked her through it"
    assert harness.entries(en_user.id)[0]["voice_file_id"] == "v-mia"  # the voice stays
    found = (await harness.send(en_user, "/search Mia"))[-1]["text"]
    assert "🌱 <b>Mia</b> — her bike chain broke — walked her through it 🎤 0:42" in found
    week = (await harness.send(en_user, "/week"))
    assert any("Mia — her bike chain broke — walked her through it 🎤 0:42" in m.get("text", "")
               for m in week)

    await harness.send(en_user, "/export")
    files = dict(documents(harness, en_user))
    table = list(csv.DictReader(io.StringIO(
        files[next(n for n in files if n.endswith(".csv"))].decode("utf-8-sig"))))
    [row] = [r for r in table if r["record_type"] == "problem"]
    assert (row["how"], row["how_voice_seconds"], row["how_voice_file_id"]) == (
        "walked her through it 🎤 0:42", "42", "v-mia")
    document = json.loads(files[next(n for n in files if n.endswith(".json"))])
    assert (document["entries"][0]["voice_file_id"],
            document["entries"][0]["voice_duration"]) == ("v-mia", 42)
    markdown = files[next(n for n in files if n.endswith(".md"))].decode()
    assert "🌱 **Mia** — her bike chain broke — walked her through it 🎤 0:42" in markdown


async def test_a_voice_message_on_its_own_is_offered_as_an_entry_in_japanese(harness, ja_user):
    await harness.onboard(ja_user)
    replies = await harness.send_message(ja_user, **voice("v-jp", 65))
    assert replies[-1]["text"] == ("🎤 ボイスメッセージ(1:05)を保管しました。"
                                   "記録として保存しますか?")
    [data, _] = buttons(replies[-1])
    assert harness.rows("SELECT voice_file_id, voice_duration, text FROM inbox"
                        " WHERE user_id = ?", (ja_user.id,))[0][:] == ("v-jp", 65, "")
    await harness.restart()  # what the user sent waits in the database
    replies = await harness.press(ja_user, replies[-1], data)
    assert replies[-1]["text"] == (
        "🎤 ボイスメッセージ(1:05)を、あなたがしたこととして残しました。\n"
        "<b>誰の</b>困りごとでしたか? 名前でも、<i>同僚の佐藤さん</i>のような言い方でもOKです。")
    replies = await harness.send(ja_user, "お隣の山田さん")
    assert "<b>どんなこと</b>に困っていましたか?" in replies[-1]["text"]
    replies = await harness.send(ja_user, "自転車のチェーンが外れた")
    assert "(任意です。" in replies[-1]["text"]  # how was the voice: straight to the last one
    replies = await harness.press(ja_user, replies[-1], "ci:skipstep")
    assert replies[-1]["text"].startswith("🌱 記録しました。")
    [entry] = harness.entries(ja_user.id)
    assert (entry["status"], entry["who"], entry["problem"], entry["how"], entry["voice_file_id"],
            entry["voice_duration"]) == ("done", "お隣の山田さん", "自転車のチェーンが外れた",
                                         None, "v-jp", 65)
    assert harness.rows("SELECT COUNT(*) FROM inbox WHERE user_id = ?", (ja_user.id,))[0][0] == 0

    history = (await harness.send(ja_user, "/history"))[-1]["text"]
    assert "<b>お隣の山田さん</b> — 自転車のチェーンが外れた — 🎤 1:05" in history
    found = (await harness.send(ja_user, "/search 山田"))[-1]["text"]
    assert "🎤 1:05" in found
    week = await harness.send(ja_user, "/week")
    assert any("自転車のチェーンが外れた — 🎤 1:05" in m.get("text", "") for m in week)
    await harness.send(ja_user, "/export")
    files = dict(documents(harness, ja_user))
    markdown = files[next(n for n in files if n.endswith(".md"))].decode()
    assert "🌱 **お隣の山田さん** — 自転車のチェーンが外れた — 🎤 1:05" in markdown


async def test_a_voice_message_at_another_question_is_kept_as_how_in_japanese(harness,
                                                                             ja_user):
    await harness.onboard(ja_user)
    await harness.send(ja_user, "/log")
    replies = await harness.send_message(ja_user, **voice("v-who", 9))
    assert replies[0]["text"] == ("🎤 ボイスメッセージ(0:09)を、どう解決したかとして"
                                  "残しました。")
    assert "<b>誰の</b>" in replies[-1]["text"]  # the open question again
    replies = await harness.send_message(ja_user, **voice("v-second", 5))
    assert "すでにボイスメッセージがある" in replies[0]["text"]
    await harness.send(ja_user, "同僚の佐藤さん")
    replies = await harness.send(ja_user, "資料の締切に間に合わない")
    assert "(任意です。" in replies[-1]["text"]  # how is answered: the question after it
    await harness.send(ja_user, "「助かった!」と言われた")
    [entry] = harness.entries(ja_user.id)
    assert (entry["status"], entry["who"], entry["how"], entry["voice_file_id"],
            entry["voice_duration"], entry["outcome"]) == (
        "done", "同僚の佐藤さん", None, "v-who", 9, "「助かった!」と言われた")


async def test_a_voice_message_at_another_question_in_english(harness, en_user):
    await harness.onboard(en_user, zone="Europe/London")
    await harness.send(en_user, "/log")
    await harness.send(en_user, "Ken")
    replies = await harness.send_message(en_user, **voice("v-ken", 75),
                                         caption="showed him safe mode")
    assert replies[0]["text"] == "🎤 Kept your voice message (1:15) as how you helped."
    assert "<b>their problem</b>" in replies[-1]["text"]
    replies = await harness.send(en_user, "laptop would not boot")
    assert "(optional" in replies[-1]["text"]
    await harness.press(en_user, replies[-1], "ci:skipstep")
    [entry] = harness.entries(en_user.id)
    assert (entry["status"], entry["how"], entry["voice_file_id"], entry["voice_duration"]) \
        == ("done", "showed him safe mode", "v-ken", 75)  # its caption: the how in words


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_voice_message_before_setup_is_kept_and_offered_after(harness, ja_user, en_user,
                                                                     lang):
    user = ja_user if lang == "ja" else en_user
    replies = await harness.send(user, "/start")
    replies = await harness.send_message(user, **voice("v-early", 3))
    assert replies[0]["text"] == {
        "en": "🎤 I've kept your voice message (0:03) and will offer it to you once setup "
              "is done.",
        "ja": "🎤 ボイスメッセージ(0:03)を保管しました。設定が終わったら、"
              "あらためてお見せしますね。"}[lang]
    assert len(replies) >= 2  # and the setup question again
    assert harness.rows("SELECT voice_file_id FROM inbox WHERE user_id = ?",
                        (user.id,))[0][0] == "v-early"
    persona = (await harness.send(user, "/start"))[-1]
    await harness.press(user, persona, "set:persona:student")
    await harness.press(user, harness.api.last_message(user.id), "set:tz:Asia/Tokyo")
    replies = await harness.press(user, harness.api.last_message(user.id), "set:time:21:00")
    offer = replies[-1]
    assert offer["text"] == {
        "en": "You sent this voice message earlier (🎤 0:03) — save it as an entry?",
        "ja": "設定の前に送ってくれたボイスメッセージ(🎤 0:03)があります。"
              "記録として保存しますか?"}[lang]
    save, _ = buttons(offer)
    replies = await harness.press(user, offer, save)
    assert "0:03" in replies[-1]["text"]  # who was it for? (the voice is the how)
    await harness.send(user, "Rin")
    replies = await harness.send(user, "lost her notes")
    await harness.press(user, replies[-1], "ci:skipstep")
    [entry] = harness.entries(user.id)
    assert (entry["status"], entry["who"], entry["problem"], entry["how"],
            entry["voice_file_id"], entry["voice_duration"]) == (
        "done", "Rin", "lost her notes", None, "v-early", 3)
