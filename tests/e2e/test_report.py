"""/report (a one-page PDF to hand over) and /numbers (the old numbers beside the new ones),
driven as a Telegram user would, in both languages: the document Telegram receives, the
words in it (pypdf), its page drawn (pypdfium2), and what the database holds."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import pytest

from tests import report_pdf_check as check
from tests.conftest import assert_logs_clean

SECRETS = ("助かりました", "構成案", "Thank you for the slides", "résumé", "資料の締切")


@pytest.fixture(autouse=True)
def no_errors_and_no_leaks(caplog):
    caplog.set_level(logging.DEBUG)
    yield
    assert_logs_clean(caplog, SECRETS)



def documents(harness, user) -> list[tuple[str, bytes, str]]:
    """(file name, bytes, caption) of every document sent to the user."""
    return [(*c.files["document"], c.params.get("caption", ""))
            for c in harness.api.calls_to("sendDocument", ok_only=True)
            if str(c.params.get("chat_id")) == str(user.id)]


def old_numbers(harness, user) -> list[tuple]:
    return [(r["name"], r["name_key"], r["value"], r["local_date"]) for r in harness.rows(
        "SELECT * FROM old_numbers WHERE user_id = ? ORDER BY number_id", (user.id,))]


JA_JOURNAL = ("同僚の佐藤さん / 資料の締切に間に合わない / 構成案を一緒に作った",
              "母 / スマホの設定がわからない / 教えた",
              "Sato / 会議の準備 / 議事録を取った",
              "後輩の鈴木さん / Excelのマクロ / 書き方を教えた",
              "佐藤さん / 見積もりの計算が合わない / 一緒に計算し直した",
              "/thanks 佐藤 / 本当に助かりました!🌱 また相談させてください。",
              "/thanks 母 / ありがとう、スマホが使えるようになったよ")


async def test_report_in_japanese_with_merged_people_quotes_and_old_numbers(harness, ja_user):
    await harness.onboard(ja_user)
    await harness.write(ja_user, *JA_JOURNAL, saved=("🌱", "💌"))
    merged = await harness.send(ja_user, "/people 統合 佐藤さん + Sato")
    assert "まとめました" in merged[-1]["text"]

    # the old numbers: discoverable from /numbers alone, then recorded
    replies = await harness.send(ja_user, "/numbers")
    assert "<b>これまでの数字</b>" in replies[-1]["text"]
    assert "/numbers フォロワー 1350" in replies[-1]["text"]
    replies = await harness.send(ja_user, "/numbers フォロワー 1,200 2026-10-01")
    assert replies[-1]["text"].startswith("✅ 記録しました:<b>フォロワー</b> 1,200(10月1日)")
    replies = await harness.send(ja_user, "/numbers フォロワー 1.35千")
    assert "前回は1,200(10月1日)" in replies[-1]["text"]
    today = harness.rows("SELECT MAX(local_date) AS d FROM entries WHERE user_id = ?",
                         (ja_user.id,))[0]["d"]
    assert old_numbers(harness, ja_user) == [("フォロワー", "フォロワー", 1200.0, "2026-10-01"),
                                             ("フォロワー", "フォロワー", 1350.0, today)]

    replies = await harness.send(ja_user, "/report")
    [(name, data, caption)] = documents(harness, ja_user)
    assert name == "value-journal-2026-Q4.pdf"
    assert replies[-1]["document"]["file_name"] == name
    assert caption.startswith("📄 <b>2026年 第4四半期のレポート</b>\n"
                              "解決した問題:5件・「ありがとう」:2件・力になった人:3人")
    assert "これまでの数字(フォロワー)も並べました" in caption

    assert check.pages(data) == 1
    assert check.ink(data) > 0.01
    words = check.text(data)
    assert "2026年 第4四半期" in words and "2026年10月1日〜2026年12月31日" in words
    # 同僚の佐藤さん, Sato (merged), 佐藤さん and the thank-yous from 佐藤 are one person
    assert "佐藤さん 解決3件 · お礼1件" in words
    assert "Sato" not in words
    assert "後輩の鈴木さん 解決1件" in words and "母 解決1件 · お礼1件" in words
    # the thank-yous quoted with their dates and senders (the emoji left out)
    assert "「本当に助かりました! また相談させてください。」— 佐藤" in words
    assert "「ありがとう、スマホが使えるようになったよ」— 母" in words
    assert "11月29日" in words or "11月30日" in words
    assert "これまでの数字" in words and "フォロワー" in words
    assert "1,200(10月1日)→ 1,350(" in words
    assert "解決した問題" in words and "「ありがとう」" in words


EN_JOURNAL = ("my client Priya / her pitch deck was too long / cut it to ten slides",
              "Mia / her résumé felt weak / rewrote the summary together",
              "Mia / her bike chain broke / fixed it together",
              "/thanks Mia / Thank you for the slides, and for the résumé too!")


async def test_report_for_a_range_in_english_with_the_personal_metric(harness, en_user):
    await harness.onboard(en_user, zone="America/New_York")
    await harness.send(en_user, "/focus Mia / résumé")
    await harness.write(en_user, *EN_JOURNAL, saved=("🌱", "💌"))
    await harness.send(en_user, "/numbers followers 1,200 2026-11-01")
    await harness.send(en_user, "/numbers sales (¥) ¥350,000")

    replies = await harness.send(en_user, "/report 2026-11-01 2026-11-30")
    [(name, data, caption)] = documents(harness, en_user)
    assert name == "value-journal-2026-11-01_2026-11-30.pdf"
    assert caption.startswith("📄 <b>Your report for November 1 – November 30, 2026</b>\n"
                              "Problems solved: 3 · thank-yous: 1 · people helped: 2")
    assert "your old numbers: sales (¥), followers" in caption
    assert replies[-1]["document"]["file_name"] == name
    assert check.pages(data) == 1 and check.ink(data) > 0.01
    words = check.text(data)
    assert "November 1 – November 30, 2026" in words
    assert "Mia 2 problems · 1 thank-you" in words
    assert "my client Priya 1 problem" in words
    assert "“Thank you for the slides, and for the résumé too!” — Mia" in words
    assert "Personal metric: Mia / résumé" in words
    assert "1,200 (Nov 1) → 1,350" not in words          # never given: only one value
    assert "followers 1,200 (Nov 1)" in words
    assert "sales (¥) 350,000" in words
    assert old_numbers(harness, en_user)[1] == ("sales (¥)", "sales (¥)", 350000.0,
                                                "2026-11-28")

    # the focus counted one problem (Mia's résumé)
    assert "3 problems solved 1 thank-yous 2 people helped 1 personal metric" in words


@pytest.mark.parametrize(("lang", "typed", "expected"), [
    ("en", "/report 2026-11-30 2026-09-01", "That period ends (Sep 1, 2026)"),
    ("ja", "/report 2026-11-30 2026-09-01", "終わりの日(2026年9月1日)が始まりの日(2026年11月30日)"),
    ("en", "/report whenever", "I couldn't read “whenever” as a period"),
    ("ja", "/report そのうち", "「そのうち」は期間として読み取れませんでした"),
    ("en", "/report 2020-01-01 2026-11-28", "more than two years"),
    ("ja", "/report 2020-01-01 2026-11-28", "2年を超えています"),
    ("en", "/report 2027 Q1", "starts on Jan 1, 2027, which is still to come"),
    ("ja", "/report 2027 Q1", "その期間は2027年1月1日から始まるので、まだ先です"),
])
async def test_a_period_that_cannot_be_used_gets_a_friendly_answer(harness, ja_user, en_user,
                                                                   lang, typed, expected):
    user = ja_user if lang == "ja" else en_user
    await harness.onboard(user)
    replies = await harness.send(user, typed)
    assert expected in replies[-1]["text"]
    assert documents(harness, user) == []


async def test_an_empty_period_says_so_instead_of_sending_an_empty_page(harness, ja_user,
                                                                        en_user):
    await harness.onboard(ja_user)
    replies = await harness.send(ja_user, "/report")
    assert replies[-1]["text"].startswith(
        "2026年 第4四半期には、まだレポートにできる記録がありません")
    await harness.onboard(en_user)
    await harness.write(en_user, "Mia / her bike chain broke / fixed it together", saved=("🌱", "💌"))
    replies = await harness.send(en_user, "/report last")
    assert replies[-1]["text"].startswith("Nothing to report for 2026 Q3 yet")
    assert documents(harness, ja_user) == documents(harness, en_user) == []


async def test_the_quarter_is_the_users_local_one(harness, ja_user, en_user):
    """New Year's Eve, 15:30 UTC: already the first quarter of 2027 in Tokyo, still the
    fourth of 2026 in New York."""
    await harness.onboard(ja_user)
    await harness.onboard(en_user, zone="America/New_York")
    harness.clock.set(datetime(2026, 12, 31, 15, 30, tzinfo=UTC))
    replies = await harness.send(ja_user, "/report")
    assert replies[-1]["text"].startswith("2027年 第1四半期には")
    replies = await harness.send(en_user, "/report")
    assert replies[-1]["text"].startswith("Nothing to report for 2026 Q4 yet")


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_numbers_lists_updates_and_deletes(harness, ja_user, en_user, lang):
    user = ja_user if lang == "ja" else en_user
    ja = lang == "ja"
    await harness.onboard(user)
    replies = await harness.send(user, "/numbers likes")
    assert ("名前と数値を送ってください" if ja else "Send a name and a number") in (
        replies[-1]["text"])
    replies = await harness.send(user, "/numbers 1350")
    assert ("1,350は何の数字ですか" if ja else "What is 1,350?") in replies[-1]["text"]
    replies = await harness.send(user, "/numbers likes 30 2026-12-24")
    assert ("まだ先です" if ja else "still to come") in replies[-1]["text"]
    assert old_numbers(harness, user) == []

    await harness.send(user, "/numbers Likes 30 2026-10-01")
    await harness.send(user, "/numbers likes 45")
    await harness.send(user, "/numbers followers 1.2k")
    replies = await harness.send(user, "/numbers")
    text = replies[-1]["text"]
    if ja:
        assert "・likes:45(11月28日。10月1日は30)" in text
        assert "・followers:1,200(11月28日)" in text
    else:
        assert "• likes: 45 (November 28; 30 on October 1)" in text
        assert "• followers: 1,200 (November 28)" in text
    replies = await harness.send(user, "/numbers " + ("削除" if ja else "delete") + " LIKES")
    assert ("<b>LIKES</b>を削除しました(値2件)" if ja else "Deleted <b>LIKES</b> and its "
            "values (2)") in replies[-1]["text"]
    assert [row[0] for row in old_numbers(harness, user)] == ["followers"]
    replies = await harness.send(user, "/numbers delete likes")
    assert ("記録されていません" if ja else "no old number called") in replies[-1]["text"]
    # they are the user's data: the JSON export holds them
    await harness.send(user, "/log")  # an entry, so the export is not empty
    await harness.send(user, "Mia / her bike chain broke / fixed it together")
    await harness.send(user, "/export")
    [doc] = [json.loads(data) for name, data, _ in documents(harness, user)
             if name.endswith(".json")]
    assert [(n["name"], n["value"], n["local_date"]) for n in doc["old_numbers"]] == [
        ("followers", 1200.0, "2026-11-28")]


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_help_shows_report_and_numbers(harness, ja_user, en_user, lang):
    user = ja_user if lang == "ja" else en_user
    await harness.onboard(user)
    replies = await harness.send(user, "/help")
    text = replies[-1]["text"]
    assert "/report — " in text and "/numbers — " in text
    assert ("フォロワー数" if lang == "ja" else "followers") in text.split("/numbers — ")[1]
