"""What is kept of text a user (or a forwarded message) sends: one cleaning for every flow.

Control and format characters are removed before anything is stored or echoed: NUL and the
other C0/C1 controls, bidi overrides, embeddings, isolates and marks (an unclosed U+202E
would turn the rest of a reply around), zero-width spaces, soft hyphens, BOMs and lone UTF-16
surrogates (they cannot be encoded, not even to send a reply). Kept, because emoji and
scripts need them: line breaks and tabs, the zero-width joiner (family and job emoji) and
non-joiner (Persian, Indic scripts), variation selectors (the emoji form of a heart, and the
ideographic ones of Japanese kanji variants), and tag characters inside a flag emoji (the
flags of England, Scotland, Wales), which are dropped anywhere else (they can smuggle
invisible text). No I/O, no Telegram.
"""

from __future__ import annotations

import unicodedata
from typing import Any

_KEEP_FORMAT = frozenset({"\u200c", "\u200d"})        # zero-width non-joiner and joiner
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u0085": "\n"}
_BLACK_FLAG = "\U0001F3F4"
_CANCEL_TAG = "\U000E007F"
# Characters that show nothing on their own: a text of only these (and spaces) is empty.
INVISIBLE = frozenset(
    "\u200c\u200d\u034f\u115f\u1160\u3164\uffa0\u2800\u180e"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
) | frozenset(chr(c) for c in range(0xE0100, 0xE01F0)) | frozenset(
    chr(c) for c in range(0xE0000, 0xE0080))
# "/" and "／" only separate the parts of a quick entry: alone, they say nothing.
_SEPARATORS = frozenset("/／")


def _is_tag(char: str) -> bool:
    return 0xE0020 <= ord(char) <= 0xE007E


def _flag_tags_end(text: str, start: int) -> int:
    """If a flag's tag sequence (tags, then CANCEL TAG) begins at ``start``, its end."""
    end = start
    while end < len(text) and _is_tag(text[end]):
        end += 1
    if end > start and end < len(text) and text[end] == _CANCEL_TAG:
        return end + 1
    return start


def _dropped(char: str) -> bool:
    if char in ("\n", "\t") or char in _KEEP_FORMAT:
        return False
    return unicodedata.category(char) in ("Cc", "Cf", "Cs")


def _pieces(text: str) -> list[tuple[str, str]]:
    """(original, kept) for every character of ``text``: kept is "" (dropped), the
    character itself, or a replacement (line breaks become "\\n")."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\r" and text[i + 1:i + 2] == "\n":
            out += [("\r", ""), ("\n", "\n")]
            i += 2
            continue
        if char in _LINE_BREAKS:
            out.append((char, _LINE_BREAKS[char]))
        elif char == _BLACK_FLAG and (end := _flag_tags_end(text, i + 1)) > i + 1:
            out += [(c, c) for c in text[i:end]]
            i = end
            continue
        else:
            out.append((char, "" if _dropped(char) else char))
        i += 1
    return out


def clean(text: str | None) -> str:
    """``text`` without the characters described above (not stripped)."""
    if not text:
        return ""
    if text.isascii() and text.isprintable():
        return text
    return "".join(kept for _, kept in _pieces(text))


def _utf16(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts entity offsets (a lone surrogate is
    one unit)."""
    return sum(2 if ord(c) > 0xFFFF else 1 for c in text)


def clean_formatted(text: str | None, entities: list[dict[str, Any]]
                    ) -> tuple[str, list[dict[str, Any]]]:
    """``clean(text)``, with Telegram's formatting entities (UTF-16 offsets) moved to match:
    an entity that covered only removed characters is dropped."""
    if not text:
        return "", []
    pieces = _pieces(text)
    new_at = [0]                                      # new offset at each old UTF-16 unit
    position = 0
    for original, kept in pieces:
        units = _utf16(original)
        new_at.extend([position] * (units - 1))
        position += _utf16(kept)
        new_at.append(position)
    cleaned = "".join(kept for _, kept in pieces)
    moved = []
    for entity in entities:
        start = min(max(int(entity.get("offset", 0)), 0), len(new_at) - 1)
        end = min(max(start + int(entity.get("length", 0)), start), len(new_at) - 1)
        offset, length = new_at[start], new_at[end] - new_at[start]
        if length > 0:
            moved.append({**entity, "offset": offset, "length": length})
    return cleaned, moved


def is_blank(text: str | None) -> bool:
    """True when ``text`` shows nothing: only spaces, invisible characters, or the slashes
    of a quick entry whose parts are all empty."""
    return all(c.isspace() or c in INVISIBLE or c in _SEPARATORS or _dropped(c)
               for c in text or "")
