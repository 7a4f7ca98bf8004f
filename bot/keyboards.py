"""Inline keyboards and the callback data they carry (always <= 64 bytes).

Callback data is ``<area>:<action>[:<argument>…]``, always built by ``bot.core.buttons.button``
(a unit test checks no keyboard spells it by hand); handlers re-check every argument against
the pressing user's own data, so a tampered button reveals and changes nothing.
"""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core import cadence
from bot.core.buttons import button
from bot.core.history import FIELDS, Item, Page
from bot.core.parsing import suggested_timezones
from bot.core.people import Person
from bot.messages import PERSONAS, clock_time, plain, shorten, t, weekdays_short, zone_label
from storage.models import Entry, User

TIME_CHOICES = ("07:00", "12:00", "18:00", "21:00", "22:00")
DIGEST_TIME_CHOICES = ("08:00", "12:00", "18:00", "20:00", "21:00")


def _button(lang: str, key: str, data: str, **kwargs: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(t(lang, key, **kwargs), callback_data=data)


def _with_back(rows: list[list[InlineKeyboardButton]], lang: str, back: str | None
               ) -> InlineKeyboardMarkup:
    """The rows, and under them « Back to ``back`` (the settings menu) when given."""
    if back is not None:
        rows = [*rows, [_button(lang, "btn_back", back)]]
    return InlineKeyboardMarkup(rows)


def personas(lang: str, back: str | None = None) -> InlineKeyboardMarkup:
    rows = [[_button(lang, f"persona_{p}", button("set", "persona", p))] for p in PERSONAS]
    return _with_back(rows, lang, back)


def timezones(lang: str, back: str | None = None) -> InlineKeyboardMarkup:
    """The suggested zones, each labelled by its city in ``lang`` (東京, New York)."""
    zones = suggested_timezones(lang)
    rows = [
        [InlineKeyboardButton(zone_label(lang, z), callback_data=button("set", "tz", z))
         for z in zones[i:i + 2]]
        for i in range(0, len(zones), 2)
    ]
    return _with_back(rows, lang, back)


def _time_rows(lang: str, choices: tuple[str, ...], area: str
               ) -> list[list[InlineKeyboardButton]]:
    row = [InlineKeyboardButton(clock_time(lang, h), callback_data=button(area, "time", h))
           for h in choices]
    return [row[:3], row[3:]]


def times(lang: str, back: str | None = None) -> InlineKeyboardMarkup:
    return _with_back(_time_rows(lang, TIME_CHOICES, "set"), lang, back)


def digest_times(lang: str) -> InlineKeyboardMarkup:
    """Under "when should the weekly digest come?" (a typed time works too)."""
    return _with_back(_time_rows(lang, DIGEST_TIME_CHOICES, "dg"), lang,
                      button("dg", "menu"))


def languages(lang: str = "en", back: str | None = None) -> InlineKeyboardMarkup:
    return _with_back([[
        InlineKeyboardButton("日本語", callback_data=button("set", "lang", "ja")),
        InlineKeyboardButton("English", callback_data=button("set", "lang", "en")),
    ]], lang, back)


def prompt(lang: str, prompt_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [_button(lang, "btn_answer", button("ci", "answer", prompt_id)),
         _button(lang, "btn_nothing", button("ci", "nothing", prompt_id))],
        [_button(lang, "btn_later", button("ci", "later", prompt_id)),
         _button(lang, "btn_skip_today", button("ci", "skip", prompt_id))],
    ])


def skip_outcome(lang: str, can_attach: bool = False,
                 keep: bool = False) -> InlineKeyboardMarkup:
    row = [_button(lang, "btn_skip_step", button("ci", "skipstep"))]
    if keep:
        row.insert(0, _button(lang, "btn_keep_step", button("ci", "keepstep", "outcome")))
    if can_attach:
        row.append(_button(lang, "btn_attach_thanks", button("ci", "attach")))
    return InlineKeyboardMarkup([row])


