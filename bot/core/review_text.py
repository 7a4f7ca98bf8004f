"""The 13-week review in words: a ``ReviewData`` as Telegram HTML (the chart goes before it,
as a photo), ending with the question about the next 13 weeks' focus."""

from __future__ import annotations

from bot.core import thanks_words
from bot.core.digest_text import split_message
from bot.core.review import Helped, ReviewData
from bot.messages import Raw, format_date, shorten, t

QUOTE_CHARS = 140


def _counts(lang: str, person: Helped) -> str:
    parts = [t(lang, "people_problems_one") if person.problems == 1
             else t(lang, "people_problems_other", count=person.problems)]
    if person.thanks:
        parts.append(t(lang, "people_thanks_one") if person.thanks == 1
                     else t(lang, "people_thanks_other", count=person.thanks))
    return t(lang, "people_sep").join(parts)


def render(review: ReviewData) -> list[str]:
    """The review as one or more messages (HTML), each within Telegram's limit."""
    lang = review.language
    lines = [t(lang, "rv_title", first=format_date(lang, review.first_day.isoformat()),
               last=format_date(lang, review.last_day.isoformat())),
             t(lang, "rv_intro"), "",
             t(lang, "rv_totals", solved=review.solved, thanks=review.thanked)]
    if review.fullest is not None:
        week, solved = review.fullest
        lines.append(t(lang, "rv_best_week", date=format_date(lang, week.isoformat()),
                       solved=solved))
    if review.people:
        lines += ["", t(lang, "rv_people_head")]
        lines += [t(lang, "rv_person", name=shorten(p.name, 30), counts=Raw(_counts(lang, p)))
                  for p in review.people]
    if review.quotes:
        lines += ["", t(lang, "rv_quotes_head")]
        lines += [t(lang, "rv_quote", text=shorten(r.text or "", QUOTE_CHARS),
                    who=thanks_words.sender(lang, r, 30),
                    date=format_date(lang, r.local_date)) for r in review.quotes]
    lines.append("")
    if review.focus is not None:
        lines.append(t(lang, "rv_focus", focus=shorten(str(review.focus), 60),
                       count=review.focus_matches))
    else:
        lines.append(t(lang, "rv_no_focus"))
    if review.streak > 1:
        lines.append(t(lang, "rv_streak", n=review.streak))
    if review.span > len(review.weeks):
        lines.append(t(lang, "rv_weeks_span", span=review.span))
    lines += ["", t(lang, "rv_next"), t(lang, "rv_question")]
    return split_message("\n".join(lines))
