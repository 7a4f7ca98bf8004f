"""/search and /export, driven as a Telegram user would, checked against what the database
holds: Japanese and English search, thank-yous, other users' records, hostile queries, edits
and deletes; the three export files parsed back; an empty journal."""

from __future__ import annotations

import csv
import io
import json
import logging
import re

import pytest

from storage import entries
from tests.conftest import START, assert_logs_clean

ORIGINAL = int(START.timestamp()) - 2 * 86400
YUKI = {"id": 777, "is_bot": False, "first_name": "Yuki", "last_name": "Tanaka",
        "username": "yuki_t"}
SECRETS = ("転職", "スマホ", "résumé", "chain", "Thank you so much", "ありがとう")


def from_yuki(**extra) -> dict:
    return {"forward_origin": {"type": "user", "date": ORIGINAL, "sender_user": YUKI}, **extra}


@pytest.fixture(autouse=True)
def no_errors_and_no_leaks(caplog):
    caplog.set_level(logging.DEBUG)
    yield
    assert_logs_clean(caplog, SECRETS)


def result_lines(text: str) -> list[str]:
    """The result lines of a /search reply (they hold 🌱 or 💌)."""
    return [line for line in text.split("\n") if "🌱" in line or "💌" in line]


async def search(harness, user, words: str) -> str:
    replies = await harness.send(user, f"/search {words}".rstrip())
    assert len(replies) == 1
    return replies[0]["text"]


async def next_day(harness) -> None:
    """A day later, once the dispatcher has sent whatever fell due (a daily question, a
    digest), so that it cannot land among the replies under test."""
    harness.clock.advance(days=1)
    await harness.dispatch()


# --- /search --------------------------------------------------------------------------------

async def test_search_without_words_explains_with_an_example(harness, en_user, ja_user):
    await harness.onboard(en_user)
    await harness.onboard(ja_user)
    text = await search(harness, en_user, "")
    assert "/search Mia bike" in text
    text = await search(harness, ja_user, "   ")
    assert "/search 佐藤 資料" in text and "探したい言葉" in text


async def test_japanese_search_with_three_and_two_character_terms(harness, ja_user):
    await harness.onboard(ja_user)
    await harness.send(ja_user, "同僚の佐藤さん / 転職の相談 / 履歴書を一緒に直した / 面接が決まった")
    await next_day(harness)
    await harness.send(ja_user, "母 / スマホの設定がわからない / 電話で教えた")
    await next_day(harness)
    await harness.send(ja_user, "/thanks 佐藤さん / 転職の相談にのってくれてありがとう!")
    rows = harness.entries(ja_user.id)
    [thanks] = harness.rows("SELECT * FROM thanks WHERE user_id = ?", (ja_user.id,))

    # a 3+ character term goes through the trigram index
    text = await search(harness, ja_user, "スマホの設定")
    assert "1件" in text
    [line] = result_lines(text)
    assert "2026年11月29日 🌱" in line and "<b>スマホの設定</b>がわからない" in line

    # a 2-character term (LIKE fallback) finds the problem and the thank-you, newest first
    text = await search(harness, ja_user, "転職")
    assert "「転職」の検索結果:2件" in text
    first, second = result_lines(text)
    assert first.startswith("2026年11月30日 💌 佐藤さん:「<b>転職</b>の相談にのってくれて")
    assert second.startswith("2026年11月28日 🌱 同僚の佐藤さん — <b>転職</b>の相談 — 履歴書")

    # one character, and terms of both kinds ANDed
    [line] = result_lines(await search(harness, ja_user, "母"))
    assert "<b>母</b> — スマホ" in line
    [line] = result_lines(await search(harness, ja_user, "転職 ありがとう"))
    assert "💌" in line and "<b>ありがとう</b>" in line
    [line] = result_lines(await search(harness, ja_user, "面接"))  # only in the outcome
    assert "→ <b>面接</b>が決まった" in line
    text = await search(harness, ja_user, "転職 母")
    assert "「転職 母」に一致する記録は見つかりませんでした" in text
    assert result_lines(text) == []
    # the search matched what the database holds
    assert "転職" in rows[0]["problem"] and "転職" in thanks["text"]


