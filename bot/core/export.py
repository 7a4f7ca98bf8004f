"""/export: the user's whole journal as three files — CSV, JSON and Markdown.

``load`` reads every record of one user (storage.search); ``build_files`` turns them into
bytes with pure functions (``to_csv``, ``to_json``, ``to_markdown``) and is meant to run in a
worker thread (``asyncio.to_thread``): five years of entries take a few tens of milliseconds.

What is exported: solved problems and "nothing today" check-ins (not drafts), kept thank-yous
(not unfinished /thanks drafts nor screenshots still waiting for "is this a thank-you?") with
their files, intentions, the names merged in /people, and the user's settings. The JSON file
has every column, so the journal can be rebuilt from it; the CSV and Markdown files are for
people.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from functools import partial
from typing import Any

from bot.core import thanks_words
from bot.core.parsing import zone_for_key
from bot.core.schedule import week_start
from bot.core.search import full_date
from bot.core.voice import how_text
from bot.messages import MONTHS_EN, kind_label, question_label
from bot.messages import plain as label
from storage import old_numbers as old_numbers_store
from storage import search as store
from storage.db import Database

FORMAT = "value-journal"
VERSION = 1
FILE_STEM = "value-journal"
SETTINGS = ("language", "timezone", "checkin_time", "checkin_days", "persona", "week_start_day",
            "digest_enabled", "digest_weekday", "digest_time", "focus_who", "focus_problem",
            "paused", "skip_if_logged", "resurface_enabled", "vary_questions")
FLAGS = {"digest_enabled", "paused", "skip_if_logged", "onboarded", "blocked",
         "resurface_enabled", "vary_questions"}
CSV_COLUMNS = ("record_type", "id", "local_date", "created", "who", "problem", "how", "outcome",
               "thanks_from", "thanks_text", "thanks_kind", "thanks_source", "thanks_files",
               "linked_problem_id", "original_sent", "note", "outcome_question",
               "how_voice_seconds", "how_voice_file_id")
# Spreadsheet apps run a cell that starts with one of these as a formula: a forwarded
# thank-you must not be able to do that (OWASP "CSV injection"). Such cells get a leading '.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class JournalData:
    """Every record of one user, as plain column dicts (oldest first)."""
    user: dict[str, Any]
    entries: list[dict[str, Any]] = field(default_factory=list)
    thanks: list[dict[str, Any]] = field(default_factory=list)
    media: list[dict[str, Any]] = field(default_factory=list)
    intentions: list[dict[str, Any]] = field(default_factory=list)
    people_merges: list[dict[str, Any]] = field(default_factory=list)
    old_numbers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.entries or self.thanks or self.intentions)

    def count(self, status: str) -> int:
        return sum(1 for e in self.entries if e["status"] == status)


@dataclass(frozen=True)
class ExportFile:
    filename: str
    data: bytes


async def load(db: Database, user_id: int) -> JournalData:
    user = await store.export_user(db, user_id) or {"user_id": user_id}
    return JournalData(user=user,
                       entries=await store.export_entries(db, user_id),
                       thanks=await store.export_thanks(db, user_id),
                       media=await store.export_media(db, user_id),
                       intentions=await store.export_intentions(db, user_id),
                       people_merges=await store.export_person_aliases(db, user_id),
                       old_numbers=await old_numbers_store.export(db, user_id))


@dataclass(frozen=True)
class Export:
    files: list[ExportFile]
    solved: int
    nothing: int
    thanks: int


async def export(db: Database, user_id: int, now: datetime) -> Export | None:
    """The three files for this user and what they hold, or None when the journal is empty."""
    data = await load(db, user_id)
    if data.empty:
        return None
    files = await asyncio.to_thread(build_files, data, now)
    return Export(files, data.count("done"), data.count("nothing"), len(data.thanks))


def build_files(data: JournalData, now: datetime) -> list[ExportFile]:
    """CSV, JSON and Markdown, named after the user's local date of ``now``."""
    zone = _zone(data)
    today = now.astimezone(zone).date().isoformat()
    lang = data.user.get("language") or "en"
    stem = f"{FILE_STEM}-{today}"
    return [
        ExportFile(f"{stem}.csv", to_csv(data, zone)),
        ExportFile(f"{stem}.json", to_json(data, now)),
        ExportFile(f"{stem}.md", to_markdown(data, lang, today)),
    ]


def _zone(data: JournalData) -> tzinfo:
    try:
        return zone_for_key(data.user.get("timezone") or "UTC")
    except ValueError:
        return UTC


def iso_local(epoch: int | None, zone: tzinfo) -> str:
    """ISO 8601 with the zone's offset, e.g. 2026-11-28T21:04:00+09:00 ("" for None)."""
    if epoch is None:
        return ""
    return datetime.fromtimestamp(epoch, zone).isoformat()


