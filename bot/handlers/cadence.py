"""/settings → 📅 Days: on which weekdays the daily question comes (``bot.core.cadence``).

Part of the /settings message: every press edits it in place; each choice is saved and the
question rescheduled at once, and « Back leads to the cadence, then to the settings. The
``set:`` buttons come through ``bot.handlers.setup.on_setting_button``:

* ``set:menu:days``: the four choices (every day, 3 times a week, once a week…, choose…);
* ``set:days:<mask>``: that set of days, saved (every day, Mon/Wed/Fri, or a day picked);
* ``set:days:once`` / ``set:days:pick``: the day to pick / a toggle per weekday;
* ``set:dayt:<weekday>``: that weekday toggled (never the last one).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import keyboards
from bot.core import cadence
from bot.core.buttons import Pressed
from bot.core.parsing import parse_id
from bot.handlers.common import describe_next, reply, services, show
from bot.messages import question_schedule, t
from storage.models import User


def schedule(user: User) -> str:
    return question_schedule(user.language, user.checkin_days, user.checkin_time,
                             user.timezone)


async def show_menu(update: Update, user: User, note: str | None = None) -> None:
    text = t(user.language, "cadence_menu", schedule=schedule(user))
    await show(update, f"{note}\n\n{text}" if note else text,
               keyboards.cadence_menu(user.language, user.checkin_days))


async def show_days(update: Update, user: User, note: str | None = None) -> None:
    text = t(user.language, "cadence_ask_days", schedule=schedule(user))
    await show(update, f"{note}\n\n{text}" if note else text,
               keyboards.cadence_days(user.language, user.checkin_days))


ACTIONS = ("days", "dayt")  # and set:menu:days


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                    data: Pressed) -> None:
    """A cadence button (see the module docstring); one not understood is stale."""
    svc = services(context)
    lang = user.language
    if data.action == "menu":
        await show_menu(update, await svc.accounts.set_awaiting(user, None))
    elif data.action == "days" and data.argument == "once":
        await show(update, t(lang, "cadence_ask_weekly"),
                   keyboards.cadence_weekly(lang, user.checkin_days))
    elif data.action == "days" and data.argument == "pick":
        await show_days(update, user)
    elif data.action == "days" and (days := parse_id(data.argument)) and cadence.valid(days):
        user = await svc.accounts.set_checkin_days(user, days)
        await show_menu(update, user, t(lang, "saved_setting", when=describe_next(svc, user)))
    elif data.action == "dayt" and (day := data.argument) in ("0", "1", "2", "3", "4", "5", "6"):
        days = cadence.toggled(user.checkin_days, int(day))
        if days is None:
            await show_days(update, user, t(lang, "cadence_one_day"))
            return
        user = await svc.accounts.set_checkin_days(user, days)
        await show_days(update, user, t(lang, "saved_setting", when=describe_next(svc, user)))
    else:
        await reply(update, t(lang, "stale_button"))
        await show_menu(update, user)
