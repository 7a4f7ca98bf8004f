"""Texts of the 13 weeks: the digest's "week 5 of 13" line and the 13-week review with its
question about the next 13 weeks (English and Japanese), merged into
``bot.messages.CATALOG``."""

TEXTS: dict[str, dict[str, str]] = {
    # --- the week count, on the digest's 📅 line (and /week's) --------------------------
    "pr_line": {"en": "📅 {parts}", "ja": "📅 {parts}"},
    "pr_sep": {"en": " · ", "ja": "・"},
    "pr_week_of": {"en": "Week {n} of 13", "ja": "13週間の{n}週目"},
    "pr_weeks_so_far": {"en": "{n} of 13 weeks so far", "ja": "13週間のうち{n}週を記録"},
    "pr_weeks_none": {"en": "Your 13 weeks begin with your next entry",
                      "ja": "13週間は次の記録からはじまります"},
    "pr_streak": {"en": "{n} weeks in a row", "ja": "{n}週連続"},
    # --- the review ---------------------------------------------------------------------
    "rv_title": {
        "en": "🌳 <b>Your 13 weeks</b> · {first} – {last}",
        "ja": "🌳 <b>13週間のふりかえり</b>({first}〜{last})",
    },
    "rv_intro": {
        "en": "Thirteen weeks of noticing whose problems you solve. Here is what they hold.",
        "ja": "誰のどんな問題を解決したか、13週間書きとめてきました。ふりかえってみましょう。",
    },
    "rv_totals": {
        "en": "🧩 Problems you solved: <b>{solved}</b> · 💌 Thank-yous received: <b>{thanks}</b>",
        "ja": "🧩 解決した問題:<b>{solved}件</b>・💌 受け取った「ありがとう」:<b>{thanks}件</b>",
    },
    "rv_best_week": {
        "en": "Your fullest week: the week of {date}, {solved} problems solved",
        "ja": "いちばん多かった週:{date}からの週(解決{solved}件)",
    },
    "rv_people_head": {"en": "🤝 <b>The people you helped most</b>",
                       "ja": "🤝 <b>いちばん力になった人</b>"},
    "rv_person": {"en": "{name} — {counts}", "ja": "{name} — {counts}"},
    "rv_quotes_head": {"en": "💬 <b>In their words</b>", "ja": "💬 <b>もらった言葉</b>"},
    "rv_quote": {"en": "“{text}” — {who}, {date}", "ja": "「{text}」— {who}({date})"},
    "rv_focus": {
        "en": "🎯 Your focus “{focus}”: {count} in these 13 weeks",
        "ja": "🎯 あなたの指標「{focus}」:この13週間で{count}件",
    },
    "rv_no_focus": {
        "en": "🎯 No personal metric yet: choose one below, and the next 13 weeks will count it.",
        "ja": "🎯 指標はまだありません。下のボタンで決めると、次の13週間で数えます。",
    },
    "rv_streak": {
        "en": "📅 {n} weeks in a row with an entry or a thank-you",
        "ja": "📅 記録か「ありがとう」のあった週が{n}週連続",
    },
    "rv_weeks_span": {
        "en": "📅 Your 13 weeks took {span} weeks: quiet weeks don't break the count",
        "ja": "📅 13週間に{span}週かかりました。記録のない週は数えないので、途切れません",
    },
    "rv_next": {
        "en": "A new 13 weeks starts now.",
        "ja": "ここから、新しい13週間がはじまります。",
    },
    "rv_question": {
        "en": "💭 <b>Whose problems do you want to focus on for the next 13 weeks?</b>",
        "ja": "💭 <b>次の13週間は、誰のどんな問題に力を注ぎたいですか?</b>",
    },
    "rv_chart_title": {"en": "Your 13 weeks", "ja": "あなたの13週間"},
    "rv_chart_caption": {
        "en": "Problems solved and thank-yous, week by week over your 13 weeks",
        "ja": "13週間の「解決した問題」と「ありがとう」(週ごと)",
    },
    "btn_next_focus": {"en": "🎯 Choose my focus", "ja": "🎯 指標を決める"},
    "btn_keep_focus": {"en": "Keep “{focus}”", "ja": "「{focus}」を続ける"},
    "ask_next_focus": {
        "en": "For whom, and which problem? One line, e.g. <code>young parents / sleep</code>. "
              "It becomes your personal metric: each weekly digest counts what matches it, "
              "and so will your next 13-week review.",
        "ja": "誰の、どんな問題ですか?1行で、たとえば <code>20代女性の転職不安</code>。"
              "あなたの指標になり、毎週のふりかえりと次の13週間のふりかえりで、"
              "当てはまる記録を数えます。",
    },
    "next_focus_set": {
        "en": "🎯 Your focus for the next 13 weeks: <b>{focus}</b>. /focus changes it anytime.",
        "ja": "🎯 次の13週間の指標:<b>{focus}</b>。/focus でいつでも変えられます。",
    },
    "next_focus_kept": {
        "en": "🎯 Keeping your focus for the next 13 weeks: <b>{focus}</b>.",
        "ja": "🎯 次の13週間も、指標は<b>{focus}</b>のままです。",
    },
}