def keep_step(lang: str, step: str) -> InlineKeyboardMarkup:
    """Under a question whose answer is already in the draft (a line of a note): keep it."""
    return InlineKeyboardMarkup([[_button(lang, "btn_keep_step", button("ci", "keepstep", step))]])


def confirm_lines(lang: str, inbox_id: int) -> InlineKeyboardMarkup:
    """Under a note of several lines read as an entry: save it so, edit it, or leave it a
    note."""
    return InlineKeyboardMarkup([
        [_button(lang, "btn_lines_save", button("ci", "lsave", inbox_id)),
         _button(lang, "btn_lines_edit", button("ci", "ledit", inbox_id))],
        [_button(lang, "btn_lines_note", button("ci", "lnote", inbox_id))],
    ])


def resume_or_restart(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(lang, "btn_resume", button("ci", "resume")),
                                  _button(lang, "btn_restart", button("ci", "restart"))]])


def offer_log(lang: str, inbox_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(lang, "btn_log_this", button("ci", "inbox", inbox_id)),
                                  _button(lang, "btn_what_can_you_do", button("help", "show"))]])


def offer_pending(lang: str, inbox_id: int) -> InlineKeyboardMarkup:
    """Under a text written before setup was done: save it as an entry, or let it go."""
    return InlineKeyboardMarkup([[
        _button(lang, "btn_pending_save", button("ci", "keep", inbox_id)),
        _button(lang, "btn_pending_drop", button("ci", "drop", inbox_id))]])


def settings_menu(user: User) -> InlineKeyboardMarkup:
    lang = user.language
    state = t(lang, "on" if user.skip_if_logged else "off")
    pause = (_button(lang, "btn_resume_prompts", button("set", "resume")) if user.paused
             else _button(lang, "btn_pause", button("set", "pause")))
    return InlineKeyboardMarkup([
        [_button(lang, "btn_language", button("set", "menu", "lang")),
         _button(lang, "btn_timezone", button("set", "menu", "tz"))],
        [_button(lang, "btn_time", button("set", "menu", "time")),
         _button(lang, "btn_cadence", button("set", "menu", "days")),
         _button(lang, "btn_persona", button("set", "menu", "persona"))],
        [pause],
        [_button(lang, "btn_skip_logged", button("set", "skiplogged"), state=state)],
        [_button(lang, "btn_digest", button("dg", "menu"))],
        [_button(lang, "btn_thanks_back",
                 button("set", "thanksback", "off" if user.resurface_enabled else "on"),
                 state=t(lang, "on" if user.resurface_enabled else "off"))],
        [_button(lang, "btn_vary_questions",
                 button("set", "vary", "off" if user.vary_questions else "on"),
                 state=t(lang, "on" if user.vary_questions else "off"))],
        [_button(lang, "btn_close", button("set", "close"))],
    ])


# --- /settings → 📅 Days: the daily question's cadence (bot.core.cadence) ---------------

def _current(lang: str, key: str, chosen: bool, **kwargs: object) -> str:
    """A choice's label, ✅ in front when it is the one in force."""
    label = plain(lang, key, **kwargs)
    return plain(lang, "btn_cadence_current", label=label) if chosen else label


def cadence_menu(lang: str, days: int) -> InlineKeyboardMarkup:
    """Every day, three times a week (its days spelled out), once a week… (a day to pick),
    choose the days… (a toggle per weekday), and « Back to /settings."""
    now = cadence.kind(days)
    choices = [
        (_current(lang, "btn_cadence_daily", now == "daily"),
         button("set", "days", cadence.EVERY_DAY)),
        (_current(lang, "btn_cadence_three", now == "three",
                  days=weekdays_short(lang, cadence.THREE_TIMES)),
         button("set", "days", cadence.THREE_TIMES)),
        (_current(lang, "btn_cadence_weekly", now == "weekly"), button("set", "days", "once")),
        (_current(lang, "btn_cadence_chosen", now == "chosen"), button("set", "days", "pick")),
    ]
    return _with_back([[InlineKeyboardButton(label, callback_data=data)]
                       for label, data in choices], lang, button("set", "back"))