async def test_english_search_is_case_insensitive_and_ands_words(harness, en_user):
    await harness.onboard(en_user)
    await harness.send(en_user, "Mia / her bike chain broke / fixed the chain")
    await next_day(harness)
    await harness.send(en_user, "Leo / moving day / carried boxes")
    await next_day(harness)
    await harness.send(en_user, "Mia / her résumé felt weak / rewrote the summary / an interview")

    text = await search(harness, en_user, "MIA")
    assert "2 records found for “MIA”" in text
    newest, oldest = result_lines(text)
    assert newest.startswith("Nov 30, 2026 🌱 <b>Mia</b> — her résumé")
    assert oldest == "Nov 28, 2026 🌱 <b>Mia</b> — her bike chain broke — fixed the chain"

    [line] = result_lines(await search(harness, en_user, "mia CHAIN"))
    assert line.count("<b>chain</b>") == 2 and "<b>Mia</b>" in line
    [line] = result_lines(await search(harness, en_user, "RÉSUMÉ"))  # non-ASCII case folding
    assert "<b>résumé</b>" in line
    [line] = result_lines(await search(harness, en_user, "Le"))  # 2 letters: LIKE, any case
    assert "<b>Le</b>o" in line
    text = await search(harness, en_user, "Mia boxes")
    assert "Nothing found for “Mia boxes”" in text


async def test_search_finds_thank_yous_by_sender_and_words(harness, en_user):
    await harness.onboard(en_user)
    await harness.send_message(en_user, text="Thank you so much for fixing my resume!",
                               **from_yuki())
    await harness.send(en_user, "/thanks Ana / Thanks for the ride to the station!")
    [line] = result_lines(await search(harness, en_user, "tanaka"))
    assert line == ("Nov 28, 2026 💌 Yuki <b>Tanaka</b>: “Thank you so much for fixing my "
                    "resume!”")
    [line] = result_lines(await search(harness, en_user, "ride station"))
    assert line.startswith("Nov 28, 2026 💌 Ana: “Thanks for the <b>ride</b> to the")
    assert len(result_lines(await search(harness, en_user, "thank"))) == 2


async def test_search_never_returns_another_users_records(harness, en_user, ja_user):
    await harness.onboard(en_user)
    await harness.onboard(ja_user)
    await harness.send(en_user, "Mia / her bike chain broke / fixed the chain")
    await harness.send(en_user, "/thanks Mia / 母 says thanks")
    await harness.send(ja_user, "Mia / 母の転職 / 話を聞いた")
    await harness.send(ja_user, "/thanks Mia / bike thanks")
    # the trigram path and the LIKE path, from both sides
    for user, words, own in ((en_user, "Mia", 2), (ja_user, "Mia", 2), (en_user, "母", 1),
                             (ja_user, "母", 1), (en_user, "bike", 1), (ja_user, "bike", 1)):
        text = await search(harness, user, words)
        assert len(result_lines(text)) == own, (user.id, words, text)
    assert "転職" not in await search(harness, en_user, "Mia")
    assert "chain" not in await search(harness, ja_user, "Mia")
    assert "見つかりませんでした" in await search(harness, ja_user, "chain")


HOSTILE = ['"', '""', '"Mia', "*", "Mia*", "AND OR NOT", "NEAR(", "NEAR(Mia chain, 2)", "-x",
           "'); DROP TABLE entries; --", "body:Mia", "^Mia", "{body}: x", "(", ")", "\\",
           "%", "_", "%%", "a_b", "user_id:1", "rowid", "\u3000", "Mia\u3000chain", "🙂",
           "x" * 300, " ".join(f"w{i}" for i in range(40))]


@pytest.mark.parametrize("words", HOSTILE)
async def test_hostile_queries_are_plain_text_and_never_fail(harness, en_user, words):
    await harness.onboard(en_user)
    await harness.send(en_user, "Mia / her bike chain broke / fixed the chain")
    text = await search(harness, en_user, words)
    assert "went wrong" not in text
    if words.strip() and words != "Mia\u3000chain":
        assert "Nothing found" in text
    if words.startswith("w0 "):
        assert "first 10 words only" in text
    assert harness.rows("SELECT COUNT(*) FROM entries WHERE user_id = ?", (en_user.id,))[0][0]


