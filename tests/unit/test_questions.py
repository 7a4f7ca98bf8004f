"""The question after *how*: deterministic per user and local date, never the same two days
running (whatever the persona on either day), persona-appropriate, off means the usual one;
and every question reads in both languages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.core.questions import DEFAULT, HALF, POOLS, outcome_question, pool
from bot.core.voice import duration, how_text
from bot.handlers.checkin import outcome_question as asked_text
from bot.messages import CATALOG, PERSONAS, question_label

START = date(2026, 1, 1)
DAYS = [START + timedelta(days=n) for n in range(730)]  # two years, a leap-free stretch
USERS = (1, 2, 1001, 2002, 987654321, 7_000_000_001)


@pytest.mark.parametrize("persona", [*PERSONAS, None])
def test_never_the_same_question_two_days_running(persona):
    for user_id in USERS:
        asked = [outcome_question(user_id, day, persona, True) for day in DAYS]
        assert all(a != b for a, b in zip(asked, asked[1:], strict=False)), (user_id, persona)


def test_not_the_same_two_days_running_even_when_the_persona_changes():
    personas = [*PERSONAS, None]
    for user_id in USERS:
        for before in personas:
            for after in personas:
                for day in DAYS[:60]:
                    assert outcome_question(user_id, day, before, True) != \
                        outcome_question(user_id, day + timedelta(days=1), after, True)


def test_the_choice_is_deterministic_per_user_and_local_date():
    first = [outcome_question(2002, day, "office", True) for day in DAYS]
    again = [outcome_question(2002, day, "office", True) for day in DAYS]
    assert first == again
    # it depends on the user: two users do not get the same sequence
    other = [outcome_question(1001, day, "office", True) for day in DAYS]
    assert first != other


@pytest.mark.parametrize("persona", [*PERSONAS, None])
def test_the_choice_stays_in_the_personas_questions_and_uses_them_all(persona):
    asked = {outcome_question(user_id, day, persona, True) for user_id in USERS
             for day in DAYS}
    assert asked == set(pool(persona))


def test_persona_questions_go_to_their_persona_only():
    only = {"team": "office", "learned": "student", "client": "freelancer", "felt": "parent"}
    for key, persona in only.items():
        holders = [p for p, keys in POOLS.items() if key in keys]
        assert holders == [persona], key
    # everyone is asked the usual question, and "who helped you?", now and then
    for keys in POOLS.values():
        assert DEFAULT in keys and "helped_you" in keys


def test_it_varies_gently():
    """Over a month each persona sees at least three different questions, and the usual
    one comes back within any two weeks."""
    for persona in [*PERSONAS, None]:
        for user_id in USERS:
            month = [outcome_question(user_id, day, persona, True) for day in DAYS[:30]]
            assert len(set(month)) >= 3
    # each half holds at least two questions, so neither half repeats a fixed one
    for keys in POOLS.values():
        for half in (0, 1):
            assert len([k for k in keys if HALF[k] == half]) >= 2


def test_off_means_the_usual_question_every_day():
    assert {outcome_question(2002, day, "student", False) for day in DAYS} == {DEFAULT}


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_question_has_both_languages_and_a_plain_label(lang):
    for key in HALF:
        assert set(CATALOG[f"oq_{key}"]) == {"en", "ja"}
        shown = asked_text(lang, key)
        assert ("Skip" in shown) if lang == "en" else ("スキップ" in shown)
        label = question_label(lang, key)
        if key == DEFAULT:
            assert label is None
            assert shown == asked_text(lang, None)  # the usual wording, unchanged
        else:
            assert label and "<" not in label and label.endswith(("?", "?"))
    assert asked_text(lang, "no-such-question") == asked_text(lang, None)


def test_a_voice_how_shows_its_length():
    assert duration(0) == "0:00" and duration(42) == "0:42" and duration(65) == "1:05"
    assert duration(3725) == "1:02:05"
    assert how_text(None, 42) == "🎤 0:42"
    assert how_text("rewrote it", None) == "rewrote it"
    assert how_text("rewrote it together", 7, limit=10) == "rewrote i… 🎤 0:07"
    assert how_text(None, None) == ""