def cadence_weekly(lang: str, days: int) -> InlineKeyboardMarkup:
    """Once a week: the seven days (✅ on the one in force), « Back to the cadence."""
    one = cadence.kind(days) == "weekly"
    row = [InlineKeyboardButton(
        _current(lang, f"weekday_{d}", one and days == cadence.mask_of([d])),
        callback_data=button("set", "days", cadence.mask_of([d]))) for d in range(7)]
    return _with_back([row[:4], row[4:]], lang, button("set", "menu", "days"))


def cadence_days(lang: str, days: int) -> InlineKeyboardMarkup:
    """A toggle per weekday (✅ asked, ▫️ not), « Back to the cadence."""
    row = [InlineKeyboardButton(
        plain(lang, "btn_day_on" if d in cadence.days_of(days) else "btn_day_off",
              day=plain(lang, f"weekday_short_{d}")),
        callback_data=button("set", "dayt", d)) for d in range(7)]
    return _with_back([row[:4], row[4:]], lang, button("set", "menu", "days"))


def _problem_label(entry: Entry) -> str:
    return shorten(f"{entry.who or ''} — {entry.problem or ''}", 40)


def thanks_saved(lang: str, thanks_id: int, problems: list[Entry]) -> InlineKeyboardMarkup:
    """Under a kept thank-you: which problem it thanks for (the sender's first), 🔎 to find
    another, none, or undo."""
    rows = [[InlineKeyboardButton(_problem_label(e),
                                  callback_data=button("th", "link", thanks_id, e.entry_id))]
            for e in problems]
    if problems:
        rows.append([_button(lang, "btn_thanks_find", button("th", "find", thanks_id, 0)),
                     _button(lang, "btn_no_problem", button("th", "none", thanks_id))])
    rows.append([_button(lang, "btn_not_thanks", button("th", "undo", thanks_id))])
    return InlineKeyboardMarkup(rows)


def link_later(lang: str, thanks_id: int, problems: list[Entry], page: int,
               linked: bool) -> InlineKeyboardMarkup:
    """🔗 on a thank-you in /history (``page``): the problems it may be for, 🔎 to find
    another, "not linked to any" when it is linked, and « Back to the page."""
    rows = [[InlineKeyboardButton(_problem_label(e), callback_data=button(
        "th", "to", thanks_id, e.entry_id, page))] for e in problems]
    row = [_button(lang, "btn_thanks_find", button("th", "find", thanks_id, page))
           ] if problems else []
    if linked:
        row.append(_button(lang, "btn_thanks_unlink", button("th", "off", thanks_id, page)))
    if row:
        rows.append(row)
    rows.append([_button(lang, "btn_back", button("hi", "p", page))])
    return InlineKeyboardMarkup(rows)


def found_problems(lang: str, thanks_id: int, problems: list[Entry],
                   page: int) -> InlineKeyboardMarkup:
    """Under 🔎's results: each problem found, and 🔎 again."""
    rows = [[InlineKeyboardButton(_problem_label(e), callback_data=button(
        "th", "to", thanks_id, e.entry_id, page))] for e in problems]
    rows.append([_button(lang, "btn_thanks_find", button("th", "find", thanks_id, page))])
    return InlineKeyboardMarkup(rows)


def thanks_undo(lang: str, thanks_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        _button(lang, "btn_not_thanks", button("th", "undo", thanks_id))]])


def screenshot_question(lang: str, thanks_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        _button(lang, "btn_yes_thanks", button("th", "yes", thanks_id)),
        _button(lang, "btn_no_thanks", button("th", "no", thanks_id))]])


def skip_sender(lang: str, thanks_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        _button(lang, "btn_skip_from", button("th", "nofrom", thanks_id))]])