def _media_by_thanks(data: JournalData) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in data.media:
        grouped[row["thanks_id"]].append(row)
    return grouped


def sender_of(row: dict[str, Any], lang: str = "en") -> str:
    """Who thanked, whole (no shortening), "" when nobody was named."""
    return thanks_words.sender(lang, thanks_words.of_row(row), 10_000, fallback=False)


# --- CSV ----------------------------------------------------------------------------------

def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def asked(lang: str, e: dict[str, Any]) -> str | None:
    """The question the entry's outcome answered, in words (None: typed in one message)."""
    key = e.get("outcome_question")
    if not key or e["status"] != "done":
        return None
    return question_label(lang, key) or label(lang, "oq_result")


def csv_rows(data: JournalData, zone: tzinfo) -> list[dict[str, Any]]:
    """One dict per record (CSV_COLUMNS), oldest first; user text not yet formula-guarded."""
    lang = data.user.get("language") or "en"
    rows: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for e in data.entries:
        kind = "problem" if e["status"] == "done" else "nothing"
        rows.append(((e["local_date"], e["created_utc"], 0, e["entry_id"]), {
            "record_type": kind, "id": e["entry_id"], "local_date": e["local_date"],
            "created": iso_local(e["created_utc"], zone), "who": e["who"],
            "problem": e["problem"], "outcome": e["outcome"],
            "how": how_text(e["how"], e.get("voice_duration")
                            if e.get("voice_file_id") is not None else None) or None,
            "note": e.get("note"), "outcome_question": asked(lang, e),
            "how_voice_seconds": e.get("voice_duration"),
            "how_voice_file_id": e.get("voice_file_id")}))
    media = _media_by_thanks(data)
    for th in data.thanks:
        files = media.get(th["thanks_id"], [])
        rows.append(((th["local_date"], th["received_utc"], 1, th["thanks_id"]), {
            "record_type": "thanks", "id": th["thanks_id"], "local_date": th["local_date"],
            "created": iso_local(th["received_utc"], zone), "thanks_from": sender_of(th),
            "thanks_text": th["text"], "thanks_kind": th["kind"],
            "thanks_source": th["source"], "thanks_files": len(files) or None,
            "linked_problem_id": th["entry_id"],
            "original_sent": iso_local(th["original_utc"], zone), "note": th.get("note")}))
    rows.sort(key=lambda pair: pair[0])
    return [{column: row.get(column) for column in CSV_COLUMNS} for _, row in rows]


def to_csv(data: JournalData, zone: tzinfo) -> bytes:
    """UTF-8 with a byte order mark (so Excel reads Japanese), CRLF rows, a header row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for row in csv_rows(data, zone):
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue().encode("utf-8-sig")


# --- JSON ---------------------------------------------------------------------------------

def _parsed(raw: str | None, empty: Any) -> Any:
    if raw is None:
        return empty
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def journal_document(data: JournalData, now: datetime) -> dict[str, Any]:
    user = data.user
    settings = {key: (bool(user[key]) if key in FLAGS else user[key])
                for key in SETTINGS if key in user}
    media = _media_by_thanks(data)
    thanks = []
    for row in data.thanks:
        files = [{**m, "details": _parsed(m.get("details"), None)}
                 for m in media.get(row["thanks_id"], [])]
        thanks.append({**row, "entities": _parsed(row.get("entities"), []), "media": files})
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_utc": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "user": {"user_id": user.get("user_id"), "created_utc": user.get("created_utc"),
                 **settings},
        "entries": data.entries,
        "thanks": thanks,
        "intentions": data.intentions,
        "people_merges": data.people_merges,
        "old_numbers": data.old_numbers,
    }


def to_json(data: JournalData, now: datetime) -> bytes:
    return json.dumps(journal_document(data, now), ensure_ascii=False, indent=2).encode("utf-8")


# --- Markdown -----------------------------------------------------------------------------

def short_date(lang: str, iso_date: str) -> str:
    _, month, day = (int(p) for p in iso_date.split("-"))
    return label(lang, "export_date_short", day=day,
                 month=MONTHS_EN[month - 1][:3] if lang == "en" else month)


_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\s*)(#|>|-|\+|=|(\d+)([.)]))")


def md_line(text: str) -> str:
    """One line of user text made inert: emphasis, links, HTML and code marks escaped, and a
    leading #, >, -, +, = or "1." that would start a heading, quote or list escaped too."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)

    def escape_start(m: re.Match[str]) -> str:
        if m.group(3):  # "1." / "1)" – escape the dot, not the number
            return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"
        return f"{m.group(1)}\\{m.group(2)}"

    return _LINE_START.sub(escape_start, text)


