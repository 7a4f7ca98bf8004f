"""A voice message kept as an entry's *how*: how it is shown (no transcription).

Everywhere an entry's *how* is shown (/history, /search, /people, the export, the digest) it
goes through ``how_text``: the words, if any, then 🎤 and the message's length.
"""

from __future__ import annotations

from bot.messages import shorten

MIC = "🎤"


def duration(seconds: int | None) -> str:
    """"0:42", "12:05", "1:02:03"."""
    total = max(0, int(seconds or 0))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def label(seconds: int | None) -> str:
    """"🎤 0:42"."""
    return f"{MIC} {duration(seconds)}"


def how_text(how: str | None, voice_duration: int | None, limit: int | None = None) -> str:
    """An entry's *how* as shown: its words (cut to ``limit``, the 🎤 label kept whole), and
    "🎤 0:42" when a voice message is kept with it (``voice_duration`` is not None)."""
    words = shorten(how, limit) if how and limit is not None else (how or "")
    if voice_duration is None:
        return words
    return f"{words} {label(voice_duration)}" if words else label(voice_duration)
