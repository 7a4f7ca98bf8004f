"""The people in the weekly digest, in both languages: the 🤝 line counts names merged in
/people as one person, under /people's name for them; and the digest names someone who
thanked the user and has not been in the journal for eight weeks, never the same person two
digests running."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.test_digest import digests_sent


def people_line(text: str) -> str:
    [line] = [line for line in text.split("\n") if line.startswith("🤝")]
    return line


async def test_the_people_line_follows_merges_in_both_languages(harness, ja_user, en_user):
    await harness.onboard(ja_user)
    for text in ("同僚の佐藤さん / 資料の締切 / 構成案を一緒に作った",
                 "Sato / 会議の準備 / 議事録を取った", "鈴木さん / Excelのマクロ / 教えた"):
        await harness.send(ja_user, text)
    await harness.send(ja_user, "/thanks Sato / 本当に助かりました!")
    replies = await harness.send(ja_user, "/week")
    assert people_line(replies[-1]["text"]) == (
        "🤝 <b>力になった人:</b>Sato 💌、同僚の佐藤さん、鈴木さん")
    await harness.send(ja_user, "/people 統合 同僚の佐藤さん + Sato")
    assert [tuple(r) for r in harness.rows(
        "SELECT alias_key, target_key FROM person_aliases WHERE user_id = ?", (ja_user.id,))
    ] == [("sato", "佐藤")]
    replies = await harness.send(ja_user, "/week")
    # one person, twice, thanked (Sato's thank-you), named as /people names them
    assert people_line(replies[-1]["text"]) == "🤝 <b>力になった人:</b>同僚の佐藤さん ×2 💌、鈴木さん"
    assert "同僚の佐藤さん" in (await harness.send(ja_user, "/people"))[-1]["text"]

    await harness.onboard(en_user)
    for text in ("Mia Chen / her résumé felt weak / rewrote the summary",
                 "Mia / a job interview / practised questions", "Leo / moving day / carried boxes",
                 "Mia Chen / a cover letter / proofread it"):
        await harness.send(en_user, text)
    replies = await harness.send(en_user, "/week")
    assert people_line(replies[-1]["text"]) == (
        "🤝 <b>People you helped:</b> Mia Chen ×2, Leo, Mia")
    await harness.send(en_user, "/people merge Mia Chen + Mia")
    replies = await harness.send(en_user, "/week")
    assert people_line(replies[-1]["text"]) == "🤝 <b>People you helped:</b> Mia Chen ×3, Leo"
    # the scheduled digest says the same (Sunday Nov 29, 20:00 in Tokyo)
    harness.clock.set(datetime(2026, 11, 29, 11, 0, tzinfo=UTC))
    await harness.dispatch()
    [digest] = digests_sent(harness, en_user.id)
    assert people_line(digest["text"]) == "🤝 <b>People you helped:</b> Mia Chen ×3, Leo"
    [digest] = digests_sent(harness, ja_user.id)
    assert "同僚の佐藤さん ×2 💌、鈴木さん" in people_line(digest["text"])


async def at_digest(harness, day: datetime) -> None:
    """A pass at 20:00 in Tokyo (11:00 UTC) on ``day``."""
    harness.clock.set(day.replace(hour=11, minute=0))
    await harness.dispatch()


def quiet_keys(harness, user) -> list[tuple[str, str, str | None]]:
    return [tuple(r) for r in harness.rows(
        "SELECT week_start, status, quiet_key FROM digests WHERE user_id = ?"
        " AND status = 'sent' ORDER BY week_start", (user.id,))]


def quiet_line(digest: dict) -> str | None:
    found = [line for line in digest["text"].split("\n") if line.startswith("👋")]
    return found[0] if found else None


async def test_the_digest_names_someone_not_seen_for_a_while(harness, ja_user, en_user):
    # September: thank-yous from Ana (two) and Kenji (one); Mia thanks too but comes back
    # later; Leo never thanked. The same in Japanese.
    harness.clock.set(datetime(2026, 9, 21, 1, 0, tzinfo=UTC))  # Monday, 10:00 in Tokyo
    await harness.onboard(en_user)
    await harness.onboard(ja_user)
    for text in ("Ana / lost cat / put up posters", "/thanks Ana / Thank you so much!",
                 "/thanks my neighbour Ana / The cat is home!", "Kenji / site down / restored it",
                 "/thanks Kenji / You saved our sale!", "/thanks Mia / Thanks!",
                 "Leo / moving day / carried boxes"):
        await harness.send(en_user, text)
    for text in ("高橋さん / 引っ越し / 手伝った", "/thanks 高橋さん / 本当にありがとう!",
                 "/thanks 高橋 / 助かりました!", "山田さん / 見積もり / 仕上げた",
                 "/thanks 山田さん / ありがとうございます"):
        await harness.send(ja_user, text)
    harness.clock.set(datetime(2026, 11, 25, 1, 0, tzinfo=UTC))  # Wednesday: Mia is back
    await harness.send(en_user, "Mia / her résumé / rewrote it")
    await harness.send(ja_user, "母 / 買い物 / 車で送った")

    # Sunday Nov 29 (the digests of the weeks before were missed while the clock jumped)
    await at_digest(harness, datetime(2026, 11, 29))
    [digest] = digests_sent(harness, en_user.id)
    assert quiet_line(digest) == ("👋 Not in your journal for a while: <b>Ana</b> "
                                  "(💌 2, last 2 months ago). How are they doing?")
    assert quiet_keys(harness, en_user) == [("2026-11-23", "sent", "ana")]
    [digest] = digests_sent(harness, ja_user.id)
    assert quiet_line(digest) == ("👋 しばらく記録にない人:<b>高橋さん</b>"
                                  "(💌 2件・最後は2か月前)。最近どうしているでしょう?")
    assert quiet_keys(harness, ja_user) == [("2026-11-23", "sent", "高橋")]

    # next Sunday: not the same person two digests running, so the next most thanked
    await at_digest(harness, datetime(2026, 12, 6))
    assert "<b>Kenji</b> (💌 1, last 2 months ago)" in quiet_line(
        digests_sent(harness, en_user.id)[-1])
    assert "<b>山田さん</b>(💌 1件" in quiet_line(digests_sent(harness, ja_user.id)[-1])

    # Ana writes again: she is no longer "not seen"; Kenji was named last week
    harness.clock.set(datetime(2026, 12, 8, 1, 0, tzinfo=UTC))
    await harness.send(en_user, "/thanks Ana / Still grateful!")
    await at_digest(harness, datetime(2026, 12, 13))
    assert quiet_line(digests_sent(harness, en_user.id)[-1]) is None
    assert "<b>高橋さん</b>" in quiet_line(digests_sent(harness, ja_user.id)[-1])
    assert [k for _, _, k in quiet_keys(harness, en_user)] == ["ana", "kenji", None]
    assert [k for _, _, k in quiet_keys(harness, ja_user)] == ["高橋", "山田", "高橋"]
    # /week never says it (the digest alone looks back like this)
    replies = await harness.send(en_user, "/week last")
    assert "👋" not in replies[-1]["text"]
