"""A realistic long journal for benchmarks: one onboarded Japanese user with years of entries.

    from bench.journal_data import make_journal
    user_id = asyncio.run(make_journal(path))          # 5 years, seed 1

``make_journal`` migrates the journal (a SQLite path, or any ``DATABASE_URL``: see
``storage.db.open_database``) with the real migrations and inserts, in one transaction with
``executemany``:

* user 1 (language ja, Asia/Tokyo, persona office, check-in 21:00, onboarded);
* one entry per local day for ``years`` years ending on ``end`` (default ``END_DATE``, the
  tests' clock date): a solved problem (who / problem / how / outcome, mixed Japanese and
  English from small word lists), or on about one day in 16 a "nothing today";
* about 3 kept thank-yous per week: typed with /thanks, forwarded from a person (with the
  sender's name, id, original date and sometimes formatting entities), forwarded from a
  hidden account, or screenshots (a photo in ``thanks_media``); about 40% are tied to that
  day's problem;
* an intention for about half of the weeks, and one unfinished draft (today's).

The FTS triggers of migration 0004 index everything as it is inserted. Everything is
derived from ``random.Random(seed)``, so a seed always gives the same journal.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from storage import dialect
from storage.db import open_database

USER_ID = 1
ZONE = ZoneInfo("Asia/Tokyo")
END_DATE = date(2026, 11, 28)

WHO_JA = ("同僚の佐藤さん", "上司の田中さん", "母", "父", "妹", "隣の山本さん", "初めてのお客さま",
          "常連のお客さま", "後輩の鈴木さん", "友人のミカ", "取引先の高橋さん", "息子", "娘",
          "部長", "新人の伊藤さん", "大学の先輩", "ママ友の木村さん")
PROBLEM_JA = ("資料の締切に間に合わない", "転職の相談", "パソコンが動かない", "引っ越しの準備が大変",
              "英語のメールが書けない", "見積もりの計算が合わない", "会議の資料が分かりにくい",
              "スマホの設定がわからない", "確定申告の書き方", "子どもの宿題", "体調がすぐれない",
              "新しいツールの使い方", "プレゼンの練習相手がいない", "家計簿が続かない",
              "お客さまからのクレーム対応", "履歴書の書き方", "重い荷物を運べない")
HOW_JA = ("構成案を一緒に作った", "電話で話を聞いた", "手順書を作って渡した", "代わりに調べた",
          "再起動の方法を教えた", "週末に手伝いに行った", "テンプレートを共有した",
          "一緒に計算をやり直した", "おすすめの本を貸した", "練習に付き合った",
          "チェックリストを作った", "車で送った")
OUTCOME_JA = ("「助かった!」と言われた", "締切に間に合った", "笑顔になった",
              "次も頼まれた", "お礼にお菓子をもらった", "無事に解決した", "安心したようだった")
WHO_EN = ("Mia", "my colleague Sam", "a first-time customer", "Leo", "my neighbour Ana",
          "the new intern", "Yuki", "my manager")
PROBLEM_EN = ("her bike chain broke", "his résumé felt weak", "the slides were confusing",
              "moving day", "a bug in the invoice script", "nervous about the interview",
              "couldn't open the spreadsheet", "lost the train pass")
HOW_EN = ("fixed the chain together", "rewrote the summary with him", "cut the deck to ten slides",
          "carried boxes all afternoon", "paired on the fix", "did a mock interview",
          "showed the export button", "called the station")
OUTCOME_EN = ("she rode to work", "he got an interview", "the meeting was short",
              "they said thanks", "the invoices went out", "a big smile")
THANKS_JA = ("本当にありがとうございました!", "助かりました、ありがとう!",
             "おかげで締切に間に合いました。感謝です。", "またお願いしてもいいですか?ありがとう!",
             "昨日は話を聞いてくれてありがとう。気持ちが軽くなりました。",
             "丁寧に教えていただき、ありがとうございます。", "いつも助けてくれてありがとう")
THANKS_EN = ("Thank you so much!", "Thanks for the ride!", "You saved my day, thank you.",
             "Thanks a lot for your help with the slides.", "I owe you one — thanks!")
SENDERS = ("佐藤 花子", "田中 一郎", "ミカ", "Yuki Tanaka", "Ana", "山本", "Leo Martin", "鈴木")
INTENTIONS = ("来週は母の相談にのる", "後輩の資料を見てあげる", "お客さまの声をもっと聞く",
              "Help Mia with her move", "新人の伊藤さんに手順を教える")


def _epoch(day: date, at: time) -> int:
    return int(datetime.combine(day, at, ZONE).timestamp())


def _rows(years: int, seed: int, end: date) -> tuple[list, list, list, list]:
    rng = random.Random(seed)
    first = end - timedelta(days=round(365.25 * years) - 1)
    entries, thanks, media, intentions = [], [], [], []
    entry_id = thanks_id = 0
    day = first
    while day <= end:
        local = day.isoformat()
        created = _epoch(day, time(21, rng.randrange(60)))
        problem_id = None
        if rng.random() < 1 / 16:
            entry_id += 1
            entries.append((entry_id, USER_ID, local, "nothing", None, None, None, None,
                            "prompt", created, created, created))
        else:
            entry_id += 1
            problem_id = entry_id
            if rng.random() < 0.8:
                who, problem, how = (rng.choice(WHO_JA), rng.choice(PROBLEM_JA),
                                     rng.choice(HOW_JA))
                outcome = rng.choice(OUTCOME_JA) if rng.random() < 0.7 else None
            else:
                who, problem, how = (rng.choice(WHO_EN), rng.choice(PROBLEM_EN),
                                     rng.choice(HOW_EN))
                outcome = rng.choice(OUTCOME_EN) if rng.random() < 0.7 else None
            entries.append((entry_id, USER_ID, local, "done", who, problem, how, outcome,
                            rng.choice(("prompt", "prompt", "quick", "log")), created, created,
                            created))
        for _ in range(sum(rng.random() < 3 / 14 for _ in range(2))):  # 3 a week on average
            thanks_id += 1
            received = _epoch(day, time(rng.randrange(8, 23), rng.randrange(60)))
            text = rng.choice(THANKS_JA if rng.random() < 0.75 else THANKS_EN)
            sender = rng.choice(SENDERS)
            linked = problem_id if problem_id is not None and rng.random() < 0.4 else None
            kind_roll = rng.random()
            # status, source, kind, origin_type, sender_name, sender_username, sender_user_id,
            # original_utc, entities, dedupe_key, text
            if kind_roll < 0.3:
                row = ("kept", "manual", "text", None, sender, None, None, None, None, None,
                       text)
            elif kind_roll < 0.75:
                entities = (json.dumps([{"type": "bold", "offset": 0, "length": 2}])
                            if rng.random() < 0.3 else None)
                original = received - rng.randrange(60, 86400)
                row = ("kept", "forward", "text", "user", sender, None, 500 + SENDERS.index(sender),
                       original, entities, f"user:{500 + SENDERS.index(sender)}:{original}:"
                       f"{thanks_id}", text)
            elif kind_roll < 0.85:
                original = received - rng.randrange(60, 86400)
                row = ("kept", "forward", "text", "hidden_user", sender, None, None, original,
                       None, f"hidden_user:{sender}:{original}:{thanks_id}", text)
            else:
                row = ("kept", "screenshot", "photo", None, sender if rng.random() < 0.6 else None,
                       None, None, None, None, f"file:shot{thanks_id}", None)
                for position in range(rng.choice((1, 1, 1, 2, 3))):
                    media.append((thanks_id, position, "photo", f"AgACshot{thanks_id}-{position}",
                                  f"shot{thanks_id}-{position}" if position else f"shot{thanks_id}",
                                  json.dumps({"width": 1080, "height": 2340})))
            (status, source, kind, origin_type, sender_name, username, sender_user_id,
             original, entities, key, body) = row
            thanks.append((thanks_id, USER_ID, status, source, kind, origin_type, sender_name,
                           username, sender_user_id, original, received, body, local, entities,
                           key, linked, 10_000 + thanks_id))
        if day.weekday() == 6 and rng.random() < 0.5:
            intentions.append((USER_ID, (day + timedelta(days=1)).isoformat(),
                               rng.choice(INTENTIONS), created))
        day += timedelta(days=1)
    entry_id += 1
    now = _epoch(end, time(22, 0))
    entries.append((entry_id, USER_ID, end.isoformat(), "draft", "下書きの人", None, None, None,
                    "log", now, now, None))
    return entries, thanks, media, intentions


async def make_journal(db_path: str | Path, *, years: int = 5, seed: int = 1,
                       end: date = END_DATE) -> int:
    """Create the journal described in the module docstring in a new (or migrated) journal
    at ``db_path`` (a SQLite path or a URL); returns the user id (1)."""
    entries, thanks, media, intentions = _rows(years, seed, end)
    created = _epoch(end - timedelta(days=round(365.25 * years)), time(20, 0))
    next_checkin = datetime.combine(end + timedelta(days=1), time(21, 0), ZONE)
    db = await open_database(str(db_path))
    try:
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO users (user_id, chat_id, language, timezone, checkin_time, persona,"
                " onboarded, next_checkin_utc, next_checkin_date, created_utc, updated_utc)"
                " VALUES (?, ?, 'ja', 'Asia/Tokyo', '21:00', 'office', 1, ?, ?, ?, ?)",
                (USER_ID, USER_ID, int(next_checkin.astimezone(UTC).timestamp()),
                 (end + timedelta(days=1)).isoformat(), created, created))
            await conn.executemany(
                "INSERT INTO entries (entry_id, user_id, local_date, status, who, problem, how,"
                " outcome, source, created_utc, updated_utc, completed_utc)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", entries)
            await conn.executemany(
                "INSERT INTO thanks (thanks_id, user_id, status, source, kind, origin_type,"
                " sender_name, sender_username, sender_user_id, original_utc, received_utc,"
                " text, local_date, entities, dedupe_key, entry_id, message_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", thanks)
            await conn.executemany(
                "INSERT INTO thanks_media (thanks_id, position, kind, file_id, file_unique_id,"
                " details) VALUES (?, ?, ?, ?, ?, ?)", media)
            await conn.executemany(
                "INSERT INTO intentions (user_id, week_start, text, created_utc)"
                " VALUES (?, ?, ?, ?)", intentions)
            reset = dialect.sql(db, "reset_ids")  # ids were given: counters follow them
            for table, key in (("entries", "entry_id"), ("thanks", "thanks_id"),
                               ("thanks_media", "media_id"), ("intentions", "intention_id")):
                if reset:
                    await conn.execute(reset.format(table=table, key=key))
    finally:
        await db.close()
    return USER_ID
