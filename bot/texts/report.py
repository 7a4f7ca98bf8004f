"""Texts of /report (its replies, and the words on its PDF page) and /numbers (the old
numbers shown beside the new ones), in English and Japanese, merged into
``bot.messages.CATALOG``. The PDF's texts are plain (``plain``), never HTML."""

TEXTS: dict[str, dict[str, str]] = {
    "cmd_report": {"en": "A one-page PDF of this quarter, to hand over (or of any dates)",
                   "ja": "今期の記録を1枚のPDFに(期間の指定もできます)"},
    "cmd_numbers": {"en": "Old numbers (followers, sales…) to show beside the new in /report",
                    "ja": "これまでの数字(フォロワー数など)を記録し /report に並べる"},
    # --- /report's replies ---------------------------------------------------------------
    "rp_caption": {
        "en": "📄 <b>Your report for {period}</b>\n"
              "Problems solved: {solved} · thank-yous: {thanks} · people helped: {people}\n"
              "One page, ready to hand over.",
        "ja": "📄 <b>{period}のレポート</b>\n"
              "解決した問題:{solved}件・「ありがとう」:{thanks}件・力になった人:{people}人\n"
              "そのまま渡せる1枚です。",
    },
    "rp_caption_numbers_none": {
        "en": "Your old numbers (followers, likes, sales…) can stand beside these: "
              "/numbers followers 1350",
        "ja": "これまでの数字(フォロワー数・いいね数・売上など)も並べられます:"
              "/numbers フォロワー 1350",
    },
    "rp_caption_numbers_some": {
        "en": "Beside them, your old numbers: {names}. /numbers updates them.",
        "ja": "これまでの数字({names})も並べました。更新は /numbers で。",
    },
    "rp_caption_more": {
        "en": "Other periods: /report last (the quarter before), /report 2026-09-01 2026-11-30",
        "ja": "ほかの期間:/report last(前の四半期)、/report 2026-09-01 2026-11-30",
    },
    "rp_empty": {
        "en": "Nothing to report for {period} yet: no problem solved and no thank-you kept "
              "in it. Write what you do with /log and forward me the thank-yous you receive; "
              "then /report makes a page to hand over.\n"
              "Another period? /report last, or /report 2026-09-01 2026-11-30",
        "ja": "{period}には、まだレポートにできる記録がありません(解決した問題も、お礼もあり"
              "ません)。/log で記録し、受け取ったお礼を転送すると、/report で渡せる1枚が"
              "できます。\n"
              "ほかの期間は /report last や /report 2026-09-01 2026-11-30 で。",
    },
    "rp_unreadable": {
        "en": "I couldn't read “{text}” as a period. For example:\n"
              "/report — this quarter\n"
              "/report last — the quarter before\n"
              "/report 2026 Q3 — a quarter · /report 2026 — a year\n"
              "/report 2026-09-01 2026-11-30 — from one date to another (two years at most)",
        "ja": "「{text}」は期間として読み取れませんでした。たとえば:\n"
              "/report — 今期(この四半期)\n"
              "/report last — 前の四半期\n"
              "/report 2026 Q3 — 四半期を指定 · /report 2026 — 1年分\n"
              "/report 2026-09-01 2026-11-30 — 日付から日付まで(最長2年)",
    },
    "rp_backwards": {
        "en": "That period ends ({last}) before it starts ({first}). Put the earlier date "
              "first, e.g. /report 2026-09-01 2026-11-30",
        "ja": "終わりの日({last})が始まりの日({first})より前になっています。早い日付を先に"
              "書いてください(例:/report 2026-09-01 2026-11-30)。",
    },
    "rp_too_long": {
        "en": "From {first} to {last} is more than two years. A report covers two years at "
              "most: try a shorter range, or one year (/report 2026).",
        "ja": "{first}から{last}までは2年を超えています。レポートは最長2年です。期間を短く"
              "するか、1年ごとに作ってください(/report 2026)。",
    },
    "rp_future": {
        "en": "That period starts on {first}, which is still to come. /report alone shows "
              "this quarter so far.",
        "ja": "その期間は{first}から始まるので、まだ先です。/report だけなら今期のこれまでを"
              "まとめます。",
    },
    "rp_failed": {
        "en": "Sorry, I couldn't make the PDF just now. Nothing is lost: please try /report "
              "again in a minute.",
        "ja": "すみません、いまPDFを作れませんでした。記録は無事です。少ししてから /report を"
              "もう一度お試しください。",
    },
    "rp_period_quarter": {"en": "{year} Q{quarter}", "ja": "{year}年 第{quarter}四半期"},
    "rp_period_year": {"en": "{year}", "ja": "{year}年"},
    "rp_period_range": {"en": "{first} – {last}", "ja": "{first}〜{last}"},
    # {month}: the month's name in English (January; Jan in the short forms), its number in
    # Japanese
    "rp_date": {"en": "{month} {day}, {year}", "ja": "{year}年{month}月{day}日"},
    "rp_date_short": {"en": "{month} {day}", "ja": "{month}月{day}日"},
    "rp_date_short_year": {"en": "{month} {day}, {year}", "ja": "{year}年{month}月{day}日"},
    # --- the PDF page (plain text) ---------------------------------------------------------
    "rp_pdf_brand": {"en": "Value journal · whose problem did I solve, and how?",
                     "ja": "価値の日記 — 誰の、どんな問題を、どう解決したか"},
    "rp_pdf_dates": {"en": "{first} – {last}", "ja": "{first}〜{last}"},
    "rp_pdf_days": {"en": "{count} days", "ja": "{count}日間"},
    "rp_pdf_so_far": {"en": "{dates} (so far: up to {today})", "ja": "{dates}({today}まで)"},
    "rp_pdf_new": {"en": "The new numbers", "ja": "新しい数字"},
    "rp_pdf_old": {"en": "The old numbers", "ja": "これまでの数字"},
    "rp_pdf_solved": {"en": "problems solved", "ja": "解決した問題"},
    "rp_pdf_thanks": {"en": "thank-yous", "ja": "「ありがとう」"},
    "rp_pdf_people": {"en": "people helped", "ja": "力になった人"},
    "rp_pdf_focus": {"en": "personal metric", "ja": "指標"},
    "rp_pdf_old_since": {"en": "{start} ({start_date}) → {end} ({end_date})",
                         "ja": "{start}({start_date})→ {end}({end_date})"},
    "rp_pdf_old_once": {"en": "{end} ({end_date})", "ja": "{end}({end_date})"},
    "rp_pdf_old_more": {"en": "+{count} more: /numbers", "ja": "ほか{count}件"},
    "rp_pdf_by_week": {"en": "Week by week", "ja": "週ごと"},
    "rp_pdf_by_month": {"en": "Month by month", "ja": "月ごと"},
    "rp_pdf_focus_legend": {"en": "Personal metric: {focus}", "ja": "指標:{focus}"},
    "rp_pdf_people_title": {"en": "Problems solved, by person", "ja": "解決した問題(人ごと)"},
    "rp_pdf_problems_one": {"en": "1 problem", "ja": "解決1件"},
    "rp_pdf_problems_other": {"en": "{count} problems", "ja": "解決{count}件"},
    "rp_pdf_thanks_one": {"en": "1 thank-you", "ja": "お礼1件"},
    "rp_pdf_thanks_other": {"en": "{count} thank-yous", "ja": "お礼{count}件"},
    "rp_pdf_more_people_one": {"en": "…and 1 more person", "ja": "…ほか1人"},
    "rp_pdf_more_people_other": {"en": "…and {count} more people", "ja": "…ほか{count}人"},
    "rp_pdf_quotes_title": {"en": "Thank-yous, in their own words",
                            "ja": "受け取った「ありがとう」(原文のまま)"},
    "rp_pdf_more_quotes_one": {"en": "…and 1 more thank-you with words",
                               "ja": "…ほかに言葉のあるお礼が1件"},
    "rp_pdf_more_quotes_other": {"en": "…and {count} more thank-yous with words",
                                 "ja": "…ほかに言葉のあるお礼が{count}件"},
    "rp_pdf_wordless": {"en": "Without words (screenshots, stickers…): {count}",
                        "ja": "言葉のないお礼(スクリーンショットなど):{count}件"},
    "rp_pdf_no_quotes": {"en": "No thank-you with words in this period.",
                         "ja": "この期間に、言葉のあるお礼はありません。"},
    "rp_pdf_footer": {"en": "Made on {date} with the value journal (a Telegram bot). "
                            "Names and words as recorded.",
                      "ja": "{date}、「価値の日記」(Telegramボット)で作成。"
                            "名前と言葉は記録のままです。"},
    # --- /numbers --------------------------------------------------------------------------
    "on_usage": {
        "en": "<b>Your old numbers</b>\n"
              "The numbers you reported before — followers, likes, sales — stand beside the "
              "new ones (problems solved, thank-yous) in /report. Give one a name and a "
              "value:\n"
              "/numbers followers 1350\n"
              "/numbers sales 1.2m 2026-10-01 — a value for an earlier day\n"
              "/numbers delete followers",
        "ja": "<b>これまでの数字</b>\n"
              "フォロワー数・いいね数・売上など、これまで追いかけてきた数字を記録すると、"
              "/report で新しい数字(解決した問題・「ありがとう」)と並べて表示します。"
              "名前と値を送ってください:\n"
              "/numbers フォロワー 1350\n"
              "/numbers 売上 120万 2026-10-01 — 以前の日付の値\n"
              "/numbers 削除 フォロワー",
    },
    "on_list": {
        "en": "<b>Your old numbers</b> (shown beside the new ones in /report)\n{lines}\n\n"
              "Update one: /numbers {example} 1350 · delete: /numbers delete {example}",
        "ja": "<b>これまでの数字</b>(/report で新しい数字と並べます)\n{lines}\n\n"
              "更新:/numbers {example} 1350 · 削除:/numbers 削除 {example}",
    },
    "on_line": {"en": "• {name}: {value} ({date})", "ja": "・{name}:{value}({date})"},
    "on_line_since": {"en": "• {name}: {value} ({date}; {first} on {first_date})",
                      "ja": "・{name}:{value}({date}。{first_date}は{first})"},
    "on_saved": {
        "en": "✅ Saved: <b>{name}</b> {value} on {date}.{before}\n"
              "It stands beside your new numbers in /report.",
        "ja": "✅ 記録しました:<b>{name}</b> {value}({date})。{before}\n"
              "/report で新しい数字と並べて表示します。",
    },
    "on_saved_before": {"en": " Before: {value} on {date}.", "ja": "前回は{value}({date})。"},
    "on_deleted": {"en": "🗑 Deleted <b>{name}</b> and its values ({count}).",
                   "ja": "🗑 <b>{name}</b>を削除しました(値{count}件)。"},
    "on_not_found": {"en": "You have no old number called “{name}”. /numbers lists them.",
                     "ja": "「{name}」という数字は記録されていません。/numbers で一覧を見られます。"},
    "on_no_number": {"en": "Send a name and a number, e.g. /numbers followers 1350",
                     "ja": "名前と数値を送ってください(例:/numbers フォロワー 1350)。"},
    "on_no_name": {"en": "What is {value}? Send its name too, e.g. /numbers followers 1350",
                   "ja": "{value}は何の数字ですか? 名前も送ってください"
                         "(例:/numbers フォロワー 1350)。"},
    "on_bad_date": {"en": "I couldn't read that date. Write it like 2026-10-01, e.g. "
                          "/numbers followers 1200 2026-10-01",
                    "ja": "日付を読み取れませんでした。2026-10-01 のように書いてください"
                          "(例:/numbers フォロワー 1200 2026-10-01)。"},
    "on_future": {"en": "That date is still to come. Give the value for today or an earlier "
                        "day.",
                  "ja": "その日付はまだ先です。今日か、それより前の日付の値を送ってください。"},
    "on_too_many": {"en": "You keep {count} old numbers already. Delete one first: "
                          "/numbers delete NAME",
                    "ja": "これまでの数字はすでに{count}件あります。先にどれかを削除してください"
                          "(/numbers 削除 名前)。"},
}
