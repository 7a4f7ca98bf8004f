"""Texts of the question after *how* (varied by persona and day, ``bot.core.questions``)
and of voice messages kept as an entry's *how* (English and Japanese), merged into
``bot.messages.CATALOG``."""

TEXTS: dict[str, dict[str, str]] = {
    # --- the question after *how*: "oq_" + a key of bot.core.questions.HALF -------------
    # The check-in asks "result" with ``ask_outcome`` (its own hint); the others are asked
    # inside ``ask_outcome_varied``. Without their tags they label the answer in
    # /history and the export.
    "oq_result": {"en": "What came of it?", "ja": "その結果、どうなりましたか?"},
    "oq_without_you": {
        "en": "What would their week have been like <b>without you</b>?",
        "ja": "もし<b>あなたがいなかったら</b>、その人の一週間はどうなっていたでしょう?",
    },
    "oq_surprised": {
        "en": "What <b>surprised</b> you?",
        "ja": "やってみて、<b>意外だった</b>ことはありますか?",
    },
    "oq_team": {
        "en": "What changed for your <b>team or customer</b>?",
        "ja": "<b>チームやお客さま</b>にとって、何が変わりましたか?",
    },
    "oq_learned": {
        "en": "What did you <b>learn</b> from it?",
        "ja": "そこから<b>学んだこと</b>はありますか?",
    },
    "oq_helped_you": {
        "en": "And who helped <b>you</b> today?",
        "ja": "今日、<b>あなたを</b>助けてくれたのは誰ですか?",
    },
    "oq_their_words": {
        "en": "Did they <b>say anything</b> afterwards?",
        "ja": "そのあと、相手は<b>何か</b>言っていましたか?",
    },
    "oq_again": {
        "en": "What would you <b>do the same way</b> next time?",
        "ja": "次も<b>同じようにしたい</b>と思ったことは?",
    },
    "oq_felt": {
        "en": "How did they <b>seem</b> afterwards?",
        "ja": "そのあと、相手は<b>どんな様子</b>でしたか?",
    },
    "oq_client": {
        "en": "What changed for your <b>client</b>?",
        "ja": "<b>クライアント</b>にとって、何が変わりましたか?",
    },
    "ask_outcome_varied": {
        "en": "{question} (optional — tap Skip to leave it)",
        "ja": "{question}(任意です。なければ「スキップ」を押してください)",
    },
    "history_outcome_asked": {"en": " → <i>{question}</i> {outcome}",
                              "ja": " → <i>{question}</i>{outcome}"},
    "export_md_asked": {"en": "{question} {text}", "ja": "{question}{text}"},
    # --- /settings ------------------------------------------------------------------------
    "btn_vary_questions": {"en": "🔄 Last question varies: {state}",
                           "ja": "🔄 最後の質問を日替わりに:{state}"},
    # --- a voice message as an entry's *how* --------------------------------------------
    "voice_kept_how": {
        "en": "🎤 Kept your voice message ({duration}) as how you helped.",
        "ja": "🎤 ボイスメッセージ({duration})を、どう解決したかとして残しました。",
    },
    "voice_offer": {
        "en": "🎤 I've kept your voice message ({duration}). Save it as an entry?",
        "ja": "🎤 ボイスメッセージ({duration})を保管しました。記録として保存しますか?",
    },
    "ask_who_voice": {
        "en": "🎤 Your voice message ({duration}) is kept as what you did.\n<b>Whose</b> "
              "problem was it? A name or a kind of person is enough (<i>my colleague Sato</i>).",
        "ja": "🎤 ボイスメッセージ({duration})を、あなたがしたこととして残しました。\n"
              "<b>誰の</b>困りごとでしたか? 名前でも、<i>同僚の佐藤さん</i>のような"
              "言い方でもOKです。",
    },
    "voice_one_per_entry": {
        "en": "🎤 This entry already has a voice message, so I haven't kept this one. "
              "Please answer in words.",
        "ja": "🎤 この記録にはすでにボイスメッセージがあるので、これは保存していません。"
              "文字で答えてください。",
    },
    "voice_kept_until_setup": {
        "en": "🎤 I've kept your voice message ({duration}) and will offer it to you once "
              "setup is done.",
        "ja": "🎤 ボイスメッセージ({duration})を保管しました。設定が終わったら、"
              "あらためてお見せしますね。",
    },
    "pending_voice_offer": {
        "en": "You sent this voice message earlier (🎤 {duration}) — save it as an entry?",
        "ja": "設定の前に送ってくれたボイスメッセージ(🎤 {duration})があります。"
              "記録として保存しますか?",
    },
}
