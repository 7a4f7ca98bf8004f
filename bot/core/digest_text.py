"""The weekly digest in words: a ``WeekSummary`` as Telegram HTML, short enough for one phone
screen, split cleanly at line breaks if it ever exceeds Telegram's limit."""

from __future__ import annotations

from bot.core import memory_text, thanks_words
from bot.core.digest import Person, WeekSummary
from bot.core.quiet import Quiet
from bot.core.voice import how_text
from bot.messages import Raw, format_date, shorten, t
from storage.models import Entry, Thanks

MAX_PROBLEMS = 3   # spelled out; the rest are in the people line (4 are all shown)
MAX_QUOTES = 2
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


def ranked(s: WeekSummary) -> list[Entry]:
    """The week's problems, those with an outcome or a thank-you first (both before one),
    newest first within each group: the best entry is never hidden."""
    def weight(entry: Entry) -> int:
        return int(bool(entry.outcome)) + int(entry.entry_id in s.thanked_entries)
    return sorted(s.problems, key=lambda e: -weight(e))  # stable: newest first stays


def _problem_line(s: WeekSummary, entry: Entry) -> str:
    lang = s.language
    line = t(lang, "dg_problem_line", who=shorten(entry.who or "", 30),
             problem=shorten(entry.problem or "", 50), how=how_text(entry.how, entry.voice_duration, 40))
    if entry.outcome:
        line += t(lang, "dg_problem_outcome", outcome=shorten(entry.outcome, 40))
    if entry.entry_id in s.thanked_entries:
        line += t(lang, "dg_thanked_mark")
    return line


def _people(lang: str, people: list[Person]) -> str:
    """Every person helped, most often first: "Mia ×2 💌, Jun 💌, Ana"."""
    shown = []
    for person in people:
        name = shorten(person.name, 30)
        item = (t(lang, "dg_person_times", name=name, count=person.helped) if person.helped > 1
                else t(lang, "dg_person", name=name))
        if person.thanked_back:
            item += t(lang, "dg_thanked_mark")
        shown.append(item)
    return t(lang, "dg_people", people=Raw(t(lang, "list_separator").join(shown)))


def _quiet_line(lang: str, quiet: Quiet) -> str:
    """The digest's line about someone not seen for a while (``bot.core.quiet``)."""
    return t(lang, "dg_quiet", name=shorten(quiet.name, 30), count=quiet.thanks,
             ago=Raw(memory_text.ago(lang, quiet.age)))


def _thanks_lines(lang: str, thanks: list[Thanks]) -> list[str]:
    """Thank-yous with words are quoted first; a picture is "📷 a screenshot from Sam"; past
    MAX_QUOTES the rest are named on one line."""
    ordered = sorted(thanks, key=lambda r: not (r.text and r.text.strip()))
    lines = [t(lang, "dg_thanks_item", line=thanks_words.line(lang, r, 80, 30))
             for r in ordered[:MAX_QUOTES]]
    rest = ordered[MAX_QUOTES:]
    if rest:
        names = list(dict.fromkeys(thanks_words.sender(lang, r, 30) for r in rest))
        lines.append(t(lang, "dg_thanks_rest", count=len(rest),
                       names=t(lang, "list_separator").join(names)))
    return lines


def _practice_line(s: WeekSummary) -> str | None:
    """"📅 Week 5 of 13 · Days with an entry: 6 of 7 · 9 weeks in a row": where the week
    stands in the 13 weeks (``bot.core.practice``; a week with nothing yet says how many
    weeks are behind, not a number it has not earned), its days with an entry (a week in
    progress counts only the days lived so far, never "of 7"), and the streak of active
    weeks from 2 on."""
    lang = s.language
    parts = []
    if s.practice is not None:
        n = s.practice.number
        parts.append(t(lang, "pr_week_of", n=n) if s.practice.counts
                     else t(lang, "pr_weeks_so_far", n=n) if n else t(lang, "pr_weeks_none"))
    if s.days_with_entry:
        lived = (s.today - s.week_start).days + 1 if s.in_progress else 7
        parts.append(t(lang, "dg_days" if lived == 7 else "dg_days_so_far",
                       days=s.days_with_entry, lived=lived))
    if s.streak > 1:
        parts.append(t(lang, "pr_streak", n=s.streak))
    if not parts:
        return None
    return t(lang, "pr_line", parts=Raw(t(lang, "pr_sep").join(parts)))


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
            problems = ranked(s)
            shown = problems if len(problems) <= MAX_PROBLEMS + 1 else problems[:MAX_PROBLEMS]
            lines += [_problem_line(s, entry) for entry in shown]
            if s.people:  # everyone, also those whose problems are not spelled out above
                lines.append(_people(lang, s.people))
        if s.thanks:
            lines += ["", t(lang, "dg_thanks_head", count=len(s.thanks))]
            lines += _thanks_lines(lang, s.thanks)
        lines.append("")
        if s.problems:
            if (comparison := _comparison(s)) is not None:
                lines.append(comparison)
        else:  # thanks but no problem written down: no "0" anywhere
            lines.append(t(lang, f"dg_thanks_only{last}"))
        if s.focus is not None and s.problems:
            lines.append(t(lang, f"dg_focus{last}", focus=shorten(str(s.focus), 60),
                           count=s.focus_matches))
    if (practice := _practice_line(s)) is not None:
        lines.append(practice)
    looking_back = []
    if s.a_while_ago is not None:
        looking_back.append(memory_text.digest_line(lang, s.a_while_ago))
    if s.quiet is not None:
        looking_back.append(_quiet_line(lang, s.quiet))
    if looking_back:
        lines += ["", *looking_back]
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
