"""Every text the user sees, in English and Japanese. Handlers never write text inline.

Texts are Telegram HTML. ``t()`` HTML-escapes every argument, so user text can be passed
in safely; use ``Raw`` for an argument that is already HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from bot.core import cadence
from bot.texts import cadence as _cadence_texts
from bot.texts import digest as _digest_texts
from bot.texts import entries as _entries_texts
from bot.texts import history as _history_texts
from bot.texts import people as _people_texts
from bot.texts import questions as _questions_texts
from bot.texts import report as _report_texts
from bot.texts import review as _review_texts
from bot.texts import search_export as _search_export_texts
from bot.texts import thanks as _thanks_texts
from bot.texts import thanks_back as _thanks_back_texts

LANGUAGES = ("ja", "en")

PERSONAS = ("office", "parent", "student", "freelancer", "other")


class Raw(str):
    """An argument that is already valid Telegram HTML and must not be escaped."""


@dataclass(frozen=True)
class Term:
    """One of the product's nouns: what it is called in each language, and the words it is
    no longer called (a catalog text using one fails tests/unit/test_glossary.py)."""

    en: str
    ja: str
    meaning: str
    retired_en: tuple[str, ...] = ()
    retired_ja: tuple[str, ...] = ()


# The glossary: one name for each concept, in both languages. Texts use these words.
GLOSSARY: dict[str, Term] = {
    "journal": Term("journal (value journal)", "記録(価値の日記)",
                    "everything the user keeps here",
                    retired_en=("diary", "log book", "logbook"),
                    retired_ja=("日誌", "ジャーナル")),
    "entry": Term("entry", "記録", "one solved problem (or a “nothing today”) written down",
                  retired_en=("log entry",), retired_ja=("エントリー", "エントリ", "投稿")),
    "solved_problem": Term("problem you solved / solved problem", "解決した問題",
                           "who had which problem, and how the user helped"),
    "thank_you": Term("thank-you", "「ありがとう」(見出し・件数)/ お礼(文中)",
                      "thanks the user received, forwarded, photographed or typed",
                      retired_en=("thanks message", "thank you message", "thank-you message",
                                  "this thanks", "a thanks"),
                      retired_ja=("サンキュー", "感謝メッセージ", "お礼メッセージ",
                                  "ありがとうメッセージ")),
    "weekly_digest": Term("weekly digest", "週のふりかえり",
                          "the weekly look back, sent on the chosen day and shown by /week",
                          retired_en=("weekly summary", "weekly report", "weekly review"),
                          retired_ja=("ダイジェスト", "週次", "週のまとめ", "週報",
                                      "ウィークリー")),
    "daily_question": Term("daily question", "毎日の質問",
                           "“whose problem did you solve today?”, at the chosen time",
                           retired_en=("daily prompt", "daily reminder"),
                           retired_ja=("デイリー", "毎日のリマインダー")),
    "persona": Term("persona", "タイプ", "which of five describes the user; shapes the question",
                    retired_ja=("ペルソナ", "属性")),
    "personal_metric": Term("personal metric (/focus)", "指標",
                            "one “for whom / which problem” the digest counts",
                            retired_en=("KPI",), retired_ja=("KPI",)),
    "intention": Term("next week's intention", "来週の目標",
                      "the answer to “whose problem next week?”",
                      retired_ja=("抱負",)),
    "thanks_back": Term("thank-you from a while ago", "以前のお礼",
                        "a saved thank-you at least four weeks old, shown again: weekly, in "
                        "the digest, and by /smile"),
    "nothing_today": Term("“nothing today”", "「今日はなし」", "a day answered with nothing"),
    "draft": Term("draft", "下書き", "an entry left unfinished"),
    "last_question": Term("last question", "最後の質問",
                          "the optional question after *how* (“What came of it?”, “What "
                          "surprised you?”…): varies by persona and day unless turned off"),
    "voice_message": Term("voice message", "ボイスメッセージ",
                          "a Telegram voice message kept as an entry's how: 🎤 and its length",
                          retired_en=("voice note", "voice memo", "audio message"),
                          retired_ja=("音声メッセージ", "ボイスメモ", "音声メモ")),
    "report": Term("report (/report)", "レポート",
                   "the one-page PDF of a quarter or of chosen dates, to hand over"),
    "old_numbers": Term("old numbers", "これまでの数字",
                        "the measures the user reported before (followers, likes, sales), "
                        "recorded with /numbers and shown beside the new ones in /report",
                        retired_en=("vanity metrics", "vanity numbers"),
                        retired_ja=("虚栄の指標",)),
    "active_week": Term("a week with an entry or a thank-you (week 5 of 13)",
                        "記録した週(13週間の5週目)",
                        "one of the user's local weeks holding at least one entry or kept "
                        "thank-you: what the 13 weeks and the digest's streak count"),
    "review": Term("13-week review", "13週間のふりかえり",
                   "every 13 active weeks: the two measures week by week, the people helped "
                   "most, their words, the personal metric, and the next 13 weeks' focus",
                   retired_en=("quarterly review", "13-week report"),
                   retired_ja=("13週レビュー", "四半期レビュー")),
    "note": Term("note", "メモ", "words kept that count as nothing: on their own, or added to "
                 "a problem or a thank-you (a reply to its confirmation, a line typed with a "
                 "forward)"),
}

# Counters a Japanese number is written against, with no space (2件, 6日, 12文字).
JA_COUNTERS = ("件", "日", "人", "回", "週間", "週", "文字", "語", "ページ", "か月", "枚", "通",
               "個", "時間", "分", "秒")


CATALOG: dict[str, dict[str, str]] = {
    # --- onboarding ---------------------------------------------------------------------
    "welcome": {
        "en": "Hello, {name}! 🌱\n"
              "I'm your value journal. Instead of followers and likes, we keep track of what "
              "matters more: <b>whose problem you solved, which problem, and how</b> — and the "
              "thank-yous you receive for it.\n"
              "A minute a day is enough. First, three quick questions.",
        "ja": "{name}さん、はじめまして 🌱\n"
              "ここは「価値の日記」です。フォロワー数やいいね数のかわりに、"
              "<b>「誰の、どんな問題を、どう解決したか」</b>と、受け取った「ありがとう」を"
              "記録していきます。\n"
              "1日1分で大丈夫です。まずは3つだけ教えてください。",
    },
    "ask_persona": {
        "en": "Which of these describes you best?",
        "ja": "あなたに一番近いものはどれですか?",
    },
    "ask_timezone": {
        "en": "Which time zone are you in? Tap one, or type a city (<i>London</i>), a zone "
              "(<i>Europe/London</i>) or an offset from UTC (<i>+1</i>).",
        "ja": "お住まいのタイムゾーンを選んでください。都市名(<i>東京</i>)、"
              "タイムゾーン名(<i>Asia/Tokyo</i>)、UTCとの時差(<i>+9</i>)を入力してもOKです。",
    },
    "timezone_unknown": {
        "en": "I didn't recognise “{text}” as a time zone. Try a city like <i>New York</i>, "
              "a zone like <i>America/New_York</i>, or an offset like <i>-5</i>.",
        "ja": "「{text}」はタイムゾーンとして認識できませんでした。"
              "<i>東京</i>、<i>Asia/Tokyo</i>、<i>+9</i> のように入力してください。",
    },
    "ask_time": {
        "en": "At what time should I ask you each day? Tap one, or type a time like "
              "<i>21:30</i> or <i>9pm</i>.",
        "ja": "毎日何時にお聞きしましょうか? ボタンを選ぶか、<i>21:30</i> や <i>21時</i> の"
              "ように入力してください。",
    },
    "time_unknown": {
        "en": "“{text}” isn't a time I can use. Please send something like <i>21:30</i>, "
              "<i>9pm</i> or <i>07:15</i>.",
        "ja": "「{text}」は時刻として使えません。<i>21:30</i>、<i>21時</i>、<i>午後9時</i> の"
              "ように入力してください。",
    },
    "onboarding_done": {
        "en": "All set! Every day at <b>{time}</b> I'll ask you:\n“{question}”\n\n"
              "You can also write anytime with /log, or in one message: "
              "<i>who / problem / how</i>.\n/settings changes anything; /help lists the rest.",
        "ja": "準備ができました! 毎日<b>{time}</b>にお聞きします。\n「{question}」\n\n"
              "/log でいつでも記録できます。<i>誰 / どんな問題 / どう解決</i> と1通で送っても"
              "OKです。\n設定の変更は /settings、使い方は /help へどうぞ。",
    },
    "welcome_back": {
        "en": "Welcome back, {name}! Everything you wrote is still here: {total} solved "
              "so far.\n"
              "{schedule}\n/log to write, /settings to change things, /help for more.",
        "ja": "{name}さん、おかえりなさい! これまでに解決した問題は{total}件、"
              "記録はすべて残っています。\n{schedule}\n"
              "記録は /log、設定の変更は /settings、使い方は /help へ。",
    },
    "schedule_active": {
        "en": "Daily question: {time}.",
        "ja": "毎日の質問:{time}",
    },
    "schedule_paused": {
        "en": "Daily question: paused (resume in /settings).",
        "ja": "毎日の質問:一時停止中(/settings で再開できます)",
    },
    "finish_setup_first": {
        "en": "Let's finish setting up first — it takes a few seconds.",
        "ja": "先に初期設定を済ませましょう。数秒で終わります。",
    },
    "kept_until_setup": {
        "en": "I've kept what you wrote and will offer it to you once setup is done.",
        "ja": "書いてくれた内容は保管しました。設定が終わったら、あらためてお見せしますね。",
    },
    "pending_offer": {
        "en": "You wrote this earlier — save it as an entry?\n“{text}”",
        "ja": "設定の前に書いてくれた内容があります。記録として保存しますか?\n「{text}」",
    },
    "btn_pending_save": {"en": "✍️ Save as an entry", "ja": "✍️ 記録として保存"},
    "btn_pending_drop": {"en": "Discard", "ja": "破棄する"},
    "pending_dropped": {
        "en": "Discarded — I haven't kept it.",
        "ja": "破棄しました。この内容は残していません。",
    },
    # --- personas -----------------------------------------------------------------------
    "persona_office": {"en": "Office worker", "ja": "会社員"},
    "persona_parent": {"en": "Homemaker / parent", "ja": "主婦・主夫 / 子育て中"},
    "persona_student": {"en": "Student", "ja": "学生"},
    "persona_freelancer": {"en": "Freelancer", "ja": "フリーランス"},
    "persona_other": {"en": "Something else", "ja": "その他"},
    "persona_none": {"en": "not set", "ja": "未設定"},
    # --- the daily question ---------------------------------------------------------------
    "question_short": {
        "en": "Whose problem did you solve today?",
        "ja": "今日は、誰のどんな問題を解決しましたか?",
    },
    "question_office": {
        "en": "Whose problem did you solve today? Think of a customer or a colleague: "
              "which problem, and how did you help?",
        "ja": "今日は、誰のどんな問題を解決しましたか?\nお客さまや同僚の「困った」を"
              "思い出してみてください。",
    },
    "question_parent": {
        "en": "Whose problem did you solve today? Did your advice or a post ease someone's "
              "worry?",
        "ja": "今日は、誰のどんな問題を解決しましたか?\nあなたの言葉や発信で、誰かの悩みが"
              "軽くなりましたか?",
    },
    "question_student": {
        "en": "Whose problem did you solve today? Something you noticed in class, your club "
              "or internship — and what you did about it?",
        "ja": "今日は、誰のどんな問題を解決しましたか?\n授業・部活・インターンで気づいた"
              "ことと、あなたが提案・行動したことは?",
    },
    "question_freelancer": {
        "en": "Whose problem did you solve today? Think of a client and what your work "
              "fixed for them.",
        "ja": "今日は、誰のどんな問題を解決しましたか?\nクライアントの「困った」を、"
              "あなたの仕事がどう解決したか思い出してみてください。",
    },
    "question_other": {
        "en": "Whose problem did you solve today?",
        "ja": "今日は、誰のどんな問題を解決しましたか?",
    },
    "reminder_prefix": {
        "en": "A gentle reminder, as you asked.",
        "ja": "リマインドです。",
    },
    "btn_answer": {"en": "✍️ Answer", "ja": "✍️ 答える"},
    "btn_nothing": {"en": "Nothing today", "ja": "今日はなし"},
    "btn_later": {"en": "Later (1 hour)", "ja": "あとで(1時間後)"},
    "btn_skip_today": {"en": "Skip today", "ja": "今日はスキップ"},
    # --- the answer flow ----------------------------------------------------------------
    "ask_who": {
        "en": "<b>Whose</b> problem was it? A person or a kind of person "
              "(e.g. <i>my colleague Sato</i>, <i>a first-time customer</i>).\n"
              "Tip: you can also send it all at once — <i>who / problem / how</i>.",
        "ja": "<b>誰の</b>問題でしたか? 名前でも、<i>初めてのお客さま</i>のような"
              "言い方でもOKです。\n"
              "<i>誰 / どんな問題 / どう解決</i> と1通にまとめて送ることもできます。",
    },
    "ask_problem": {
        "en": "What was <b>their problem</b>?",
        "ja": "その人は、<b>どんなこと</b>に困っていましたか?",
    },
    "ask_how": {
        "en": "<b>How</b> did you solve it?",
        "ja": "あなたは、<b>どうやって</b>解決しましたか?",
    },
    "ask_outcome": {
        "en": "And <b>what came of it</b>? A reaction, a result, a thank-you… "
              "(optional — tap Skip if nothing yet)",
        "ja": "その<b>結果</b>、どうなりましたか? 相手の反応や成果、「ありがとう」の"
              "ひとことなど(任意です。まだなければ「スキップ」を押してください)",
    },
    "btn_skip_step": {"en": "Skip", "ja": "スキップ"},
    "backdated_note": {
        "en": "This answers the question from {date}; I'll file it under that day.",
        "ja": "{date}の質問への回答として、その日の記録にしますね。",
    },
    "nothing_saved": {
        "en": "Noted: nothing today. Noticing that is part of the practice too. "
              "See you tomorrow 🌙",
        "ja": "「今日はなし」と記録しました。ふりかえること自体が大切な一歩です。また明日 🌙",
    },
    "skipped_today": {
        "en": "Skipped for today. I'll ask again tomorrow.",
        "ja": "今日はスキップしますね。また明日お聞きします。",
    },
    "later_set": {
        "en": "Okay, I'll ask again at {time}.",
        "ja": "わかりました。{time}ごろにもう一度お聞きします。",
    },
    "prompt_closed": {
        "en": "That question was for {date} and is closed now. /log records something for "
              "today.",
        "ja": "これは{date}の質問で、受付を終了しています。今日の分は /log で記録できます。",
    },
    "prompt_done_already": {
        "en": "You've already answered this one — thank you! /log adds another entry.",
        "ja": "この質問には回答済みです。ありがとうございます! 追加の記録は /log からどうぞ。",
    },
    "cancelled": {
        "en": "Stopped. What you wrote so far is kept as a draft — /log picks it up again.",
        "ja": "中断しました。ここまでの内容は下書きとして残してあります。"
              "/log で続きから書けます。",
    },
    "cancelled_nothing_written": {
        "en": "Stopped. Nothing was written yet. /log starts again whenever you like.",
        "ja": "中断しました(まだ何も書かれていません)。/log でいつでも始められます。",
    },
    "cancelled_input": {
        "en": "Okay, cancelled. Nothing changed.",
        "ja": "キャンセルしました。何も変わっていません。",
    },
    "cancelled_edit": {
        "en": "Okay, edit cancelled — it stays as it was.",
        "ja": "編集をやめました。内容は元のままです。",
    },
    "nothing_to_cancel": {
        "en": "There's nothing to cancel right now.",
        "ja": "いまは中断するものはありません。",
    },
    "log_earlier_intro": {
        "en": "📅 This entry goes under {date}.",
        "ja": "📅 {date}の記録として書きます。",
    },
    "log_date_unknown": {
        "en": "I didn't catch that date. Try /log yesterday or /log 2026-11-28 (or just /log "
              "for today).",
        "ja": "日付が読み取れませんでした。/log 昨日 や /log 2026-11-28 のように送ってください"
              "(今日の分は /log だけで大丈夫です)。",
    },
    "log_date_future": {
        "en": "{date} hasn't come yet. Entries can go under today or an earlier day.",
        "ja": "{date}はまだ来ていません。記録できるのは今日か、それより前の日です。",
    },
    "log_date_too_old": {
        "en": "That's more than a year ago. Entries can go back one year at most.",
        "ja": "1年より前の日付です。さかのぼれるのは1年前までです。",
    },
    "resume_offer": {
        "en": "You have an unfinished entry ({preview}). Continue it, or start over?",
        "ja": "書きかけの記録があります({preview})。続きから書きますか? 最初から書き直しますか?",
    },
    "btn_resume": {"en": "Continue", "ja": "続きから書く"},
    "btn_restart": {"en": "Start over", "ja": "最初から"},
    "draft_empty_preview": {"en": "not started", "ja": "未記入"},
    "free_text_offer": {
        "en": "I've kept what you wrote. Shall I use it as the start of an entry?",
        "ja": "書いてくれた内容は保管しました。これをもとに記録を書きますか?",
    },
    "btn_log_this": {"en": "✍️ Log it", "ja": "✍️ 記録する"},
    "btn_what_can_you_do": {"en": "What can you do?", "ja": "できること"},
    "inbox_gone": {
        "en": "That text is no longer waiting. /log starts a new entry.",
        "ja": "その内容はもう受付済みです。新しい記録は /log からどうぞ。",
    },
    # --- bad input ----------------------------------------------------------------------
    "empty_text": {
        "en": "That message looks empty — could you write a few words?",
        "ja": "メッセージが空のようです。ひとことでも書いて送ってください。",
    },
    "text_only": {
        "en": "I haven't saved that: entries are written in words (or sent as a voice "
              "message). Thank-yous you received can be forwarded to me, sent as a photo or "
              "screenshot, or typed with /thanks.",
        "ja": "これは保存していません。記録は言葉で書くか、ボイスメッセージで送ってください。受け取った"
              "「ありがとう」は、転送・写真やスクリーンショット・/thanks での入力で保存できます。",
    },
    "unknown_command": {
        "en": "I don't know {command}. /help shows what I can do.",
        "ja": "{command} というコマンドはありません。/help でできることを確認できます。",
    },
    "private_only": {
        "en": "I keep journals in private chats only, so what you write stays yours. "
              "Message me directly: @{bot}",
        "ja": "記録は個別チャットだけで受け付けています(内容があなただけのものになるように)。"
              "こちらから直接話しかけてください:@{bot}",
    },
    "edited_ignored": {
        "en": "I saw you edited a message. Edits don't change what I've already saved — "
              "to fix an entry, open /history and tap ✏️ under it.",
        "ja": "メッセージの編集に気づきました。編集しても保存済みの内容は変わりません。"
              "記録を直すときは /history を開き、その記録の ✏️ を押してください。",
    },
    "sender_unknown": {
        "en": "I couldn't tell who sent that message, so I haven't kept it. "
              "Please send it again.",
        "ja": "送信者がわからないメッセージだったため、保存していません。"
              "お手数ですが、もう一度送ってください。",
    },
    "inline_button": {
        "en": "This button works only in your private chat with me.",
        "ja": "このボタンは、わたしとの個別チャットでだけ使えます。",
    },
    "stale_button": {
        "en": "That button is from an older message. Here's where we are now:",
        "ja": "これは古いメッセージのボタンです。いまの状態はこちらです:",
    },
    "unknown_presser": {
        "en": "I don't hold a journal for you (anymore). /start begins a new one.",
        "ja": "あなたの記録は(もう)ありません。/start で新しく始められます。",
    },
    "error_generic": {
        "en": "Sorry, something went wrong on my side and nothing from that message was "
              "saved. Please try again in a moment.",
        "ja": "すみません、こちらで問題が起きたため、今のメッセージは保存できていません。"
              "少し時間をおいてもう一度お試しください。",
    },
    "saved_unconfirmed": {
        "en": "✅ Saved — I couldn't send my usual reply, but there's no need to send it again.",
        "ja": "✅ 保存しました。いつもの返信は送れませんでしたが、送り直す必要はありません。",
    },
    "saved_before_restart": {
        "en": "✅ I restarted just now. What you sent before that is saved.",
        "ja": "✅ さきほど再起動しました。その前に送っていただいた内容は保存されています。",
    },
    # --- help and settings --------------------------------------------------------------
    "help_intro": {
        "en": "<b>Value journal</b> — whose problem did you solve today, and how?\n"
              "I ask at the time you chose, every day or on the days you pick in /settings. "
              "Answer step by step, or in one message: "
              "<i>who / problem / how</i> (and, if you like, <i>/ what came of it</i>). "
              "Forward me the thank-yous you receive, or send a screenshot of them.",
        "ja": "<b>価値の日記</b> — 今日は、誰のどんな問題を、どう解決しましたか?\n"
              "決まった時刻に、毎日(または /settings で選んだ曜日に)お聞きします。順番に答えるか、"
              "<i>誰 / どんな問題 / どう解決</i>(必要なら <i>/ その結果</i>)と1通で"
              "送ってください。受け取ったお礼は、転送するかスクリーンショットを送ると保存できます。",
    },
    "help_group_write": {"en": "<b>✍️ Writing</b>", "ja": "<b>✍️ 記録する</b>"},
    "help_group_look_back": {"en": "<b>📖 Looking back</b>", "ja": "<b>📖 ふりかえる</b>"},
    "help_group_settings": {"en": "<b>⚙️ Settings and your data</b>",
                            "ja": "<b>⚙️ 設定とデータ</b>"},
    "help_line": {"en": "{command} — {description}", "ja": "{command} — {description}"},
    "settings": {
        "en": "<b>Settings</b>\n"
              "Language: {language}\n"
              "Time zone: {tz}\n"
              "Daily question: {time}{paused}\n"
              "Persona: {persona}\n"
              "Don't ask on days you've already written: {skip}\n"
              "Weekly digest: {digest}\n"
              "Thank-yous from a while ago: {thanks_back}\n"
              "Last question varies by day: {varied}",
        "ja": "<b>設定</b>\n"
              "言語:{language}\n"
              "タイムゾーン:{tz}\n"
              "毎日の質問:{time}{paused}\n"
              "タイプ:{persona}\n"
              "書いた日は聞かない:{skip}\n"
              "週のふりかえり:{digest}\n"
              "以前のお礼を届ける:{thanks_back}\n"
              "最後の質問を日替わりにする:{varied}",
    },
    "paused_suffix": {"en": " (paused)", "ja": "(一時停止中)"},
    "on": {"en": "on", "ja": "オン"},
    "off": {"en": "off", "ja": "オフ"},
    "language_name": {"en": "English", "ja": "日本語"},
    "btn_language": {"en": "Language", "ja": "言語"},
    "btn_timezone": {"en": "Time zone", "ja": "タイムゾーン"},
    "btn_time": {"en": "Time", "ja": "時刻"},
    "btn_persona": {"en": "Persona", "ja": "タイプ"},
    "btn_pause": {"en": "⏸ Pause", "ja": "⏸ 一時停止"},
    "btn_resume_prompts": {"en": "▶️ Resume", "ja": "▶️ 再開"},
    "btn_skip_logged": {"en": "Don't ask on days you've written: {state}",
                        "ja": "書いた日は聞かない:{state}"},
    "btn_close": {"en": "Done", "ja": "閉じる"},
    "btn_back": {"en": "« Back", "ja": "« 戻る"},
    "choose_language": {"en": "Choose a language:", "ja": "言語を選んでください:"},
    "time_in_zone": {"en": "{time} {zone}", "ja": "{time}({zone})"},
    "btn_digest_time": {"en": "🕗 Time: {time}", "ja": "🕗 時刻:{time}"},
    "ask_digest_time": {
        "en": "At what time should the weekly digest come? Tap one, or type a time like "
              "<i>19:30</i> or <i>7:30pm</i>.",
        "ja": "週のふりかえりは何時にお届けしましょうか? ボタンを選ぶか、<i>19:30</i> や "
              "<i>19時半</i> のように入力してください。",
    },
    "zone_time": {"en": "{city} time", "ja": "{city}時間"},
    "paused": {
        "en": "Paused. I won't send the daily question until you resume it in /settings. "
              "Enjoy your break! You can still write with /log.",
        "ja": "一時停止しました。/settings で再開するまで、毎日の質問はお休みします。"
              "ゆっくり休んでくださいね。記録は /log からいつでもできます。",
    },
    "resumed": {
        "en": "Welcome back! The daily question resumes: next one {when}.",
        "ja": "おかえりなさい! 毎日の質問を再開します。次回は{when}です。",
    },
    "saved_setting": {
        "en": "Saved. Next daily question: {when}.",
        "ja": "保存しました。次の質問は{when}です。",
    },
    "settings_closed": {"en": "Closed. /settings opens this again.",
                        "ja": "設定を閉じました。/settings でまた開けます。"},
    "when_today": {"en": "today at {time}", "ja": "今日の{time}"},
    "when_tomorrow": {"en": "tomorrow at {time}", "ja": "明日の{time}"},
    "when_date": {"en": "{date} at {time}", "ja": "{date} {time}"},
    "date_format": {"en": "{month_name} {day}", "ja": "{month}月{day}日"},
    # --- commands as registered with Telegram ------------------------------------------
    "cmd_log": {"en": "Write an entry now", "ja": "いま記録する"},
    "cmd_cancel": {"en": "Stop what you're writing (an entry stays as a draft)",
                   "ja": "入力を中断する(記録は下書きとして残ります)"},
    "cmd_settings": {"en": "Language, time zone, days and times, persona, pause, weekly digest",
                     "ja": "言語・タイムゾーン・曜日と時刻・タイプ・一時停止・週のふりかえり"},
    "cmd_help": {"en": "All commands and how the journal works", "ja": "コマンドの一覧と使い方"},
    "cmd_start": {"en": "Introduction and setup (your journal stays)",
                  "ja": "はじめの案内と設定(記録は消えません)"},
    "cmd_week": {"en": "This week so far (/week last: the week before)",
                 "ja": "今週のふりかえり(/week last で先週)"},
    "cmd_history": {"en": "Your entries, page by page: read, edit, delete",
                    "ja": "これまでの記録を見る・直す・消す"},
    "cmd_search": {"en": "Search your problems and thank-yous",
                   "ja": "記録とお礼を検索"},
    "cmd_focus": {"en": "Your personal metric: /focus who / problem",
                  "ja": "自分だけの指標(/focus 誰 / どんな問題)"},
    "cmd_export": {"en": "Download your journal (CSV, JSON, Markdown)",
                   "ja": "記録をダウンロード(CSV・JSON・Markdown)"},
    "cmd_forget": {"en": "Erase everything I hold about you", "ja": "あなたのデータをすべて消去"},
}

for _texts in (_thanks_texts, _digest_texts, _history_texts, _search_export_texts,
               _entries_texts, _thanks_back_texts, _people_texts, _questions_texts,
               _report_texts, _review_texts, _cadence_texts):
    CATALOG |= _texts.TEXTS

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def t(lang: str, key: str, **kwargs: Any) -> str:
    """The text ``key`` in ``lang`` (falls back to English), with escaped arguments."""
    texts = CATALOG[key]
    template = texts.get(lang) or texts["en"]
    safe = {
        name: value if isinstance(value, Raw) else html.escape(str(value), quote=False)
        for name, value in kwargs.items()
    }
    return template.format(**safe)


def plain(lang: str, key: str, **kwargs: Any) -> str:
    """The text ``key`` filled in as plain text, nothing escaped: for button labels, chart
    labels, files, and parts that ``t`` escapes once later."""
    texts = CATALOG[key]
    return (texts.get(lang) or texts["en"]).format(**kwargs)


def question_label(lang: str, key: str | None) -> str | None:
    """The question an entry's outcome answered, as plain text ("What surprised you?"), or
    None for the usual "What came of it?" (and entries typed in one message)."""
    if not key or key == "result" or f"oq_{key}" not in CATALOG:
        return None
    return re.sub(r"</?[bi]>", "", plain(lang, f"oq_{key}"))


def kind_label(lang: str, kind: str | None) -> str:
    """What to show for a message without text: "📷 photo", "🎤 voice message", …"""
    key = f"kind_{kind}"
    return plain(lang, key) if key in CATALOG else (kind or "")


SAVED_VARIANTS = 3


def entry_saved(lang: str, entry_id: int, who: str, problem: str, week_count: int) -> str:
    """The reply to a saved entry: names the person and the problem, short, in one of a few
    wordings that rotate from one entry to the next (the same every time for one entry)."""
    week = (t(lang, "entry_week_one") if week_count == 1
            else t(lang, "entry_week_other", count=week_count))
    return t(lang, f"entry_saved_{entry_id % SAVED_VARIANTS}", who=shorten(who, 60),
             problem=shorten(problem, 50), week=Raw(week))


def shorten(text: str, limit: int = 120) -> str:
    """A quote of user text short enough for a reply (the stored text stays whole)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def format_date(lang: str, iso_date: str) -> str:
    year, month, day = (int(p) for p in iso_date.split("-"))
    return t(lang, "date_format", month=month, day=day, month_name=MONTHS_EN[month - 1])


