"""/people on Telegram: the list, one person's history, merging two names and undoing it.

Buttons (a person is named by one of their records, ``e``/``t`` + id, re-checked against the
pressing user's own journal): ``pp:list:<page>``, ``pp:show:<k>:<id>`` (their history;
``pp:hist:<k>:<id>:<page>`` an older page of it), ``pp:pick:<page>``
(🔀: choose the first name), ``pp:one:<k>:<id>`` (choose the second), ``pp:two:<k>:<id>:<k>:<id>``
(merge the second into the first), ``pp:undo:<alias id>``.
"""

from __future__ import annotations

from datetime import date

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from bot import keyboards
from bot.core import thanks_words
from bot.core.names import person_key
from bot.core.people import (
    PAGE_SIZE,
    Directory,
    Moment,
    Person,
    PersonHistory,
    parse_request,
)
from bot.core.search import full_date
from bot.core.voice import how_text
from bot.handlers.common import command_arguments, current_user, pressed, reply, services, show
from bot.messages import Raw, format_date, shorten, t
from storage.models import Thanks, User

NAME_LIMIT = 40


# --- words --------------------------------------------------------------------------------

def when(lang: str, iso: str, today: date) -> str:
    """"Nov 28" this year, "Mar 3, 2025" before."""
    return format_date(lang, iso) if iso[:4] == str(today.year) else full_date(lang, iso)


def counts(lang: str, person: Person) -> str:
    parts = []
    if person.problems:
        parts.append(t(lang, "people_problems_one") if person.problems == 1
                     else t(lang, "people_problems_other", count=person.problems))
    if person.thanks:
        parts.append(t(lang, "people_thanks_one") if person.thanks == 1
                     else t(lang, "people_thanks_other", count=person.thanks))
    return t(lang, "people_sep").join(parts)


