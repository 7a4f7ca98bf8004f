"""The digest's "not in your journal for a while" rule (bot.core.quiet): who thanked the
user, has been away for eight weeks, the most thanked, never the one named last time."""

from __future__ import annotations

from datetime import date

from bot.core.memories import Age
from bot.core.people import Person, build_directory
from bot.core.quiet import QUIET_DAYS, Quiet, choose_quiet
from storage.people import Alias, ThanksGroup, WhoGroup

WEEK_END = date(2026, 11, 29)  # a Sunday


def person(key: str, thanks: int, last: str, problems: int = 1, name: str = "") -> Person:
    return Person(key, name=name or key.title(), problems=problems, thanks=thanks,
                  last_date=last, keys={key})


def test_eight_weeks_away_is_a_while():
    assert QUIET_DAYS == 56
    eight = person("ana", 1, "2026-10-04")   # 56 days before Nov 29
    seven = person("ana", 1, "2026-10-05")   # 55 days
    assert choose_quiet([eight], WEEK_END, None) == Quiet(
        "ana", "Ana", 1, date(2026, 10, 4), Age("weeks", 8))
    assert choose_quiet([seven], WEEK_END, None) is None


def test_only_someone_who_thanked_the_user():
    assert choose_quiet([person("leo", 0, "2026-01-01", problems=5)], WEEK_END, None) is None
    only_thanked = person("priya", 1, "2026-06-01", problems=0)
    assert choose_quiet([only_thanked], WEEK_END, None).name == "Priya"


def test_the_most_thanked_then_the_most_recently_seen_then_by_name():
    people = [person("ana", 2, "2026-08-01"), person("kenji", 3, "2026-05-01"),
              person("mia", 3, "2026-07-01"), person("bo", 3, "2026-07-01")]
    assert choose_quiet(people, WEEK_END, None).key == "bo"
    assert choose_quiet(people[:3], WEEK_END, None).key == "mia"
    assert choose_quiet(people[:2], WEEK_END, None).key == "kenji"
    quiet = choose_quiet(people[1:2], WEEK_END, None)
    assert quiet is not None and quiet.age == Age("months", 7)


def test_never_the_person_the_last_digest_named():
    people = [person("ana", 2, "2026-08-01"), person("kenji", 1, "2026-08-01")]
    assert choose_quiet(people, WEEK_END, "ana").key == "kenji"
    assert choose_quiet(people, WEEK_END, "kenji").key == "ana"
    assert choose_quiet(people[:1], WEEK_END, "ana") is None


def test_merged_names_are_one_person_and_count_their_thanks_together():
    """Sato thanked twice, 佐藤さん had the problems; merged, they are one person, away since
    their newest record, and the key the last digest named may be either of theirs."""
    directory = build_directory(
        [WhoGroup("佐藤さん", 2, "2026-09-20", "2026-09-01", 2, 0)],
        [ThanksGroup("Sato", None, 2, "2026-09-10", "2026-09-05", 7, 0)],
        [Alias(1, "sato", "佐藤", "Sato", "佐藤さん")])
    quiet = choose_quiet(directory.people, WEEK_END, None)
    assert quiet is not None
    assert (quiet.key, quiet.name, quiet.thanks, quiet.last_seen) == (
        "佐藤", "佐藤さん", 2, date(2026, 9, 20))
    assert choose_quiet(directory.people, WEEK_END, "sato") is None


def test_someone_seen_after_the_digest_week_is_not_away():
    assert choose_quiet([person("ana", 2, "2026-12-01")], WEEK_END, None) is None