# --- time zones and clock times --------------------------------------------------------
# Every zone the bot knows by a place name (bot/core/parsing.py), labelled by its city in
# each language; a third name, where given, is the Japanese name of the zone's time
# (日本時間, 韓国時間: zones that are their country's only one). Every other zone reads as
# its city: ロンドン時間, "London time".
# fmt: off
ZONE_NAMES: dict[str, tuple[str, str, str | None]] = {
    "Asia/Tokyo": ("Tokyo", "東京", "日本時間"),
    "Asia/Seoul": ("Seoul", "ソウル", "韓国時間"),
    "Asia/Shanghai": ("Shanghai", "上海", "中国時間"),
    "Asia/Taipei": ("Taipei", "台北", "台湾時間"),
    "Asia/Hong_Kong": ("Hong Kong", "香港", "香港時間"),
    "Asia/Singapore": ("Singapore", "シンガポール", "シンガポール時間"),
    "Asia/Kuala_Lumpur": ("Kuala Lumpur", "クアラルンプール", "マレーシア時間"),
    "Asia/Manila": ("Manila", "マニラ", "フィリピン時間"),
    "Asia/Jakarta": ("Jakarta", "ジャカルタ", None),
    "Asia/Bangkok": ("Bangkok", "バンコク", "タイ時間"),
    "Asia/Ho_Chi_Minh": ("Ho Chi Minh City", "ホーチミン", "ベトナム時間"),
    "Asia/Kolkata": ("Delhi", "デリー", "インド時間"),
    "Asia/Dubai": ("Dubai", "ドバイ", None),
    "Europe/London": ("London", "ロンドン", "イギリス時間"),
    "Europe/Paris": ("Paris", "パリ", "フランス時間"),
    "Europe/Berlin": ("Berlin", "ベルリン", "ドイツ時間"),
    "Europe/Madrid": ("Madrid", "マドリード", None),
    "Europe/Rome": ("Rome", "ローマ", "イタリア時間"),
    "Europe/Amsterdam": ("Amsterdam", "アムステルダム", "オランダ時間"),
    "Europe/Zurich": ("Zurich", "チューリッヒ", "スイス時間"),
    "Europe/Stockholm": ("Stockholm", "ストックホルム", "スウェーデン時間"),
    "Europe/Istanbul": ("Istanbul", "イスタンブール", "トルコ時間"),
    "Europe/Moscow": ("Moscow", "モスクワ", None),
    "America/New_York": ("New York", "ニューヨーク", None),
    "America/Chicago": ("Chicago", "シカゴ", None),
    "America/Denver": ("Denver", "デンバー", None),
    "America/Phoenix": ("Phoenix", "フェニックス", None),
    "America/Los_Angeles": ("Los Angeles", "ロサンゼルス", None),
    "America/Anchorage": ("Anchorage", "アンカレッジ", None),
    "Pacific/Honolulu": ("Honolulu", "ホノルル", "ハワイ時間"),
    "America/Toronto": ("Toronto", "トロント", None),
    "America/Vancouver": ("Vancouver", "バンクーバー", None),
    "America/Mexico_City": ("Mexico City", "メキシコシティ", None),
    "America/Sao_Paulo": ("São Paulo", "サンパウロ", None),
    "America/Argentina/Buenos_Aires": ("Buenos Aires", "ブエノスアイレス", "アルゼンチン時間"),
    "Australia/Sydney": ("Sydney", "シドニー", None),
    "Australia/Melbourne": ("Melbourne", "メルボルン", None),
    "Australia/Brisbane": ("Brisbane", "ブリスベン", None),
    "Australia/Perth": ("Perth", "パース", None),
    "Pacific/Auckland": ("Auckland", "オークランド", "ニュージーランド時間"),
    "Africa/Cairo": ("Cairo", "カイロ", "エジプト時間"),
    "Africa/Johannesburg": ("Johannesburg", "ヨハネスブルグ", "南アフリカ時間"),
    "Africa/Lagos": ("Lagos", "ラゴス", "ナイジェリア時間"),
    "Africa/Nairobi": ("Nairobi", "ナイロビ", "ケニア時間"),
}
# fmt: on