def render_list(lang: str, directory: Directory, page: int, today: date) -> tuple[str, int]:
    """The list's text and the page shown (clamped)."""
    people = directory.people
    if not people:
        return t(lang, "people_empty"), 1
    pages = -(-len(people) // PAGE_SIZE)
    page = min(max(1, page), pages)
    header = t(lang, "people_header", count=len(people))
    if pages > 1:
        header += t(lang, "people_page", page=page, pages=pages)
    lines = [header, ""]
    for person in people[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]:
        lines.append(t(lang, "people_line", name=shorten(person.name, NAME_LIMIT),
                       counts=Raw(counts(lang, person)),
                       date=when(lang, person.last_date, today)))
    lines += ["", t(lang, "people_hint")]
    return "\n".join(lines), page


def render_person(lang: str, history: PersonHistory, directory: Directory, today: date) -> str:
    person = history.person
    lines = [t(lang, "people_person", name=shorten(person.name, 60))]
    others = sorted((person.whos | person.senders) - {person.name})
    if others:
        shown = [shorten(n, 30) for n in others[:6]] + (["…"] if len(others) > 6 else [])
        lines.append(t(lang, "people_also", names=("、" if lang == "ja" else ", ").join(shown)))
    lines.append(t(lang, "people_since", counts=Raw(counts(lang, person)),
                   date=when(lang, person.first_date, today)))
    lines.append("")
    for moment in history.moments:
        lines.extend(_moment_lines(lang, moment, person, today))
    if history.remaining:
        lines += ["", t(lang, "people_more", count=history.remaining, term=person.key)]
    return "\n".join(lines)


def _moment_lines(lang: str, moment: Moment, person: Person, today: date) -> list[str]:
    """A problem with the thank-yous under it, or a thank-you of its own; a thank-you from
    someone else (tied to their problem) names its sender."""
    def said(record: Thanks, limit: int) -> str:
        return (thanks_words.words(lang, record, limit) if record.sender_name in person.senders
                else thanks_words.line(lang, record, limit))

    day = when(lang, moment.local_date, today)
    if moment.entry is None:
        assert moment.thanks is not None
        return [t(lang, "people_item_thanks", date=day, line=said(moment.thanks, 80))]
    entry = moment.entry
    line = t(lang, "people_item_problem", date=day, problem=shorten(entry.problem or "", 60),
             how=how_text(entry.how, entry.voice_duration, 60))
    if entry.outcome:
        line += t(lang, "people_item_outcome", outcome=shorten(entry.outcome, 60))
    return [line] + [t(lang, "people_item_linked", line=said(r, 60)) for r in moment.linked]


# --- the command --------------------------------------------------------------------------

async def people_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/people, /people NAME, /people merge A + B, /people split NAME."""
    user = await current_user(update, context)
    lang = user.language
    people = services(context).people
    request = parse_request(command_arguments(update))
    if request.action == "list":
        await _show_list(update, context, user, 1)
        return
    directory = await people.directory(user)
    if request.action == "show":
        await _show_found(update, context, user, directory, request.names[0])
    elif request.action == "merge":
        await _merge_by_names(update, context, user, directory, request.names)
    elif request.action == "split":
        await _split_by_name(update, context, user, directory, request.names[0])
    else:
        await reply(update, t(lang, "stale_button"))


async def _show_list(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                     page: int, directory: Directory | None = None) -> None:
    svc = services(context)
    directory = directory or await svc.people.directory(user)
    lang = user.language
    text, page = render_list(lang, directory, page, svc.accounts.today(user))
    pages = max(1, -(-len(directory.people) // PAGE_SIZE))
    shown = directory.people[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    keyboard = (keyboards.people_list(lang, shown, page, pages, directory.suggestions())
                if directory.people else None)
    await show(update, text, keyboard)


async def _show_person(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                       person: Person, directory: Directory, page: int = 1) -> None:
    svc = services(context)
    lang = user.language
    history = await svc.people.history(user, person, page)
    merges = [(a.alias_id, a.alias_name) for a in directory.merged_into(person)]
    await show(update, render_person(lang, history, directory, svc.accounts.today(user)),
               keyboards.person_detail(lang, person, merges, history.page, history.has_older))


async def _show_found(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                      directory: Directory, name: str) -> None:
    lang = user.language
    found = directory.find(name)
    if not found:
        await reply(update, t(lang, "people_not_found", name=shorten(name, NAME_LIMIT)))
    elif len(found) == 1:
        await _show_person(update, context, user, found[0], directory)
    else:
        await reply(update, t(lang, "people_choose", name=shorten(name, NAME_LIMIT)),
                    keyboards.people_choose(found[:10]))


async def _merge_by_names(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                          directory: Directory, names: tuple[str, ...]) -> None:
    lang = user.language
    if len(names) != 2:
        await reply(update, t(lang, "people_merge_usage"))
        return
    chosen = []
    for name in names:
        found = directory.find(name)
        if len(found) != 1:
            await _show_found(update, context, user, directory, name)
            return
        chosen.append(found[0])
    await _merge(update, context, user, chosen[0], chosen[1])


async def _merge(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                 first: Person, second: Person) -> None:
    lang = user.language
    merged = await services(context).people.merge(user, first, second)
    names = {"first": shorten(merged.first, NAME_LIMIT),
             "second": shorten(merged.second, NAME_LIMIT)}
    if merged.outcome != "merged" or merged.alias_id is None:
        await show(update, t(lang, "people_merge_same", **names))
        return
    total = Raw(counts(lang, merged.person)) if merged.person is not None else ""
    await show(update, t(lang, "people_merged", counts=total, **names),
               keyboards.people_merged(lang, merged.alias_id, merged.person))


async def _split_by_name(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                         directory: Directory, name: str) -> None:
    """Undo the merge that made ``name`` someone else; a person with several merges gets
    their page, with a ↩️ button for each."""
    lang = user.language
    key = person_key(name)
    alias = next((a for a in directory.aliases if a.alias_key == key), None)
    if alias is None:
        found = directory.find(name)
        merges = directory.merged_into(found[0]) if len(found) == 1 else []
        if len(merges) == 1:
            alias = merges[0]
        elif merges:
            await _show_person(update, context, user, found[0], directory)
            return
    if alias is None:
        await reply(update, t(lang, "people_split_unknown", name=shorten(name, NAME_LIMIT)))
        return
    await _split(update, context, user, alias.alias_id)


async def _split(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                 alias_id: int | None) -> None:
    lang = user.language
    alias = await services(context).people.split(user, alias_id)
    if alias is None:
        await show(update, t(lang, "people_split_gone"))
        return
    await show(update, t(lang, "people_split", alias=shorten(alias.alias_name, NAME_LIMIT),
                         target=shorten(alias.target_name, NAME_LIMIT)),
               keyboards.people_back(lang))


# --- buttons ------------------------------------------------------------------------------

async def on_people_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user, data = await pressed(update, context)
    lang = user.language
    people = services(context).people
    action, args = data.action, data.args
    if action in ("list", "pick"):
        page = data.id(0) or 1
        if action == "list":
            await _show_list(update, context, user, page)
            return
        directory = await people.directory(user)
        pages = max(1, -(-len(directory.people) // PAGE_SIZE))
        page = min(page, pages)
        shown = directory.people[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        await show(update, t(lang, "people_merge_first"),
                   keyboards.people_pick_first(lang, shown, page))
        return
    if action == "undo":
        await _split(update, context, user, data.single_id)
        return
    directory = await people.directory(user)
    first = (await people.resolve(user, data.arg(0), data.id(1), directory)
             if len(args) in (2, 3, 4) else None)
    if first is None:
        await reply(update, t(lang, "people_not_found_button"))
        return
    if action == "show" and len(args) == 2:
        await _show_person(update, context, user, first, directory)
    elif action == "hist" and len(args) == 3:
        await _show_person(update, context, user, first, directory, data.id(2) or 1)
    elif action == "one" and len(args) == 2:
        others = directory.candidates(first)
        if not others:
            await show(update, t(lang, "people_merge_alone", name=shorten(first.name, NAME_LIMIT)))
            return
        await show(update, t(lang, "people_merge_second", name=shorten(first.name, NAME_LIMIT)),
                   keyboards.people_pick_second(lang, first, others))
    elif action == "two" and len(args) == 4:
        second = await people.resolve(user, data.arg(2), data.id(3), directory)
        if second is None:
            await reply(update, t(lang, "people_not_found_button"))
            return
        await _merge(update, context, user, first, second)
    else:
        await reply(update, t(lang, "stale_button"))


def register(application: Application) -> None:
    """This flow's buttons (its command is in bot/commands.py)."""
    application.add_handler(CallbackQueryHandler(on_people_button, pattern=r"^pp:"))
