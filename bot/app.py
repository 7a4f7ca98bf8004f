"""Builds the python-telegram-bot Application: settings, handlers, the dispatcher job."""

from __future__ import annotations

import asyncio
import logging
import time

from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from bot import commands
from bot.config import Settings
from bot.core import chart
from bot.core.clock import Clock, SystemClock
from bot.handlers import (
    checkin,
    common,
    digest,
    history,
    messages_in,
    people,
    review,
    setup,
    thanks,
)
from bot.handlers.errors import on_error
from bot.http_client import AiohttpRequest
from bot.metrics import Metrics
from bot.replica import Replica
from bot.send_limiter import SendLimiter
from bot.services import Services
from bot.telegram_sender import TelegramPromptSender
from storage.db import open_database

log = logging.getLogger(__name__)

TICK_AFTER_SECOND = 0.02  # s after a whole second of the wall clock (due times are minutes)


def build_application(settings: Settings, clock: Clock | None = None,
                      *, send_backoff_seconds: float = 0.5) -> Application:
    requests, updates_requests = AiohttpRequest(), AiohttpRequest(connections=1)
    metrics = Metrics()
    limiter = SendLimiter(settings.send_rate_limit, paid_rate=settings.paid_broadcast_rate,
                          metrics=metrics)
    application = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.bot_api_base_url)
        .base_file_url(settings.bot_api_file_url)
        .rate_limiter(limiter)
        .updater(None)  # updates come through the durable inbox (bot/intake), not PTB's Updater
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .request(requests)
        .get_updates_request(updates_requests)
        .post_init(_on_startup)
        .post_shutdown(_on_shutdown)
        .build()
    )
    application.bot_data["settings"] = settings
    application.bot_data["http_clients"] = (requests, updates_requests)
    application.bot_data["metrics"] = metrics
    application.bot_data["clock"] = clock or SystemClock()
    application.bot_data["send_backoff_seconds"] = send_backoff_seconds
    register_handlers(application)
    return application


def register_handlers(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    new_message = filters.UpdateType.MESSAGE
    application.add_handler(CallbackQueryHandler(common.unknown_presser_gate), group=-1)
    application.add_handler(MessageHandler(
        (filters.ChatType.GROUPS | filters.ChatType.CHANNEL) & filters.UpdateType.MESSAGES,
        messages_in.on_group_message))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED & private,
                                           messages_in.on_edited_message))
    application.add_handler(MessageHandler(filters.FORWARDED & private & new_message,
                                           messages_in.on_forward))
    commands.register(application)  # every command, from the one list in bot/commands.py
    digest.register(application)
    history.register(application)
    people.register(application)
    review.register(application)
    application.add_handler(MessageHandler(filters.COMMAND & private & new_message,
                                           messages_in.on_unknown_command))
    application.add_handler(MessageHandler(filters.TEXT & private & new_message,
                                           messages_in.on_text))
    application.add_handler(MessageHandler(private & new_message, messages_in.on_other_message))
    application.add_handler(CallbackQueryHandler(setup.on_setting_button, pattern=r"^set:"))
    application.add_handler(CallbackQueryHandler(thanks.on_attach_button, pattern=r"^ci:attach$"))
    application.add_handler(CallbackQueryHandler(checkin.on_checkin_button, pattern=r"^ci:"))
    application.add_handler(CallbackQueryHandler(thanks.on_thanks_button, pattern=r"^th:"))
    application.add_handler(CallbackQueryHandler(commands.help_command, pattern=r"^help:"))
    application.add_handler(CallbackQueryHandler(messages_in.on_stale_button))
    application.add_error_handler(on_error)


async def _on_startup(application: Application) -> None:
    settings: Settings = application.bot_data["settings"]
    # every update in hand may hold a connection, plus the dispatcher and short reads
    db = await open_database(settings.journal_url(),
                             connections=settings.intake_concurrency + 4)
    services = Services.create(settings, db, application.bot_data["clock"])
    services.attach_sender(TelegramPromptSender(
        application.bot, backoff_seconds=application.bot_data["send_backoff_seconds"],
        paid_broadcast=settings.paid_broadcast))
    application.bot_data["services"] = services
    replica = application.bot_data["replica"] = Replica(db)
    limiter = application.bot.rate_limiter
    if isinstance(limiter, SendLimiter):
        limiter.share_with(replica)
    await replica.start()
    chart.warm_up()
    await register_commands(application)
    job_queue = application.job_queue
    if job_queue is None:  # python-telegram-bot without its "job-queue" extra
        raise RuntimeError("the dispatcher needs python-telegram-bot[job-queue]")
    job_queue.run_repeating(
        dispatch_tick, interval=settings.dispatch_interval_seconds,
        first=_first_tick(settings.dispatch_interval_seconds),
        name="dispatcher",
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )
    log.info("bot started; schema version %s", await db.schema_version())


