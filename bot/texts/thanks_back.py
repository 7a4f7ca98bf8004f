"""Texts of thank-yous that come back: the weekly one, the digest's "a while ago" line,
/smile and its setting (English and Japanese), merged into ``bot.messages.CATALOG``."""

TEXTS: dict[str, dict[str, str]] = {
    "tb_ago_weeks": {"en": "{count} weeks ago", "ja": "{count}週間前"},
    "tb_ago_months": {"en": "{count} months ago", "ja": "{count}か月前"},
    "tb_ago_years": {"en": "{count} years ago", "ja": "{count}年前"},
    "tb_ago_year": {"en": "a year ago", "ja": "1年前"},
    "tb_said": {
        "en": "💌 <b>{ago}, {who} wrote:</b>\n{quote}",
        "ja": "💌 <b>{ago}、{who}から:</b>\n{quote}",
    },
    "tb_sent": {
        "en": "💌 <b>{ago}:</b> {media}",
        "ja": "💌 <b>{ago}:</b>{media}",
    },
    "tb_problem": {
        "en": "<i>Problem you solved: {problem}</i>",
        "ja": "<i>解決した問題:{problem}</i>",
    },
    "tb_weekly_footer": {
        "en": "<i>/smile brings back another one anytime · /settings turns these off</i>",
        "ja": "<i>/smile でいつでも別のお礼を見返せます(届かないようにするには /settings)</i>",
    },
    "tb_none": {
        "en": "Nothing to bring back yet. Forward me the thank-yous you receive (or type "
              "one with /thanks): four weeks later, /smile shows them to you again.",
        "ja": "まだ見返せるお礼がありません。受け取ったお礼を転送するか /thanks で保存すると、"
              "4週間後から /smile でもう一度見られます。",
    },
    "tb_too_new": {
        "en": "Your thank-yous are all less than four weeks old. The first one comes back "
              "on {date}: /smile then.",
        "ja": "保存したお礼は、まだどれも4週間たっていません。{date}から /smile で"
              "見返せます。",
    },
    "tb_only_one": {
        "en": "That was your only thank-you from over four weeks ago. Newer ones come back "
              "here once they are four weeks old.",
        "ja": "4週間以上前のお礼は、いまはさきほどの1件だけです。新しいお礼も、4週間たつと"
              "ここで見返せます。",
    },
    "dg_a_while_ago": {
        "en": "🕰 <b>A while ago</b> ({ago}): {line}",
        "ja": "🕰 <b>以前のお礼</b>({ago}):{line}",
    },
    "btn_thanks_back": {"en": "💌 Thank-yous from a while ago: {state}",
                        "ja": "💌 以前のお礼を届ける:{state}"},
    "cmd_smile": {"en": "A thank-you from a while ago, to smile at",
                  "ja": "以前のお礼をもう一度見る"},
}
