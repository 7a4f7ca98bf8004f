"""The weekly digest, /week, /focus and intentions, driven as a Telegram user would, with
an injected clock: the digest arrives once, at the user's local Sunday 20:00, in any zone,
across DST and restarts."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

PNG = b"\x89PNG\r\n\x1a\n"


pytestmark = pytest.mark.usefixtures("no_errors")


def digests_sent(harness, user_id: int) -> list[dict]:
    """The digest texts the bot sent this user (the scheduled ones end with the question)."""
    return [m for m in harness.api.sent_messages(user_id)
            if "💭" in (m.get("text") or "")]


def photos_sent(harness, user_id: int) -> list:
    return [c for c in harness.api.calls_to("sendPhoto", ok_only=True)
            if int(c.params["chat_id"]) == user_id]


async def weeks_of_data(harness, user, weeks: int) -> None:
    """One entry in each of the ``weeks`` weeks up to this one (the clock is put back)."""
    now = harness.clock.now()
    for back in range(weeks - 1, -1, -1):
        harness.clock.set(now - timedelta(weeks=back))
        await harness.send(user, f"Ana / week -{back} / helped")
    harness.clock.set(now)



async def test_digest_arrives_once_at_local_sunday_evening_in_two_zones(harness, ja_user,
                                                                        en_user):
    await harness.onboard(ja_user, zone="Asia/Tokyo")
    await harness.onboard(en_user, zone="America/New_York")
    await harness.send(ja_user, "佐藤さん / 資料の締切 / 構成案を一緒に作った")
    await harness.send(en_user, "Mia / her bike / fixed the chain")
    # Tokyo: Sunday Nov 29 20:00 JST = 11:00 UTC
    await harness.at(datetime(2026, 11, 29, 10, 59, tzinfo=UTC))
    assert digests_sent(harness, ja_user.id) == []
    await harness.at(datetime(2026, 11, 29, 11, 0, tzinfo=UTC))
    [digest] = digests_sent(harness, ja_user.id)
    assert "今週のふりかえり" in digest["text"] and "佐藤さん" in digest["text"]
    assert "11月23日" in digest["text"] and "11月29日" in digest["text"]
    assert photos_sent(harness, ja_user.id) == []  # a first week: no chart yet
    assert digests_sent(harness, en_user.id) == []
    # New York: Sunday Nov 29 20:00 EST = Monday 01:00 UTC
    await harness.at(datetime(2026, 11, 30, 0, 59, tzinfo=UTC))
    assert digests_sent(harness, en_user.id) == []
    await harness.at(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))
    [digest] = digests_sent(harness, en_user.id)
    assert "Your week" in digest["text"] and "Mia — her bike — fixed the chain" in digest["text"]
    # later passes send nothing more
    await harness.at(datetime(2026, 11, 30, 3, 0, tzinfo=UTC))
    assert len(digests_sent(harness, ja_user.id)) == len(digests_sent(harness, en_user.id)) == 1
    rows = harness.rows("SELECT user_id, week_start, status FROM digests ORDER BY user_id")
    assert [tuple(r) for r in rows] == [(ja_user.id, "2026-11-23", "sent"),
                                        (en_user.id, "2026-11-23", "sent")]


async def test_digest_keeps_local_time_across_the_dst_change(harness, en_user):
    harness.clock.set(datetime(2026, 10, 20, 12, 0, tzinfo=UTC))
    await harness.onboard(en_user, zone="America/New_York")
    # Sunday Oct 25, 20:00 EDT = Oct 26 00:00 UTC
    await harness.at(datetime(2026, 10, 25, 23, 59, tzinfo=UTC))
    assert digests_sent(harness, en_user.id) == []
    await harness.at(datetime(2026, 10, 26, 0, 0, tzinfo=UTC))
    assert len(digests_sent(harness, en_user.id)) == 1
    # DST ends on Sunday Nov 1 at 02:00; that evening 20:00 EST = Nov 2 01:00 UTC
    await harness.at(datetime(2026, 11, 2, 0, 0, tzinfo=UTC))  # 19:00 EST: not yet
    assert len(digests_sent(harness, en_user.id)) == 1
    await harness.at(datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    assert len(digests_sent(harness, en_user.id)) == 2
    weeks = [r["week_start"] for r in harness.rows("SELECT week_start FROM digests")]
    assert weeks == ["2026-10-19", "2026-10-26"]


async def test_digest_is_never_sent_twice_across_a_restart_and_catches_up_after_downtime(
        harness, ja_user):
    await harness.onboard(ja_user, zone="Asia/Tokyo")
    await harness.at(datetime(2026, 11, 29, 11, 0, tzinfo=UTC))
    assert len(digests_sent(harness, ja_user.id)) == 1
    await harness.restart()
    await harness.at(datetime(2026, 11, 29, 11, 5, tzinfo=UTC))
    assert len(digests_sent(harness, ja_user.id)) == 1
    # the bot is down over next Sunday 20:00 and back 30 minutes later: sent once, late
    await harness.stop()
    harness.clock.set(datetime(2026, 12, 6, 11, 30, tzinfo=UTC))
    await harness.start()
    await harness.dispatch()
    assert len(digests_sent(harness, ja_user.id)) == 2
    await harness.restart()
    await harness.dispatch()
    assert len(digests_sent(harness, ja_user.id)) == 2
    # down far past the grace window: recorded as missed, not sent days late
    await harness.stop()
    harness.clock.set(datetime(2026, 12, 14, 3, 0, tzinfo=UTC))
    await harness.start()
    await harness.dispatch()
    assert len(digests_sent(harness, ja_user.id)) == 2
    statuses = [r["status"] for r in harness.rows("SELECT status FROM digests")]
    assert statuses == ["sent", "sent", "missed"]


async def test_week_and_week_last(harness, en_user):
    await harness.onboard(en_user, zone="UTC")
    harness.clock.set(datetime(2026, 11, 20, 9, 0, tzinfo=UTC))  # Friday of the week before
    await harness.send(en_user, "Leo / moving day / carried boxes")
    await harness.send(en_user, "/thanks Leo / You're a star!")
    harness.clock.set(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
    await harness.send(en_user, "Mia / her bike / fixed the chain")
    await harness.send(en_user, "Mia / flat tyre / lent a pump")
    replies = await harness.send(en_user, "/week")
    text = replies[-1]["text"]
    assert "Your week so far" in text and "November 23 – November 29" in text
    assert "Problems you solved: 2" in text and "Mia ×2" in text
    assert "📈" not in text and "last week" not in text  # a running week is not judged
    assert "Days with an entry so far: 1 of 6" in text  # Saturday: six days lived, not 7
    assert "💭" not in text  # the question belongs to the scheduled digest
    assert not any(r.get("photo") for r in replies)  # two weeks of data: no chart yet
    replies = await harness.send(en_user, "/week last")
    text = replies[-1]["text"]
    assert "Last week" in text and "Leo — moving day — carried boxes" in text
    assert "Thank-yous received: 1" in text and "“You're a star!” — Leo" in text
    assert "People you helped:</b> Leo 💌" in text
    assert "this week" not in text.lower()


async def test_an_empty_week_is_gentle_not_a_wall_of_zeros(harness, ja_user):
    await harness.onboard(ja_user)
    replies = await harness.send(ja_user, "/week")
    text = replies[-1]["text"]
    assert "静かな一週間" in text
    assert "0件" not in text and "0日" not in text


async def test_a_week_with_40_entries_fits_telegrams_limit(harness, en_user):
    await harness.onboard(en_user, zone="UTC")
    for i in range(40):
        await harness.send(en_user, f"Person {i} / problem number {i} with a long description "
                                    f"of what went wrong / solved it by doing thing {i}")
    await harness.at(datetime(2026, 11, 29, 20, 0, tzinfo=UTC))
    [digest] = digests_sent(harness, en_user.id)
    assert "Problems you solved: 40" in digest["text"]
    assert "more" not in digest["text"]  # every person is named, none hidden
    assert all(f"Person {i}" in digest["text"] for i in range(40))
    assert digest["text"].index("Person 39 — ") < digest["text"].index("Person 38 — ")
    assert len(digest["text"]) < 4096


async def test_the_chart_is_a_real_png_photo(harness, ja_user):
    await harness.onboard(ja_user)
    await weeks_of_data(harness, ja_user, 3)
    await harness.at(datetime(2026, 11, 29, 11, 0, tzinfo=UTC))
    [call] = photos_sent(harness, ja_user.id)
    filename, data = call.files["photo"]
    assert data.startswith(PNG) and len(data) > 5_000
    assert "直近12週間" in call.params["caption"]


async def test_intention_is_carried_into_the_next_digest(harness, ja_user):
    await harness.onboard(ja_user)
    await harness.at(datetime(2026, 11, 29, 11, 0, tzinfo=UTC))
    [digest] = digests_sent(harness, ja_user.id)
    assert "来週は、誰のどんな問題を解決したいですか" in digest["text"]
    data = digest["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert data == "dg:intent:2026-11-30"
    replies = await harness.press(ja_user, digest, data)
    assert "1行で大丈夫" in replies[-1]["text"]
    replies = await harness.send(ja_user, "新しく入った後輩の不安")
    assert "12月1日" not in replies[-1]["text"] and "11月30日" in replies[-1]["text"]
    rows = harness.rows("SELECT week_start, text FROM intentions")
    assert [tuple(r) for r in rows] == [("2026-11-30", "新しく入った後輩の不安")]
    await harness.at(datetime(2026, 12, 6, 11, 0, tzinfo=UTC))
    latest = digests_sent(harness, ja_user.id)[-1]
    assert "今週のあなたの目標:「新しく入った後輩の不安」" in latest["text"]


async def test_focus_counts_matching_entries(harness, ja_user):
    await harness.onboard(ja_user)
    replies = await harness.send(ja_user, "/focus")
    assert "20代女性の転職不安" in replies[-1]["text"]  # the example
    await harness.send(ja_user, "転職を考えている20代の女性 / 転職が不安 / 面談した")
    await harness.send(ja_user, "20代女性のお客さま / キャリアの転職不安 / 相談にのった")
    await harness.send(ja_user, "50代の上司 / 資料作成 / 手伝った")
    replies = await harness.send(ja_user, "/focus 20代女性の転職不安")
    assert "今週ここまでに当てはまる記録:2件" in replies[-1]["text"]
    row = harness.user_row(ja_user.id)
    assert (row["focus_who"], row["focus_problem"]) == ("20代女性", "転職不安")
    await harness.at(datetime(2026, 11, 29, 11, 0, tzinfo=UTC))
    [digest] = digests_sent(harness, ja_user.id)
    assert "あなたの指標「20代女性 / 転職不安」:今週2件" in digest["text"]
    replies = await harness.send(ja_user, "/focus off")
    assert harness.user_row(ja_user.id)["focus_problem"] is None


def shown(harness, user, message: dict) -> dict:
    [found] = [m for m in harness.api.sent_messages(user.id)
               if m["message_id"] == message["message_id"]]
    return found


async def test_digest_day_time_and_off_from_settings(harness, en_user):
    await harness.onboard(en_user, zone="UTC")
    menu = (await harness.send(en_user, "/settings"))[-1]
    assert "Weekly digest: Sunday 8:00 pm UTC" in menu["text"]
    # every press edits the settings message; nothing new is sent
    assert await harness.press(en_user, menu, "dg:menu") == []
    assert await harness.press(en_user, menu, "dg:day:4") == []  # Friday
    assert await harness.press(en_user, menu, "dg:asktime") == []
    assert await harness.press(en_user, menu, "dg:time:08:00") == []
    assert "Next weekly digest" in shown(harness, en_user, menu)["text"]
    assert "Weekly digest</b>: Friday 8:00 am UTC" in shown(harness, en_user, menu)["text"]
    row = harness.user_row(en_user.id)
    assert (row["digest_weekday"], row["digest_time"]) == (4, "08:00")
    assert row["next_digest_utc"] == int(datetime(2026, 12, 4, 8, 0, tzinfo=UTC).timestamp())
    await harness.at(datetime(2026, 12, 4, 8, 0, tzinfo=UTC))
    assert len(digests_sent(harness, en_user.id)) == 1
    assert await harness.press(en_user, menu, "dg:off") == []
    assert "is off" in shown(harness, en_user, menu)["text"]
    assert harness.user_row(en_user.id)["next_digest_utc"] is None
    await harness.at(datetime(2026, 12, 11, 8, 0, tzinfo=UTC))
    assert len(digests_sent(harness, en_user.id)) == 1


async def test_a_tampered_digest_button_changes_nothing(harness, en_user):
    await harness.onboard(en_user)
    last = harness.api.last_message(en_user.id)
    for data in ("dg:intent:not-a-date", "dg:day:9", "dg:time:25:99", "dg:weekstart:3", "dg:"):
        await harness.press(en_user, last, data)
    row = harness.user_row(en_user.id)
    assert (row["digest_weekday"], row["digest_time"], row["week_start_day"]) == (6, "20:00", 0)
    assert harness.rows("SELECT * FROM intentions") == []


async def test_a_user_blocking_the_bot_stops_the_digest(harness, en_user):
    await harness.onboard(en_user, zone="UTC")
    harness.api.add_fault("sendMessage", status=403, chat_id=en_user.id)
    await harness.at(datetime(2026, 11, 29, 20, 0, tzinfo=UTC))
    assert harness.user_row(en_user.id)["blocked"] == 1
    assert [r["status"] for r in harness.rows("SELECT status FROM digests")] == ["blocked"]



async def test_telegram_down_at_digest_time_is_retried_within_grace(harness, en_user):
    await harness.onboard(en_user, zone="UTC")
    await weeks_of_data(harness, en_user, 3)  # with a chart, as before the three-week rule
    for method in ("sendPhoto", "sendMessage"):
        harness.api.add_fault(method, status=502, times=1000, chat_id=en_user.id)
    await harness.at(datetime(2026, 11, 29, 20, 0, tzinfo=UTC))
    assert digests_sent(harness, en_user.id) == []
    # released for the next pass, never "failed" (a pass may be mid-retry: "claimed")
    assert [r["status"] for r in harness.rows("SELECT status FROM digests")] in ([], ["claimed"])
    harness.api.clear_faults()
    await harness.at(datetime(2026, 11, 29, 20, 1, tzinfo=UTC))
    assert len(digests_sent(harness, en_user.id)) == 1
    assert [r["status"] for r in harness.rows("SELECT status FROM digests")] == ["sent"]


async def test_a_refused_chart_does_not_cost_the_digest_text(harness, en_user):
    await harness.onboard(en_user, zone="UTC")
    await weeks_of_data(harness, en_user, 3)
    harness.api.add_fault("sendPhoto", status=400, description="Bad Request: PHOTO_INVALID",
                          chat_id=en_user.id)
    await harness.at(datetime(2026, 11, 29, 20, 0, tzinfo=UTC))
    assert len(digests_sent(harness, en_user.id)) == 1


async def test_a_digest_half_delivered_is_not_repeated(harness, en_user):
    await harness.onboard(en_user, zone="UTC")
    await weeks_of_data(harness, en_user, 3)
    harness.api.add_fault("sendMessage", status=502, times=1000, chat_id=en_user.id)
    await harness.at(datetime(2026, 11, 29, 20, 0, tzinfo=UTC))
    harness.api.clear_faults()
    await harness.at(datetime(2026, 11, 29, 20, 5, tzinfo=UTC))
    assert len(photos_sent(harness, en_user.id)) == 1  # the chart went out once
    assert [r["status"] for r in harness.rows("SELECT status FROM digests")] == ["failed"]


# --- what a typical week shows: people, the best entry first, pictures, no early chart --------

def shot(n: int) -> list[dict]:
    return [{"file_id": f"s{n}-{size}", "file_unique_id": f"u-s{n}-{size}", "width": size,
             "height": size} for size in (90, 1280)]


async def screenshot_from(harness, user, n: int, who: str) -> None:
    replies = await harness.send_message(user, photo=shot(n))
    [row] = harness.rows("SELECT thanks_id FROM thanks WHERE status = 'pending'")
    asked = await harness.press(user, replies[-1], f"th:yes:{row['thanks_id']}")
    assert asked
    await harness.send(user, who)


async def test_a_typical_english_week_shows_people_best_first_and_fits_a_screen(harness,
                                                                                 en_user):
    await harness.onboard(en_user, zone="UTC")
    # the week's best entry comes first in time, so newest-first would have hidden it
    await harness.send(en_user, "Kenji / his shop site was down before a sale / restored the "
                                "backup / the sale went ahead")
    for line in ("Mia / flat tyre / lent a pump", "Jun / lost in the codebase / paired for an "
                 "hour", "Dad / phone full / cleared old videos", "Ana / printer jam / fixed it",
                 "Mia / her résumé felt weak / rewrote the summary together",
                 "my neighbour / lost cat / put up posters"):
        await harness.send(en_user, line)
    await harness.send(en_user, "/thanks Kenji / You saved our sale, thank you!")
    await screenshot_from(harness, en_user, 1, "Jun")
    await harness.at(datetime(2026, 11, 29, 20, 0, tzinfo=UTC))
    [digest] = digests_sent(harness, en_user.id)
    text = digest["text"]
    lines = text.split("\n")
    assert len(lines) <= 16, text
    problems = [x for x in lines if x.startswith("• ")]
    assert problems[0] == ("• Kenji — his shop site was down before a sale — restored the "
                           "backup → the sale went ahead 💌")
    assert len(problems) == 3 and "…and" not in text and "more" not in text
    assert ("🤝 <b>People you helped:</b> Mia ×2, Jun 💌, Kenji 💌, Ana, Dad, my neighbour"
            in lines)
    assert "“You saved our sale, thank you!” — Kenji" in lines
    assert "📷 a screenshot from Jun" in lines and "“📷" not in text
    assert lines.index("“You saved our sale, thank you!” — Kenji") < lines.index(
        "📷 a screenshot from Jun")  # words first
    assert photos_sent(harness, en_user.id) == []  # one week of data: no chart


async def test_a_typical_japanese_week_shows_people_best_first(harness, ja_user):
    await harness.onboard(ja_user, zone="Asia/Tokyo")
    await harness.send(ja_user, "取引先の山田さん / 見積もりの締切 / 夜までに仕上げた / 受注できた")
    for line in ("同僚の佐藤さん / 資料の締切 / 構成案を一緒に作った", "母 / スマホの容量 / 古い動画を整理した",
                 "後輩の鈴木さん / Excelのマクロ / 書き方を教えた",
                 "同僚の佐藤さん / 会議の準備 / 議事録を代わりに取った"):
        await harness.send(ja_user, line)
    await harness.send(ja_user, "/thanks 取引先の山田さん / 本当に助かりました!")
    await screenshot_from(harness, ja_user, 2, "鈴木")
    await harness.at(datetime(2026, 11, 29, 11, 0, tzinfo=UTC))
    [digest] = digests_sent(harness, ja_user.id)
    lines = digest["text"].split("\n")
    problems = [x for x in lines if x.startswith("・")]
    assert problems[0] == "・取引先の山田さん — 見積もりの締切 — 夜までに仕上げた → 受注できた 💌"
    assert len(problems) == 3  # the rest are in the people line
    # 鈴木's screenshot is from 後輩の鈴木さん: names match forgivingly (bot/core/names.py)
    assert ("🤝 <b>力になった人:</b>同僚の佐藤さん ×2、取引先の山田さん 💌、後輩の鈴木さん 💌、母"
            in lines)
    assert "「本当に助かりました!」— 取引先の山田さん" in lines
    assert "📷 鈴木さんからのスクリーンショット" in lines
    assert "「📷" not in digest["text"] and "ほか" not in digest["text"]
    assert photos_sent(harness, ja_user.id) == []


async def test_the_chart_waits_for_three_weeks_of_data(harness, en_user):
    await harness.onboard(en_user, zone="UTC")
    await weeks_of_data(harness, en_user, 2)
    replies = await harness.send(en_user, "/week")
    assert not any(r.get("photo") for r in replies)
    await harness.at(datetime(2026, 11, 29, 20, 0, tzinfo=UTC))
    assert photos_sent(harness, en_user.id) == []
    harness.clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))  # a third week with an entry
    await harness.send(en_user, "Leo / moving day / carried boxes")
    replies = await harness.send(en_user, "/week")
    assert replies[0].get("photo")
    await harness.at(datetime(2026, 12, 6, 20, 0, tzinfo=UTC))
    assert len(photos_sent(harness, en_user.id)) == 2  # /week's and the digest's


async def test_the_chart_is_rendered_ahead_and_sending_waits_for_no_rendering(
        harness, en_user, monkeypatch):
    from bot.core import chart

    await harness.onboard(en_user, zone="UTC")
    await weeks_of_data(harness, en_user, 3)
    rendered: list[str] = []
    real = chart._render  # noqa: SLF001

    async def counting(key):
        rendered.append(key[1])
        return await real(key)

    monkeypatch.setattr(chart, "_render", counting)
    monkeypatch.setattr(chart, "_cache", type(chart._cache)())  # noqa: SLF001 - this test's
    await harness.at(datetime(2026, 11, 29, 19, 50, tzinfo=UTC))  # due at 20:00
    for _ in range(1000):  # the "ahead" lane renders it in the background
        if chart.prepared():
            break
        await asyncio.sleep(0.01)
    assert rendered == ["en"]
    assert digests_sent(harness, en_user.id) == []
    await harness.at(datetime(2026, 11, 29, 20, 0, tzinfo=UTC))
    [photo] = photos_sent(harness, en_user.id)
    assert photo.files["photo"][1].startswith(PNG)
    assert rendered == ["en"]  # the prepared chart was sent: no second rendering
    assert len(digests_sent(harness, en_user.id)) == 1
