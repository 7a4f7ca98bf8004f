"""The personal metric: parsing /focus and matching entries against it."""

import pytest

from bot.core.focus import Focus, matches, parse_focus


def test_the_seeds_shape_is_split_at_the_last_no():
    assert parse_focus("20代女性の転職不安") == Focus("20代女性", "転職不安")


@pytest.mark.parametrize("text,expected", [
    ("young parents / sleep", Focus("young parents", "sleep")),
    ("同僚／資料作成", Focus("同僚", "資料作成")),
    ("job interviews", Focus(None, "job interviews")),
    ("  ", None),
])
def test_parse_focus(text, expected):
    assert parse_focus(text) == expected


@pytest.mark.parametrize("who,problem,how,expected", [
    ("転職を考えている20代の女性", "転職が不安", "面談した", True),
    ("20代女性のお客さま", "キャリアの転職不安", "相談にのった", True),
    ("50代男性", "転職が不安", "面談した", False),       # not the people
    ("20代の女性", "引っ越しの荷物", "運んだ", False),   # not the problem
])
def test_japanese_matching(who, problem, how, expected):
    focus = parse_focus("20代女性の転職不安")
    assert matches(focus, who, problem, how) is expected


def test_english_matching_is_case_and_plural_tolerant():
    focus = parse_focus("Young parents / sleep")
    assert matches(focus, "a young parent next door", "no sleep for weeks", "babysat")
    assert matches(focus, "YOUNG PARENTS", "Sleeping badly", "tips")
    assert not matches(focus, "my boss", "sleep", "tips")


def test_a_problem_only_focus_ignores_who():
    focus = parse_focus("job interviews")
    assert matches(focus, "anyone", "nervous about job interviews", "mock interview")
    assert not matches(Focus(None, None), "a", "b", "c")


@pytest.mark.parametrize("who", ["20代男性", "30代女性", "30代の女性"])
def test_other_ages_or_genders_do_not_match(who):
    focus = parse_focus("20代女性の転職不安")
    assert not matches(focus, who, "転職が不安", "面談した")
