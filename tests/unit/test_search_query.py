"""The /search query builder and result formatting (pure), and the queries run against a real
journal on both backends (SQLite's FTS5 trigram table, PostgreSQL's ILIKE): user input is
never FTS or LIKE syntax, and both find the same records on the same fixtures."""

from __future__ import annotations

import re

import pytest

from bot.core import search
from bot.core.search import (
    MAX_TERMS,
    SearchQuery,
    SearchResult,
    build_query,
    highlight,
    snippet,
    split_terms,
)
from storage import dialect, entries, notes
from storage import search as search_store
from storage import thanks as thanks_store
from storage.db import open_database
from storage.dialect import fts_match, fts_phrase, like_pattern
from storage.search import Hit


def test_terms_split_on_any_whitespace_and_repeat_once():
    assert split_terms("  Mia\u3000bike\tchain\nMIA mia ") == ["Mia", "bike", "chain"]
    assert split_terms("\u3000 ") == []
    assert split_terms("a\x00bc") == ["a", "bc"]  # FTS5 cannot take NUL in a string


def test_phrase_quotes_the_term_and_doubles_inner_quotes():
    assert fts_phrase("bike") == '"bike"'
    assert fts_phrase('say "hi"') == '"say ""hi"""'
    assert fts_phrase('"') == '""""'
    assert fts_phrase("NEAR(a b)") == '"NEAR(a b)"'


def test_like_pattern_escapes_wildcards_and_the_escape_character():
    assert like_pattern("転職") == "%転職%"
    assert like_pattern("5%") == "%5\\%%"
    assert like_pattern("a_") == "%a\\_%"
    assert like_pattern("\\") == "%\\\\%"


def test_long_terms_go_to_fts_and_short_ones_to_like_all_anded():
    query = build_query("引っ越し 転職 母 Mia")
    assert query == SearchQuery(("引っ越し", "転職", "母", "Mia"))
    assert fts_match(query.terms) == ('"引っ越し" AND "Mia"', ["%転職%", "%母%"])
    assert fts_match(["転職"])[0] is None
    assert fts_match(["OR"])[1] == ["%OR%"]
    assert fts_match(["AND", "OR", "NOT"])[0] == '"AND" AND "NOT"'
    assert build_query("   ") is None


def test_too_many_terms_are_cut_and_counted():
    query = build_query(" ".join(f"w{i}" for i in range(MAX_TERMS + 5)))
    assert len(query.terms) == MAX_TERMS and query.dropped == 5


def test_highlight_escapes_html_and_bolds_every_match_case_insensitively():
    assert highlight("Mia <b>&</b> mia", ["MIA"]) == (
        "<b>Mia</b> &lt;b&gt;&amp;&lt;/b&gt; <b>mia</b>")
    assert highlight("同僚の転職の相談", ["転職", "相談"]) == "同僚の<b>転職</b>の<b>相談</b>"
    assert highlight("abc", []) == "abc"
    # the longer of two overlapping terms wins
    assert highlight("bikes", ["bike", "bikes"]) == "<b>bikes</b>"


def test_snippet_keeps_short_text_and_shows_a_deep_match():
    assert snippet("a\nb  c", ["b"]) == "a b c"
    text = "x" * 500 + " needle " + "y" * 500
    cut = snippet(text, ["NEEDLE"], 100)
    assert cut.startswith("…") and cut.endswith("…") and "needle" in cut
    assert len(cut) <= 100
    start = snippet("needle " + "y" * 500, ["needle"], 100)
    assert start.startswith("needle") and start.endswith("…") and len(start) == 100


def test_render_lists_hits_with_more_and_stays_short():
    hits = [Hit("problem", i, "2026-11-28", who="Mia", problem="bike " * 200, how="fixed")
            for i in range(10)]
    hits[3] = Hit("thanks", 3, "2025-01-02", sender_name="Ana <3", text="thanks for the bike",
                  author_signature=None, thanks_kind="text")
    text = search.render("en", SearchResult(build_query("bike"), hits, 25))
    assert text.startswith("🔎 25 records found for “bike”")
    assert "Jan 2, 2025 💌 Ana &lt;3: “thanks for the <b>bike</b>”" in text
    assert "…and 15 more." in text
    assert len(re.sub(r"<[^>]+>", "", text)) < 2500  # Telegram counts the text without tags
    ja = search.render("ja", SearchResult(build_query("bike"), hits[:1], 1))
    assert ja.startswith("🔎 「bike」の検索結果:1件") and "2026年11月28日 🌱" in ja
    none = search.render("ja", SearchResult(build_query("<x>"), [], 0))
    assert none.startswith("「&lt;x&gt;」に一致する記録は見つかりませんでした")


def test_a_photo_thanks_without_text_shows_its_kind():
    hit = Hit("thanks", 1, "2026-11-28", sender_name=None, text=None, thanks_kind="photo")
    line = search.hit_line("ja", hit, ["x"])
    assert line == "2026年11月28日 💌 どなたか:📷 写真"  # what it is, never quoted as words
    shot = Hit("thanks", 2, "2026-11-28", sender_name="Sam", text=None, thanks_kind="photo",
               thanks_source="screenshot")
    assert search.hit_line("en", shot, ["x"]).endswith("💌 Sam: 📷 a screenshot")


HOSTILE = ['"', '"a', 'a"b', "*", "a*", "AND", "OR NOT", "NEAR(", "NEAR(a b, 2)", "-x", "^a",
           "body:a", "{body user_id}: a", "'); DROP TABLE entries; --", "(", ")", "%", "_",
           "\\", "\\%", "a\x00b", "\u200b", "🙂🙂🙂", "x" * 1000]


