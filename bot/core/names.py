"""The one home for matching people's names: ``person_key`` says when two ways of writing a
name are the same person, ``related`` when they may be.

People are written many ways in a journal: 同僚の佐藤さん on Monday, 佐藤さん on Tuesday, a
thank-you forwarded from 佐藤 on Wednesday; "my client Priya" and Priya; José and Jose. Both
the weekly digest and /people (``bot.core.people``) group by ``person_key``:

* Unicode NFKC, case-folded, Latin diacritics folded (José → jose; kana keep their marks);
* whitespace collapsed, and removed altogether between non-Latin letters (佐藤 花子 → 佐藤花子);
* a role in front of the name dropped: 同僚の, お客さまの, 取引先の…; "my client", "my
  colleague", "the new intern"…;
* an honorific after it dropped: さん, 様, くん, ちゃん, 先生…, "-san", "sama"; a title
  before it: "Mr", "Dr"…;
* if nothing would be left (先生, "my client"), the name is kept as it was written.

What the rules cannot know — that Sato and 佐藤 are one person, or Yuki and Yuki Tanaka — the
user says with a merge (``/people merge``), stored as aliases of a key. ``related`` (a shared
Latin word, or one Japanese key inside the other) only ranks and suggests; it never merges.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

JA_HONORIFICS = ("さん", "様", "さま", "サン", "くん", "君", "ちゃん", "先生", "せんせい", "氏",
                 "殿", "御中", "先輩", "せんぱい")
JA_ROLES = ("同僚", "お客さま", "お客様", "お客さん", "取引先", "クライアント", "顧客", "上司",
            "部下", "後輩", "先輩", "友人", "友達", "友だち", "隣", "近所", "同期", "新人",
            "ママ友", "パパ友", "担当", "知人", "仲間", "生徒", "同級生")
EN_ROLES = ("client", "customer", "colleague", "coworker", "co-worker", "boss", "manager",
            "friend", "neighbour", "neighbor", "teammate", "classmate", "mentor", "mentee",
            "student", "teacher", "intern", "sister", "brother", "mother", "father", "mom",
            "mum", "dad", "son", "daughter", "wife", "husband", "partner", "cousin", "aunt",
            "uncle", "flatmate", "roommate", "boyfriend", "girlfriend")

_JA_ROLE = re.compile(rf"^(?:{'|'.join(JA_ROLES)})の(.+)$")
_EN_ROLE = re.compile(rf"^(?:(?:my|our|the|a)\s+)?(?:(?:new|old|dear|best|former)\s+)?"
                      rf"(?:{'|'.join(EN_ROLES)})\s+(.+)$")
_EN_TITLE = re.compile(r"^(?:mr|mrs|ms|miss|mx|dr|prof)\.?\s+(.+)$")
_EN_HONORIFIC = re.compile(r"^(.+?)[\s-](?:san|sama|kun|chan|sensei|senpai)$")
_LATIN = re.compile(r"[a-z]")
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
_WORD = re.compile(r"[a-z][a-z'-]*")


def _fold_latin(text: str) -> str:
    """Drop the accents of Latin letters (é → e, ü → u); leave every other script alone
    (が must keep its mark)."""
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        if (len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha()
                and all(unicodedata.combining(c) for c in decomposed[1:])):
            out.append(decomposed[0])
        else:
            out.append(char)
    return "".join(out)


def _strip_once(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.match(text)
    return match.group(1).strip() if match and match.group(1).strip() else text


@lru_cache(maxsize=4096)
def person_key(name: str | None) -> str:
    """The key two ways of writing the same person share ("" for no name)."""
    text = _fold_latin(unicodedata.normalize("NFKC", name or "").casefold())
    text = " ".join(text.split())
    text = _EDGE_PUNCTUATION.sub("", text) or text
    if not text:
        return ""
    core = _strip_once(_EN_TITLE, text)
    core = _strip_once(_EN_ROLE, core)
    core = _strip_once(_JA_ROLE, core)
    core = _strip_once(_EN_HONORIFIC, core)
    for honorific in JA_HONORIFICS:
        if core.endswith(honorific) and len(core) > len(honorific):
            core = core[: -len(honorific)].strip()
            break
    core = core or text
    if not _LATIN.search(core):
        core = core.replace(" ", "")
    return core


@lru_cache(maxsize=4096)
def _words(key: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(key) if len(w) >= 2)


def related(a: str, b: str) -> bool:
    """Whether two keys may be the same person: they share a Latin word of two letters or
    more (yuki ~ yuki tanaka, priya ~ priya sharma), or one unspaced key of two characters or
    more lies inside the other (佐藤 ~ 佐藤花子). Equal keys are related too."""
    if not a or not b:
        return False
    if a == b:
        return True
    if _words(a) & _words(b):
        return True
    short, long = sorted((a, b), key=len)
    return not _LATIN.search(short) and len(short) >= 2 and short in long
