"""Texts of the thank-you flows (English and Japanese), merged into ``bot.messages.CATALOG``."""

TEXTS: dict[str, dict[str, str]] = {
    "thanks_saved": {
        "en": "💌 Saved: a thank-you from <b>{who}</b>.",
        "ja": "💌 保存しました:<b>{who}</b>からの「ありがとう」です。",
    },
    "thanks_week_one": {
        "en": "Your first thank-you this week 🌷",
        "ja": "今週はじめての「ありがとう」です 🌷",
    },
    "thanks_week_other": {
        "en": "That's {count} thank-yous this week.",
        "ja": "今週の「ありがとう」は、これで{count}件です。",
    },
    "thanks_link_ask": {
        "en": "Which problem was this thank-you for?",
        "ja": "どの問題へのお礼ですか?",
    },
    "thanks_someone": {"en": "someone", "ja": "どなたか"},
    "who_with_signature": {"en": "{name} ({signature})", "ja": "{name}({signature})"},
    "thanks_duplicate": {
        "en": "Already saved — this thank-you from <b>{who}</b> has been in your journal "
              "since {date}. Nothing was duplicated.",
        "ja": "保存済みです。<b>{who}</b>からのこの「ありがとう」は {date} から記録に"
              "あります。二重には保存していません。",
    },
    "thanks_attached": {
        "en": "💌 Kept the thank-you from <b>{who}</b> and tied it to the problem you're "
              "writing about.",
        "ja": "💌 <b>{who}</b>からの「ありがとう」を保存し、いま書いている問題に紐づけました。",
    },
    "cant_keep_kind": {
        "en": "I can't keep this kind of message as a thank-you (polls, locations, contacts "
              "and the like). If someone thanked you, forward their words or a screenshot, "
              "or type them with /thanks.",
        "ja": "この種類のメッセージ(アンケート、位置情報、連絡先など)は「ありがとう」として"
              "保存できません。お礼の言葉そのものかスクリーンショットを転送するか、"
              "/thanks で入力してください。",
    },
    "screenshot_ask": {
        "en": "Is this a thank-you you received?",
        "ja": "これは受け取った「ありがとう」ですか?",
    },
    "screenshot_ask_again": {
        "en": "I have this picture already. Is it a thank-you you received?",
        "ja": "この画像は受け取り済みです。受け取った「ありがとう」ですか?",
    },
    "btn_yes_thanks": {"en": "💌 Yes, keep it", "ja": "💌 はい、保存する"},
    "btn_no_thanks": {"en": "No", "ja": "いいえ"},
    "screenshot_no": {
        "en": "OK, I haven't kept it.",
        "ja": "わかりました。保存していません。",
    },
    "ask_thanks_from": {
        "en": "💌 Kept. Who was it from? Type a name, or tap Skip.",
        "ja": "💌 保存しました。どなたからですか?名前を入力するか、「スキップ」を押してください。",
    },
    "btn_skip_from": {"en": "Skip", "ja": "スキップ"},
    "ask_thanks_who": {
        "en": "Who thanked you? A name, or how you think of them.",
        "ja": "誰から「ありがとう」をもらいましたか?名前や呼び方で教えてください。",
    },
    "ask_thanks_text": {
        "en": "What did <b>{who}</b> say? Their words, as close as you remember.",
        "ja": "<b>{who}</b>は何と言ってくれましたか?覚えている言葉のままで。",
    },
    "thanks_undone": {
        "en": "Removed — not kept as a thank-you.",
        "ja": "削除しました。「ありがとう」としては保存していません。",
    },
    "thanks_linked": {
        "en": "🔗 Linked to: {who} — {problem}",
        "ja": "🔗 紐づけました:{who} — {problem}",
    },
    "thanks_not_linked": {
        "en": "OK, not linked to a problem.",
        "ja": "わかりました。問題には紐づけていません。",
    },
    "thanks_gone": {
        "en": "That thank-you is no longer in your journal.",
        "ja": "その「ありがとう」はもう記録にありません。",
    },
    "btn_not_thanks": {"en": "↩️ Not a thank-you", "ja": "↩️ お礼ではなかった(取り消す)"},
    "btn_no_problem": {"en": "None of these", "ja": "どれでもない"},
    "btn_attach_thanks": {"en": "💌 Attach a thank-you", "ja": "💌 お礼を添える"},
    "attach_choose": {
        "en": "Which thank-you came of it?",
        "ja": "その結果にあたる「ありがとう」はどれですか?",
    },
    # --- one thank-you shown anywhere (bot/core/thanks_words.py) --------------------------
    "quote_marks": {"en": "“{text}”", "ja": "「{text}」"},
    "thanks_line": {"en": "{quote} — {who}", "ja": "{quote}— {who}"},
    "thanks_media": {"en": "{emoji} {noun}", "ja": "{emoji} {noun}"},
    "thanks_media_from": {"en": "{emoji} {noun} from {who}", "ja": "{emoji} {who}からの{noun}"},
    "media_screenshot": {"en": "a screenshot", "ja": "スクリーンショット"},
    "media_photo": {"en": "a photo", "ja": "写真"},
    "media_voice": {"en": "a voice message", "ja": "ボイスメッセージ"},
    "media_video": {"en": "a video", "ja": "動画"},
    "media_video_note": {"en": "a video message", "ja": "ビデオメッセージ"},
    "media_audio": {"en": "an audio clip", "ja": "音声"},
    "media_animation": {"en": "a GIF", "ja": "GIF"},
    "media_sticker": {"en": "a sticker", "ja": "スタンプ"},
    "media_document": {"en": "a file", "ja": "ファイル"},
    "media_text": {"en": "a message", "ja": "メッセージ"},
    "kind_photo": {"en": "📷 photo", "ja": "📷 写真"},
    "kind_voice": {"en": "🎤 voice message", "ja": "🎤 ボイスメッセージ"},
    "kind_video": {"en": "🎬 video", "ja": "🎬 動画"},
    "kind_video_note": {"en": "🎬 video message", "ja": "🎬 ビデオメッセージ"},
    "kind_audio": {"en": "🎵 audio", "ja": "🎵 音声"},
    "kind_animation": {"en": "🎞 GIF", "ja": "🎞 GIF"},
    "kind_sticker": {"en": "sticker", "ja": "スタンプ"},
    "kind_document": {"en": "📄 file", "ja": "📄 ファイル"},
    "kind_text": {"en": "message", "ja": "メッセージ"},
    "cmd_thanks": {"en": "Record a thank-you you received in person",
                   "ja": "直接もらったお礼を記録"},
}
