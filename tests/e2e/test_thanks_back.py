"""Thank-yous that come back, driven as a Telegram user would, in both languages, with the
injected clock: /smile, the weekly one (three days after the digest's day, at the daily
question's time), the digest's "a while ago" line, and turning it off in /settings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

pytestmark = pytest.mark.usefixtures("no_errors")



def brought_back(harness, user) -> list[str]:
    """Every thank-you brought back to this user (weekly and /smile), oldest first."""
    return [m["text"] for m in harness.api.sent_messages(user.id)
            if (m.get("text") or "").startswith("💌 <b>")
            and ("wrote:</b>" in m["text"] or "から:</b>" in m["text"])]


def digests_sent(harness, user) -> list[str]:
    return [m["text"] for m in harness.api.sent_messages(user.id)
            if "💭" in (m.get("text") or "")]


def shown_vias(harness, user) -> list[str]:
    return [r["via"] for r in harness.rows(
        "SELECT via FROM thanks_shown WHERE user_id = ? ORDER BY shown_id", (user.id,))]


async def thank(harness, user, text: str, link_to: int | None = None) -> int:
    replies = await harness.send(user, text)
    [row] = harness.rows("SELECT thanks_id FROM thanks WHERE user_id = ?"
                         " ORDER BY thanks_id DESC LIMIT 1", (user.id,))
    if link_to is not None:
        await harness.press(user, replies[-1], f"th:link:{row['thanks_id']}:{link_to}")
    return int(row["thanks_id"])


async def test_english_smile_weekly_digest_line_and_settings(harness, en_user):
    await harness.onboard(en_user, zone="UTC")  # daily question 21:00, digest Sunday 20:00
    replies = await harness.send(en_user, "/smile")
    assert "Nothing to bring back yet" in replies[-1]["text"]
    assert "/thanks" in replies[-1]["text"]
    await harness.send(en_user, "Mia / her bike was broken / fixed the chain")
    mia = harness.entries(en_user.id)[0]["entry_id"]
    await thank(harness, en_user, "/thanks Mia / Thanks so much, I can ride to work again!",
                link_to=mia)
    replies = await harness.send(en_user, "/smile")
    assert "less than four weeks old" in replies[-1]["text"]
    assert "December 26" in replies[-1]["text"]

    # the first Wednesday: nothing is four weeks old, so nothing comes (recorded once)
    await harness.at(datetime(2026, 12, 2, 21, 0, tzinfo=UTC))
    assert brought_back(harness, en_user) == []
    assert [tuple(r) for r in harness.rows("SELECT week_start, status FROM resurfacings")] \
        == [("2026-11-30", "nothing")]

    # five weeks and four days later, on a Wednesday at the daily question's time
    await harness.at(datetime(2027, 1, 6, 21, 0, tzinfo=UTC))
    await harness.at(datetime(2027, 1, 6, 21, 10, tzinfo=UTC))
    [weekly] = brought_back(harness, en_user)
    assert weekly.startswith("💌 <b>5 weeks ago, Mia wrote:</b>\n"
                             "“Thanks so much, I can ride to work again!”\n"
                             "<i>Problem you solved: her bike was broken</i>")
    assert "/smile brings back another one anytime" in weekly
    assert harness.rows("SELECT status FROM resurfacings WHERE week_start = '2027-01-04'"
                        )[0]["status"] == "sent"
    replies = await harness.send(en_user, "/smile")  # the only one was just shown
    assert "That was your only thank-you from over four weeks ago" in replies[-1]["text"]

    # a small one, saved in early December
    harness.clock.set(datetime(2026, 12, 3, 10, 0, tzinfo=UTC))
    await thank(harness, en_user, "/thanks Leo / thx!")
    harness.clock.set(datetime(2027, 1, 9, 10, 0, tzinfo=UTC))
    replies = await harness.send(en_user, "/smile")
    assert replies[-1]["text"] == "💌 <b>5 weeks ago, Leo wrote:</b>\n“thx!”"
    replies = await harness.send(en_user, "/smile")  # never the same one twice in a row
    assert replies[-1]["text"].startswith("💌 <b>6 weeks ago, Mia wrote:</b>")
    assert "/smile brings back" not in replies[-1]["text"]

    # Sunday's digest brings back one too: not Mia, shown last
    await harness.at(datetime(2027, 1, 10, 20, 0, tzinfo=UTC))
    digest = digests_sent(harness, en_user)[-1]
    assert "🕰 <b>A while ago</b> (5 weeks ago): “thx!” — Leo" in digest
    assert shown_vias(harness, en_user) == ["weekly", "smile", "smile", "digest"]

    # /settings turns it off: no weekly one, no digest line; /smile still works
    menu = (await harness.send(en_user, "/settings"))[-1]
    assert "Thank-yous from a while ago: on" in menu["text"]
    assert await harness.press(en_user, menu, "set:thanksback:off") == []
    [edited] = [m for m in harness.api.sent_messages(en_user.id)
                if m["message_id"] == menu["message_id"]]
    assert "Thank-yous from a while ago: off" in edited["text"]
    row = harness.user_row(en_user.id)
    assert (row["resurface_enabled"], row["next_resurface_utc"]) == (0, None)
    await harness.at(datetime(2027, 1, 13, 21, 0, tzinfo=UTC))
    await harness.at(datetime(2027, 1, 17, 20, 0, tzinfo=UTC))
    assert len(brought_back(harness, en_user)) == 3
    assert "A while ago" not in digests_sent(harness, en_user)[-1]
    replies = await harness.send(en_user, "/smile")
    assert "weeks ago, " in replies[-1]["text"]
    # and on again: the next Wednesday
    await harness.press(en_user, menu, "set:thanksback:on")
    assert harness.user_row(en_user.id)["next_resurface_date"] == "2027-01-20"


async def test_japanese_smile_weekly_and_digest_line(harness, ja_user):
    await harness.onboard(ja_user, zone="Asia/Tokyo")  # 21:00 JST = 12:00 UTC
    replies = await harness.send(ja_user, "/smile")
    assert "まだ見返せるお礼がありません" in replies[-1]["text"]
    await harness.send(ja_user, "佐藤 / 資料の締切 / 構成案を一緒に作った")
    entry = harness.entries(ja_user.id)[0]["entry_id"]
    await thank(harness, ja_user, "/thanks 佐藤 / 資料づくり、本当に助かりました!", link_to=entry)
    await thank(harness, ja_user, "/thanks 鈴木 / 昨日はありがとう")
    replies = await harness.send(ja_user, "/smile")
    assert "まだどれも4週間たっていません" in replies[-1]["text"]
    assert "12月26日から /smile" in replies[-1]["text"]

    sato = ("💌 <b>6週間前、佐藤さんから:</b>\n「資料づくり、本当に助かりました!」\n"
            "<i>解決した問題:資料の締切</i>")
    suzuki = "💌 <b>6週間前、鈴木さんから:</b>\n「昨日はありがとう」"
    # Wednesday January 13, 21:00 in Tokyo: one of the two comes back, once
    await harness.at(datetime(2027, 1, 13, 12, 0, tzinfo=UTC))
    await harness.at(datetime(2027, 1, 13, 12, 30, tzinfo=UTC))
    [weekly] = brought_back(harness, ja_user)
    assert weekly.startswith(sato) or weekly.startswith(suzuki)
    assert "/smile でいつでも別のお礼を見返せます" in weekly
    first, other = (sato, suzuki) if weekly.startswith(sato) else (suzuki, sato)
    # /smile: never the one shown last
    replies = await harness.send(ja_user, "/smile")
    assert replies[-1]["text"] == other
    replies = await harness.send(ja_user, "/smile")
    assert replies[-1]["text"] == first

    # Sunday's digest: the other one, in a line
    await harness.at(datetime(2027, 1, 17, 11, 0, tzinfo=UTC))
    digest = digests_sent(harness, ja_user)[-1]
    expected = "「昨日はありがとう」— 鈴木" if other == suzuki else "「資料づくり、本当に助かりました!」— 佐藤"
    assert f"🕰 <b>以前のお礼</b>(7週間前):{expected}" in digest
    assert shown_vias(harness, ja_user) == ["weekly", "smile", "smile", "digest"]

    menu = (await harness.send(ja_user, "/settings"))[-1]
    assert "以前のお礼を届ける:オン" in menu["text"]
    await harness.press(ja_user, menu, "set:thanksback:off")
    [edited] = [m for m in harness.api.sent_messages(ja_user.id)
                if m["message_id"] == menu["message_id"]]
    assert "以前のお礼を届ける:オフ" in edited["text"]
    await harness.at(datetime(2027, 1, 20, 12, 0, tzinfo=UTC))
    assert len(brought_back(harness, ja_user)) == 3
    assert harness.user_row(ja_user.id)["resurface_enabled"] == 0


async def test_smile_is_in_help_in_both_languages(harness, en_user, ja_user):
    await harness.onboard(en_user, zone="UTC")
    await harness.onboard(ja_user)
    assert "/smile — A thank-you from a while ago" in (await harness.send(en_user, "/help"))[-1]["text"]
    assert "/smile — 以前のお礼をもう一度見る" in (await harness.send(ja_user, "/help"))[-1]["text"]


def shot(n: int) -> list[dict]:
    return [{"file_id": f"s{n}-{size}", "file_unique_id": f"u-s{n}-{size}", "width": size,
             "height": size} for size in (90, 1280)]


async def screenshot_from(harness, user, n: int, who: str) -> None:
    replies = await harness.send_message(user, photo=shot(n))
    [row] = harness.rows("SELECT thanks_id FROM thanks WHERE status = 'pending'")
    await harness.press(user, replies[-1], f"th:yes:{row['thanks_id']}")
    await harness.send(user, who)


def photos_sent(harness, user) -> list:
    return [c for c in harness.api.calls_to("sendPhoto", ok_only=True)
            if int(c.params["chat_id"]) == user.id]


async def test_a_screenshot_comes_back_as_the_picture_with_its_words(harness, en_user,
                                                                      ja_user):
    await harness.onboard(en_user, zone="UTC")
    await harness.onboard(ja_user, zone="Asia/Tokyo")
    await screenshot_from(harness, en_user, 1, "Ana")
    await screenshot_from(harness, ja_user, 2, "佐藤")
    kept = harness.rows("SELECT kind, status FROM thanks ORDER BY thanks_id")
    assert [tuple(r) for r in kept] == [("photo", "kept"), ("photo", "kept")]
    harness.clock.set(datetime(2027, 1, 4, 9, 0, tzinfo=UTC))  # five weeks and two days
    await harness.send(en_user, "/smile")
    [call] = photos_sent(harness, en_user)
    assert call.params["photo"] == "s1-1280"
    assert call.params["caption"] == "💌 <b>5 weeks ago:</b> 📷 a screenshot from Ana"
    # Wednesday in Tokyo, at the daily question's time: the weekly one, as the picture
    await harness.at(datetime(2027, 1, 6, 12, 0, tzinfo=UTC))
    [call] = photos_sent(harness, ja_user)
    assert call.params["photo"] == "s2-1280"
    assert call.params["caption"].startswith(
        "💌 <b>5週間前:</b>📷 佐藤さんからのスクリーンショット\n\n<i>/smile")
    assert [r["status"] for r in harness.rows(
        "SELECT status FROM resurfacings WHERE user_id = ? AND status != 'missed'",
        (ja_user.id,))] == ["sent"]
