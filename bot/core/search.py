"""/search: typed words into terms, and the hits into short highlighted lines.

Every term must be found (AND), case-insensitively, as plain text, of any length (転職, 母 and
"CV" too; Japanese needs no word spaces). How the database finds them (SQLite's FTS5 trigram
index, PostgreSQL's ILIKE) is storage's business: see ``storage.dialect.search_found``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core import thanks_words
from bot.core.voice import how_text
from bot.messages import MONTHS_EN, Raw, t
from storage import search as store
from storage.db import Database
from storage.search import Hit

MAX_TERMS = 10     # more terms are ignored (and the user is told)
SHOWN = 10         # results listed in one reply
LINE_LIMIT = 150   # characters of user text per result line (10 lines stay far below 4096)
QUERY_LIMIT = 60   # characters of the echoed query


@dataclass(frozen=True)
class SearchQuery:
    terms: tuple[str, ...]    # distinct (case-insensitively), in the order typed
    dropped: int = 0          # terms beyond MAX_TERMS, not searched

    @property
    def text(self) -> str:
        return " ".join(self.terms)


@dataclass(frozen=True)
class SearchResult:
    query: SearchQuery
    hits: list[Hit]
    total: int


def split_terms(text: str) -> list[str]:
    """Whitespace-separated terms (ideographic spaces too), each once (case-insensitively).
    NUL separates terms too: FTS5 ends a string there."""
    seen: set[str] = set()
    terms = []
    for term in text.replace("\x00", " ").split():
        key = term.casefold()
        if key not in seen:
            seen.add(key)
            terms.append(term)
    return terms


def build_query(text: str) -> SearchQuery | None:
    """The query for what the user typed after /search; None when there is no term."""
    terms = split_terms(text)
    if not terms:
        return None
    used, dropped = terms[:MAX_TERMS], max(0, len(terms) - MAX_TERMS)
    return SearchQuery(tuple(used), dropped)


async def search(db: Database, user_id: int, query: SearchQuery,
                 limit: int = SHOWN) -> SearchResult:
    hits, total = await store.search(db, user_id, query.terms, limit)
    return SearchResult(query, hits, total)


# --- presenting hits ----------------------------------------------------------------------

def _pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = sorted({term for term in terms if term}, key=len, reverse=True)
    return re.compile("|".join(re.escape(term) for term in alternatives), re.IGNORECASE)


def snippet(text: str, terms: Sequence[str], limit: int = LINE_LIMIT) -> str:
    """``text`` on one line, at most ``limit`` characters, cut so that the first match shows:
    the start when the match is near it, else a window around the match between "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    pattern = _pattern(terms)
    found = pattern.search(text) if pattern else None
    if found is None or found.end() <= limit - 1:
        return text[: limit - 1].rstrip() + "…"
    start = max(0, min(found.start() - limit // 3, len(text) - (limit - 1)))
    window = text[start: start + limit - 2].strip()
    return "…" + window + ("…" if start + limit - 2 < len(text) else "")


def highlight(text: str, terms: Sequence[str]) -> str:
    """HTML: ``text`` escaped, with every (case-insensitive) occurrence of a term in <b>."""
    pattern = _pattern(terms)
    if pattern is None:
        return html.escape(text, quote=False)
    out, position = [], 0
    for found in pattern.finditer(text):
        out.append(html.escape(text[position: found.start()], quote=False))
        out.append("<b>" + html.escape(found.group(), quote=False) + "</b>")
        position = found.end()
    out.append(html.escape(text[position:], quote=False))
    return "".join(out)


def full_date(lang: str, iso_date: str) -> str:
    """"Nov 23, 2026" / "2026年11月23日" (plain text)."""
    year, month, day = (int(p) for p in iso_date.split("-"))
    return t(lang, "export_date_long", year=year, day=day,
             month=MONTHS_EN[month - 1][:3] if lang == "en" else month)


def _contains(text: str | None, terms: Sequence[str]) -> bool:
    pattern = _pattern(terms)
    return bool(text and pattern and pattern.search(text))


def problem_text(hit: Hit, terms: Sequence[str]) -> str:
    """"who — problem — how", plus "→ outcome" when only the outcome holds a term (and
    "📝 note" when only the note does)."""
    parts = [p for p in (hit.who, hit.problem, how_text(hit.how, hit.voice_duration)) if p]
    text = " — ".join(parts)
    if hit.outcome and (_contains(hit.outcome, terms) and not _contains(text, terms)):
        text += " → " + hit.outcome
    return with_note(text, hit, terms)


def with_note(text: str, hit: Hit, terms: Sequence[str]) -> str:
    """``text``, and " 📝 note" when the note holds a term that ``text`` does not."""
    if hit.note and _contains(hit.note, terms) and not _contains(text, terms):
        return f"{text} 📝 {hit.note}"
    return text


def as_thanks(hit: Hit) -> thanks_words.ThanksFields:
    return thanks_words.ThanksFields(hit.sender_name, hit.author_signature, hit.origin_type,
                                     hit.thanks_source or "manual", hit.thanks_kind or "text",
                                     hit.text)


def hit_line(lang: str, hit: Hit, terms: Sequence[str]) -> str:
    """One result as Telegram HTML: date, 🌱 or 💌, the text with the terms in bold."""
    date = full_date(lang, hit.local_date)
    if hit.kind == "problem":
        text = snippet(problem_text(hit, terms), terms)
        return t(lang, "search_hit_problem", date=date, text=Raw(highlight(text, terms)))
    record = as_thanks(hit)
    who = snippet(thanks_words.sender(lang, record, 1000), terms, 40)
    if hit.text and hit.text.strip():
        words = snippet(hit.text, terms, LINE_LIMIT - len(who))
        shown = thanks_words.quoted(lang, highlight(words, terms))
    else:
        words = ""
        shown = highlight(thanks_words.media(lang, record), terms)
    note = with_note(words, hit, terms)[len(words):]  # " 📝 …" when only the note matched
    if note:
        shown += " " + highlight(snippet(note, terms, LINE_LIMIT // 2), terms)
    return t(lang, "search_hit_thanks", date=date, who=Raw(highlight(who, terms)),
             quote=Raw(shown))


def render(lang: str, result: SearchResult) -> str:
    """The whole reply: a header, up to SHOWN lines, "and N more", a note on ignored words."""
    query = result.query
    shown_query = snippet(query.text, (), QUERY_LIMIT)
    if not result.hits:
        lines = [t(lang, "search_none", query=shown_query)]
    else:
        header = (t(lang, "search_header_one", query=shown_query) if result.total == 1
                  else t(lang, "search_header", query=shown_query, count=result.total))
        lines = [header, ""]
        lines += [hit_line(lang, hit, query.terms) for hit in result.hits]
        if result.total > len(result.hits):
            lines += ["", t(lang, "search_more", count=result.total - len(result.hits))]
    if query.dropped:
        lines.append(t(lang, "search_too_many_words", count=MAX_TERMS))
    return "\n".join(lines)