@pytest.fixture
async def db(journal_url):
    database = await open_database(journal_url)
    for user_id in (1, 2):
        await database.execute("INSERT INTO users (user_id, chat_id, created_utc, updated_utc)"
                               " VALUES (?, ?, 0, 0)", (user_id, user_id))
    await entries.add_done(database, 1, "2026-01-01", "Mia", 'the "50%" deal_x', "NEAR(me)",
                           None, "quick", None, 0)
    await entries.add_done(database, 1, "2026-01-02", "母", "転職の相談", "聞いた", "AND OR",
                           "quick", None, 0)
    await entries.add_done(database, 2, "2026-01-03", "Mia", "転職", "other user", None,
                           "quick", None, 0)
    yield database
    await database.close()


@pytest.mark.parametrize("words", HOSTILE)
async def test_hostile_terms_run_as_plain_text(db, words):
    query = build_query(words)
    result = await search.search(db, 1, query)
    assert result.total == len(result.hits)


@pytest.mark.parametrize(("words", "found"), [
    ('"50%"', [1]), ("%", [1]), ("_", [1]), ("deal_x", [1]), ("NEAR(me)", [1]), ("NEAR(", [1]),
    ("AND OR", [2]), ("and", [2]), ("転職", [2]), ("母 転職", [2]), ("mia", [1]), ("Mi", [1]),
    ("mia 転職", []), ("deal%", []), ("d_al", []),
    ("母", [2]), ("相談", [2]), ("の", [2]), ("聞いた", [2]), ("MIA", [1]), ("x", [1]),
    ("転職の相談", [2]), ("転職相談", []), ("other", []),  # user 2's words stay theirs
])
async def test_matches_are_literal_and_scoped_to_the_user(db, words, found):
    result = await search.search(db, 1, build_query(words))
    assert [hit.record_id for hit in result.hits] == found
    assert result.total == len(found)


def test_a_hit_found_by_its_note_shows_the_note():
    from bot.core.search import hit_line
    from storage.search import Hit
    thanks = Hit("thanks", 1, "2026-11-28", sender_name="Ken", text="Thanks for the workshop!",
                 thanks_kind="text", thanks_source="manual", note="he brought cake")
    assert hit_line("en", thanks, ["cake"]).endswith(
        "“Thanks for the workshop!” 📝 he brought <b>cake</b>")
    problem = Hit("problem", 2, "2026-11-28", who="Mia", problem="bike", how="fixed",
                  note="she brought cake")
    assert hit_line("ja", problem, ["cake"]).endswith("Mia — bike — fixed 📝 she brought <b>cake</b>")
    # a note that does not hold the term is not shown
    assert "📝" not in hit_line("en", problem, ["bike"])


async def _noted(db) -> int:
    """Notes on user 1's first problem and on a kept thank-you, one on user 2's problem; the
    thank-you's id."""
    kept = await thanks_store.insert(db, 1, {
        "status": "kept", "source": "manual", "kind": "text", "sender_name": "Ken",
        "text": "Thanks for the workshop!", "received_utc": 0, "local_date": "2026-01-04"}, [])
    assert kept is not None
    assert await notes.add_note(db, 1, "e", 1, "お茶を持っていった")
    assert await notes.add_note(db, 1, "e", 1, "second line")
    assert await notes.add_note(db, 1, "t", kept.thanks_id, "he brought cake")
    assert await notes.add_note(db, 2, "e", 3, "cake for 母")
    return kept.thanks_id


async def test_notes_are_searched_on_both_backends(db):
    thanks_id = await _noted(db)
    for words, found in [("お茶", [1]), ("茶", [1]), ("持っていった", [1]), ("second", [1]),
                         ("cake", [thanks_id]), ("CAKE workshop", [thanks_id]),
                         ("茶 deal_x", [1]), ("母", [2])]:
        result = await search.search(db, 1, build_query(words))
        assert [hit.record_id for hit in result.hits] == found, words
    [hit] = (await search.search(db, 1, build_query("お茶"))).hits
    assert hit.note == "お茶を持っていった\nsecond line"
    # 🔎 (what a thank-you was for) looks at problems only, notes included
    hits, total = await search_store.search(db, 1, ["cake"], 5, problems_only=True)
    assert (hits, total) == ([], 0)
    hits, _ = await search_store.search(db, 1, ["お茶"], 5, problems_only=True)
    assert [h.record_id for h in hits] == [1]
    # a note edited away leaves the index (SQLite's triggers; PostgreSQL reads the row)
    await db.execute("UPDATE entries SET note = NULL WHERE entry_id = 1")
    assert (await search.search(db, 1, build_query("お茶"))).hits == []


async def test_postgresql_searches_notes_through_the_gin_indexes(pg_server):
    """The searched text (storage.dialect's ENTRY_BODY and THANKS_BODY, notes included) is
    exactly the expression of migration postgres/0008's GIN indexes, so the planner can use
    them: an index built from the dialect's text deparses the same as the migration's."""
    import asyncpg

    conn = await asyncpg.connect(pg_server)  # migrated by the session
    tx = conn.transaction()
    await tx.start()
    try:
        for table, index, body, kept in (
                ("entries", "entries_search", dialect.ENTRY_BODY, "done"),
                ("thanks", "thanks_search", dialect.THANKS_BODY, "kept")):
            await conn.execute(f"CREATE INDEX probe_{table} ON {table} USING gin (user_id,"
                               f" ({body}) gin_trgm_ops) WHERE status = '{kept}'")
            shipped, probe = [await conn.fetchval(
                "SELECT pg_get_indexdef(CAST($1 AS regclass))", name)
                for name in (index, f"probe_{table}")]
            assert "note" in shipped
            assert probe.replace(f"probe_{table}", index) == shipped
    finally:
        await tx.rollback()
        await conn.close()
