"""person_aliases (migration 0008) on a real journal (SQLite and PostgreSQL): one alias
per key and user, RETURNING ids, undo scoped to its user, and erased with the user."""

from __future__ import annotations

from storage import people
from storage.db import open_database


async def test_aliases_once_per_key_scoped_and_erased_with_the_user(journal_url):
    db = await open_database(journal_url)
    try:
        for uid in (1, 2):
            await db.execute("INSERT INTO users (user_id, chat_id, created_utc, updated_utc)"
                             " VALUES (?, ?, 0, 0)", (uid, uid))
        first = await people.add_alias(db, 1, "sato", "佐藤", "Sato", "佐藤さん", 10)
        assert first is not None
        # the same key again (a double press, a race) adds nothing
        assert await people.add_alias(db, 1, "sato", "母", "Sato", "母", 11) is None
        other = await people.add_alias(db, 2, "sato", "佐藤", "Sato", "佐藤", 12)
        assert other is not None and other != first
        assert [(a.alias_key, a.target_key) for a in await people.aliases(db, 1)] == [
            ("sato", "佐藤")]
        # undo is scoped: user 2 cannot remove user 1's merge
        assert await people.remove_alias(db, 2, first) is None
        removed = await people.remove_alias(db, 1, first)
        assert removed is not None and removed.alias_name == "Sato"
        assert await people.remove_alias(db, 1, first) is None
        await db.execute("DELETE FROM users WHERE user_id = 2")
        assert await db.fetchall("SELECT * FROM person_aliases") == []
    finally:
        await db.close()


async def test_empty_name_lists_are_valid_sql(journal_url):
    db = await open_database(journal_url)
    try:
        assert await people.problems_by_who(db, 1, [], 5) == []
        assert await people.thanks_by(db, 1, [], [], 5) == []
        assert await people.recent_problems(db, 1, 5, []) == []
    finally:
        await db.close()
