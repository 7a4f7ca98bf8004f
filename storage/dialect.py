"""Every place where SQLite's SQL and PostgreSQL's differ, both forms side by side.

Everything else in storage/*.py is one SQL text for both: ``?`` placeholders (translated for
asyncpg by ``storage.postgres.translate``), ``ON CONFLICT … DO NOTHING / DO UPDATE``,
``INSERT … RETURNING id``, and integer 0/1 flags (so rows, exports and copies are identical).
A storage function picks a form with ``dialect.sql(db, NAME)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storage.db import Database

FORMS: dict[str, dict[str, str]] = {
    # After /forget deleted a user's rows: merge the full-text index so that no posting of the
    # erased words survives in older segments (PostgreSQL has no separate index table:
    # /search reads entries and thanks directly).
    "after_erase": {
        "sqlite": "INSERT INTO search_fts (search_fts) VALUES ('optimize')",
        "postgres": "",
    },
    # The tables of the journal (python -m storage.copy checks it knows every one).
    "list_tables": {
        "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'"
                  " AND name NOT LIKE 'search_fts%' AND name NOT LIKE 'sqlite_%'",
        "postgres": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
    },
    # The database server's clock, in epoch seconds: the replicas' heartbeats are compared on
    # one clock, whatever each host's says.
    "epoch_now": {
        "sqlite": "CAST(strftime('%s', 'now') AS INTEGER)",
        "postgres": "CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS BIGINT)",
    },
    # After rows were copied in with their ids: the next generated id follows them
    # (SQLite takes the largest rowid + 1 by itself). {table} and {key} are ours, not input.
    "reset_ids": {
        "sqlite": "",
        "postgres": "SELECT setval(pg_get_serial_sequence('{table}', '{key}'),"
                    " COALESCE(MAX({key}), 0) + 1, false) FROM {table}",
    },
}


def sql(db: Database, name: str) -> str:
    return FORMS[name][db.dialect]


# --- /search: the ids of one user's records that hold every term -----------------------------
# Both yield ``rid``: entry_id * 2 for a solved problem, thanks_id * 2 + 1 for a kept
# thank-you. The searched text is the same on both: who, problem, how, outcome, note (or
# sender name, signature, text, note) joined by spaces (SQLite's triggers of migration 0008;
# PostgreSQL's GIN indexes of postgres/0008 are on exactly these expressions). A term is
# plain text on both: an FTS5 phrase (quoted) or a LIKE pattern (escaped), never syntax.

TRIGRAM = 3  # SQLite: the shortest term its trigram index can find; shorter ones use LIKE

ENTRY_BODY = ("COALESCE(who, '') || ' ' || COALESCE(problem, '') || ' ' || COALESCE(how, '')"
              " || ' ' || COALESCE(outcome, '') || ' ' || COALESCE(note, '')")
THANKS_BODY = ("COALESCE(sender_name, '') || ' ' || COALESCE(author_signature, '') || ' ' ||"
               " COALESCE(text, '') || ' ' || COALESCE(note, '')")

# SQLite: the FTS5 table of migration 0004 (0008: notes too); a user's own rows through the base tables.
_SQLITE_USER_ROWIDS = (
    "SELECT entry_id * 2 FROM entries WHERE user_id = :user AND status = 'done'"
    " UNION ALL SELECT thanks_id * 2 + 1 FROM thanks WHERE user_id = :user AND status = 'kept'"
)


def fts_phrase(term: str) -> str:
    """``term`` as one FTS5 string: double-quoted, inner double quotes doubled. Inside such a
    string nothing is syntax (AND, OR, NOT, NEAR, *, ^, -, :, parentheses are plain text)."""
    return '"' + term.replace('"', '""') + '"'


def like_pattern(term: str) -> str:
    """``%term%`` for ``LIKE … ESCAPE '\\'``, with \\, % and _ taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_match(terms: Sequence[str]) -> tuple[str | None, list[str]]:
    """SQLite: the FTS5 query for the terms of 3+ characters (quoted phrases, ANDed), and
    LIKE patterns for the shorter ones."""
    long_terms = [term for term in terms if len(term) >= TRIGRAM]
    match = " AND ".join(fts_phrase(term) for term in long_terms) if long_terms else None
    return match, [like_pattern(term) for term in terms if len(term) < TRIGRAM]


def search_found(db: Database, user_id: int, terms: Sequence[str], *,
                 problems_only: bool = False) -> tuple[str, dict[str, Any]]:
    """The ``SELECT rid …`` of this user's records holding every term, and its parameters
    (``:user`` among them); ``problems_only``: solved problems, no thank-yous."""
    params: dict[str, Any] = {"user": user_id}
    if db.dialect == "sqlite":
        match, likes = fts_match(terms)
        conditions = ["f.user_id = :user"]
        if match is not None:
            # The owner phrase first: the index narrows to this user's rows before the terms,
            # and the terms only look at the text (see migration 0004).
            conditions.append("search_fts MATCH :match")
            params["match"] = f'owner : "u{int(user_id)}u" AND body : ({match})'
        else:
            conditions.append(f"f.rowid IN ({_SQLITE_USER_ROWIDS})")
        if problems_only:
            conditions.append("f.rowid % 2 = 0")
        for i, pattern in enumerate(likes):
            conditions.append(f"f.body LIKE :like{i} ESCAPE '\\'")
            params[f"like{i}"] = pattern
        return f"SELECT f.rowid AS rid FROM search_fts f WHERE {' AND '.join(conditions)}", params
    # PostgreSQL: ILIKE on the user's own rows, case-insensitive like FTS5's trigram
    # tokenizer, any term length, Japanese included. The expressions are exactly those of the
    # GIN (user_id, trigram) indexes of migration postgres/0004, so the planner uses them.
    # A term shorter than a trigram cannot narrow the trigram index (scanning all of it costs
    # more than reading the user's rows), so its condition is deliberately not the indexed
    # expression (``|| ''``): the planner then reads the user's rows by user_id.
    entry_terms, thanks_terms = [], []
    for i, term in enumerate(terms):
        params[f"t{i}"] = like_pattern(term)
        short = " || ''" if len(term) < TRIGRAM else ""
        entry_terms.append(f" AND ({ENTRY_BODY}{short}) ILIKE :t{i} ESCAPE '\\'")
        thanks_terms.append(f" AND ({THANKS_BODY}{short}) ILIKE :t{i} ESCAPE '\\'")
    found = ("SELECT entry_id * 2 AS rid FROM entries WHERE user_id = :user"
             " AND status = 'done'" + "".join(entry_terms))
    if not problems_only:
        found += (" UNION ALL SELECT thanks_id * 2 + 1 FROM thanks WHERE user_id = :user"
                  " AND status = 'kept'" + "".join(thanks_terms))
    return found, params
