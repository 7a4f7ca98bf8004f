"""Delivers the daily question through Telegram, mapping Telegram errors to core outcomes.

429s are waited out by PTB's AIORateLimiter before they reach us; connection errors and
5xx answers are retried here with exponential back-off; a timeout is *not* retried, because
Telegram may already have delivered the message and it has no idempotency key.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
from telegram import Bot
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot import keyboards
from bot.core.dispatcher import DeliveryFailed, DeliveryUncertain, RecipientBlocked
from bot.messages import t
from storage.models import Prompt, User

log = logging.getLogger(__name__)


def prompt_text(user: User, prompt: Prompt) -> str:
    question = t(user.language, f"question_{user.persona or 'other'}")
    if prompt.kind == "reminder":
        return f"{t(user.language, 'reminder_prefix')}\n{question}"
    return question


class TelegramPromptSender:
    def __init__(self, bot: Bot, attempts: int = 4, backoff_seconds: float = 1.0) -> None:
        self.bot = bot
        self.attempts = attempts
        self.backoff_seconds = backoff_seconds

    async def send_prompt(self, user: User, prompt: Prompt) -> int:
        text = prompt_text(user, prompt)
        markup = keyboards.prompt(user.language, prompt.prompt_id)
        last_error: Exception | None = None
        for attempt in range(self.attempts):
            try:
                message = await self.bot.send_message(user.chat_id, text, reply_markup=markup)
                return message.message_id
            except Forbidden as exc:
                raise RecipientBlocked() from exc
            except TimedOut as exc:
                if not isinstance(exc.__cause__, httpx.ConnectTimeout | httpx.PoolTimeout):
                    raise DeliveryUncertain() from exc
                last_error = exc  # never left this machine: safe to retry
                await asyncio.sleep(self.backoff_seconds * (2 ** attempt))
            except RetryAfter as exc:  # the rate limiter gave up retrying
                last_error = exc
                await asyncio.sleep(float(exc.retry_after.total_seconds()
                                          if hasattr(exc.retry_after, "total_seconds")
                                          else exc.retry_after))
            except BadRequest as exc:
                raise DeliveryFailed(exc.message) from exc
            except NetworkError as exc:  # connection refused/reset, 5xx
                last_error = exc
                delay = self.backoff_seconds * (2 ** attempt)
                log.warning("sending prompt %s failed (%s); retry in %.1fs",
                            prompt.prompt_id, type(exc).__name__, delay)
                await asyncio.sleep(delay)
            except TelegramError as exc:  # e.g. chat migrated, conflict: not deliverable now
                raise DeliveryFailed(type(exc).__name__) from exc
        raise DeliveryFailed("gave up after retries") from last_error