def _first_tick(interval: float) -> float:
    """Seconds to the dispatcher's first tick. Ticking every whole number of seconds: just
    after a whole second of the wall clock, so that a pass starts right after each due minute
    (not up to a second later)."""
    if interval >= 1 and float(interval).is_integer():
        return 1.0 - time.time() % 1.0 + TICK_AFTER_SECOND
    return 0.2


async def _on_shutdown(application: Application) -> None:
    services: Services | None = application.bot_data.get("services")
    if services is not None:
        replica: Replica | None = application.bot_data.get("replica")
        try:
            await services.notes.write_pending()
        finally:
            try:
                if replica is not None:
                    await replica.stop()
            finally:
                await services.db.close()


async def register_commands(application: Application) -> None:
    """Telegram's command menu, from bot/commands.py: English (the default) and Japanese."""
    for language in ("en", "ja"):
        try:
            await application.bot.set_my_commands(
                commands.menu(language), language_code=None if language == "en" else language)
        except TelegramError as exc:  # not fatal: the bot works without the menu
            log.warning("setMyCommands(%s) failed: %s", language, type(exc).__name__)


async def quiesce(application: Application, timeout: float = 3.0) -> None:  # noqa: ASYNC109
    """Stop the dispatcher before ``stop()``: no new tick starts, a tick in flight stops
    claiming at its next user and gets ``timeout`` seconds to finish the send in hand; after
    that it is cancelled (a send already handed to Telegram is recorded as uncertain)."""
    application.bot_data["stopping"] = True
    services: Services | None = application.bot_data.get("services")
    if services is not None and services.dispatcher is not None:
        services.dispatcher.stop()
    if application.job_queue is not None:
        for job in application.job_queue.get_jobs_by_name("dispatcher"):
            job.schedule_removal()
    await asyncio.sleep(0.1)  # a run already handed to the event loop starts and returns
    passes = [t for t in application.bot_data.get("passes", {}).values() if not t.done()]
    if passes:
        _, pending = await asyncio.wait(passes, timeout=timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=2)


# see Dispatcher.lane_kinds; "ahead" prepares what comes due soon (a digest's chart)
LANES = ("questions", "others", "ahead")


async def dispatch_tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The job's tick: start a dispatcher pass unless one is still running (a fan-out to
    thousands of users takes minutes at Telegram's rate; the tick itself returns at once)."""
    bot_data = context.application.bot_data
    if bot_data.get("stopping") or not await _sending_here(context.application):
        return
    passes: dict[str, asyncio.Task] = bot_data.setdefault("passes", {})
    for lane in LANES:  # each lane's pass runs on its own: questions never wait for digests
        running = passes.get(lane)
        if running is None or running.done():
            passes[lane] = asyncio.create_task(_dispatch(context.application, lane),
                                               name=f"dispatcher-{lane}")


async def _sending_here(application: Application) -> bool:
    """Whether this process is the one that sends scheduled messages (``bot.replica``). On
    becoming it, the claims of the one before are recovered first; on losing it (its database
    connection broke), the passes in flight stop claiming."""
    replica: Replica = application.bot_data["replica"]
    services: Services = application.bot_data["services"]
    assert services.dispatcher is not None
    was = replica.sender
    now = await replica.is_sender()
    if now and not replica.recovered:  # (tried again at the next tick if it failed)
        services.dispatcher.resume()
        await services.dispatcher.recover()
        replica.recovered = True
        limiter = application.bot.rate_limiter
        if replica.shared and isinstance(limiter, SendLimiter):
            limiter.took_over()
        log.info("this process sends the scheduled messages")
    elif was and not now:
        replica.recovered = False
        services.dispatcher.stop()
        log.warning("this process no longer sends the scheduled messages")
    metrics: Metrics = application.bot_data["metrics"]
    metrics.sender.set(1 if now else 0)
    if not now:
        metrics.dispatcher_alive()  # waiting its turn is alive too
    return now


async def _dispatch(application: Application, lane: str) -> None:
    services: Services = application.bot_data["services"]
    metrics: Metrics = application.bot_data["metrics"]
    assert services.dispatcher is not None
    sends = lane != "ahead"  # the lanes that send (their passes show the dispatcher is alive)
    if sends:
        metrics.dispatcher_alive()
    try:
        scheduled = 0
        for _ in range(50 if lane == "others" else 0):  # users from before a kind existed:
            batch = await services.accounts.schedule_missing(500)  # up to 25,000 per tick
            scheduled += batch
            if batch < 500:
                break
        if scheduled:
            log.info("schedules set for %s existing users", scheduled)
        report = await services.dispatcher.run_once(lane)
        if sends:
            metrics.dispatch_report(report.counts)
            metrics.dispatcher_alive()
    except asyncio.CancelledError:
        # Shutdown cancels a tick in flight (e.g. while a chart renders). What was claimed
        # stays claimed, as after a kill; nothing is sent twice. Not an error.
        log.info("dispatcher tick cancelled by shutdown")
    except Exception as exc:  # never let the recurring job die
        log.error("dispatcher tick failed: %s", type(exc).__name__)

