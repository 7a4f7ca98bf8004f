"""A reply to the bot's confirmation of a saved entry or thank-you becomes that record's note
(``bot.core.notes``; a line typed just before a forward is handled with the forward)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core import thanks_words
from bot.handlers.common import reply, services
from bot.messages import shorten, t
from storage import entries as entry_store
from storage.models import User


async def note_from_reply(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User,
                          text: str) -> bool:
    """True when ``text`` replied to a confirmation of one of the user's records and was
    added to it as a note; False for any other text (it is then routed as usual)."""
    message = update.effective_message
    replied = message.reply_to_message if message is not None else None
    if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
        return False
    svc = services(context)
    found = await svc.notes.replied_record(user, replied.message_id)
    if found is None:
        return False
    kind, record_id = found
    if not await svc.notes.add(user, kind, record_id, text):
        return False
    lang = user.language
    if kind == "e":
        entry = await entry_store.get(svc.db, user.user_id, record_id)
        assert entry is not None
        await reply(update, t(lang, "note_added_entry", who=shorten(entry.who or "", 40),
                              problem=shorten(entry.problem or "", 60)))
    else:
        record = await svc.gratitude.get(user, record_id)
        assert record is not None
        await reply(update, t(lang, "note_added_thanks",
                              who=thanks_words.sender_in_sentence(lang, record)))
    return True
