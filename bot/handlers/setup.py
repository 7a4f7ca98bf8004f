"""/start, /settings and every preference choice (persona, time zone, time, language, pause;
the days of the question are ``bot.handlers.cadence``).

During onboarding each answer leads to the next question (persona → time zone → time);
afterwards the same choices come from the /settings menu and lead back to it.
"""

from __future__ import annotations

from datetime import time

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot import keyboards
from bot.core.awaiting import SETUP_STEPS, Awaiting
from bot.core.buttons import button
from bot.core.parsing import parse_local_time, parse_quick_entry, parse_timezone
from bot.core.sanitize import clean
from bot.core.voice import duration
from bot.handlers import cadence
from bot.handlers.common import (
    current_user,
    describe_next,
    drop_keyboard,
    pressed,
    reply,
    services,
    show,
)
from bot.messages import PERSONAS, local_time, shorten, t, zone_label
from storage.models import User


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    user = await current_user(update, context)
    name = clean(update.effective_user.first_name if update.effective_user else "").strip()
    if not user.onboarded:
        await reply(update, t(user.language, "welcome", name=name))
        await ask_persona(update, context, user)
        return
    await svc.accounts.set_awaiting(user, None)
    schedule = (t(user.language, "schedule_paused") if user.paused else
                t(user.language, "schedule_active", time=daily_time(user)))
    await reply(update, t(user.language, "welcome_back", name=name,
                          total=await svc.journal.total(user), schedule=schedule))


def daily_time(user: User) -> str:
    """When the daily question comes, as the user reads it: "9:00 pm London time" every
    day, "Mon, Wed, Fri at 9:00 pm London time" on some days (``question_schedule``)."""
    return cadence.schedule(user)


def _back(user: User) -> str | None:
    """Questions asked from /settings offer « Back to it; during setup there is no menu."""
    return button("set", "back") if user.onboarded else None


async def _ask(update: Update, text: str, keyboard: InlineKeyboardMarkup, edit: bool) -> None:
    if edit:
        await show(update, text, keyboard)
    else:
        await reply(update, text, keyboard)


async def ask_persona(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                      edit: bool = False) -> None:
    await services(context).accounts.set_awaiting(user, Awaiting.PERSONA)
    await _ask(update, t(user.language, "ask_persona"),
               keyboards.personas(user.language, _back(user)), edit)


async def ask_timezone(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                       edit: bool = False) -> None:
    await services(context).accounts.set_awaiting(user, Awaiting.TIMEZONE)
    await _ask(update, t(user.language, "ask_timezone"),
               keyboards.timezones(user.language, _back(user)), edit)


async def ask_time(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                   edit: bool = False) -> None:
    await services(context).accounts.set_awaiting(user, Awaiting.TIME)
    await _ask(update, t(user.language, "ask_time"),
               keyboards.times(user.language, _back(user)), edit)


async def ask_onboarding_again(update: Update, context: ContextTypes.DEFAULT_TYPE,
                               user: User) -> None:
    """Re-ask whichever onboarding question is open (or start it)."""
    if user.awaiting == Awaiting.TIMEZONE:
        await ask_timezone(update, context, user)
    elif user.awaiting == Awaiting.TIME:
        await ask_time(update, context, user)
    else:
        await ask_persona(update, context, user)


async def keep_until_done(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                          text: str) -> None:
    """Text typed before setup is done that does not answer its open question: kept (in the
    inbox, which survives a restart) and offered back by ``offer_kept`` at the end of setup.
    On first contact the welcome follows; otherwise the open question is asked again."""
    await services(context).journal.keep_text(user, text)
    if user.awaiting in SETUP_STEPS:
        await reply(update, t(user.language, "kept_until_setup"))
        await ask_onboarding_again(update, context, user)
    else:
        await start(update, context)


async def offer_kept(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    """Setup is done: offer once each text written before, to save it as an entry or let
    it go."""
    for kept in await services(context).journal.kept_texts(user):
        text = (t(user.language, "pending_voice_offer", duration=duration(kept.voice.duration))
                if kept.voice is not None
                else t(user.language, "pending_offer", text=shorten(kept.text, 300)))
        await reply(update, text, keyboards.offer_pending(user.language, kept.inbox_id))


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = await current_user(update, context)
    if not user.onboarded:
        await reply(update, t(user.language, "finish_setup_first"))
        await ask_onboarding_again(update, context, user)
        return
    await services(context).accounts.set_awaiting(user, None)
    await show_settings(update, context, user)


def settings_text(user: User) -> str:
    lang = user.language
    return t(lang, "settings", language=t(lang, "language_name"),
             tz=zone_label(lang, user.timezone), time=daily_time(user),
             paused=t(lang, "paused_suffix") if user.paused else "",
             persona=t(lang, f"persona_{user.persona}" if user.persona else "persona_none"),
             skip=t(lang, "on" if user.skip_if_logged else "off"),
             digest=digest_state(user),
             thanks_back=t(lang, "on" if user.resurface_enabled else "off"),
             varied=t(lang, "on" if user.vary_questions else "off"))


async def show_settings(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                        note: str | None = None, edit: bool = False) -> None:
    """The settings view. ``edit``: in place of the pressed message (a visit to /settings
    stays one message); else as a new message (after typed input)."""
    text = settings_text(user)
    if note:
        text = f"{note}\n\n{text}"
    await _ask(update, text, keyboards.settings_menu(user), edit)


def digest_state(user: User) -> str:
    """'Sunday 8:00 pm London time' (see ``local_time``), or 'off'."""
    if not user.digest_enabled:
        return t(user.language, "off")
    return t(user.language, "digest_setting", day=t(user.language, f"weekday_{user.digest_weekday}"),
             time=local_time(user.language, user.digest_time, user.timezone))


async def receive_timezone(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                           text: str) -> None:
    zone = parse_timezone(text)
    if zone is None and await not_an_answer(update, context, user, text):
        return
    if zone is None:
        await reply(update, t(user.language, "timezone_unknown", text=text[:64]),
                    keyboards.timezones(user.language, _back(user)))
        return
    await _timezone_chosen(update, context, user, zone)


async def receive_time(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                       text: str) -> None:
    at = parse_local_time(text)
    if at is None and await not_an_answer(update, context, user, text):
        return
    if at is None:
        await reply(update, t(user.language, "time_unknown", text=text[:64]),
                    keyboards.times(user.language, _back(user)))
        return
    await _time_chosen(update, context, user, at)


async def not_an_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                        text: str) -> bool:
    """A settings question left open must not swallow a journal entry: a quick entry or a
    long text typed there leaves the question and is handled as journal text (during
    setup: kept, and offered once setup is done)."""
    if parse_quick_entry(text) is None and len(text) <= 40:
        return False
    if not user.onboarded:
        await keep_until_done(update, context, user, text)
        return True
    from bot.handlers.checkin import receive_free_text

    user = await services(context).accounts.set_awaiting(user, None)
    await receive_free_text(update, context, user, text)
    return True


