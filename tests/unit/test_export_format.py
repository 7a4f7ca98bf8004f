"""The export formatters (pure): CSV, JSON and Markdown built from plain column dicts."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.core.export import (
    CSV_COLUMNS,
    JournalData,
    build_files,
    iso_local,
    md_inline,
    md_line,
    md_quote,
    to_csv,
    to_json,
    to_markdown,
)

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def entry(entry_id: int, local_date: str, status: str = "done", **fields) -> dict:
    base = {"entry_id": entry_id, "user_id": 1, "local_date": local_date, "status": status,
            "step": None, "who": None, "problem": None, "how": None, "outcome": None,
            "source": "quick", "prompt_id": None, "created_utc": 1_790_000_000 + entry_id,
            "updated_utc": 1_790_000_000 + entry_id, "completed_utc": 1_790_000_000 + entry_id}
    return base | fields


def thanks(thanks_id: int, local_date: str, **fields) -> dict:
    base = {"thanks_id": thanks_id, "user_id": 1, "status": "kept", "source": "manual",
            "kind": "text", "origin_type": None, "sender_name": "Ana", "sender_username": None,
            "sender_user_id": None, "sender_chat_id": None, "origin_message_id": None,
            "author_signature": None, "original_utc": None, "received_utc": 1_790_000_500,
            "local_date": local_date, "text": "thanks!", "entities": None,
            "media_group_id": None, "dedupe_key": None, "entry_id": None, "message_id": 5}
    return base | fields


USER = {"user_id": 1, "created_utc": 0, "language": "en", "timezone": "Asia/Tokyo",
        "checkin_time": "21:00", "persona": "office", "week_start_day": 0, "digest_enabled": 1,
        "digest_weekday": 6, "digest_time": "20:00", "focus_who": "mom", "focus_problem": None,
        "paused": 0, "skip_if_logged": 1, "awaiting": "entry", "next_checkin_utc": 123}


def journal(**user) -> JournalData:
    return JournalData(
        user=USER | user,
        entries=[entry(1, "2026-11-16", who="Mia", problem="bike", how="chain",
                       outcome="she rode"),
                 entry(2, "2026-11-24", who="=HYPERLINK(\"x\")", problem="line1\nline2",
                       how="-5 kg"),
                 entry(3, "2026-11-25", status="nothing")],
        thanks=[thanks(1, "2026-11-17", entry_id=1, kind="photo", text=None),
                thanks(2, "2026-11-26", sender_name="佐藤", author_signature="広報",
                       text="# ありがとう\n> quoted\n\n- item", original_utc=1_789_000_000,
                       source="forward", entities=json.dumps([{"type": "bold", "offset": 0,
                                                               "length": 1}]))],
        media=[{"media_id": 9, "thanks_id": 1, "position": 0, "kind": "photo",
                "file_id": "F", "file_unique_id": "U", "details": '{"width": 10}'}],
        intentions=[{"intention_id": 1, "user_id": 1, "week_start": "2026-11-23",
                     "text": "help mom", "created_utc": 5}],
    )


def test_csv_has_a_bom_a_header_and_one_row_per_record_oldest_first():
    raw = to_csv(journal(), TOKYO)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r["record_type"], r["id"]) for r in rows] == [
        ("problem", "1"), ("thanks", "1"), ("problem", "2"), ("nothing", "3"), ("thanks", "2")]
    assert rows[0]["created"] == iso_local(1_790_000_001, TOKYO) == "2026-09-21T23:13:21+09:00"  # 14:13:21 UTC
    assert rows[1]["linked_problem_id"] == "1" and rows[1]["thanks_files"] == "1"
    assert rows[2]["problem"] == "line1\nline2"  # quoted, kept whole
    assert rows[4]["thanks_from"] == "佐藤 (広報)"
    assert rows[4]["original_sent"] == "2026-09-10T09:26:40+09:00"


def test_csv_defuses_cells_that_spreadsheets_would_run_as_formulas():
    rows = list(csv.DictReader(io.StringIO(to_csv(journal(), TOKYO).decode("utf-8-sig"))))
    assert rows[2]["who"] == "'=HYPERLINK(\"x\")"
    assert rows[2]["how"] == "'-5 kg"
    assert rows[4]["thanks_text"].startswith("# ありがとう")


def test_json_is_versioned_complete_and_parses_entities_and_details():
    doc = json.loads(to_json(journal(), NOW))
    assert (doc["format"], doc["version"], doc["exported_utc"]) == (
        "value-journal", 1, "2026-11-28T01:00:00Z")
    assert doc["user"] == {"user_id": 1, "created_utc": 0, "language": "en",
                           "timezone": "Asia/Tokyo", "checkin_time": "21:00",
                           "persona": "office", "week_start_day": 0, "digest_enabled": True,
                           "digest_weekday": 6, "digest_time": "20:00", "focus_who": "mom",
                           "focus_problem": None, "paused": False, "skip_if_logged": True}
    assert doc["entries"] == journal().entries
    first, second = doc["thanks"]
    assert first["entities"] == [] and first["media"] == [
        {"media_id": 9, "thanks_id": 1, "position": 0, "kind": "photo", "file_id": "F",
         "file_unique_id": "U", "details": {"width": 10}}]
    assert second["entities"] == [{"type": "bold", "offset": 0, "length": 1}]
    assert second["media"] == [] and second["text"].startswith("# ありがとう")
    assert doc["intentions"][0]["text"] == "help mom"
    assert "ありがとう" in to_json(journal(), NOW).decode("utf-8")  # not \\u-escaped


def test_markdown_groups_by_week_newest_first_in_english():
    md = to_markdown(journal(), "en", "2026-11-28").decode()
    assert re.findall(r"^#.*$", md, re.M) == [
        "# Value journal", "## Week of Nov 23, 2026", "## Week of Nov 16, 2026"]
    assert "Exported on Nov 28, 2026: 2 solved problems, 2 thank-yous." in md
    assert "_1 solved · 1 thank-yous_" in md
    assert "Intention for this week: help mom" in md
    assert "- **Nov 16** 🌱 **Mia** — bike — chain\n  - What came of it: she rode" in md
    assert "- **Nov 17** 💌 Thank-you from **Ana**\n  - Files: 📷 photo\n  - For: Mia — bike" in md
    assert "- **Nov 25** · _nothing today_" in md


def test_markdown_in_japanese_with_another_week_start():
    md = to_markdown(journal(week_start_day=6), "ja", "2026-11-28").decode()
    assert re.findall(r"^## .*$", md, re.M) == ["## 2026年11月22日の週", "## 2026年11月15日の週"]
    assert md.startswith("# 価値の日記\n\n2026年11月28日に書き出し")


def test_user_text_cannot_make_headings_quotes_or_lists():
    md = to_markdown(journal(), "en", "2026-11-28").decode()
    # every heading is ours; user text only ever appears escaped
    assert [line for line in md.splitlines() if line.lstrip().startswith("#")] == [
        "# Value journal", "## Week of Nov 23, 2026", "## Week of Nov 16, 2026"]
    assert ("- **Nov 26** 💌 Thank-you from **佐藤 (広報)**\n"
            "  > \\# ありがとう\n  > \\> quoted\n  >\n  > \\- item\n") in md
    assert "**\\=HYPERLINK(\"x\")** — line1 line2 — \\-5 kg" in md


def test_markdown_escapes():
    assert md_line("# x") == "\\# x"
    assert md_line("  > x") == "  \\> x"
    assert md_line("1. first") == "1\\. first"
    assert md_line("a *b* _c_ [d](e) <f> `g` |h|") == (
        "a \\*b\\* \\_c\\_ \\[d\\](e) \\<f\\> \\`g\\` \\|h\\|")
    assert md_inline("a\nb\r\n# c") == "a b # c"
    assert md_inline(None) == ""
    assert md_quote("a\r\n\r\n#b") == ["  > a", "  >", "  > \\#b"]


def test_build_files_names_them_by_the_users_local_date():
    files = build_files(journal(), datetime(2026, 11, 28, 16, 0, tzinfo=UTC))  # Tokyo: 29th
    assert [f.filename for f in files] == [
        "value-journal-2026-11-29.csv", "value-journal-2026-11-29.json",
        "value-journal-2026-11-29.md"]
    assert files[1].data == to_json(journal(), datetime(2026, 11, 28, 16, 0, tzinfo=UTC))
    assert JournalData(user=USER).empty and not journal().empty


def test_a_voice_how_and_the_question_asked_in_every_format():
    data = JournalData(user=USER | {"language": "ja"}, entries=[
        entry(1, "2026-11-16", who="ミカ", problem="自転車", how=None, outcome="乗れた",
              voice_file_id="v-1", voice_duration=42, outcome_question="surprised"),
        entry(2, "2026-11-17", who="Ken", problem="laptop", how="driver", outcome="ok",
              outcome_question="result"),
        entry(3, "2026-11-18", who="Aya", problem="CRM", how="walkthrough")])
    md = to_markdown(data, "ja", "2026-11-28").decode()
    assert "🌱 **ミカ** — 自転車 — 🎤 0:42\n  - やってみて、意外だったことはありますか?乗れた" in md
    assert "🌱 **Ken** — laptop — driver\n  - その結果:ok" in md
    rows = list(csv.DictReader(io.StringIO(to_csv(data, TOKYO).decode("utf-8-sig"))))
    assert [(r["how"], r["how_voice_seconds"], r["how_voice_file_id"], r["outcome_question"])
            for r in rows] == [
        ("🎤 0:42", "42", "v-1", "やってみて、意外だったことはありますか?"),
        ("driver", "", "", "その結果、どうなりましたか?"),
        ("walkthrough", "", "", "")]  # typed in one message: no question was asked
    doc = json.loads(to_json(data, NOW))
    assert [(e.get("voice_file_id"), e.get("outcome_question")) for e in doc["entries"]] == [
        ("v-1", "surprised"), (None, "result"), (None, None)]
