"""The weekly digest on Telegram: /week, /focus, the "next week" intention, and the digest's
settings (day, time, on/off, first day of the week). The scheduled digest itself is sent by
the dispatcher through ``TelegramPromptSender.send_digest``."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from bot import keyboards
from bot.core import digest_text
from bot.core.awaiting import Awaiting, State
from bot.core.chart import chart_png
from bot.core.digest import LAST_WEEK_WORDS
from bot.core.focus import FOCUS_OFF_WORDS, parse_focus
from bot.core.parsing import parse_local_time
from bot.handlers import setup
from bot.handlers.common import (
    command_arguments,
    current_user,
    describe_next,
    drop_keyboard,
    pressed,
    reply,
    services,
    show,
)
from bot.messages import Raw, format_date, shorten, t
from storage.models import User

log = logging.getLogger(__name__)


def register(application: Application) -> None:
    """Add this flow's button handlers (its commands are in bot/commands.py)."""
    application.add_handler(CallbackQueryHandler(on_digest_button, pattern=r"^dg:"))


async def send_chart(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                     bars) -> None:
    png = await chart_png(bars, user.language)
    if png is None:
        return
    chat = update.effective_chat
    assert chat is not None
    try:
        await chat.send_photo(png, caption=t(user.language, "chart_caption"))
    except TelegramError as exc:
        log.warning("chart not sent: %s", type(exc).__name__)


async def week_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/week: this local week so far; /week last: the previous one."""
    svc = services(context)
    user = await current_user(update, context)
    words = command_arguments(update).split()
    first_day = svc.digests.current_week(user)
    title = "dg_title"
    if words and words[0].lower() in LAST_WEEK_WORDS:
        first_day -= timedelta(days=7)
        title = "dg_title_last"
    summary = await svc.digests.summary(user, first_day)
    if summary.show_chart and not summary.before_joined:
        await send_chart(update, context, user, summary.chart)
    for part in digest_text.render(summary, title=title):
        await reply(update, part)


async def focus_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/focus shows the personal metric; /focus <who / problem> sets it; /focus off."""
    svc = services(context)
    user = await current_user(update, context)
    lang = user.language
    text = command_arguments(update)
    if text.lower() in FOCUS_OFF_WORDS:
        await svc.accounts.set_focus(user, None, None)
        await reply(update, t(lang, "focus_cleared"))
        return
    focus = parse_focus(text) if text else None
    if focus is None:
        current = ""
        if user.focus_who or user.focus_problem:
            summary = await svc.digests.summary(user, svc.digests.current_week(user))
            current = t(lang, "focus_current", focus=str(summary.focus),
                        count=summary.focus_matches)
        await reply(update, t(lang, "focus_usage", current=Raw(current)))
        return
    user = await svc.accounts.set_focus(user, shorten(focus.who, 100) if focus.who else None,
                                        shorten(focus.problem or "", 100))
    summary = await svc.digests.summary(user, svc.digests.current_week(user))
    await reply(update, t(lang, "focus_set", focus=str(summary.focus),
                          who=user.focus_who or t(lang, "focus_anyone"),
                          problem=user.focus_problem or "", count=summary.focus_matches))


def waiting_intention(user: User) -> date | None:
    state = State.parse(user.awaiting)
    return state.week if state is not None else None


async def receive_intention(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                            text: str) -> None:
    svc = services(context)
    week = waiting_intention(user)
    await svc.accounts.set_awaiting(user, None)
    if week is None:
        return
    await svc.digests.set_intention(user, week, text)
    await reply(update, t(user.language, "intention_saved",
                          date=format_date(user.language, week.isoformat()),
                          text=shorten(text, 120)))


async def ask_intention(update: Update, user: User) -> None:
    await reply(update, t(user.language, "ask_intention"))


async def on_digest_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every ``dg:`` button: the intention, and the digest settings."""
    svc = services(context)
    user, data = await pressed(update, context)
    lang = user.language
    action, argument = data.action, data.argument

    if action == "intent":
        try:
            week = date.fromisoformat(argument)
        except ValueError:
            await reply(update, t(lang, "stale_button"))
            return
        await drop_keyboard(update)
        await svc.accounts.set_awaiting(user, State.intention(week))
        await ask_intention(update, user)
        return
    if not user.onboarded:
        await reply(update, t(lang, "finish_setup_first"))
        await setup.ask_onboarding_again(update, context, user)
        return
    # The digest settings are part of the /settings message: every press edits it in place.
    if action == "menu":
        user = await svc.accounts.set_awaiting(user, None)
        await show_digest_menu(update, user, edit=True)
    elif action == "back":
        user = await svc.accounts.set_awaiting(user, None)
        await setup.show_settings(update, context, user, edit=True)
    elif action == "asktime":
        await ask_digest_time(update, context, user, edit=True)
    elif action == "day" and argument in ("0", "1", "2", "3", "4", "5", "6"):
        await _saved(update, context, await svc.accounts.set_digest(
            user, enabled=True, weekday=int(argument)), edit=True)
    elif action == "time" and (at := parse_local_time(argument)) is not None:
        user = await svc.accounts.set_awaiting(user, None)
        await _saved(update, context, await svc.accounts.set_digest(user, enabled=True, at=at),
                     edit=True)
    elif action == "on":
        await _saved(update, context, await svc.accounts.set_digest(user, enabled=True),
                     edit=True)
    elif action == "off":
        user = await svc.accounts.set_digest(user, enabled=False)
        await show_digest_menu(update, user, t(lang, "digest_turned_off"), edit=True)
    elif action == "weekstart" and argument in ("0", "6"):
        user = await svc.accounts.set_week_start(user, int(argument))
        await show_digest_menu(update, user, edit=True)
    else:
        await reply(update, t(lang, "stale_button"))
        await show_digest_menu(update, user)


async def ask_digest_time(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                          edit: bool = False) -> None:
    """The weekly digest's time: a button, or typed like the daily time (21:30, 9pm, …)."""
    await services(context).accounts.set_awaiting(user, Awaiting.DIGEST_TIME)
    text, keyboard = t(user.language, "ask_digest_time"), keyboards.digest_times(user.language)
    if edit:
        await show(update, text, keyboard)
    else:
        await reply(update, text, keyboard)


async def receive_digest_time(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                              text: str) -> None:
    """A typed digest time: saved, then the digest settings again (a new message)."""
    svc = services(context)
    at = parse_local_time(text)
    if at is None and await setup.not_an_answer(update, context, user, text):
        return
    if at is None:
        await reply(update, t(user.language, "time_unknown", text=text[:64]),
                    keyboards.digest_times(user.language))
        return
    user = await svc.accounts.set_awaiting(user, None)
    await _saved(update, context, await svc.accounts.set_digest(user, enabled=True, at=at))


async def _saved(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                 edit: bool = False) -> None:
    when = describe_next(services(context), user, user.next_digest_utc)
    await show_digest_menu(update, user, t(user.language, "digest_saved", when=when), edit)


async def show_digest_menu(update: Update, user: User, note: str | None = None,
                           edit: bool = False) -> None:
    lang = user.language
    text = t(lang, "digest_menu", state=setup.digest_state(user),
             week_start=t(lang, f"weekday_{user.week_start_day}"))
    if note:
        text = f"{note}\n\n{text}"
    if edit:
        await show(update, text, keyboards.digest_menu(user))
    else:
        await reply(update, text, keyboards.digest_menu(user))
