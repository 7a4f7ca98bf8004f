"""A thank-you brought back, in words: "💌 6 weeks ago, Sato wrote: “…”" /
「💌 6週間前、佐藤さんから:「…」」, with the problem it thanked for; and the digest's
"a while ago" line. Names and quotes go through ``thanks_words`` like everywhere else."""

from __future__ import annotations

from bot.core import thanks_words
from bot.core.memories import Age, Memory
from bot.messages import Raw, shorten, t

QUOTE_LIMIT = 400   # the weekly message and /smile quote generously: it is the point
LINE_LIMIT = 80     # the digest's line stays one line


def ago(lang: str, age: Age) -> str:
    if age.unit == "years" and age.count == 1:
        return t(lang, "tb_ago_year")
    return t(lang, f"tb_ago_{age.unit}", count=age.count)


def render(lang: str, memory: Memory, *, footer: bool = False) -> str:
    """The message: when, who, their words (or what they sent), the problem it was for."""
    record = memory.thanks
    when = Raw(ago(lang, memory.age))
    if record.text and record.text.strip():
        text = t(lang, "tb_said", ago=when, who=thanks_words.sender_in_sentence(lang, record),
                 quote=thanks_words.quote(lang, record.text, QUOTE_LIMIT))
    else:
        text = t(lang, "tb_sent", ago=when, media=thanks_words.media_from(lang, record))
    if memory.problem:
        text += "\n" + t(lang, "tb_problem", problem=shorten(memory.problem, 120))
    if footer:
        text += "\n\n" + t(lang, "tb_weekly_footer")
    return text


def digest_line(lang: str, memory: Memory) -> str:
    return t(lang, "dg_a_while_ago", ago=Raw(ago(lang, memory.age)),
             line=thanks_words.line(lang, memory.thanks, LINE_LIMIT, 30))