def attach_choices(labels: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(label, callback_data=button("th", "attach", tid))]
        for tid, label in labels])


def intention(lang: str, week: date) -> InlineKeyboardMarkup:
    """Under the digest: answer "whose problem next week?" for the week starting ``week``."""
    return InlineKeyboardMarkup([[_button(lang, "btn_intention",
                                          button("dg", "intent", week.isoformat()))]])


def next_focus(lang: str, focus: str | None) -> InlineKeyboardMarkup:
    """Under the 13-week review: choose the next 13 weeks' focus (/focus), or keep it."""
    row = [_button(lang, "btn_next_focus", button("rv", "focus"))]
    if focus:
        row.append(InlineKeyboardButton(plain(lang, "btn_keep_focus", focus=shorten(focus, 24)),
                                        callback_data=button("rv", "keep")))
    return InlineKeyboardMarkup([row])


def digest_menu(user: User) -> InlineKeyboardMarkup:
    lang = user.language
    days = [_button(lang, f"weekday_{d}", button("dg", "day", d)) for d in range(7)]
    hours = [_button(lang, "btn_digest_time", button("dg", "asktime"),
                     time=clock_time(lang, user.digest_time))]
    other_start = 6 if user.week_start_day == 0 else 0
    toggle = (_button(lang, "btn_digest_off", button("dg", "off")) if user.digest_enabled
              else _button(lang, "btn_digest_on", button("dg", "on")))
    return InlineKeyboardMarkup([
        days[:4], days[4:], hours,
        [toggle, _button(lang, "btn_week_start", button("dg", "weekstart", other_start),
                         day=t(lang, f"weekday_{other_start}"))],
        [_button(lang, "btn_back", button("dg", "back"))],
    ])


# --- /history and /forget ----------------------------------------------------------------

def history_page(lang: str, page: Page) -> InlineKeyboardMarkup | None:
    """Edit and delete for each item on the page (and 🔗 link for a thank-you), then
    older/newer."""
    rows = []
    for i in page.items:
        row = [_button(lang, "btn_history_edit", button("hi", "e", i.kind, i.item_id, page.number),
                       n=i.number),
               _button(lang, "btn_history_delete", button("hi", "d", i.kind, i.item_id, page.number),
                       n=i.number)]
        if i.kind == "t":
            row.append(_button(lang, "btn_history_link",
                               button("hi", "l", i.kind, i.item_id, page.number), n=i.number))
        rows.append(row)
    nav = []
    if page.has_older:
        nav.append(_button(lang, "btn_history_older", button("hi", "p", page.number + 1)))
    if page.has_newer:
        nav.append(_button(lang, "btn_history_newer", button("hi", "p", page.number - 1)))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows) if rows else None


def history_fields(lang: str, item: Item, page: int) -> InlineKeyboardMarkup:
    """Which field of an item to edit, two a row, then « Back to the page."""
    buttons = [_button(lang, f"field_{field}", button("hi", "f", item.kind, item.item_id, field))
               for field in FIELDS[item.kind]]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(lang, "btn_back", button("hi", "p", page))])
    return InlineKeyboardMarkup(rows)


def history_delete(lang: str, item: Item, page: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        _button(lang, "btn_history_delete_yes", button("hi", "y", item.kind, item.item_id, page)),
        _button(lang, "btn_history_delete_no", button("hi", "k", page))]])


def forget_first(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        _button(lang, "btn_forget_continue", button("fg", "go")),
        _button(lang, "btn_forget_cancel", button("fg", "no"))]])


def forget_final(lang: str, token: str) -> InlineKeyboardMarkup:
    """The last step of /forget: erase (with a one-time token) or keep."""
    return InlineKeyboardMarkup([[
        _button(lang, "btn_forget_erase", button("fg", "erase", token)),
        _button(lang, "btn_forget_keep", button("fg", "keep"))]])


