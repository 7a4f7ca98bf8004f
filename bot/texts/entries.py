"""Texts of a saved entry and of entries begun from text the user sent (English and
Japanese), merged into ``bot.messages.CATALOG``."""

TEXTS: dict[str, dict[str, str]] = {
    # --- "saved": a few wordings, one per entry (``bot.messages.entry_saved``) ----------
    "entry_saved_0": {
        "en": "🌱 Saved — you helped <b>{who}</b> ({problem}). {week}",
        "ja": "🌱 記録しました。<b>{who}</b>の困りごと「{problem}」を解決しましたね({week})",
    },
    "entry_saved_1": {
        "en": "🌱 Saved — one less worry for <b>{who}</b> ({problem}). {week}",
        "ja": "🌱 記録しました。「{problem}」のことで困っていた<b>{who}</b>を助けられましたね({week})",
    },
    "entry_saved_2": {
        "en": "🌱 Saved — <b>{who}</b> got your help ({problem}). {week}",
        "ja": "🌱 記録しました。<b>{who}</b>の「{problem}」、解決できてよかったですね({week})",
    },
    "entry_week_one": {"en": "Your first this week.", "ja": "今週1件目"},
    "entry_week_other": {"en": "{count} this week.", "ja": "今週{count}件目"},
    # --- "Log it" under a kept text that tells what happened ------------------------------
    "ask_who_story": {
        "en": "“{story}” — kept as what you did.\n<b>Whose</b> problem was it? A name or a "
              "kind of person is enough (<i>my colleague Sato</i>).",
        "ja": "「{story}」を、あなたがしたこととして残しました。\n<b>誰の</b>困りごとでしたか? "
              "名前でも、<i>同僚の佐藤さん</i>のような言い方でもOKです。",
    },
    # --- a note of three lines or more, without separators -------------------------------
    "lines_confirm": {
        "en": "Is this a solved problem? I'd read it as:\n"
              "<b>Who:</b> {who}\n<b>Problem:</b> {problem}\n<b>How:</b> {how}{outcome}",
        "ja": "解決した問題として記録しますか? 次のように読み取りました。\n"
              "<b>誰:</b>{who}\n<b>どんな問題:</b>{problem}\n<b>どう解決:</b>{how}{outcome}",
    },
    "lines_outcome": {
        "en": "\n<b>What came of it:</b> {outcome}",
        "ja": "\n<b>結果:</b>{outcome}",
    },
    "btn_lines_save": {"en": "✅ Save", "ja": "✅ 保存"},
    "btn_lines_edit": {"en": "✏️ Edit", "ja": "✏️ 直す"},
    "btn_lines_note": {"en": "📝 Keep as a note", "ja": "📝 メモとして残す"},
    "lines_kept_as_note": {
        "en": "📝 Kept as a note — it doesn't count as a solved problem.",
        "ja": "📝 メモとして残しました。解決した問題には数えません。",
    },
    "step_prefilled": {
        "en": "You wrote: “{value}”. Tap ✔️ Keep, or send a new answer.",
        "ja": "いまの内容:「{value}」\nこのままでよければ「✔️ このまま」を、"
              "変えるなら新しい答えを送ってください。",
    },
    "btn_keep_step": {"en": "✔️ Keep", "ja": "✔️ このまま"},
}