def zone_label(lang: str, key: str) -> str:
    """A time zone as its city, in ``lang``: 東京, ソウル, London, New York. A zone without a
    name here shows the city part of its IANA key (America/Argentina/Cordoba → Cordoba);
    ``UTC`` and offsets (``UTC+05:30``) show as they are."""
    names = ZONE_NAMES.get(key)
    if names is not None:
        return names[1] if lang == "ja" else names[0]
    if "/" in key:
        return key.rsplit("/", 1)[1].replace("_", " ")
    return key


def zone_time_name(lang: str, key: str) -> str:
    """What the zone's time is called: 日本時間, ロンドン時間, "New York time", "UTC"."""
    if key == "UTC" or key.startswith("UTC"):
        return key
    names = ZONE_NAMES.get(key)
    if lang == "ja" and names is not None and names[2] is not None:
        return names[2]
    return t(lang, "zone_time", city=zone_label(lang, key))


def clock_time(lang: str, hhmm: str) -> str:
    """A stored ``HH:MM`` as people read it: 21:00 in Japanese, "9:00 pm" in English."""
    hour, minute = (int(p) for p in hhmm.split(":"))
    if lang == "ja":
        return f"{hour}:{minute:02d}"
    suffix = "am" if hour < 12 else "pm"
    return f"{(hour % 12) or 12}:{minute:02d} {suffix}"