async def test_quotes_and_wildcards_are_matched_literally(harness, en_user):
    await harness.onboard(en_user)
    await harness.send(en_user, 'Mia / the "quoted" price was 50% off / read the fine_print')
    await harness.send(en_user, "Leo / plain problem / plain fix")
    for words in ('"quoted"', "%", "50%", "_", "fine_print", 'Mia "quoted" 50%'):
        lines = result_lines(await search(harness, en_user, words))
        assert len(lines) == 1 and "Mia" in lines[0], words
    [line] = result_lines(await search(harness, en_user, '"quoted"'))
    assert "<b>&quot;quoted&quot;</b>" in line or '<b>"quoted"</b>' in line
    text = await search(harness, en_user, "Mia\u3000chain")  # ideographic space separates
    assert "“Mia chain”" in text


async def test_many_results_show_ten_newest_and_how_many_more(harness, en_user):
    await harness.onboard(en_user)
    long_problem = "the garden " + "overgrown weeds everywhere " * 120
    for day in range(13):
        await harness.send(en_user, f"Gardener {day} / {long_problem} / pulled weeds")
        await next_day(harness)
    text = await search(harness, en_user, "garden")
    lines = result_lines(text)
    assert len(lines) == 10
    assert "13 records found" in text and "…and 3 more." in text
    assert lines[0].startswith("Dec 10, 2026 🌱 <b>Garden</b>er 12")
    assert lines[-1].startswith("Dec 1, 2026 🌱 <b>Garden</b>er 3")
    assert len(text) < 2500  # well under 4096, though each problem has 3000+ characters
    # a word deep inside the long text is shown in a window around it
    await harness.send(en_user, f"Zed / {long_problem} needle / found it")
    [line] = result_lines(await search(harness, en_user, "needle"))
    assert "…" in line and "<b>needle</b>" in line and len(line) < 220


async def test_edits_and_deletes_are_reflected_in_search(harness, en_user):
    await harness.onboard(en_user)
    await harness.send(en_user, "Mia / her bike chain broke / fixed the chain")
    replies = await harness.send(en_user, "/thanks Ana / thank you for the bike!")
    [entry] = harness.entries(en_user.id)
    [thanks] = harness.rows("SELECT * FROM thanks WHERE user_id = ?", (en_user.id,))
    assert len(result_lines(await search(harness, en_user, "bike"))) == 2

    db = harness.services.db
    await db.execute("UPDATE entries SET problem = ? WHERE entry_id = ? AND user_id = ?",
                     ("her scooter tyre was flat", entry["entry_id"], en_user.id))
    [line] = result_lines(await search(harness, en_user, "bike"))
    assert "💌" in line
    [line] = result_lines(await search(harness, en_user, "scooter"))
    assert "<b>scooter</b> tyre" in line

    # "Not a thank-you" removes it from the journal and from search
    await harness.press(en_user, replies[-1], f"th:undo:{thanks['thanks_id']}")
    assert "Nothing found" in await search(harness, en_user, "bike")
    await db.execute("DELETE FROM entries WHERE entry_id = ? AND user_id = ?",
                     (entry["entry_id"], en_user.id))
    assert "Nothing found" in await search(harness, en_user, "scooter")
    assert "Nothing found" in await search(harness, en_user, "Mi")


async def test_drafts_are_not_searched(harness, en_user):
    await harness.onboard(en_user)
    await harness.send(en_user, "/log")
    await harness.send(en_user, "Unfinished Ursula")
    assert harness.entries(en_user.id)[0]["status"] == "draft"
    assert "Nothing found" in await search(harness, en_user, "Ursula")
    assert "Nothing found" in await search(harness, en_user, "Ur")


# --- /export --------------------------------------------------------------------------------

def documents(harness, user) -> list[tuple[str, bytes]]:
    calls = harness.api.calls_to("sendDocument", ok_only=True)
    return [c.files["document"] for c in calls if str(c.params.get("chat_id")) == str(user.id)]


def photo(n: int) -> list[dict]:
    return [{"file_id": f"p{n}-{size}", "file_unique_id": f"u-p{n}-{size}", "width": size,
             "height": size} for size in (90, 1280)]


