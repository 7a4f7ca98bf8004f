"""Everything a user sends that is not a known command or button: typed text is routed by
what we are waiting for; other kinds of input get a clear, friendly answer."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.sanitize import is_blank
from bot.handlers import checkin, digest, history, setup, thanks
from bot.handlers.common import current_user, fallback_language, reply, services, typed_text
from bot.handlers.incoming_thanks import is_image
from bot.messages import t

log = logging.getLogger(__name__)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = await current_user(update, context)
    text = typed_text(update.effective_message).strip()
    if is_blank(text):
        await reply(update, t(user.language, "empty_text"))
        await _reask(update, context, user)
        return
    if user.awaiting == "tz":
        await setup.receive_timezone(update, context, user, text)
    elif user.awaiting == "time":
        await setup.receive_time(update, context, user, text)
    elif user.awaiting == digest.AWAITING_DIGEST_TIME:
        await digest.receive_digest_time(update, context, user, text)
    elif user.awaiting == "entry":
        await checkin.receive_answer(update, context, user, text)
    elif user.awaiting and user.awaiting.startswith("edit:"):
        await history.receive_edit(update, context, user, text)
    elif digest.waiting_intention(user) is not None:
        await digest.receive_intention(update, context, user, text)
    elif user.awaiting in thanks.MANUAL_STEPS:
        await thanks.receive_manual(update, context, user, text)
    elif thanks.waiting_sender(user) is not None and await thanks.receive_sender(
            update, context, user, text):
        return
    elif not user.onboarded:
        await setup.keep_until_done(update, context, user, text)
    else:
        if user.awaiting is not None:
            user = await services(context).accounts.set_awaiting(user, None)
        await checkin.receive_free_text(update, context, user, text)


async def _reask(update: Update, context: ContextTypes.DEFAULT_TYPE, user) -> None:
    if user.awaiting == "entry":
        await checkin.reask_current(update, context, user)
    elif user.awaiting in ("tz", "time") or not user.onboarded:
        await setup.ask_onboarding_again(update, context, user)
    elif user.awaiting and user.awaiting.startswith("edit:"):
        await history.reask_edit(update, context, user)
    elif user.awaiting == digest.AWAITING_DIGEST_TIME:
        await digest.ask_digest_time(update, context, user)
    elif digest.waiting_intention(user) is not None:
        await digest.ask_intention(update, user)
    else:
        await thanks.reask(update, context, user)


async def on_forward(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any forwarded message is a thank-you the user received (or says why it can't be);
    whatever question was open is asked again, so no flow is broken."""
    user = await current_user(update, context)
    if await thanks.keep_forward(update, context, user):
        user = await services(context).accounts.get(user.user_id) or user
        await _reask(update, context, user)


async def on_other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Photos and image files may be screenshots of thanks; stickers, voice, other files…
    are not stored: say so and repeat the open question."""
    message = update.effective_message
    if message is not None and message.text is not None:  # an empty text
        await on_text(update, context)
        return
    user = await current_user(update, context)
    if message is not None and is_image(message):
        if await thanks.keep_screenshot(update, context, user):
            await _reask(update, context, user)
        return
    await reply(update, t(user.language, "text_only"))
    await _reask(update, context, user)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = await current_user(update, context)
    command = (typed_text(update.effective_message).split() or ["/"])[0].split("@")[0][:32]
    await reply(update, t(user.language, "unknown_command", command=command))


async def on_edited_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = await current_user(update, context)
    await reply(update, t(user.language, "edited_ignored"))


async def on_group_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Journals are private: in groups, point people to a private chat and store nothing.
    Only commands and messages that mention the bot get that answer, so a group is never
    spammed."""
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    if not (text.startswith("/") or f"@{context.bot.username}".lower() in text.lower()):
        return
    lang = fallback_language(update)
    await reply(update, t(lang, "private_only", bot=context.bot.username))


async def on_stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button whose data we do not recognise (old or tampered)."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    user = await current_user(update, context)
    await reply(update, t(user.language, "stale_button"))
    await _reask(update, context, user)
