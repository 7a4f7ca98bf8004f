"""Texts of /search and /export (English and Japanese), merged into ``bot.messages.CATALOG``.

``export_md_*`` and the date formats are also used in the Markdown export, filled in without
HTML escaping (``bot.core.export``), so they contain no HTML.
"""

TEXTS: dict[str, dict[str, str]] = {
    # --- dates (month: "Nov" in English, 11 in Japanese) ---------------------------------
    "export_date_long": {"en": "{month} {day}, {year}", "ja": "{year}年{month}月{day}日"},
    "export_date_short": {"en": "{month} {day}", "ja": "{month}月{day}日"},
    # --- /search ------------------------------------------------------------------------
    "search_usage": {
        "en": "🔎 Type what to look for after /search: a name, a problem, words from a "
              "thank-you.\nExample: <code>/search Mia bike</code>\n"
              "With several words I find the records that contain all of them.",
        "ja": "🔎 /search のあとに、探したい言葉を入力してください(名前、問題、お礼の言葉など)。"
              "\n例:<code>/search 佐藤 資料</code>\n"
              "言葉を複数入れると、そのすべてを含む記録を探します。",
    },
    "search_none": {
        "en": "Nothing found for “{query}”. Try a shorter word, another spelling, or a "
              "name.",
        "ja": "「{query}」に一致する記録は見つかりませんでした。短い言葉や別の書き方、"
              "名前などでも試してみてください。",
    },
    "search_header_one": {
        "en": "🔎 1 record found for “{query}”:",
        "ja": "🔎 「{query}」の検索結果:1件",
    },
    "search_header": {
        "en": "🔎 {count} records found for “{query}”, newest first:",
        "ja": "🔎 「{query}」の検索結果:{count}件(新しい順)",
    },
    "search_hit_problem": {"en": "{date} 🌱 {text}", "ja": "{date} 🌱 {text}"},
    "search_hit_thanks": {"en": "{date} 💌 {who}: {quote}", "ja": "{date} 💌 {who}:{quote}"},
    "search_more": {
        "en": "…and {count} more. Add a word to narrow it down.",
        "ja": "…ほか{count}件。言葉を足すと絞り込めます。",
    },
    "search_too_many_words": {
        "en": "(I searched for the first {count} words only.)",
        "ja": "(最初の{count}語だけで検索しました)",
    },
    # --- /export ------------------------------------------------------------------------
    "export_empty": {
        "en": "Your journal is still empty, so there's nothing to export yet. Write your "
              "first entry with /log, or forward me a thank-you you received 🌱",
        "ja": "まだ記録がないので、書き出すものがありません。/log で最初の記録を書くか、"
              "受け取った「ありがとう」を転送してみてください 🌱",
    },
    "export_done": {
        "en": "📦 Your whole journal — solved problems: {solved}, “nothing today” days: "
              "{nothing}, thank-yous: {thanks}.\n"
              "• <b>CSV</b> — opens in Excel, Numbers or Google Sheets\n"
              "• <b>JSON</b> — everything, with your settings: for backups or moving to "
              "another tool\n"
              "• <b>Markdown</b> — a readable journal, week by week",
        "ja": "📦 すべての記録です:解決した問題{solved}件、「今日はなし」{nothing}日、"
              "「ありがとう」{thanks}件。\n"
              "• <b>CSV</b> — Excel・Numbers・Googleスプレッドシートで開けます\n"
              "• <b>JSON</b> — 設定も含めたすべて。バックアップや他のツールへの移行に\n"
              "• <b>Markdown</b> — 週ごとに読める日記",
    },
    # --- the Markdown file (plain text: no HTML) ------------------------------------------
    "export_md_title": {"en": "Value journal", "ja": "価値の日記"},
    "export_md_summary": {
        "en": "Exported on {date}: {solved} solved problems, {thanks} thank-yous.",
        "ja": "{date}に書き出し:解決した問題{solved}件、「ありがとう」{thanks}件。",
    },
    "export_md_week": {"en": "Week of {date}", "ja": "{date}の週"},
    "export_md_week_counts": {
        "en": "{solved} solved · {thanks} thank-yous",
        "ja": "解決{solved}件 · 「ありがとう」{thanks}件",
    },
    "export_md_intention": {
        "en": "Intention for this week: {text}",
        "ja": "今週の目標:{text}",
    },
    "export_md_nothing": {"en": "nothing today", "ja": "今日はなし"},
    "export_md_outcome": {"en": "What came of it: {text}", "ja": "その結果:{text}"},
    "export_md_thanks": {"en": "Thank-you from {who}", "ja": "{who}からの「ありがとう」"},
    "export_md_for": {"en": "For: {problem}", "ja": "対象:{problem}"},
    "export_md_files": {"en": "Files: {kinds}", "ja": "ファイル:{kinds}"},
}
