"""/report (a one-page PDF of a quarter or of chosen dates, to hand over) and /numbers (the
old numbers shown beside the new ones in it)."""

from __future__ import annotations

import logging

from telegram import InputFile, Update
from telegram.ext import ContextTypes

from bot.core import old_numbers as numbers_words
from bot.core import report_pdf
from bot.core.old_numbers import MAX_MEASURES, format_value
from bot.core.report import PeriodError, parse_period
from bot.handlers.common import command_arguments, current_user, reply, services
from bot.messages import Raw, format_date, shorten, t
from storage.db import flush_unit

log = logging.getLogger(__name__)


async def report_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/report [period]: this quarter by default (see ``bot.core.report.parse_period``)."""
    chat = update.effective_chat
    assert chat is not None
    svc = services(context)
    user = await current_user(update, context)
    lang = user.language
    typed = command_arguments(update)
    period = parse_period(typed, svc.accounts.today(user))
    if isinstance(period, PeriodError):
        dates = {name: report_pdf.short_date(lang, day.isoformat(), True)
                 for name, day in (("first", period.first), ("last", period.last)) if day}
        await reply(update, t(lang, f"rp_{period.reason}", text=shorten(typed, 60), **dates))
        return
    report = await svc.reports.build(user, period)
    name = report_pdf.period_title(lang, period)
    if report.empty:
        await reply(update, t(lang, "rp_empty", period=name))
        return
    await flush_unit()  # hold no database lock while the page is drawn
    pdf = await report_pdf.pdf_bytes(report)
    if pdf is None:
        await reply(update, t(lang, "rp_failed"))
        return
    if report.numbers:
        names = "、" if lang == "ja" else ", "
        hint = t(lang, "rp_caption_numbers_some",
                 names=names.join(shorten(n.name, 24) for n in report.numbers[:3]))
    else:
        hint = t(lang, "rp_caption_numbers_none")
    caption = "\n\n".join((t(lang, "rp_caption", period=name, solved=report.solved,
                             thanks=report.thanks, people=report.people_count),
                           hint, t(lang, "rp_caption_more")))
    await chat.send_document(InputFile(pdf, filename=period.filename), caption=caption)
    log.info("report sent: %d days, %d bytes", period.days, len(pdf))


async def numbers_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/numbers: list; /numbers NAME VALUE [DATE]: record; /numbers delete NAME."""
    svc = services(context)
    user = await current_user(update, context)
    lang = user.language
    today = svc.accounts.today(user)
    request = numbers_words.parse_request(command_arguments(update), today)
    if request.action == "list":
        found = await svc.old_numbers.measures(user)
        if not found:
            await reply(update, t(lang, "on_usage"))
            return
        lines = []
        for measure in found:
            latest, first = measure.latest, measure.values[0]
            if first.local_date != latest.local_date:
                lines.append(t(lang, "on_line_since", name=measure.name,
                               value=format_value(latest.value),
                               date=format_date(lang, latest.local_date),
                               first=format_value(first.value),
                               first_date=format_date(lang, first.local_date)))
            else:
                lines.append(t(lang, "on_line", name=measure.name,
                               value=format_value(latest.value),
                               date=format_date(lang, latest.local_date)))
        await reply(update, t(lang, "on_list", lines=Raw("\n".join(lines)),
                              example=found[0].name))
    elif request.action == "delete":
        removed = await svc.old_numbers.delete(user, request.name)
        key = "on_deleted" if removed else "on_not_found"
        await reply(update, t(lang, key, name=request.name, count=removed))
    elif request.action == "add":
        assert request.day is not None
        saved = await svc.old_numbers.record(user, request.name, request.value, request.day)
        if saved.measure is None:
            await reply(update, t(lang, "on_too_many", count=MAX_MEASURES))
            return
        earlier = [v for v in saved.measure.values if v.local_date < request.day.isoformat()]
        before = (t(lang, "on_saved_before", value=format_value(earlier[-1].value),
                    date=format_date(lang, earlier[-1].local_date)) if earlier else "")
        await reply(update, t(lang, "on_saved", name=request.name,
                              value=format_value(request.value),
                              date=format_date(lang, request.day.isoformat()),
                              before=Raw(before)))
    else:
        await reply(update, t(lang, f"on_{request.problem}",
                              value=format_value(request.value)))
