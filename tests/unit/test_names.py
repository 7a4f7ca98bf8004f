"""Names matched forgivingly: bot/core/names.py is the one home (the digest and /people use it)."""

from __future__ import annotations

import pytest

from bot.core import digest, names
from bot.core.names import person_key, related


@pytest.mark.parametrize("written", ["佐藤さん", "同僚の佐藤さん", "佐藤", "佐藤様", "お客さまの佐藤様",
                                     "取引先の佐藤さん", " 佐藤さん! ", "佐藤 "])
def test_ways_of_writing_sato_in_japanese_are_one_key(written):
    assert person_key(written) == "佐藤"


@pytest.mark.parametrize("written", ["Sato", "SATO", "sato", "Sato-san", "Sato san", "ＳＡＴＯ",
                                     "Mr. Sato", "my colleague Sato", "Sato sensei"])
def test_ways_of_writing_sato_in_latin_letters_are_one_key(written):
    assert person_key(written) == "sato"


@pytest.mark.parametrize(("written", "key"), [
    ("my client Priya", "priya"), ("Priya", "priya"), ("our new intern Priya", "priya"),
    ("José", "jose"), ("Zoë Smith", "zoe smith"), ("ZOË  smith", "zoe smith"),
    ("Ángel", "angel"), ("Françoise", "francoise"),
    ("佐藤 花子", "佐藤花子"), ("佐藤花子さん", "佐藤花子"),
    ("友人のミカ", "ミカ"), ("ミカちゃん", "ミカ"),
])
def test_roles_honorifics_case_and_accents_fold(written, key):
    assert person_key(written) == key


@pytest.mark.parametrize(("written", "key"), [
    ("先生", "先生"), ("母", "母"), ("同僚", "同僚"), ("my client", "my client"),
    ("my neighbour", "my neighbour"), ("a first-time customer", "a first-time customer"),
    ("the new intern", "the new intern"), ("初めてのお客さま", "初めてのお客"),
])
def test_a_name_that_is_only_a_role_or_title_stays_itself(written, key):
    assert person_key(written) == key


def test_japanese_marks_are_kept_and_kinds_of_people_stay_apart():
    assert person_key("が") == "が" and person_key("ガ") == "ガ"  # voiced marks are no accents
    assert person_key("初めてのお客さま") != person_key("常連のお客さま")
    assert person_key("") == "" and person_key(None) == "" and person_key("  ") == ""


def test_related_names_share_a_word_or_contain_each_other():
    assert related("yuki", "yuki tanaka") and related("priya", "priya sharma")
    assert related("佐藤", "佐藤花子") and related("佐藤", "佐藤")
    assert not related("sam", "samuel")        # a prefix is not a word
    assert not related("母", "祖母")            # one character is too little
    assert not related("sato", "佐藤")          # romaji and kanji: only a merge says so
    assert not related("", "yuki")


def test_the_digest_groups_people_with_the_same_function():
    assert digest.person_key is names.person_key