async def _timezone_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                           zone: str, edit: bool = False) -> None:
    svc = services(context)
    user = await svc.accounts.set_timezone(user, zone)
    if not user.onboarded:
        if edit:
            await drop_keyboard(update)
        await ask_time(update, context, user)
        return
    user = await svc.accounts.set_awaiting(user, None)
    await show_settings(update, context, user,
                        t(user.language, "saved_setting", when=describe_next(svc, user)), edit)


async def _time_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                       at: time, edit: bool = False) -> None:
    svc = services(context)
    was_onboarded = user.onboarded
    user = await svc.accounts.set_checkin_time(user, at)
    user = await svc.accounts.set_awaiting(user, None)
    if not was_onboarded:
        if edit:
            await drop_keyboard(update)
        question = t(user.language, "question_short")
        await reply(update, t(user.language, "onboarding_done",
                              time=local_time(user.language, user.checkin_time, user.timezone),
                              question=question))
        await offer_kept(update, context, user)
        return
    await show_settings(update, context, user,
                        t(user.language, "saved_setting", when=describe_next(svc, user)), edit)


async def on_setting_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every ``set:`` button: onboarding answers and the settings menu. During setup each
    answer leads to the next question in a new message; in /settings every press edits the
    settings message in place."""
    svc = services(context)
    user, data = await pressed(update, context)
    lang = user.language
    action, argument = data.action, data.argument

    if action == "persona" and argument in PERSONAS:
        user = await svc.accounts.set_persona(user, argument)
        if not user.onboarded:
            await drop_keyboard(update)
            await ask_timezone(update, context, user)
        else:
            user = await svc.accounts.set_awaiting(user, None)
            await show_settings(update, context, user, edit=True)
    elif action == "tz" and parse_timezone(argument) == argument:
        await _timezone_chosen(update, context, user, argument, edit=True)
    elif action == "time" and (at := parse_local_time(argument)) is not None:
        await _time_chosen(update, context, user, at, edit=True)
    elif not user.onboarded:
        # A settings button pressed before setup finished: continue the setup instead.
        await reply(update, t(lang, "finish_setup_first"))
        await ask_onboarding_again(update, context, user)
    elif action == "lang" and argument in ("ja", "en"):
        user = await svc.accounts.set_language(user, argument)
        user = await svc.accounts.set_awaiting(user, None)
        await show_settings(update, context, user, edit=True)
    elif action in cadence.ACTIONS or (action == "menu" and argument == "days"):
        await cadence.on_button(update, context, user, data)  # 📅 Days
    elif action == "menu" and argument in ("lang", "tz", "time", "persona"):
        if argument == "lang":
            await svc.accounts.set_awaiting(user, None)
            await show(update, t(lang, "choose_language"), keyboards.languages(lang, button("set", "back")))
        elif argument == "tz":
            await ask_timezone(update, context, user, edit=True)
        elif argument == "time":
            await ask_time(update, context, user, edit=True)
        else:
            await ask_persona(update, context, user, edit=True)
    elif action == "back":
        user = await svc.accounts.set_awaiting(user, None)
        await show_settings(update, context, user, edit=True)
    elif action in ("pause", "resume"):
        user = await svc.accounts.set_paused(user, action == "pause")
        note = (t(lang, "paused") if user.paused
                else t(lang, "resumed", when=describe_next(svc, user)))
        await show_settings(update, context, user, note, edit=True)
    elif action == "skiplogged":
        user = await svc.accounts.toggle_skip_if_logged(user)
        await show_settings(update, context, user, edit=True)
    elif action == "thanksback" and argument in ("on", "off"):
        user = await svc.accounts.set_thanks_back(user, argument == "on")
        await show_settings(update, context, user, edit=True)
    elif action == "vary" and argument in ("on", "off"):
        user = await svc.accounts.set_vary_questions(user, argument == "on")
        await show_settings(update, context, user, edit=True)
    elif action == "close":
        user = await svc.accounts.set_awaiting(user, None)
        await show(update, f"{settings_text(user)}\n\n{t(lang, 'settings_closed')}")
    else:
        await reply(update, t(lang, "stale_button"))
        await show_settings(update, context, user)
