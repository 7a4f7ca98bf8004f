"""Everything a user sends that is not a known command or button: typed text is routed by
what we are waiting for; other kinds of input get a clear, friendly answer."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.awaiting import Awaiting, state_of
from bot.core.sanitize import clean, is_blank
from bot.core.voice import duration
from bot.handlers import checkin, digest, history, notes, review, setup, thanks
from bot.handlers.common import current_user, fallback_language, reply, services, typed_text
from bot.handlers.incoming_thanks import is_image
from bot.messages import t
from storage.models import User, Voice

log = logging.getLogger(__name__)


# --- typed text, routed by what we are waiting for ---------------------------------------
# Every state in bot.core.awaiting has one receiver and one re-ask here (a unit test checks
# it). Nothing awaited, or a stored value we can not read, goes to the defaults.

Receiver = Callable[[Update, ContextTypes.DEFAULT_TYPE, User, str], Awaitable[None]]
Reasker = Callable[[Update, ContextTypes.DEFAULT_TYPE, User], Awaitable[None]]


async def _receive_other(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                         text: str) -> None:
    """Text that answers no open question: kept until setup is done, or journal text."""
    if not user.onboarded:
        await setup.keep_until_done(update, context, user, text)
        return
    if user.awaiting is not None:
        user = await services(context).accounts.set_awaiting(user, None)
    await checkin.receive_free_text(update, context, user, text)


async def _receive_sender(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                          text: str) -> None:
    """A name for "who was it from?"; text that is clearly not a name is any other text."""
    if not await thanks.receive_sender(update, context, user, text):
        await _receive_other(update, context, user, text)


async def _receive_find(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                        text: str) -> None:
    """A word for 🔎 (the problem a thank-you was for); a long text is any other text."""
    if not await thanks.receive_find(update, context, user, text):
        await _receive_other(update, context, user, text)


async def _ask_intention(update: Update, context: ContextTypes.DEFAULT_TYPE,
                         user: User) -> None:
    await digest.ask_intention(update, user)


async def _nothing_to_reask(update: Update, context: ContextTypes.DEFAULT_TYPE,
                            user: User) -> None:
    """No open typed question (the persona choice from /settings is buttons still shown)."""


RECEIVE: dict[Awaiting, Receiver] = {
    Awaiting.PERSONA: _receive_other,  # answered by a button only
    Awaiting.TIMEZONE: setup.receive_timezone,
    Awaiting.TIME: setup.receive_time,
    Awaiting.ENTRY: checkin.receive_answer,
    Awaiting.EDIT: history.receive_edit,
    Awaiting.THANKS_WHO: thanks.receive_manual,
    Awaiting.THANKS_TEXT: thanks.receive_manual,
    Awaiting.THANKS_SENDER: _receive_sender,
    Awaiting.THANKS_FIND: _receive_find,
    Awaiting.INTENTION: digest.receive_intention,
    Awaiting.DIGEST_TIME: digest.receive_digest_time,
    Awaiting.NEXT_FOCUS: review.receive_next_focus,
}

REASK: dict[Awaiting, Reasker] = {
    Awaiting.PERSONA: _nothing_to_reask,  # before setup is done, setup is asked again
    Awaiting.TIMEZONE: setup.ask_onboarding_again,
    Awaiting.TIME: setup.ask_onboarding_again,
    Awaiting.ENTRY: checkin.reask_current,
    Awaiting.EDIT: history.reask_edit,
    Awaiting.THANKS_WHO: thanks.reask,
    Awaiting.THANKS_TEXT: thanks.reask,
    Awaiting.THANKS_SENDER: thanks.reask,
    Awaiting.THANKS_FIND: thanks.reask,
    Awaiting.INTENTION: _ask_intention,
    Awaiting.DIGEST_TIME: digest.ask_digest_time,
    Awaiting.NEXT_FOCUS: review.ask_next_focus,
}

# Open even before setup is done; any other question waits until setup is finished.
_BEFORE_SETUP = (Awaiting.ENTRY, Awaiting.TIMEZONE, Awaiting.TIME)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = await current_user(update, context)
    text = typed_text(update.effective_message).strip()
    if is_blank(text):
        await reply(update, t(user.language, "empty_text"))
        await _reask(update, context, user)
        return
    if user.onboarded and await notes.note_from_reply(update, context, user, text):
        await _reask(update, context, user)  # whatever question was open stays open
        return
    state = state_of(user.awaiting)
    receive = RECEIVE[state] if state is not None else _receive_other
    await receive(update, context, user, text)


async def _reask(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    state = state_of(user.awaiting)
    if not user.onboarded and state not in _BEFORE_SETUP:
        await setup.ask_onboarding_again(update, context, user)
        return
    reask = REASK[state] if state is not None else _nothing_to_reask
    await reask(update, context, user)


async def on_forward(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any forwarded message is a thank-you the user received (or says why it can't be);
    whatever question was open is asked again, so no flow is broken."""
    user = await current_user(update, context)
    if await thanks.keep_forward(update, context, user):
        user = await services(context).accounts.get(user.user_id) or user
        await _reask(update, context, user)


async def on_other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Photos and image files may be screenshots of thanks, a voice message is an entry's
    *how*; stickers, other files… are not stored: say so and repeat the open question."""
    message = update.effective_message
    if message is not None and message.text is not None:  # an empty text
        await on_text(update, context)
        return
    user = await current_user(update, context)
    if message is not None and message.voice is not None:
        # its length as Telegram sent it (the attribute warns: it becomes a timedelta)
        length = message.voice.to_dict().get("duration") or 0
        seconds = length.total_seconds() if isinstance(length, timedelta) else length
        caption = clean(message.caption).strip()
        await _voice(update, context, user, Voice(message.voice.file_id, int(seconds)),
                     None if is_blank(caption) else caption)
        return
    if message is not None and is_image(message):
        if await thanks.keep_screenshot(update, context, user):
            await _reask(update, context, user)
        return
    await reply(update, t(user.language, "text_only"))
    await _reask(update, context, user)


async def _voice(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                 voice: Voice, caption: str | None) -> None:
    """A voice message (not forwarded): an entry's *how* (see ``checkin.receive_voice``);
    before setup is done it is kept and offered once setup ends. A question open elsewhere
    is asked again."""
    if not user.onboarded:
        message = update.effective_message
        sent_utc = int(message.date.timestamp()) if message is not None else None
        await services(context).journal.keep_voice(user, voice, sent_utc, caption)
        await reply(update, t(user.language, "voice_kept_until_setup",
                              duration=duration(voice.duration)))
        await _reask(update, context, user)
        return
    await checkin.receive_voice(update, context, user, voice, caption)
    if user.awaiting is not None and state_of(user.awaiting) is not Awaiting.ENTRY:
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
