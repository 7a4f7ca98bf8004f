"""Delivers the scheduled messages (the daily question, the weekly digest, a thank-you
brought back) through Telegram, mapping Telegram errors to core outcomes.

429s are waited out by the send limiter (bot/send_limiter.py) before they reach us;
connection errors and 5xx answers are retried here with exponential back-off; a timeout is *not* retried, because
Telegram may already have delivered the message and it has no idempotency key.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial

from telegram import Bot, Message
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot import keyboards
from bot.core import digest_text, memory_text
from bot.core.chart import chart_png
from bot.core.digest import WeekSummary
from bot.core.dispatcher import DeliveryFailed, DeliveryUncertain, RecipientBlocked
from bot.core.memories import Memory
from bot.http_client import NotSent
from bot.messages import t
from storage.models import Prompt, User

log = logging.getLogger(__name__)


def prompt_text(user: User, prompt: Prompt) -> str:
    question = t(user.language, f"question_{user.persona or 'other'}")
    if prompt.kind == "reminder":
        return f"{t(user.language, 'reminder_prefix')}\n{question}"
    return question


class TelegramPromptSender:
    def __init__(self, bot: Bot, attempts: int = 4, backoff_seconds: float = 0.5, *,
                 paid_broadcast: bool = False) -> None:
        self.bot = bot
        # Telegram's paid broadcasts: up to 1000 messages/s for 0.1 Star each (README)
        self.paid: bool | None = True if paid_broadcast else None  # None: not sent at all
        self.attempts = attempts
        self.backoff_seconds = backoff_seconds

    async def send_prompt(self, user: User, prompt: Prompt) -> int:
        text = prompt_text(user, prompt)
        markup = keyboards.prompt(user.language, prompt.prompt_id)
        return await self._send(lambda: self.bot.send_message(user.chat_id, text,
                                                              reply_markup=markup, allow_paid_broadcast=self.paid))

    async def send_thanks_back(self, user: User, memory: Memory) -> int:
        """The thank-you in words; a screenshot is shown again with them as its caption
        (or, if Telegram refuses the old file, the words alone)."""
        text = memory_text.render(user.language, memory, footer=True)
        if memory.photo is not None:
            photo = memory.photo
            try:
                return await self._send(lambda: self.bot.send_photo(
                    user.chat_id, photo, caption=text, allow_paid_broadcast=self.paid))
            except DeliveryFailed as exc:
                if exc.retryable:
                    raise
                log.warning("photo for user %s refused; sending the words", user.user_id)
        return await self._send(lambda: self.bot.send_message(user.chat_id, text, allow_paid_broadcast=self.paid))

    async def send_digest(self, user: User, summary: WeekSummary) -> int:
        """The chart first (if it renders), then the digest text, the last part carrying the
        button that answers "whose problem next week?"."""
        lang = user.language
        png = await chart_png(summary.chart, lang) if summary.show_chart else None
        delivered = False  # once anything is in the chat, a retry would repeat it
        if png is not None:
            try:
                await self._send(lambda: self.bot.send_photo(
                    user.chat_id, png, caption=t(lang, "chart_caption"), allow_paid_broadcast=self.paid))
                delivered = True
            except (DeliveryFailed, DeliveryUncertain):
                log.warning("chart for user %s not delivered; sending the text", user.user_id)
        parts = digest_text.render(summary, question=True)
        next_week = summary.week_start + timedelta(days=7)
        message_id = 0
        for i, part in enumerate(parts):
            markup = keyboards.intention(lang, next_week) if i == len(parts) - 1 else None
            try:
                message_id = await self._send(
                    partial(self.bot.send_message, user.chat_id, part, reply_markup=markup,
                            allow_paid_broadcast=self.paid))
                delivered = True
            except DeliveryFailed as exc:
                if not delivered:
                    raise  # nothing reached the user: a later pass may try again
                raise DeliveryFailed(str(exc), retryable=False) from exc
        return message_id

    async def _send(self, call: Callable[[], Awaitable[Message]]) -> int:
        """One Bot API send with the retry policy above; returns the message id."""
        last_error: Exception | None = None
        for attempt in range(self.attempts):
            try:
                message = await call()
                return message.message_id
            except Forbidden as exc:
                raise RecipientBlocked() from exc
            except TimedOut as exc:
                if not isinstance(exc, NotSent):
                    raise DeliveryUncertain() from exc
                last_error = exc  # never left this machine: safe to retry
                await asyncio.sleep(self.backoff_seconds * (2 ** attempt))
            except RetryAfter as exc:  # the rate limiter gave up retrying
                last_error = exc
                await asyncio.sleep(float(exc.retry_after.total_seconds()
                                          if hasattr(exc.retry_after, "total_seconds")
                                          else exc.retry_after))
            except BadRequest as exc:
                raise DeliveryFailed(exc.message, retryable=False) from exc
            except NetworkError as exc:  # connection refused/reset, 5xx
                last_error = exc
                delay = self.backoff_seconds * (2 ** attempt)
                log.warning("sending failed (%s); retry in %.1fs", type(exc).__name__, delay)
                await asyncio.sleep(delay)
            except TelegramError as exc:  # e.g. chat migrated, conflict: not deliverable now
                raise DeliveryFailed(type(exc).__name__, retryable=False) from exc
        raise DeliveryFailed("gave up after retries") from last_error
