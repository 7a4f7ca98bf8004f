"""Texts of the weekly digest, /week, /focus and intentions (English and Japanese), merged
into ``bot.messages.CATALOG``."""

TEXTS: dict[str, dict[str, str]] = {
    "dg_title": {
        "en": "🌱 <b>Your week</b> · {first} – {last}",
        "ja": "🌱 <b>今週のふりかえり</b>({first}〜{last})",
    },
    "dg_title_so_far": {
        "en": "🌱 <b>Your week so far</b> · {first} – {last}",
        "ja": "🌱 <b>今週のここまで</b>({first}〜{last})",
    },
    "dg_title_last": {
        "en": "🌱 <b>Last week</b> · {first} – {last}",
        "ja": "🌱 <b>先週のふりかえり</b>({first}〜{last})",
    },
    "dg_intention": {
        "en": "Your intention for this week was: “{text}”",
        "ja": "今週のあなたの目標:「{text}」",
    },
    "dg_intention_last": {
        "en": "Your intention for that week was: “{text}”",
        "ja": "この週のあなたの目標:「{text}」",
    },
    "dg_before_joined": {
        "en": "You started your journal on {date}, so there's nothing from that week. "
              "/week shows the week you're in.",
        "ja": "記録をはじめたのは{date}なので、この週の記録はまだありません。"
              "いまの週は /week で見られます。",
    },
    "dg_empty": {
        "en": "A quiet week — nothing written down yet, and that's OK. Help often hides in "
              "small moments: a question answered, a door held, a worry listened to. "
              "Next time you notice one, tell me in a line: <i>who / problem / how</i>.",
        "ja": "静かな一週間でした。まだ記録はありませんが、大丈夫です。"
              "質問に答えた、話を聞いた――そんな小さな場面にも「解決」は隠れています。"
              "見つけたら <i>誰 / どんな問題 / どう解決</i> と1行で教えてください。",
    },
    "dg_thanks_only": {
        "en": "🌷 No problems written down this week, yet the thanks kept coming. What did you "
              "do for them? /log keeps it in a minute.",
        "ja": "🌷 今週は問題の記録はありませんが、「ありがとう」が届いています。"
              "何をしてあげたのか、/log で1分だけ書き留めてみませんか。",
    },
    "dg_thanks_only_last": {
        "en": "🌷 No problems written down that week, yet the thanks kept coming. What did you "
              "do for them? /log keeps it in a minute.",
        "ja": "🌷 この週は問題の記録はありませんが、「ありがとう」が届いていました。"
              "何をしてあげたのか、/log で1分だけ書き留めてみませんか。",
    },
    "dg_problems_head": {
        "en": "🧩 <b>Problems you solved: {count}</b>",
        "ja": "🧩 <b>解決した問題:{count}件</b>",
    },
    "dg_problem_line": {"en": "• {who} — {problem} — {how}", "ja": "・{who} — {problem} — {how}"},
    "dg_problem_outcome": {"en": " → {outcome}", "ja": " → {outcome}"},
    "dg_thanked_mark": {"en": " 💌", "ja": " 💌"},
    "dg_thanks_head": {
        "en": "💌 <b>Thank-yous received: {count}</b>",
        "ja": "💌 <b>受け取った「ありがとう」:{count}件</b>",
    },
    "dg_thanks_item": {"en": "{line}", "ja": "{line}"},
    "dg_thanks_rest": {"en": "…and {count} more, from {names}", "ja": "ほかに{count}件:{names}"},
    "dg_people": {"en": "🤝 <b>People you helped:</b> {people}",
                  "ja": "🤝 <b>力になった人:</b>{people}"},
    "list_separator": {"en": ", ", "ja": "、"},
    "dg_person": {"en": "{name}", "ja": "{name}"},
    "dg_person_times": {"en": "{name} ×{count}", "ja": "{name} ×{count}"},
    "dg_prev_week": {"en": "last week", "ja": "先週"},
    "dg_prev_week_before": {"en": "the week before", "ja": "その前の週"},
    "dg_vs_more": {"en": "{diff} more than {prev} ({last})",
                   "ja": "{prev}({last}件)より{diff}件多く"},
    "dg_vs_fewer": {"en": "{diff} fewer than {prev} ({last})",
                    "ja": "{prev}({last}件)より{diff}件少なく"},
    "dg_vs_same": {"en": "the same as {prev} ({last})", "ja": "{prev}({last}件)と同じ件数で"},
    "dg_avg_above": {"en": "above your 4-week average of {avg}",
                     "ja": "4週間の平均({avg}件)を上回っています"},
    "dg_avg_below": {"en": "a little below your 4-week average of {avg} — quieter weeks are "
                           "part of the rhythm",
                     "ja": "4週間の平均({avg}件)を少し下回っています。そんな週があっても大丈夫です"},
    "dg_avg_around": {"en": "right around your 4-week average of {avg}",
                      "ja": "4週間の平均({avg}件)とほぼ同じです"},
    "dg_avg_first": {"en": "your first in a month — welcome back",
                     "ja": "この1か月で初めての記録です。おかえりなさい"},
    "dg_compare": {"en": "📈 That's {vs_last}, {vs_avg}.", "ja": "📈 {vs_last}、{vs_avg}。"},
    "dg_only_more": {"en": "📈 That's {diff} more than {prev} ({last}).",
                     "ja": "📈 {prev}({last}件)より{diff}件多くなりました。"},
    "dg_only_fewer": {"en": "📈 That's {diff} fewer than {prev} ({last}) — quieter "
                            "weeks are part of the rhythm.",
                      "ja": "📈 {prev}({last}件)より{diff}件少なめです。そんな週もあります。"},
    "dg_only_same": {"en": "📈 The same as {prev} ({last}).",
                     "ja": "📈 {prev}({last}件)と同じペースです。"},
    "dg_compare_first": {"en": "📈 Your first week here — a fine start.",
                         "ja": "📈 はじめての一週間。いいスタートです。"},
    "dg_focus": {
        "en": "🎯 Your focus “{focus}”: {count} this week.",
        "ja": "🎯 あなたの指標「{focus}」:今週{count}件",
    },
    "dg_focus_last": {
        "en": "🎯 Your focus “{focus}”: {count} that week.",
        "ja": "🎯 あなたの指標「{focus}」:この週{count}件",
    },
    # parts of the 📅 line (bot.core.digest_text._practice_line; the rest in texts/review.py)
    "dg_days": {
        "en": "Days with an entry: {days} of 7",
        "ja": "記録した日:7日中{days}日",
    },
    "dg_days_so_far": {
        "en": "Days with an entry so far: {days} of {lived}",
        "ja": "記録した日:ここまで{lived}日中{days}日",
    },
    "dg_question": {
        "en": "💭 <b>Whose problem do you want to solve next week?</b>",
        "ja": "💭 <b>来週は、誰のどんな問題を解決したいですか?</b>",
    },
    "btn_intention": {"en": "✍️ Answer", "ja": "✍️ 答える"},
    "ask_intention": {
        "en": "Whose problem do you want to solve next week? One line is enough.",
        "ja": "来週は、誰のどんな問題を解決したいですか?1行で大丈夫です。",
    },
    "intention_saved": {
        "en": "Noted for the week of {date}: “{text}”. I'll remind you in that week's digest.",
        "ja": "{date}からの週の目標として保存しました:「{text}」。その週のふりかえりでお見せします。",
    },
    "chart_title": {"en": "Last {n} weeks", "ja": "直近{n}週間"},
    "chart_solved": {"en": "Problems solved", "ja": "解決した問題"},
    "chart_thanks": {"en": "Thank-yous", "ja": "「ありがとう」"},
    "chart_no_data": {"en": "No data yet", "ja": "まだデータがありません"},
    "chart_caption": {
        "en": "Problems solved and thank-yous, last 12 weeks",
        "ja": "直近12週間の「解決した問題」と「ありがとう」",
    },
    # --- /focus ---------------------------------------------------------------------------
    "focus_usage": {
        "en": "Your personal metric: one kind of person and problem you want to serve, e.g.\n"
              "<code>/focus young parents / sleep</code>\n"
              "Each weekly digest counts the week's entries that match it.{current}",
        "ja": "あなただけの指標を1つ決めましょう。誰の、どんな問題を解決したいか。例:\n"
              "<code>/focus 20代女性の転職不安</code>\n"
              "毎週のふりかえりで、当てはまる記録を数えます。{current}",
    },
    "focus_current": {
        "en": "\n\nNow: <b>{focus}</b> ({count} this week). <code>/focus off</code> removes it.",
        "ja": "\n\n現在の指標:<b>{focus}</b>(今週{count}件)。<code>/focus off</code> で解除できます。",
    },
    "focus_set": {
        "en": "🎯 Your focus is now <b>{focus}</b>: for whom “{who}”, which problem “{problem}”. "
              "This week so far: {count} matching entries.",
        "ja": "🎯 指標を<b>{focus}</b>にしました(誰:「{who}」/問題:「{problem}」)。"
              "今週ここまでに当てはまる記録:{count}件",
    },
    "focus_anyone": {"en": "anyone", "ja": "誰でも"},
    "focus_cleared": {"en": "Focus removed.", "ja": "指標を解除しました。"},
    # --- settings -------------------------------------------------------------------------
    "digest_setting": {"en": "{day} {time}", "ja": "{day} {time}"},
    "btn_digest": {"en": "Weekly digest", "ja": "週のふりかえり"},
    "digest_menu": {
        "en": "<b>Weekly digest</b>: {state}\nWeeks start on {week_start}.\n"
              "Choose the day and time, or turn it off:",
        "ja": "<b>週のふりかえり</b>:{state}\n週のはじまり:{week_start}\n"
              "曜日と時刻を選ぶか、オフにできます:",
    },
    "btn_digest_off": {"en": "Turn off", "ja": "オフにする"},
    "btn_digest_on": {"en": "Turn on", "ja": "オンにする"},
    "btn_week_start": {"en": "Weeks start: {day}", "ja": "週のはじまり:{day}"},
    "digest_saved": {
        "en": "Saved. Next weekly digest: {when}.",
        "ja": "保存しました。次の週のふりかえりは{when}です。",
    },
    "digest_turned_off": {
        "en": "The weekly digest is off. /week still shows your week anytime.",
        "ja": "週のふりかえりをオフにしました。/week でいつでも今週の様子を見られます。",
    },
    "weekday_0": {"en": "Monday", "ja": "月曜"},
    "weekday_1": {"en": "Tuesday", "ja": "火曜"},
    "weekday_2": {"en": "Wednesday", "ja": "水曜"},
    "weekday_3": {"en": "Thursday", "ja": "木曜"},
    "weekday_4": {"en": "Friday", "ja": "金曜"},
    "weekday_5": {"en": "Saturday", "ja": "土曜"},
    "weekday_6": {"en": "Sunday", "ja": "日曜"},
}
