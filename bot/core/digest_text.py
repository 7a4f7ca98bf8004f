"""The weekly digest in words: a ``WeekSummary`` as Telegram HTML, short enough for one phone
screen, split cleanly at line breaks if it ever exceeds Telegram's limit."""

from __future__ import annotations

from bot.core.digest import Person, WeekSummary
from bot.messages import Raw, format_date, kind_label, shorten, t
from storage.models import Thanks

MAX_PROBLEMS = 5
MAX_QUOTES = 2
MAX_PEOPLE = 6
TELEGRAM_LIMIT = 4096


def _avg(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _comparison(s: WeekSummary) -> str | None:
    """How the week compares with the one before and the 4-week average. ``None`` while the
    week is still running: a part week says nothing fair about the whole one."""
    lang, count = s.language, len(s.problems)
    if s.last_week is None:
        return t(lang, "dg_compare_first")
    if s.in_progress:
        return None
    prev = t(lang, "dg_prev_week_before" if s.past else "dg_prev_week")
    diff = count - s.last_week
    if diff > 0:
        vs_last = t(lang, "dg_vs_more", diff=diff, last=s.last_week, prev=prev)
    elif diff < 0:
        vs_last = t(lang, "dg_vs_fewer", diff=-diff, last=s.last_week, prev=prev)
    else:
        vs_last = t(lang, "dg_vs_same", last=s.last_week, prev=prev)
    if s.average is None or s.average_weeks < 2:  # one week's average = last week again
        key = "dg_only_more" if diff > 0 else "dg_only_fewer" if diff < 0 else "dg_only_same"
        return t(lang, key, diff=abs(diff), last=s.last_week, prev=prev)
    if s.average == 0:
        vs_avg = t(lang, "dg_avg_first")
    elif count > s.average + 0.5:
        vs_avg = t(lang, "dg_avg_above", avg=_avg(s.average))
    elif count < s.average - 0.5:
        vs_avg = t(lang, "dg_avg_below", avg=_avg(s.average))
    else:
        vs_avg = t(lang, "dg_avg_around", avg=_avg(s.average))
    return t(lang, "dg_compare", vs_last=Raw(vs_last), vs_avg=Raw(vs_avg))


def _quote(lang: str, record: Thanks) -> str:
    if record.text:
        return shorten(record.text, 80)
    return kind_label(lang, record.kind)


def _people(lang: str, people: list[Person]) -> str:
    shown = []
    for person in people[:MAX_PEOPLE]:
        name = shorten(person.name, 30)
        item = (t(lang, "dg_person_times", name=name, count=person.helped) if person.helped > 1
                else t(lang, "dg_person", name=name))
        if person.thanked_back:
            item += t(lang, "dg_thanked_back")
        shown.append(item)
    line = (", " if lang == "en" else "、").join(shown)
    if len(people) > MAX_PEOPLE:
        line += t(lang, "dg_people_more", count=len(people) - MAX_PEOPLE)
    return line


def render(s: WeekSummary, *, title: str = "dg_title", question: bool = False) -> list[str]:
    """The digest as one or more messages (HTML), each within Telegram's limit."""
    lang = s.language
    if title == "dg_title" and s.in_progress:
        title = "dg_title_so_far"
    elif title == "dg_title" and s.past:  # sent after the week's last day
        title = "dg_title_last"
    # A past week is never "this week" (``_last`` keys say "that week" / 先週).
    last = "_last" if s.past else ""
    lines = [t(lang, title, first=format_date(lang, s.week_start.isoformat()),
               last=format_date(lang, s.week_end.isoformat()))]
    if s.before_joined and s.joined is not None:
        lines += ["", t(lang, "dg_before_joined", date=format_date(lang, s.joined.isoformat()))]
        return split_message("\n".join(lines))
    if s.intention:
        lines.append(t(lang, f"dg_intention{last}", text=shorten(s.intention, 120)))
    if s.empty:
        lines += ["", t(lang, "dg_empty")]
    else:
        if s.problems:
            lines += ["", t(lang, "dg_problems_head", count=len(s.problems))]
            for entry in s.problems[:MAX_PROBLEMS]:
                lines.append(t(lang, "dg_problem_line", who=shorten(entry.who or "", 30),
                               problem=shorten(entry.problem or "", 60),
                               how=shorten(entry.how or "", 50)))
            if len(s.problems) > MAX_PROBLEMS:
                lines.append(t(lang, "dg_more", count=len(s.problems) - MAX_PROBLEMS))
        if s.thanks:
            lines += ["", t(lang, "dg_thanks_head", count=len(s.thanks))]
            for record in s.thanks[:MAX_QUOTES]:
                who = (record.sender_name or "").strip() or t(lang, "thanks_someone")
                lines.append(t(lang, "dg_thanks_quote", quote=_quote(lang, record),
                               who=shorten(who, 30)))
        if s.people:
            lines += ["", t(lang, "dg_people_head"), _people(lang, s.people)]
        lines.append("")
        if s.problems:
            if (comparison := _comparison(s)) is not None:
                lines.append(comparison)
        else:  # thanks but no problem written down: no "0" anywhere
            lines.append(t(lang, f"dg_thanks_only{last}"))
        if s.focus is not None and s.problems:
            lines.append(t(lang, f"dg_focus{last}", focus=shorten(str(s.focus), 60),
                           count=s.focus_matches))
        if s.days_with_entry:
            lines.append(t(lang, "dg_days", days=s.days_with_entry, streak=s.streak))
    if question:
        lines += ["", t(lang, "dg_question")]
    return split_message("\n".join(lines))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split at line breaks into parts of at most ``limit`` UTF-16 units (how Telegram
    counts). Every line of the digest is complete HTML on its own, so no tag is cut."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while utf16_length(line) > limit:  # a single over-long line: cut it (plain text)
            cut = limit
            while utf16_length(line[:cut]) > limit:
                cut -= 1
            parts.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if utf16_length(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        parts.append(current)
    return parts