def local_time(lang: str, hhmm: str, zone_key: str) -> str:
    """A time in the user's zone: 「21:00(日本時間)」, "9:00 pm New York time"."""
    return t(lang, "time_in_zone", time=clock_time(lang, hhmm),
             zone=Raw(zone_time_name(lang, zone_key)))


def weekdays_short(lang: str, days: int) -> str:
    """The weekdays of a cadence mask, Monday first: "Mon, Wed, Fri" / 「月・水・金」."""
    return plain(lang, "days_separator").join(
        plain(lang, f"weekday_short_{d}") for d in cadence.days_of(days))


def question_schedule(lang: str, days: int, hhmm: str, zone_key: str) -> str:
    """When the daily question comes, the one wording of it (/settings, /start): the time
    alone every day (「21:00(日本時間)」), else with its days: "Mon, Wed, Fri at 9:00 pm
    London time", 「月・水・金の21:00(イギリス時間)」, "every Friday at …", "weekdays at …"."""
    at = Raw(local_time(lang, hhmm, zone_key))
    if days == cadence.EVERY_DAY:
        return at
    if days == cadence.WEEKDAYS:
        return t(lang, "cadence_weekdays", time=at)
    if days == cadence.WEEKEND:
        return t(lang, "cadence_weekend", time=at)
    if cadence.kind(days) == "weekly":
        return t(lang, "cadence_weekly", day=t(lang, f"weekday_{cadence.days_of(days)[0]}"),
                 time=at)
    return t(lang, "cadence_days", days=weekdays_short(lang, days), time=at)
