"""Texts of history, edit, delete and /forget (English and Japanese), merged into ``bot.messages.CATALOG``."""

TEXTS: dict[str, dict[str, str]] = {
    # --- /history: the list --------------------------------------------------------------
    "history_header": {
        "en": "📖 <b>Your journal</b> — page {page} of {pages} ({total} in all)",
        "ja": "📖 <b>あなたの記録</b>({page} / {pages}ページ、全{total}件)",
    },
    "history_empty": {
        "en": "📖 Your journal is still empty — it starts with one line.\n"
              "Write a problem you solved with /log, or in one message: "
              "<i>who / problem / how</i>.\n"
              "Forward me any thank-you you receive (or type it with /thanks) and it will "
              "show up here too.",
        "ja": "📖 記録はまだありません。最初の1行から始めましょう。\n"
              "解決した問題は /log で記録できます。<i>誰 / どんな問題 / どう解決</i> と"
              "1通で送ってもOKです。\n"
              "受け取った「ありがとう」を転送する(または /thanks で入力する)と、"
              "ここにも並びます。",
    },
    "history_item_head": {"en": "<b>{n}.</b> {date} · ", "ja": "<b>{n}.</b> {date}・"},
    "history_item_date": {"en": "{date} · ", "ja": "{date}・"},
    "history_problem": {
        "en": "<b>{who}</b> — {problem} — {how}",
        "ja": "<b>{who}</b> — {problem} — {how}",
    },
    "history_outcome": {"en": " → {outcome}", "ja": " → {outcome}"},
    "history_linked": {"en": "    💌 thanked by {names}", "ja": "    💌 {names}からのお礼"},
    "history_thanks": {
        "en": "💌 from <b>{who}</b>: {quote}",
        "ja": "💌 <b>{who}</b>から:{quote}",
    },
    "history_thanks_link": {"en": "    🔗 {who} — {problem}", "ja": "    🔗 {who} — {problem}"},
    "history_note": {"en": "    📝 {note}", "ja": "    📝 {note}"},
    "btn_history_older": {"en": "« Older", "ja": "« 前の記録"},
    "btn_history_newer": {"en": "Newer »", "ja": "新しい記録 »"},
    "btn_history_edit": {"en": "✏️ {n}", "ja": "✏️ {n}"},
    "btn_history_delete": {"en": "🗑 {n}", "ja": "🗑 {n}"},
    "history_not_found": {
        "en": "I can't find that in your journal. It may have been deleted already — "
              "/history shows what is there now.",
        "ja": "その記録は見つかりませんでした。すでに削除されたのかもしれません。"
              "いまの記録は /history で確認できます。",
    },
    # --- edit ----------------------------------------------------------------------------
    "history_edit_which": {
        "en": "✏️ What would you like to change?\n{item}",
        "ja": "✏️ どこを直しますか?\n{item}",
    },
    "field_who": {"en": "Whose problem", "ja": "誰の問題か"},
    "field_problem": {"en": "The problem", "ja": "どんな問題か"},
    "field_how": {"en": "How you solved it", "ja": "どう解決したか"},
    "field_outcome": {"en": "What came of it", "ja": "その結果"},
    "field_from": {"en": "Who it's from", "ja": "送り主"},
    "field_words": {"en": "Their words", "ja": "お礼の言葉"},
    "history_edit_ask": {
        "en": "✏️ Send the new text for <b>{field}</b>.\nNow: “{current}”\n"
              "(/cancel leaves it as it is.)",
        "ja": "✏️ <b>{field}</b>の新しい内容を送ってください。\nいまの内容:「{current}」\n"
              "(/cancel でそのままにできます)",
    },
    "history_field_empty": {"en": "(empty)", "ja": "(未記入)"},
    "history_edit_too_long": {
        "en": "That's too long for this field (at most {limit} characters). Please send a "
              "shorter text, or /cancel to leave it as it is.",
        "ja": "この項目には長すぎます({limit}文字まで)。短くして送り直すか、"
              "/cancel でそのままにしてください。",
    },
    "history_edit_saved": {
        "en": "✅ Updated <b>{field}</b>: “{value}”\n/history shows your journal.",
        "ja": "✅ <b>{field}</b>を更新しました:「{value}」\n記録の一覧は /history で。",
    },
    # --- delete --------------------------------------------------------------------------
    "history_delete_ask": {
        "en": "🗑 Delete this from your journal?\n{item}",
        "ja": "🗑 この記録を削除しますか?\n{item}",
    },
    "history_delete_note_linked": {
        "en": "Its thank-yous stay in your journal, no longer linked to it.",
        "ja": "紐づいている「ありがとう」は残ります(紐づけだけが外れます)。",
    },
    "history_delete_note_files": {
        "en": "Its pictures and files go with it.",
        "ja": "添付の画像やファイルも一緒に削除されます。",
    },
    "btn_history_delete_yes": {"en": "Yes, delete", "ja": "はい、削除する"},
    "btn_history_delete_no": {"en": "Keep it", "ja": "残す"},
    "history_deleted": {"en": "🗑 Deleted.", "ja": "🗑 削除しました。"},
    "history_kept": {"en": "Kept — nothing was deleted.", "ja": "残しました(削除していません)。"},
    # --- /forget -------------------------------------------------------------------------
    "forget_step1": {
        "en": "⚠️ <b>Erase everything?</b>\n"
              "This deletes everything I hold about you:\n"
              "• all your entries — solved problems, “nothing today”s and drafts\n"
              "• every thank-you you kept, with its pictures and files\n"
              "• your settings: language, time zone, persona, focus\n"
              "• your schedule: the daily question and the weekly digest\n\n"
              "If you'd like a copy first, /export downloads your journal.",
        "ja": "⚠️ <b>すべてのデータを消去しますか?</b>\n"
              "あなたについて保存している内容がすべて削除されます:\n"
              "• すべての記録(解決した問題・「今日はなし」・下書き)\n"
              "• 保存した「ありがとう」すべて(画像やファイルも)\n"
              "• 設定(言語・タイムゾーン・タイプ・指標)\n"
              "• 毎日の質問と週のふりかえりのスケジュール\n\n"
              "先に控えを残したい場合は、/export で記録をダウンロードできます。",
    },
    "btn_forget_continue": {"en": "Continue", "ja": "続ける"},
    "btn_forget_cancel": {"en": "Cancel", "ja": "やめる"},
    "forget_step2": {
        "en": "⚠️ <b>This cannot be undone.</b>\n"
              "Your whole journal and every thank-you will be gone for good. Erase everything "
              "now?",
        "ja": "⚠️ <b>この操作は取り消せません。</b>\n"
              "記録と「ありがとう」はすべて完全に消えます。本当に消去しますか?",
    },
    "btn_forget_erase": {"en": "Erase everything", "ja": "すべて消去する"},
    "btn_forget_keep": {"en": "Keep my journal", "ja": "記録を残す"},
    "forget_cancelled": {
        "en": "Nothing was erased. Your journal stays just as it is 🌱",
        "ja": "何も消去していません。記録はそのまま残っています 🌱",
    },
    "forget_done": {
        "en": "Everything is erased. I no longer hold anything about you — no entries, no "
              "thank-yous, no settings, no schedule.\nIf you ever want to start again, "
              "/start begins anew.",
        "ja": "すべて消去しました。記録・「ありがとう」・設定・スケジュールなど、"
              "あなたに関するデータはもう何も残っていません。\n"
              "また始めたくなったら、/start からいつでもどうぞ。",
    },
    "forget_expired": {
        "en": "That confirmation has expired or is not valid, so nothing was erased. To "
              "erase everything, send /forget and confirm both steps.",
        "ja": "この確認は有効期限が切れているか無効なため、何も消去していません。"
              "消去するには、もう一度 /forget から2つの確認を進めてください。",
    },
    "forget_nothing": {
        "en": "I hold nothing about you, so there is nothing to erase. /start begins anew.",
        "ja": "あなたに関するデータは何も保存されていないため、消去するものはありません。"
              "/start で新しく始められます。",
    },
}
