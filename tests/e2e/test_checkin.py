"""The daily check-in, driven through the fake Bot API like a Telegram user would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.e2e.test_onboarding import buttons

# ja_user onboarded with Asia/Tokyo 21:00 → the first prompt is due 2026-11-28 12:00 UTC
DUE = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def prompt_messages(harness, user) -> list[dict]:
    """Daily questions sent to the user, as sent (before any button removed the keyboard)."""
    return [c.result for c in harness.api.calls_to("sendMessage", ok_only=True)
            if c.params["chat_id"] == user.id
            and any(d.startswith("ci:answer:") for d in buttons(c.result))]


async def prompted(harness, user) -> dict:
    harness.clock.set(DUE)
    await harness.dispatch()
    messages = prompt_messages(harness, user)
    assert len(messages) == 1
    return messages[0]


async def test_prompt_arrives_at_the_local_time_not_before(harness, ja_user):
    await harness.onboard(ja_user, persona="office", zone="Asia/Tokyo", at="21:00")
    harness.clock.set(DUE - timedelta(seconds=1))
    await harness.dispatch()
    assert prompt_messages(harness, ja_user) == []
    harness.clock.set(DUE)
    await harness.dispatch()
    [prompt] = prompt_messages(harness, ja_user)
    assert prompt["text"].startswith("今日は、誰のどんな問題を解決しましたか?")
    assert "お客さまや同僚" in prompt["text"]  # worded for the office persona
    labels = [b["text"] for row in prompt["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["✍️ 答える", "今日はなし", "あとで(1時間後)", "今日はスキップ"]
    [row] = harness.prompts(ja_user.id)
    assert (row["status"], row["local_date"], row["message_id"]) == (
        "sent", "2026-11-28", prompt["message_id"])
    harness.clock.advance(minutes=30)
    await harness.dispatch()
    assert len(prompt_messages(harness, ja_user)) == 1


async def test_full_answer_flow_in_japanese(harness, ja_user):
    await harness.onboard(ja_user)
    prompt = await prompted(harness, ja_user)
    replies = await harness.press(ja_user, prompt, buttons(prompt)[0])
    assert "誰の" in replies[-1]["text"]
    assert harness.entries(ja_user.id)[0]["status"] == "draft"

    replies = await harness.send(ja_user, "同僚の佐藤さん")
    assert "どんなこと" in replies[-1]["text"]
    assert harness.entries(ja_user.id)[0]["who"] == "同僚の佐藤さん"  # stored at once
    replies = await harness.send(ja_user, "資料の締切に間に合わない")
    assert "どうやって" in replies[-1]["text"]
    replies = await harness.send(ja_user, "構成案を一緒に作った")
    assert "(任意です。" in replies[-1]["text"]  # the question after how, which varies
    assert harness.entries(ja_user.id)[0]["outcome_question"] is not None
    assert buttons(replies[-1]) == ["ci:skipstep"]
    replies = await harness.send(ja_user, "「助かった!」と言われた")
    # the person in bold, the problem quoted, the week's count; entry 1 gets wording 1
    assert replies[-1]["text"] == (
        "🌱 記録しました。「資料の締切に間に合わない」のことで困っていた<b>同僚の佐藤さん</b>を"
        "助けられましたね(今週1件目)")

    [entry] = harness.entries(ja_user.id)
    assert (entry["status"], entry["who"], entry["problem"], entry["how"], entry["outcome"],
            entry["local_date"], entry["source"]) == (
        "done", "同僚の佐藤さん", "資料の締切に間に合わない", "構成案を一緒に作った",
        "「助かった!」と言われた", "2026-11-28", "prompt")
    assert harness.prompts(ja_user.id)[0]["answer"] == "answered"
    assert harness.user_row(ja_user.id)["awaiting"] is None


async def test_outcome_can_be_skipped_and_week_count_grows(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    await harness.send(en_user, "/log")
    await harness.send(en_user, "Ken")
    await harness.send(en_user, "his laptop would not boot")
    replies = await harness.send(en_user, "reinstalled the driver")
    replies = await harness.press(en_user, replies[-1], "ci:skipstep")
    assert replies[-1]["text"] == (
        "🌱 Saved — one less worry for <b>Ken</b> (his laptop would not boot). "
        "Your first this week.")
    replies = await harness.send(en_user, "Aya / lost in the new CRM / 10-minute walkthrough")
    assert replies[-1]["text"] == (
        "🌱 Saved — <b>Aya</b> got your help (lost in the new CRM). 2 this week.")
    assert [e["outcome"] for e in harness.entries(en_user.id)] == [None, None]


async def test_quick_form_in_every_position(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    # 1. as the answer to the prompt, without pressing a button (full-width slashes)
    await prompted(harness, en_user)
    replies = await harness.send(en_user, "Yui／moving stress／lent a van")
    assert "<b>Yui</b> (moving stress). Your first this week." in replies[-1]["text"]
    # 2. on its own, any time
    replies = await harness.send(en_user, "Mika / resume felt weak / rewrote it together")
    assert "<b>Mika</b> got your help (resume felt weak). 2 this week." in replies[-1]["text"]
    # 3. as the answer to the first question of the flow (newline-separated, 4 parts):
    # lines without separators are shown as read, and saved once confirmed
    await harness.send(en_user, "/log")
    replies = await harness.send(en_user, "Tom\nlate invoices\nset up reminders\npaid in a day")
    assert "Is this a solved problem?" in replies[-1]["text"]
    assert len(harness.entries(en_user.id)) == 3  # the open draft, nothing saved yet
    replies = await harness.press(en_user, replies[-1], buttons(replies[-1])[0])
    assert "<b>Tom</b> (late invoices). 3 this week." in replies[-1]["text"]
    rows = harness.entries(en_user.id)
    assert [(r["who"], r["status"]) for r in rows] == [
        ("Yui", "done"), ("Mika", "done"), ("Tom", "done")]
    assert rows[2]["outcome"] == "paid in a day"
    assert rows[0]["prompt_id"] == harness.prompts(en_user.id)[0]["prompt_id"]
    assert rows[1]["prompt_id"] is None
    assert harness.prompts(en_user.id)[0]["answer"] == "answered"


async def test_plain_text_is_kept_and_offered(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    replies = await harness.send(en_user, "helped my neighbour")
    assert "I've kept what you wrote" in replies[-1]["text"]
    [inbox] = harness.rows("SELECT * FROM inbox")
    assert inbox["text"] == "helped my neighbour"
    log_it, what = buttons(replies[-1])
    assert what == "help:show"
    replies = await harness.press(en_user, replies[-1], log_it)
    # not a name: kept as what they did, and the entry asks whose problem it was
    assert replies[-1]["text"].startswith("“helped my neighbour” — kept as what you did.\n"
                                          "<b>Whose</b> problem was it?")
    entry = harness.entries(en_user.id)[0]
    assert (entry["who"], entry["how"], entry["step"]) == (None, "helped my neighbour", "who")
    assert harness.rows("SELECT * FROM inbox") == []
    replies = await harness.press(en_user, replies[-1], log_it)  # pressed twice
    assert "unfinished entry (helped my neighbour)" in replies[-1]["text"]
    await harness.send(en_user, "/cancel")
    await harness.send(en_user, "lost her cat")
    replies = await harness.send(en_user, "another note")
    # a half-written entry is never replaced without asking; the new text stays kept
    replies = await harness.press(en_user, replies[-1], buttons(replies[-1])[0])
    assert "unfinished entry" in replies[-1]["text"]
    assert len(harness.rows("SELECT * FROM inbox")) == 2
    assert harness.entries(en_user.id)[0]["how"] == "helped my neighbour"


async def test_prompt_answer_does_not_wipe_a_half_written_entry(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    await harness.send(en_user, "/log")
    await harness.send(en_user, "Sato")
    await harness.send(en_user, "deadline")
    prompt = await prompted(harness, en_user)
    replies = await harness.press(en_user, prompt, buttons(prompt)[0])
    assert "unfinished entry (Sato)" in replies[-1]["text"]
    replies = await harness.press(en_user, replies[-1], "ci:resume")
    assert "How" in replies[-1]["text"]
    entry = harness.entries(en_user.id)[0]
    assert (entry["who"], entry["problem"]) == ("Sato", "deadline")
    # the prompt is only "answered" once an entry is complete
    assert harness.prompts(en_user.id)[0]["answer"] is None


async def test_cancel_keeps_draft_and_log_offers_resume(harness, ja_user):
    await harness.onboard(ja_user)
    await harness.send(ja_user, "/log")
    await harness.send(ja_user, "母")
    replies = await harness.send(ja_user, "/cancel")
    assert "下書き" in replies[-1]["text"]
    assert harness.entries(ja_user.id)[0]["step"] == "problem"
    assert harness.user_row(ja_user.id)["awaiting"] is None

    replies = await harness.send(ja_user, "/log")
    assert "書きかけの記録があります(母)" in replies[-1]["text"]
    replies = await harness.press(ja_user, replies[-1], "ci:resume")
    assert "どんなこと" in replies[-1]["text"]
    await harness.send(ja_user, "スマホの設定がわからない")
    await harness.send(ja_user, "電話で一緒に設定した")
    replies = await harness.press(ja_user, harness.api.last_message(ja_user.id), "ci:skipstep")
    [entry] = harness.entries(ja_user.id)
    assert (entry["who"], entry["status"]) == ("母", "done")

    replies = await harness.send(ja_user, "/cancel")
    assert "中断するものはありません" in replies[-1]["text"]


async def test_draft_survives_restart(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    await harness.send(en_user, "/log")
    await harness.send(en_user, "Nora")
    await harness.restart()
    replies = await harness.send(en_user, "couldn't find a babysitter")
    assert "How" in replies[-1]["text"]
    entry = harness.entries(en_user.id)[0]
    assert (entry["who"], entry["problem"], entry["step"]) == (
        "Nora", "couldn't find a babysitter", "how")


async def test_restart_log_start_over(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    await harness.send(en_user, "/log")
    await harness.send(en_user, "Nora")
    replies = await harness.send(en_user, "/log")
    replies = await harness.press(en_user, replies[-1], "ci:restart")
    assert "Whose" in replies[-1]["text"]
    [entry] = harness.entries(en_user.id)
    assert (entry["who"], entry["step"]) == (None, "who")


async def test_nothing_today_later_and_skip(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    prompt = await prompted(harness, en_user)
    prompt_id = harness.prompts(en_user.id)[0]["prompt_id"]

    replies = await harness.press(en_user, prompt, f"ci:later:{prompt_id}")
    assert "I'll ask again at 10:00 pm" in replies[-1]["text"]  # Tokyo time, an hour on
    harness.clock.advance(minutes=59)
    await harness.dispatch()
    assert len(prompt_messages(harness, en_user)) == 1
    harness.clock.advance(minutes=1)
    await harness.dispatch()
    reminders = prompt_messages(harness, en_user)
    assert len(reminders) == 2 and reminders[1]["text"].startswith("A gentle reminder")

    reminder_id = harness.prompts(en_user.id)[1]["prompt_id"]
    replies = await harness.press(en_user, reminders[1], f"ci:nothing:{reminder_id}")
    assert "nothing today" in replies[-1]["text"]
    assert harness.entries(en_user.id)[0]["status"] == "nothing"
    replies = await harness.press(en_user, reminders[1], f"ci:skip:{reminder_id}")
    assert "already answered" in replies[-1]["text"]

    # the next day, the user already wrote before the prompt: not prompted
    harness.clock.set(DUE + timedelta(days=1, hours=-3))
    await harness.send(en_user, "Ann / a flat tyre / changed it")
    harness.clock.set(DUE + timedelta(days=1))
    await harness.dispatch()
    assert len(prompt_messages(harness, en_user)) == 2
    assert harness.prompts(en_user.id)[-1]["status"] == "skipped_logged"


async def test_skip_today(harness, ja_user):
    await harness.onboard(ja_user)
    prompt = await prompted(harness, ja_user)
    replies = await harness.press(ja_user, prompt, buttons(prompt)[3])
    assert "スキップ" in replies[-1]["text"]
    assert harness.prompts(ja_user.id)[0]["answer"] == "skip"
    assert harness.entries(ja_user.id) == []


async def test_yesterdays_prompt_works_until_the_next_one_then_closes(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    prompt = await prompted(harness, en_user)
    prompt_id = harness.prompts(en_user.id)[0]["prompt_id"]
    # just after local midnight, yesterday's question still works and files under its day
    harness.clock.set(DUE + timedelta(hours=3, minutes=5))  # 00:05 on Nov 29 in Tokyo
    replies = await harness.press(en_user, prompt, f"ci:nothing:{prompt_id}")
    assert "nothing today" in replies[-1]["text"]
    assert harness.entries(en_user.id)[0]["local_date"] == "2026-11-28"
    # once the next day's question went out, the old buttons are closed
    harness.clock.set(DUE + timedelta(days=1))
    await harness.dispatch()
    replies = await harness.press(en_user, prompt, f"ci:skip:{prompt_id}")
    assert "That question was for November 28 and is closed now" in replies[-1]["text"]
    replies = await harness.press(en_user, prompt, f"ci:answer:{prompt_id}")
    assert "I'll file it under that day" in replies[0]["text"]
    await harness.send(en_user, "Bo / a stuck zipper / pliers")
    assert harness.entries(en_user.id)[-1]["local_date"] == "2026-11-28"


def shown(harness, user, message: dict) -> dict:
    """A bot message as it reads now (after edits in place)."""
    [found] = [m for m in harness.api.sent_messages(user.id)
               if m["message_id"] == message["message_id"]]
    return found


async def test_pause_and_resume_in_settings(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    menu = (await harness.send(en_user, "/settings"))[-1]
    assert "Time zone: Tokyo\n" in menu["text"]
    assert await harness.press(en_user, menu, "set:pause") == []  # edited in place
    assert "Paused" in shown(harness, en_user, menu)["text"]
    assert "(paused)" in shown(harness, en_user, menu)["text"]
    harness.clock.set(DUE)
    await harness.dispatch()
    assert prompt_messages(harness, en_user) == []
    assert await harness.press(en_user, menu, "set:resume") == []
    assert "next one tomorrow at 21:00" in shown(harness, en_user, menu)["text"]
    harness.clock.set(DUE + timedelta(days=1))
    await harness.dispatch()
    assert len(prompt_messages(harness, en_user)) == 1


async def test_settings_change_language_zone_time_persona(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    menu = (await harness.send(en_user, "/settings"))[-1]
    assert await harness.press(en_user, menu, "set:menu:tz") == []
    assert "Which time zone" in shown(harness, en_user, menu)["text"]
    replies = await harness.send(en_user, "New York")  # typed: a reply with the settings
    assert "Time zone: New York\n" in replies[-1]["text"]
    assert "Daily question: 9:00 pm New York time" in replies[-1]["text"]
    menu = replies[-1]
    await harness.press(en_user, menu, "set:menu:time")
    replies = await harness.send(en_user, "7:30am")
    assert "Daily question: 7:30 am New York time" in replies[-1]["text"]
    menu = replies[-1]
    assert await harness.press(en_user, menu, "set:menu:persona") == []
    assert await harness.press(en_user, menu, "set:persona:parent") == []
    assert "Persona: Homemaker / parent" in shown(harness, en_user, menu)["text"]
    assert await harness.press(en_user, menu, "set:menu:lang") == []
    assert await harness.press(en_user, menu, "set:lang:ja") == []
    text = shown(harness, en_user, menu)["text"]
    assert "言語:日本語" in text and "タイムゾーン:ニューヨーク" in text
    assert "毎日の質問:7:30(ニューヨーク時間)" in text
    row = harness.user_row(en_user.id)
    assert (row["language"], row["timezone"], row["checkin_time"], row["persona"]) == (
        "ja", "America/New_York", "07:30", "parent")
    # 07:30 in New York on 2026-11-28 = 12:30 UTC
    assert row["next_checkin_utc"] == int(datetime(2026, 11, 28, 12, 30, tzinfo=UTC).timestamp())
    assert "書いた日は聞かない:オン" in text
    await harness.press(en_user, menu, "set:skiplogged")
    assert harness.user_row(en_user.id)["skip_if_logged"] == 0
    assert "書いた日は聞かない:オフ" in shown(harness, en_user, menu)["text"]


async def test_one_dispatcher_job_whatever_the_number_of_users(harness, ja_user, en_user):
    await harness.onboard(ja_user)
    await harness.onboard(en_user, zone="Asia/Tokyo")
    await harness.restart()
    jobs = harness.application.job_queue.jobs()
    assert [job.name for job in jobs] == ["dispatcher"]
    assert jobs[0].job.trigger.interval.total_seconds() <= 30


async def test_an_open_settings_question_does_not_swallow_an_entry(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")
    menu = (await harness.send(en_user, "/settings"))[-1]
    await harness.press(en_user, menu, "set:menu:tz")  # …and walks away
    replies = await harness.send(en_user, "Mika / résumé / rewrote it")
    assert "<b>Mika</b> (résumé). Your first this week." in replies[-1]["text"]
    assert harness.user_row(en_user.id)["timezone"] == "Asia/Tokyo"
    assert harness.user_row(en_user.id)["awaiting"] is None  # the question was left


async def test_log_yesterday_files_the_entry_under_yesterday(harness, en_user):
    await harness.onboard(en_user, zone="Asia/Tokyo")  # 10:00 on 28 November in Tokyo
    replies = await harness.send(en_user, "/log yesterday")
    assert "This entry goes under November 27." in replies[-2]["text"]
    assert "<b>Whose</b> problem" in replies[-1]["text"]
    await harness.send(en_user, "Ken")
    await harness.send(en_user, "lost in the new invoicing tool")
    await harness.send(en_user, "a 10-minute walkthrough")
    await harness.press(en_user, harness.api.last_message(en_user.id), "ci:skipstep")
    [entry] = harness.entries(en_user.id)
    assert (entry["who"], entry["status"], entry["local_date"]) == ("Ken", "done",
                                                                    "2026-11-27")
    assert entry["prompt_id"] is None  # not today's question's answer


async def test_log_a_date_in_japanese_and_dates_it_cannot_take(harness, ja_user):
    await harness.onboard(ja_user)
    replies = await harness.send(ja_user, "/log 11月25日")
    assert "📅 11月25日の記録として書きます。" in replies[-2]["text"]
    await harness.send(ja_user, "/cancel")
    assert harness.entries(ja_user.id)[0]["local_date"] == "2026-11-25"
    await harness.send(ja_user, "/log 最初から")  # not a date
    replies = harness.api.sent_messages(ja_user.id)
    assert "日付が読み取れませんでした" in replies[-1]["text"]
    replies = await harness.send(ja_user, "/log 2026-12-24")
    assert "12月24日はまだ来ていません" in replies[-1]["text"]
    replies = await harness.send(ja_user, "/log 2024-01-01")
    assert "1年前まで" in replies[-1]["text"]
    assert len(harness.entries(ja_user.id)) == 1  # the draft from 25 November only