# --- /people ------------------------------------------------------------------------------

def _person_button(person: Person, action: str, *extra: object) -> InlineKeyboardButton:
    assert person.ref is not None
    return InlineKeyboardButton(shorten(person.name, 24),
                                callback_data=button("pp", action, *extra, *person.ref.args))


def _two_a_row(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [buttons[i:i + 2] for i in range(0, len(buttons), 2)]


def people_list(lang: str, people: list[Person], page: int, pages: int,
                suggestions: list[tuple[Person, Person]]) -> InlineKeyboardMarkup:
    """Each person on the page (their history), suggested merges, 🔀 merge, other pages."""
    rows = _two_a_row([_person_button(p, "show") for p in people])
    for a, b in suggestions:
        assert a.ref is not None and b.ref is not None
        rows.append([InlineKeyboardButton(
            plain(lang, "btn_people_suggest", a=shorten(a.name, 16), b=shorten(b.name, 16)),
            callback_data=button("pp", "two", *a.ref.args, *b.ref.args))])
    if len(people) > 1 or pages > 1:
        rows.append([_button(lang, "btn_people_merge", button("pp", "pick", page))])
    nav = []
    if page > 1:
        nav.append(_button(lang, "btn_people_prev", button("pp", "list", page - 1),
                           page=page - 1))
    if page < pages:
        nav.append(_button(lang, "btn_people_next", button("pp", "list", page + 1),
                           page=page + 1))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows)


def people_back(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(lang, "btn_people_all", button("pp", "list", 1))]])


def people_choose(people: list[Person]) -> InlineKeyboardMarkup:
    """Several people match a typed name: one button each."""
    return InlineKeyboardMarkup(_two_a_row([_person_button(p, "show") for p in people]))


def people_pick_first(lang: str, people: list[Person], page: int) -> InlineKeyboardMarkup:
    rows = _two_a_row([_person_button(p, "one") for p in people])
    rows.append([_button(lang, "btn_back", button("pp", "list", page))])
    return InlineKeyboardMarkup(rows)


def people_pick_second(lang: str, first: Person, others: list[Person]) -> InlineKeyboardMarkup:
    assert first.ref is not None
    rows = _two_a_row([_person_button(p, "two", *first.ref.args) for p in others])
    rows.append([_button(lang, "btn_people_all", button("pp", "list", 1))])
    return InlineKeyboardMarkup(rows)


def people_merged(lang: str, alias_id: int, person: Person | None) -> InlineKeyboardMarkup:
    row = [_button(lang, "btn_people_undo", button("pp", "undo", alias_id))]
    if person is not None and person.ref is not None:
        row.append(_person_button(person, "show"))
    return InlineKeyboardMarkup([row, [_button(lang, "btn_people_all", button("pp", "list", 1))]])


def person_detail(lang: str, person: Person, merges: list[tuple[int, str]], page: int = 1,
                  has_older: bool = False) -> InlineKeyboardMarkup:
    """Under one person's history: older/newer, merge with someone else, undo each merge,
    the list."""
    assert person.ref is not None
    rows = []
    nav = []
    if has_older:
        nav.append(_button(lang, "btn_history_older",
                           button("pp", "hist", *person.ref.args, page + 1)))
    if page > 1:
        nav.append(_button(lang, "btn_history_newer",
                           button("pp", "hist", *person.ref.args, page - 1)))
    if nav:
        rows.append(nav)
    rows.append([InlineKeyboardButton(plain(lang, "btn_people_same_as"),
                                      callback_data=button("pp", "one", *person.ref.args))])
    rows += [[InlineKeyboardButton(plain(lang, "btn_people_separate", name=shorten(name, 24)),
                                   callback_data=button("pp", "undo", alias_id))]
             for alias_id, name in merges]
    rows.append([_button(lang, "btn_people_all", button("pp", "list", 1))])
    return InlineKeyboardMarkup(rows)
