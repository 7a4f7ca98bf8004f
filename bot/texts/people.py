"""Texts of /people and of choosing the problem a thank-you was for (English and Japanese),
merged into ``bot.messages.CATALOG``."""

TEXTS: dict[str, dict[str, str]] = {
    "cmd_people": {"en": "The people you helped (/people NAME: your history together)",
                   "ja": "力になった人たち(/people 名前 で、その人との記録)"},
    # --- the list ------------------------------------------------------------------------
    "people_header": {
        "en": "🤝 <b>The people you helped</b> — {count}, most recent first",
        "ja": "🤝 <b>力になった人</b>({count}人・最近の順)",
    },
    "people_page": {"en": " · page {page} of {pages}", "ja": "・{page} / {pages}ページ"},
    "people_line": {"en": "<b>{name}</b> — {counts} · last {date}",
                    "ja": "<b>{name}</b> — {counts}・最後は{date}"},
    "people_problems_one": {"en": "1 problem", "ja": "解決1件"},
    "people_problems_other": {"en": "{count} problems", "ja": "解決{count}件"},
    "people_thanks_one": {"en": "💌 1 thank-you", "ja": "💌 1件"},
    "people_thanks_other": {"en": "💌 {count} thank-yous", "ja": "💌 {count}件"},
    "people_sep": {"en": " · ", "ja": "・"},
    "people_hint": {
        "en": "Tap a name for your history together. The same person under two names "
              "(Sato and 佐藤さん)? Tap 🔀 to merge them, or type "
              "<code>/people merge Sato + 佐藤さん</code>.",
        "ja": "名前を押すと、その人との記録が見られます。同じ人が別の名前で並んでいたら"
              "(Sato と 佐藤さん など)、🔀 でひとりにまとめられます。"
              "<code>/people 統合 Sato + 佐藤さん</code> と送ってもOKです。",
    },
    "people_empty": {
        "en": "🤝 No one here yet. The people you help show up here as you write: /log, or "
              "one message — <i>who / problem / how</i>. Forwarded thank-yous add their "
              "senders too.",
        "ja": "🤝 まだ誰もいません。記録を書くと、力になった人がここに並びます。/log か、"
              "<i>誰 / どんな問題 / どう解決</i> と1通で。転送した「ありがとう」の送り主も"
              "並びます。",
    },
    "btn_people_merge": {"en": "🔀 Merge two names", "ja": "🔀 同じ人をまとめる"},
    "btn_people_suggest": {"en": "🔀 {a} = {b}?", "ja": "🔀 {a} = {b}?"},
    "btn_people_prev": {"en": "« Page {page}", "ja": "« {page}ページ"},
    "btn_people_next": {"en": "Page {page} »", "ja": "{page}ページ »"},
    "btn_people_all": {"en": "« All people", "ja": "« 一覧へ"},
    # --- one person ----------------------------------------------------------------------
    "people_person": {"en": "👤 <b>{name}</b>", "ja": "👤 <b>{name}</b>"},
    "people_also": {"en": "Also written as: {names}", "ja": "ほかの呼び方:{names}"},
    "people_since": {"en": "{counts} · since {date}", "ja": "{counts}・{date}から"},
    "people_item_problem": {"en": "{date} · {problem} — {how}",
                            "ja": "{date}・{problem} — {how}"},
    "people_item_outcome": {"en": " → {outcome}", "ja": " → {outcome}"},
    "people_item_linked": {"en": "    💌 {line}", "ja": "    💌 {line}"},
    "people_item_thanks": {"en": "{date} · 💌 {line}", "ja": "{date}・💌 {line}"},
    "people_more": {
        "en": "…and {count} more. <code>/search {term}</code> finds them all.",
        "ja": "…ほか{count}件。<code>/search {term}</code> ですべて探せます。",
    },
    "people_not_found": {
        "en": "No one called “{name}” in your journal yet. /people lists everyone.",
        "ja": "「{name}」という人は、まだ記録にいません。/people で一覧を見られます。",
    },
    "people_choose": {
        "en": "More than one person matches “{name}”. Which one?",
        "ja": "「{name}」に当てはまる人が複数います。どの人ですか?",
    },
    "people_not_found_button": {
        "en": "I can't find that person in your journal any more (a name may have been "
              "edited). /people shows everyone now.",
        "ja": "その人はもう記録に見つかりません(名前が直されたのかもしれません)。"
              "いまの一覧は /people で。",
    },
    "btn_people_same_as": {"en": "🔀 Same person as…", "ja": "🔀 同じ人をまとめる"},
    "btn_people_separate": {"en": "↩️ Separate {name}", "ja": "↩️ {name}を分ける"},
    # --- merging and undoing -------------------------------------------------------------
    "people_merge_first": {
        "en": "🔀 Two names, one person. Tap the first name:",
        "ja": "🔀 同じ人の2つの名前をまとめます。まず1つ目の名前を選んでください:",
    },
    "people_merge_second": {
        "en": "🔀 Who else is <b>{name}</b>? Tap the other name:",
        "ja": "🔀 <b>{name}</b>と同じ人はどれですか?もう1つの名前を選んでください:",
    },
    "people_merge_alone": {
        "en": "There is no one else in your journal to merge with <b>{name}</b>.",
        "ja": "<b>{name}</b>とまとめられる人は、ほかに記録にいません。",
    },
    "people_merged": {
        "en": "🔀 <b>{first}</b> and <b>{second}</b> are one person now: {counts}.",
        "ja": "🔀 <b>{first}</b>と<b>{second}</b>を同じ人にまとめました({counts})。",
    },
    "people_merge_same": {
        "en": "<b>{first}</b> and <b>{second}</b> are already one person.",
        "ja": "<b>{first}</b>と<b>{second}</b>は、すでに同じ人です。",
    },
    "people_merge_usage": {
        "en": "To merge two names of one person: <code>/people merge Sato + 佐藤さん</code>",
        "ja": "同じ人の2つの名前をまとめるには:<code>/people 統合 Sato + 佐藤さん</code>",
    },
    "btn_people_undo": {"en": "↩️ Undo", "ja": "↩️ 元に戻す"},
    "people_split": {
        "en": "↩️ Separated: <b>{alias}</b> and <b>{target}</b> are two people again.",
        "ja": "↩️ <b>{alias}</b>と<b>{target}</b>を別の人に戻しました。",
    },
    "people_split_gone": {
        "en": "That merge is already undone.",
        "ja": "そのまとめは、すでに元に戻っています。",
    },
    "people_split_unknown": {
        "en": "“{name}” isn't merged with anyone. /people {name} shows who it is.",
        "ja": "「{name}」は誰ともまとめられていません。/people {name} で確認できます。",
    },
    # --- which problem a thank-you was for: later, and by searching -----------------------
    "btn_thanks_find": {"en": "🔎 Search", "ja": "🔎 探す"},
    "btn_thanks_unlink": {"en": "Not linked to any", "ja": "どれにも紐づけない"},
    "thanks_find_ask": {
        "en": "🔎 Type a word from the problem: a name, or what it was about.",
        "ja": "🔎 問題のことばを入力してください(名前や、どんなことだったか)。",
    },
    "thanks_find_results": {
        "en": "🔎 Problems with “{query}”. Which one was this thank-you for?",
        "ja": "🔎 「{query}」を含む問題です。どの問題へのお礼ですか?",
    },
    "thanks_find_none": {
        "en": "🔎 No problem with “{query}”. Tap 🔎 to try another word.",
        "ja": "🔎 「{query}」を含む問題は見つかりませんでした。🔎 で別のことばを試せます。",
    },
    "btn_history_link": {"en": "🔗 {n}", "ja": "🔗 {n}"},
    "history_link_ask": {
        "en": "🔗 Which problem was this thank-you for?\n{item}",
        "ja": "🔗 どの問題へのお礼ですか?\n{item}",
    },
    "history_link_none": {
        "en": "🔗 There is no solved problem in your journal to link it to yet.\n{item}",
        "ja": "🔗 紐づけられる解決した問題が、まだ記録にありません。\n{item}",
    },
    # --- notes: a reply to a confirmation, or a line typed just before a forward ---------
    "note_line": {"en": "📝 {note}", "ja": "📝 {note}"},
    "note_added_entry": {
        "en": "📝 Note added to <b>{who}</b> — {problem}.",
        "ja": "📝 <b>{who}</b> — {problem} にメモを添えました。",
    },
    "note_added_thanks": {
        "en": "📝 Note added to the thank-you from <b>{who}</b>.",
        "ja": "📝 <b>{who}</b>からの「ありがとう」にメモを添えました。",
    },
    # the weekly digest's line about someone who thanked the user and has not been in the
    # journal for a while (bot.core.quiet)
    "dg_quiet": {
        "en": "👋 Not in your journal for a while: <b>{name}</b> (💌 {count}, last {ago}). "
              "How are they doing?",
        "ja": "👋 しばらく記録にない人:<b>{name}</b>(💌 {count}件・最後は{ago})。"
              "最近どうしているでしょう?",
    },
}