async def make_journal(harness, user) -> None:
    """Two weeks of a Japanese journal: problems, a nothing day, thank-yous of three kinds,
    one tied to a problem, and a draft that must not be exported."""
    await harness.send(user, "同僚の佐藤さん / 資料の締切に間に合わない / 構成案を一緒に作った"
                             " / 「助かった!」と言われた")
    await harness.send_message(user, text="本当にありがとうございました!\n二行目です。",
                               entities=[{"type": "bold", "offset": 0, "length": 2}],
                               **from_yuki())
    harness.clock.advance(days=3)  # Dec 1 (Tuesday): the next week
    await harness.dispatch()
    await harness.send(user, "# 母 / > スマホの設定 / - 電話で教えた")
    now = int(harness.clock.now().timestamp())
    await entries.add_nothing(harness.services.db, user.id, "2026-12-02", None, now)
    replies = await harness.send(user, "/thanks ミカ / 引っ越しを手伝ってくれてありがとう")
    mika = harness.rows("SELECT thanks_id FROM thanks WHERE user_id = ? ORDER BY thanks_id DESC",
                        (user.id,))[0][0]
    first_entry = harness.entries(user.id)[0]["entry_id"]
    await harness.press(user, replies[-1], f"th:link:{mika}:{first_entry}")
    replies = await harness.send_message(user, photo=photo(1))
    shot = harness.rows("SELECT thanks_id FROM thanks WHERE user_id = ? AND status = 'pending'",
                        (user.id,))[0][0]
    await harness.press(user, replies[-1], f"th:yes:{shot}")
    await harness.send(user, "ミカさん")
    await harness.send(user, "/log")
    await harness.send(user, "下書きの人")


async def test_export_sends_csv_json_markdown_matching_the_database(harness, ja_user, en_user):
    await harness.onboard(ja_user)
    await harness.onboard(en_user)
    await harness.send(en_user, "Other / someone else's problem / not exported")
    await make_journal(harness, ja_user)
    db_entries = harness.rows("SELECT * FROM entries WHERE user_id = ? AND status != 'draft'"
                              " ORDER BY entry_id", (ja_user.id,))
    db_thanks = harness.rows("SELECT * FROM thanks WHERE user_id = ? AND status = 'kept'"
                             " ORDER BY thanks_id", (ja_user.id,))
    assert len(db_entries) == 3 and len(db_thanks) == 3
    merged = await harness.send(ja_user, "/people 統合 Yuki Tanaka + ミカ")
    assert "🔀" in merged[-1]["text"]

    replies = await harness.send(ja_user, "/export")
    assert [r.get("document", {}).get("file_name") for r in replies[:3]] == [
        "value-journal-2026-12-01.csv", "value-journal-2026-12-01.json",
        "value-journal-2026-12-01.md"]
    assert "解決した問題2件、「今日はなし」1日、「ありがとう」3件" in replies[-1]["text"]
    files = dict(documents(harness, ja_user))
    assert len(files) == 3

    # CSV: BOM, one row per record, the database's ids and texts, Japanese intact
    raw = files["value-journal-2026-12-01.csv"]
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["record_type"], int(r["id"])) for r in rows if r["record_type"] != "thanks"] == [
        ("problem", db_entries[0]["entry_id"]), ("problem", db_entries[1]["entry_id"]),
        ("nothing", db_entries[2]["entry_id"])]
    assert sorted(int(r["id"]) for r in rows if r["record_type"] == "thanks") == [
        t["thanks_id"] for t in db_thanks]
    first = rows[0]
    assert (first["who"], first["problem"], first["outcome"]) == (
        "同僚の佐藤さん", "資料の締切に間に合わない", "「助かった!」と言われた")
    assert first["created"] == "2026-11-28T10:00:00+09:00"
    yuki = next(r for r in rows if r["thanks_from"] == "Yuki Tanaka")
    assert yuki["thanks_text"] == "本当にありがとうございました!\n二行目です。"
    assert yuki["original_sent"] == "2026-11-26T10:00:00+09:00"
    mika = next(r for r in rows if r["thanks_from"] == "ミカ")
    assert int(mika["linked_problem_id"]) == db_entries[0]["entry_id"]
    screenshot = next(r for r in rows if r["thanks_kind"] == "photo")
    assert (screenshot["thanks_from"], screenshot["thanks_files"]) == ("ミカさん", "1")
    # a cell that starts like a formula is defused for spreadsheets (JSON has it verbatim)
    second = [r for r in rows if r["record_type"] == "problem"][1]
    assert (second["who"], second["problem"], second["how"]) == (
        "# 母", "> スマホの設定", "'- 電話で教えた")
    assert "Other" not in raw.decode("utf-8-sig")

    # JSON: complete and versioned
    doc = json.loads(files["value-journal-2026-12-01.json"].decode("utf-8"))
    assert (doc["format"], doc["version"]) == ("value-journal", 1)
    assert [(m["alias_key"], m["target_key"], m["target_name"]) for m in doc["people_merges"]
            ] == [("ミカ", "yuki tanaka", "Yuki Tanaka")]
    assert doc["exported_utc"] == "2026-12-01T01:00:00Z"
    user_row = harness.user_row(ja_user.id)
    for key in ("language", "timezone", "checkin_time", "persona", "week_start_day",
                "digest_weekday", "digest_time", "focus_who", "focus_problem"):
        assert doc["user"][key] == user_row[key], key
    assert doc["user"]["digest_enabled"] is True
    assert [dict(r) for r in db_entries] == doc["entries"]
    assert [t["thanks_id"] for t in doc["thanks"]] == [t["thanks_id"] for t in db_thanks]
    by_id = {t["thanks_id"]: t for t in doc["thanks"]}
    for row in db_thanks:
        exported = by_id[row["thanks_id"]]
        for key in row.keys():
            if key != "entities":
                assert exported[key] == row[key], key
        assert exported["entities"] == (json.loads(row["entities"]) if row["entities"] else [])
    yuki_doc = next(t for t in doc["thanks"] if t["sender_name"] == "Yuki Tanaka")
    assert yuki_doc["entities"] == [{"type": "bold", "offset": 0, "length": 2}]
    shot = next(t for t in doc["thanks"] if t["kind"] == "photo")
    [media] = shot["media"]
    assert media["file_id"] == "p1-1280" and isinstance(media["details"], dict | None)
    db_media = harness.rows("SELECT * FROM thanks_media WHERE thanks_id = ?",
                            (shot["thanks_id"],))
    assert media["media_id"] == db_media[0]["media_id"]
    assert json.dumps(doc, ensure_ascii=False).count("下書き") == 0  # no draft
    assert "本当にありがとうございました" in files["value-journal-2026-12-01.json"].decode()

    # Markdown: the user's language, weeks newest first, user text kept inert
    md = files["value-journal-2026-12-01.md"].decode("utf-8")
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == ["# 価値の日記", "## 2026年11月30日の週", "## 2026年11月23日の週"]
    assert "> 本当にありがとうございました!" in md and "> 二行目です。" in md
    assert "**\\# 母** — \\> スマホの設定 — \\- 電話で教えた" in md
    assert "_今日はなし_" in md
    assert "対象:同僚の佐藤さん — 資料の締切に間に合わない" in md