def md_inline(text: str | None) -> str:
    """User text inside a list item: newlines become spaces, then ``md_line``."""
    return md_line(" ".join((text or "").split()))


def md_quote(text: str, indent: str = "  ") -> list[str]:
    """User text as a block quote under a list item, line by line (blank lines kept)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [f"{indent}> {md_line(line.rstrip())}" if line.strip() else f"{indent}>"
            for line in lines]


def _problem_item(lang: str, e: dict[str, Any]) -> list[str]:
    day = short_date(lang, e["local_date"])
    if e["status"] != "done":
        return [f"- **{day}** · _{label(lang, 'export_md_nothing')}_"]
    who = md_inline(e["who"]) or "?"
    how = how_text(md_inline(e["how"]) if e["how"] else None, e.get("voice_duration")
                   if e.get("voice_file_id") is not None else None)
    parts = [f"**{who}**", *(p for p in (md_inline(e["problem"]), how) if p)]
    lines = [f"- **{day}** 🌱 " + " — ".join(parts)]
    question = question_label(lang, e.get("outcome_question"))
    if e["outcome"] and question:
        lines.append("  - " + label(lang, "export_md_asked", question=md_inline(question),
                                    text=md_inline(e["outcome"])))
    elif e["outcome"]:
        lines.append("  - " + label(lang, "export_md_outcome", text=md_inline(e["outcome"])))
    if e.get("note"):
        lines.append("  - 📝 " + md_inline(e["note"]))
    return lines


def _thanks_item(lang: str, th: dict[str, Any], files: list[dict[str, Any]],
                 problems: dict[int, dict[str, Any]]) -> list[str]:
    day = short_date(lang, th["local_date"])
    who = md_inline(sender_of(th, lang)) or label(lang, "thanks_someone")
    lines = [f"- **{day}** 💌 " + label(lang, "export_md_thanks", who=f"**{who}**")]
    if th["text"]:
        lines += md_quote(th["text"])
    elif not files:  # nothing kept to show: say what it was ("📷 a screenshot")
        lines.append("  - " + md_inline(thanks_words.media(lang, thanks_words.of_row(th))))
    if files:
        kinds = ", ".join(kind_label(lang, f["kind"]) for f in files)
        lines.append("  - " + label(lang, "export_md_files", kinds=kinds))
    linked = problems.get(th["entry_id"]) if th["entry_id"] is not None else None
    if linked is not None:
        problem = " — ".join(md_inline(linked[k]) for k in ("who", "problem") if linked[k])
        lines.append("  - " + label(lang, "export_md_for", problem=problem))
    if th.get("note"):
        lines.append("  - 📝 " + md_inline(th["note"]))
    return lines


def to_markdown(data: JournalData, lang: str, today: str) -> bytes:
    """A readable journal: weeks (the user's week start) newest first, days in order."""
    first_weekday = int(data.user.get("week_start_day") or 0)

    def week_of(iso: str) -> str:
        return week_start(date.fromisoformat(iso), first_weekday).isoformat()

    problems = {e["entry_id"]: e for e in data.entries if e["status"] == "done"}
    media = _media_by_thanks(data)
    items: dict[str, list[tuple[tuple[Any, ...], Callable[[], list[str]]]]] = defaultdict(list)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for e in data.entries:
        week = week_of(e["local_date"])
        items[week].append(((e["local_date"], e["created_utc"], 0, e["entry_id"]),
                            partial(_problem_item, lang, e)))
        counts[week][0] += e["status"] == "done"
    for th in data.thanks:
        week = week_of(th["local_date"])
        items[week].append(((th["local_date"], th["received_utc"], 1, th["thanks_id"]),
                            partial(_thanks_item, lang, th, media.get(th["thanks_id"], []),
                                    problems)))
        counts[week][1] += 1
    intentions: dict[str, list[str]] = defaultdict(list)
    for row in data.intentions:
        intentions[week_of(row["week_start"])].append(row["text"])

    out = [f"# {label(lang, 'export_md_title')}", "",
           label(lang, "export_md_summary", date=full_date(lang, today),
                 solved=len(problems), thanks=len(data.thanks))]
    for week in sorted(set(items) | set(intentions), reverse=True):
        solved, thanked = counts[week]
        out += ["", f"## {label(lang, 'export_md_week', date=full_date(lang, week))}", "",
                f"_{label(lang, 'export_md_week_counts', solved=solved, thanks=thanked)}_"]
        for text in intentions.get(week, []):
            out += ["", label(lang, "export_md_intention", text=md_inline(text))]
        if items.get(week):
            out.append("")
            for _, render in sorted(items[week], key=lambda pair: pair[0]):
                out += render()
    return ("\n".join(out) + "\n").encode("utf-8")
