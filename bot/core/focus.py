"""The personal metric (/focus): one "for whom, which problem" the user wants to serve, and
whether a journal entry matches it.

Matching is forgiving on purpose, since the same people and problems are written many ways:
both sides are normalised (NFKC, case-folded, punctuation dropped). Latin words match by
their first five letters (``parents`` ~ ``parent``); Japanese and other unspaced text is cut
into overlapping two-character pieces; numbers must appear exactly (20代 is not 30代). A focus part matches when at least half of its
pieces occur in the entry: the *whom* part against the entry's *who*, the *problem* part
against its *problem* and *how*. An entry matches when every part that is set matches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SEPARATOR = re.compile(r"\s+/\s+|／|\s*\n\s*")
_LATIN_WORD = re.compile(r"[a-z]+")
_NUMBER = re.compile(r"\d+")
_UNSPACED = re.compile(r"[^\W\d_a-z]+")  # runs of letters that are not Latin (kana, kanji…)
_PREFIX = 5
THRESHOLD = 0.5
FOCUS_OFF_WORDS = ("off", "none", "clear", "解除", "なし", "オフ")  # /focus off


@dataclass(frozen=True)
class Focus:
    who: str | None
    problem: str | None

    def __str__(self) -> str:
        return " / ".join(p for p in (self.who, self.problem) if p)


def parse_focus(text: str) -> Focus | None:
    """``who / problem``; ``AのB`` (the seed's 「20代女性の転職不安」); or just a problem."""
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if not text:
        return None
    parts = [p.strip() for p in _SEPARATOR.split(text, maxsplit=1)]
    if len(parts) == 2 and all(parts):
        return Focus(parts[0], parts[1])
    if "の" in text and not re.search(r"[a-z]", _normalise(text)):
        who, _, problem = text.rpartition("の")
        if who.strip() and problem.strip():
            return Focus(who.strip(), problem.strip())
    return Focus(None, text)


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def pieces(text: str) -> set[str]:
    """Latin words (first five letters) and two-character pieces of unspaced runs."""
    norm = _normalise(text)
    found = {word[:_PREFIX] for word in _LATIN_WORD.findall(norm) if len(word) > 1}
    for run in _UNSPACED.findall(norm):
        if len(run) == 1:
            found.add(run)
        found.update(run[i:i + 2] for i in range(len(run) - 1))
    return found


def part_matches(focus_part: str, text: str) -> bool:
    wanted = pieces(focus_part)
    numbers = set(_NUMBER.findall(_normalise(focus_part)))
    if numbers - set(_NUMBER.findall(_normalise(text))):
        return False  # 20代 is not 30代: every number must be there as it is
    if not wanted:
        return bool(numbers)
    have = pieces(text)
    # a Latin focus word also matches a longer word starting with it (help ~ helping)
    hits = sum(1 for p in wanted if p in have or any(h.startswith(p) for h in have))
    return hits / len(wanted) >= THRESHOLD


def matches(focus: Focus, who: str | None, problem: str | None, how: str | None) -> bool:
    if not focus.who and not focus.problem:
        return False
    if focus.who and not part_matches(focus.who, who or ""):
        return False
    return not focus.problem or part_matches(focus.problem, f"{problem or ''} {how or ''}")