async def test_export_weeks_follow_the_users_week_start_in_english(harness, en_user):
    await harness.onboard(en_user)
    await harness.send(en_user, "Mia / her bike chain broke / fixed the chain")  # Sat Nov 28
    await next_day(harness)
    await harness.send(en_user, "Leo / moving day / carried boxes")  # Sun Nov 29
    await harness.services.db.execute("UPDATE users SET week_start_day = 6 WHERE user_id = ?",
                                      (en_user.id,))
    await harness.send(en_user, "/export")
    md = dict(documents(harness, en_user))["value-journal-2026-11-29.md"].decode()
    assert re.findall(r"^##? .*$", md, re.M) == [
        "# Value journal", "## Week of Nov 29, 2026", "## Week of Nov 22, 2026"]
    assert "- **Nov 29** 🌱 **Leo** — moving day — carried boxes" in md
    assert "_1 solved · 0 thank-yous_" in md


async def test_export_of_an_empty_journal_is_a_friendly_message(harness, en_user, ja_user):
    await harness.onboard(en_user)
    await harness.onboard(ja_user)
    await harness.send(en_user, "/log")  # a draft alone is not a journal
    replies = await harness.send(en_user, "/export")
    assert len(replies) == 1 and "still empty" in replies[0]["text"]
    replies = await harness.send(ja_user, "/export")
    assert "まだ記録がない" in replies[0]["text"]
    assert harness.api.calls_to("sendDocument") == []


async def test_search_and_export_answer_only_in_private_chats(harness, en_user):
    await harness.onboard(en_user)
    group = harness.api.group_chat()
    harness.api.send_text(en_user, "/export", chat=group)
    update = harness.api.send_text(en_user, "/search Mia", chat=group)
    await harness.processed_update(update)
    assert harness.api.calls_to("sendDocument") == []
