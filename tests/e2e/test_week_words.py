"""/week never judges a week still running or one not lived here: mid-week it compares with
nothing, a week before the user started says when they started, and /week last never speaks
of "this week" (issue 10, item 7)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import START

# Wording and text handling: the same on both backends, so run on SQLite only (the
# storage of what they test is covered on PostgreSQL by the other e2e files).
pytestmark = pytest.mark.sqlite_only


def week_text(replies: list[dict]) -> str:
    """The digest text among the replies (the chart, a photo, comes first)."""
    texts = [m["text"] for m in replies if "🌱" in (m.get("text") or "")]
    assert texts, replies
    return texts[-1]


async def test_a_monday_after_a_busy_week_is_not_judged_ja(harness, ja_user):
    await harness.onboard(ja_user)  # Saturday Nov 28, 10:00 in Tokyo
    await harness.send(ja_user, "/focus 佐藤さん / 資料")
    for i in range(7):
        await harness.send(ja_user, f"佐藤さん / 資料{i}の締切 / 構成案を一緒に作った")
    harness.clock.set(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))  # Monday 10:00 in Tokyo
    await harness.send(ja_user, "田中さん / 確定申告 / 書類を一緒に見た")
    text = week_text(await harness.send(ja_user, "/week"))
    assert "今週のここまで" in text and "田中さん" in text
    for judging in ("先週", "少なめ", "少なく", "そんな週", "📈", "平均"):
        assert judging not in text
    text = week_text(await harness.send(ja_user, "/week last"))
    assert "先週のふりかえり" in text and "11月23日" in text and "11月29日" in text
    assert "解決した問題:7件" in text
    assert "この週7件" in text  # the focus line
    assert "今週" not in text


async def test_a_wednesday_after_a_busy_week_is_not_judged_en(harness, en_user):
    await harness.onboard(en_user, zone="UTC")  # Saturday Nov 28
    harness.clock.set(datetime(2026, 11, 20, 9, 0, tzinfo=UTC))  # the Friday before
    for name in ("Mia", "Leo", "Ana"):
        await harness.send(en_user, f"{name} / moving day / carried boxes")
    harness.clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))  # Wednesday
    await harness.send(en_user, "Jun / lost in the codebase / paired for an hour")
    text = week_text(await harness.send(en_user, "/week"))
    assert "Your week so far" in text and "Jun — lost in the codebase" in text
    for judging in ("last week", "fewer", "quieter", "📈", "average"):
        assert judging not in text
    text = week_text(await harness.send(en_user, "/week last"))
    assert "Last week" in text and "November 16 – November 22" in text
    assert "Problems you solved: 3" in text and "this week" not in text.lower()


async def test_a_week_before_joining_says_when_they_started(harness, ja_user, en_user):
    assert START.weekday() == 5  # Saturday: last week is wholly before joining
    await harness.onboard(ja_user)
    await harness.onboard(en_user, zone="UTC")
    replies = await harness.send(ja_user, "/week last")
    text = week_text(replies)
    assert "記録をはじめたのは11月28日なので、この週の記録はまだありません" in text
    assert "静かな一週間" not in text and "今週" not in text
    assert not [m for m in replies if m.get("photo")]  # no empty chart either
    replies = await harness.send(en_user, "/week last")
    text = week_text(replies)
    assert "You started your journal on November 28" in text
    assert "A quiet week" not in text and "this week" not in text.lower()
