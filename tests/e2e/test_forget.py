"""/forget driven as a Telegram user would: two explicit confirmations, and an erase that
leaves nothing about the user in any table, in the search index, or in the database file."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from tests import backends
from tests.conftest import START, assert_logs_clean
from tests.fakebotapi import FakeUser

MARKER = "Qzv7Xw9Marker"        # only ever written by the user who erases
JA_MARKER = "忘却テスト印"
OTHER_MARKER = "Kept4Other8Note"  # only ever written by the user who stays


@pytest.fixture(autouse=True)
def no_errors_and_no_leaks(caplog):
    caplog.set_level(logging.DEBUG)
    yield
    assert_logs_clean(caplog, (MARKER, JA_MARKER, OTHER_MARKER))


def buttons(message: dict) -> list[tuple[str, str]]:
    markup = message.get("reply_markup") or {"inline_keyboard": []}
    return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


def current(harness, user: FakeUser, message: dict) -> dict:
    [found] = [m for m in harness.api.sent_messages(user.id)
               if m["message_id"] == message["message_id"]]
    return found


def snapshot(harness, user_id: int) -> dict[str, list]:
    """Every row that belongs to a user, table by table."""
    out = {}
    for table in ("users", "entries", "thanks", "prompts", "inbox", "digests", "intentions",
                  "person_aliases", "old_numbers"):
        out[table] = [tuple(r) for r in harness.rows(
            f"SELECT * FROM {table} WHERE user_id = ? ORDER BY 1", (user_id,))]
    out["thanks_media"] = [tuple(r) for r in harness.rows(
        "SELECT m.* FROM thanks_media m JOIN thanks USING (thanks_id) WHERE user_id = ?"
        " ORDER BY 1", (user_id,))]
    if harness.backend == "sqlite":  # PostgreSQL has no index table (search reads the rows)
        out["search_fts"] = [tuple(r) for r in harness.rows(
            "SELECT rowid, body FROM search_fts WHERE user_id = ? ORDER BY rowid", (user_id,))]
    return out


def trigrams(text: str) -> set[str]:
    low = text.lower()
    return {low[i:i + 3] for i in range(len(low) - 2)}


def traces(harness, user_id: int, markers: tuple[str, ...]) -> list[str]:
    """Every place in any table (SQLite's FTS5 shadow tables included) that holds the user's
    id or one of the markers, or an index term taken from a marker."""
    tables = backends.all_values(harness.url)
    if harness.backend == "sqlite":
        assert "search_fts_data" in tables and "search_fts_content" in tables
    found = []
    for table, rows in tables.items():
        for row in rows:
            for value in row:
                if value == user_id:
                    found.append(f"{table}: user id in {row!r}")
                text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
                if isinstance(text, str) and any(m.lower() in text.lower() for m in markers):
                    found.append(f"{table}: marker in {row!r}")
    # the FTS5 index itself: no term (trigram) of the markers survives in any segment
    terms = {t for m in markers for t in trigrams(m)}
    for row in tables.get("search_fts_data", []):
        raw = bytes(row[-1] or b"")  # (id, block)
        found += [f"search_fts_data: index term {t!r}" for t in terms
                  if t.encode("utf-8") in raw]
    return found


async def lane_ended(harness, user_id: int) -> None:
    """PostgreSQL: the user's updates are handled under a lease (bot/replica.py) that its lane
    gives back just after the last one is finished; wait for that (it holds nothing but the
    id, and goes within milliseconds)."""
    for _ in range(200):
        if not harness.rows("SELECT 1 FROM inbox_leases WHERE chat_key = ?", (user_id,)):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the user's inbox lease was never given back")


def file_bytes(db_path: Path) -> bytes:
    data = db_path.read_bytes()
    for suffix in ("-wal", "-journal"):
        extra = Path(f"{db_path}{suffix}")
        if extra.exists():
            data += extra.read_bytes()
    return data


def wal_bytes(db_path: Path) -> bytes:
    wal = Path(f"{db_path}-wal")
    return wal.read_bytes() if wal.exists() else b""


async def write_a_journal(harness, user: FakeUser, marker: str, extra: str = "") -> None:
    """Problems, a draft, a free text in the inbox, typed and forwarded thank-yous with a
    photo, one of them tied to a problem: the user's marker is in all of them."""
    await harness.onboard(user)
    for n in range(3):
        harness.clock.advance(minutes=1)
        replies = await harness.send(user, f"{marker} friend {n} / {marker} problem {extra}/ "
                                           f"solved {marker}")
    problem = harness.rows("SELECT entry_id FROM entries WHERE user_id = ? ORDER BY entry_id"
                           " DESC LIMIT 1", (user.id,))[0]["entry_id"]
    replies = await harness.send(user, f"/thanks {marker} sender / thank you {marker}!")
    thanks = harness.rows("SELECT thanks_id FROM thanks WHERE user_id = ? ORDER BY thanks_id"
                          " DESC LIMIT 1", (user.id,))[0]["thanks_id"]
    await harness.press(user, replies[-1], f"th:link:{thanks}:{problem}")
    await harness.send_message(
        user, caption=f"photo thanks {marker}",
        photo=[{"file_id": f"{marker}-file", "file_unique_id": f"{marker}-u", "width": 90,
                "height": 90}],
        forward_origin={"type": "hidden_user", "date": int(START.timestamp()) - 60,
                        "sender_user_name": f"{marker} hidden"})
    replies = await harness.send(user, f"/people merge {marker} friend 0 + {marker} friend 1")
    assert "🔀" in replies[-1]["text"]                          # a merge of two names
    replies = await harness.send(user, f"/numbers {marker} followers 1350")
    assert "✅" in replies[-1]["text"]                           # an old number
    await harness.send(user, f"just a note {marker}")          # kept in the inbox
    await harness.send(user, "/log")
    await harness.send(user, f"{marker} draft person")         # a draft stays
    await harness.send(user, "/cancel")


# --- keeping ------------------------------------------------------------------------------

async def test_cancel_at_step_one_keeps_everything(harness, en_user):
    await write_a_journal(harness, en_user, MARKER)
    before = snapshot(harness, en_user.id)
    replies = await harness.send(en_user, "/forget")
    step1 = replies[-1]
    assert "Erase everything?" in step1["text"]
    for what in ("entries", "thank-you", "settings", "schedule"):
        assert what in step1["text"]
    assert buttons(step1) == [("Continue", "fg:go"), ("Cancel", "fg:no")]
    assert await harness.press(en_user, step1, "fg:no") == []
    shown = current(harness, en_user, step1)
    assert "Nothing was erased" in shown["text"] and buttons(shown) == []
    assert snapshot(harness, en_user.id) == before


async def test_keep_my_journal_at_step_two_keeps_everything(harness, ja_user):
    await write_a_journal(harness, ja_user, JA_MARKER)
    before = snapshot(harness, ja_user.id)
    replies = await harness.send(ja_user, "/forget")
    step1 = replies[-1]
    assert "すべてのデータを消去しますか" in step1["text"]
    assert [label for label, _ in buttons(step1)] == ["続ける", "やめる"]
    await harness.press(ja_user, step1, "fg:go")
    step2 = current(harness, ja_user, step1)
    assert "取り消せません" in step2["text"]
    assert [label for label, _ in buttons(step2)] == ["すべて消去する", "記録を残す"]
    await harness.press(ja_user, step2, "fg:keep")
    assert "何も消去していません" in current(harness, ja_user, step1)["text"]
    assert snapshot(harness, ja_user.id) == before


async def test_an_expired_final_confirmation_erases_nothing(harness, en_user):
    await write_a_journal(harness, en_user, MARKER)
    before = snapshot(harness, en_user.id)
    step1 = (await harness.send(en_user, "/forget"))[-1]
    await harness.press(en_user, step1, "fg:go")
    erase = dict(buttons(current(harness, en_user, step1)))["Erase everything"]
    harness.clock.advance(minutes=16)
    await harness.press(en_user, step1, erase)
    assert "expired" in current(harness, en_user, step1)["text"]
    assert snapshot(harness, en_user.id) == before
    # forged tokens (from the future, or garbage) do not count either
    for data in (f"fg:erase:{int(harness.clock.now().timestamp()) + 60}", "fg:erase:x",
                 "fg:erase:"):
        await harness.press(en_user, step1, data)
        assert snapshot(harness, en_user.id) == before


# --- erasing ------------------------------------------------------------------------------

async def test_full_erase_leaves_no_trace_and_spares_everyone_else(harness, en_user, ja_user):
    await write_a_journal(harness, ja_user, OTHER_MARKER)
    await write_a_journal(harness, en_user, MARKER, extra=f"{JA_MARKER} ")
    other_before = snapshot(harness, ja_user.id)
    assert traces(harness, en_user.id, (MARKER,))  # the check does find things

    step1 = (await harness.send(en_user, "/forget"))[-1]
    assert await harness.press(en_user, step1, "fg:go") == []
    step2 = current(harness, en_user, step1)
    assert "This cannot be undone" in step2["text"]
    assert [label for label, _ in buttons(step2)] == ["Erase everything", "Keep my journal"]
    erase = dict(buttons(step2))["Erase everything"]
    assert len(erase.encode()) < 64
    await harness.press(en_user, step2, erase)
    done = current(harness, en_user, step1)
    assert "Everything is erased" in done["text"] and "/start" in done["text"]
    assert buttons(done) == []

    await lane_ended(harness, en_user.id)
    assert traces(harness, en_user.id, (MARKER, JA_MARKER)) == []
    assert snapshot(harness, ja_user.id) == other_before
    # the other user's search still works
    assert len(harness.search_rids(ja_user.id, OTHER_MARKER)) == 5  # 3 problems, 2 thank-yous

    # old buttons pressed after the erase: a friendly answer, and no user is created again
    mark = len(harness.api.sent_messages(en_user.id))
    for data in ("fg:go", erase, "fg:no"):
        await harness.press(en_user, step1, data)
        assert harness.rows("SELECT 1 FROM users WHERE user_id = ?", (en_user.id,)) == []
    assert "nothing to erase" in current(harness, en_user, step1)["text"]
    replies = await harness.send(en_user, "/forget")
    assert "nothing to erase" in replies[-1]["text"]
    assert len(harness.api.sent_messages(en_user.id)) == mark + 1
    assert harness.rows("SELECT 1 FROM users WHERE user_id = ?", (en_user.id,)) == []

    if harness.backend != "sqlite":  # PostgreSQL's files: dead tuples until VACUUM (README)
        return
    # nothing is left in the file either (nor in its write-ahead log)
    db_path = harness.db_path
    # The erase checkpointed and truncated the write-ahead log; what it holds now are the
    # update inbox's records of the presses since, none of which carry the erased words.
    assert all(m.encode() not in wal_bytes(db_path) for m in (MARKER, MARKER.lower(), JA_MARKER))
    await harness.stop()
    data = file_bytes(db_path)
    for marker in (MARKER, MARKER.lower(), JA_MARKER):
        assert marker.encode("utf-8") not in data
    assert OTHER_MARKER.encode("utf-8") in data


async def test_coming_back_after_an_erase_starts_fresh_and_old_buttons_are_stale(
        harness, en_user):
    await write_a_journal(harness, en_user, MARKER)
    step1 = (await harness.send(en_user, "/forget"))[-1]
    await harness.press(en_user, step1, "fg:go")
    erase = dict(buttons(current(harness, en_user, step1)))["Erase everything"]
    await harness.press(en_user, step1, erase)

    harness.clock.advance(minutes=1)
    await harness.onboard(en_user)
    replies = await harness.send(en_user, "/history")
    assert "still empty" in replies[-1]["text"]
    await harness.send(en_user, "Mia / her bike / fixed the chain")
    # the old "Erase everything" was for the erased account, not for this one
    await harness.press(en_user, step1, erase)
    assert "expired" in current(harness, en_user, step1)["text"]
    assert len(harness.entries(en_user.id)) == 1


async def test_any_old_button_after_the_erase_brings_nothing_back(harness, en_user):
    await write_a_journal(harness, en_user, MARKER)
    page = (await harness.send(en_user, "/history"))[-1]
    step1 = (await harness.send(en_user, "/forget"))[-1]
    await harness.press(en_user, step1, "fg:go")
    erase = dict(buttons(current(harness, en_user, step1)))["Erase everything"]
    await harness.press(en_user, step1, erase)
    for data in ("hi:p:2", "ci:answer:1", "th:undo:1", "set:menu:tz", "dg:menu", "junk"):
        replies = await harness.press(en_user, page, data)
        assert "/start" in replies[-1]["text"]
        assert harness.rows("SELECT 1 FROM users WHERE user_id = ?", (en_user.id,)) == []


async def test_thanks_the_erased_user_sent_to_others_lose_their_telegram_identity(
        harness, en_user, ja_user):
    await harness.onboard(ja_user)
    await harness.onboard(en_user)
    sender = {"id": en_user.id, "is_bot": False, "first_name": "Sam", "username": "sam_q"}
    await harness.send_message(ja_user, text="ありがとう!", forward_origin={
        "type": "user", "date": int(START.timestamp()) - 60, "sender_user": sender})
    step1 = (await harness.send(en_user, "/forget"))[-1]
    await harness.press(en_user, step1, "fg:go")
    erase = dict(buttons(current(harness, en_user, step1)))["Erase everything"]
    await harness.press(en_user, step1, erase)
    [row] = harness.rows("SELECT * FROM thanks WHERE user_id = ?", (ja_user.id,))
    # the recipient keeps their thank-you under the name they saw, nothing that identifies
    assert (row["sender_name"], row["text"]) == ("Sam", "ありがとう!")
    assert (row["sender_user_id"], row["sender_username"], row["dedupe_key"]) == (None,) * 3


# --- a final press without its two steps ---------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_forged_final_press_erases_nothing(harness, en_user, ja_user, lang):
    user, marker = (en_user, MARKER) if lang == "en" else (ja_user, JA_MARKER)
    await write_a_journal(harness, user, marker)
    before = snapshot(harness, user.id)
    last = harness.api.last_message(user.id)
    # the final button's data typed by a client, without /forget and its two steps
    for data in ("fg:erase:" + "A" * 16, "fg:erase:", f"fg:erase:{int(START.timestamp())}",
                 "fg:erase:" + "9" * 40):
        await harness.press(user, last, data)
        shown = current(harness, user, last)["text"]
        assert ("nothing was erased" if lang == "en" else "何も消去していません") in shown
        assert snapshot(harness, user.id) == before
    assert harness.rows("SELECT * FROM forget_tokens") == []


async def test_a_final_button_works_once_and_only_from_the_latest_second_step(
        harness, en_user, ja_user):
    await write_a_journal(harness, en_user, MARKER)
    await write_a_journal(harness, ja_user, OTHER_MARKER)
    before, other_before = snapshot(harness, en_user.id), snapshot(harness, ja_user.id)

    # "Keep my journal" voids the token shown with it
    step1 = (await harness.send(en_user, "/forget"))[-1]
    await harness.press(en_user, step1, "fg:go")
    erase = dict(buttons(current(harness, en_user, step1)))["Erase everything"]
    await harness.press(en_user, step1, "fg:keep")
    await harness.press(en_user, step1, erase)
    assert "nothing was erased" in current(harness, en_user, step1)["text"]
    assert snapshot(harness, en_user.id) == before

    # a second /forget issues a new token: the first message's button no longer erases
    first = (await harness.send(en_user, "/forget"))[-1]
    await harness.press(en_user, first, "fg:go")
    old_erase = dict(buttons(current(harness, en_user, first)))["Erase everything"]
    second = (await harness.send(en_user, "/forget"))[-1]
    await harness.press(en_user, second, "fg:go")
    new_erase = dict(buttons(current(harness, en_user, second)))["Erase everything"]
    assert new_erase != old_erase
    await harness.press(en_user, first, old_erase)
    assert snapshot(harness, en_user.id) == before

    # another user's token, pressed by someone else, erases no one
    step1 = (await harness.send(en_user, "/forget"))[-1]
    await harness.press(en_user, step1, "fg:go")
    erase = dict(buttons(current(harness, en_user, step1)))["Erase everything"]
    theirs = harness.api.last_message(ja_user.id)
    await harness.press(ja_user, theirs, erase)
    assert "何も消去していません" in current(harness, ja_user, theirs)["text"]
    assert snapshot(harness, ja_user.id) == other_before
    assert snapshot(harness, en_user.id) == before

    # the two steps, then the button once: erased; the same press again finds no one
    await harness.press(en_user, step1, erase)
    assert "Everything is erased" in current(harness, en_user, step1)["text"]
    assert harness.rows("SELECT 1 FROM users WHERE user_id = ?", (en_user.id,)) == []
    assert harness.rows("SELECT * FROM forget_tokens") == []
    assert snapshot(harness, ja_user.id) == other_before
