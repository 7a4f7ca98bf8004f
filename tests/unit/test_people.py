"""/people's grouping (pure): names into people, merges followed, counts and order, and
what follows /people parsed."""

from __future__ import annotations

from bot.core.people import Ref, build_directory, parse_request
from storage.people import Alias, ThanksGroup, WhoGroup


def who(name: str, count: int, last: str, last_id: int, first: str = "2026-01-01") -> WhoGroup:
    return WhoGroup(name, count, last, first, last_id, last_id * 100)


def thanks(sender: str | None, linked: str | None, count: int, last: str,
           last_id: int) -> ThanksGroup:
    return ThanksGroup(sender, linked, count, last, "2026-02-01", last_id, last_id * 100)


WHOS = [who("同僚の佐藤さん", 10, "2026-11-20", 50), who("佐藤さん", 2, "2026-11-27", 60),
        who("Sato", 1, "2026-10-01", 40), who("母", 3, "2026-11-28", 61),
        who("Yuki", 1, "2026-05-01", 10)]
THANKS = [thanks("佐藤", None, 2, "2026-11-28", 7),          # from 佐藤, not linked
          thanks("佐藤", "同僚の佐藤さん", 1, "2026-11-10", 5),  # from 佐藤, for 佐藤's problem
          thanks(None, "母", 1, "2026-11-01", 4),              # a screenshot tied to 母's problem
          thanks("Yuki Tanaka", "母", 1, "2026-09-01", 3),     # from Yuki Tanaka, for 母
          thanks("Team Alpha", None, 1, "2026-03-01", 1)]


def test_names_group_into_people_with_their_counts_most_recent_first():
    directory = build_directory(WHOS, THANKS, [])
    people = {p.key: p for p in directory.people}
    sato = people["佐藤"]
    assert (sato.problems, sato.thanks) == (12, 3)
    assert sato.whos == {"同僚の佐藤さん", "佐藤さん"} and sato.senders == {"佐藤"}
    assert sato.name == "同僚の佐藤さん"  # written most often (a *who* over a sender name)
    assert (sato.first_date, sato.last_date) == ("2026-01-01", "2026-11-28")
    assert sato.ref == Ref("e", 60)
    # a thank-you tied to 母's problem counts for 母, whoever sent it
    assert (people["母"].problems, people["母"].thanks) == (3, 2)
    # …and for its sender too; a sender in no entry is listed, named by their thank-you
    assert (people["yuki tanaka"].thanks, people["yuki tanaka"].ref) == (1, Ref("t", 3))
    assert people["team alpha"].problems == 0
    assert [p.key for p in directory.people] == ["母", "佐藤", "sato", "yuki tanaka", "yuki",
                                                 "team alpha"]


def test_a_merge_joins_two_people_and_a_chain_is_followed():
    aliases = [Alias(1, "sato", "佐藤", "Sato", "佐藤さん"),
               Alias(2, "yuki", "yuki tanaka", "Yuki", "Yuki Tanaka")]
    directory = build_directory(WHOS, THANKS, aliases)
    sato = directory.get("sato")
    assert sato is not None and sato.key == "佐藤" and sato.problems == 13
    assert directory.find("Sato-san") == [sato] and directory.find("佐藤") == [sato]
    assert [a.alias_id for a in directory.merged_into(sato)] == [1]
    assert sato.name == "同僚の佐藤さん"  # the merged-into person's name stays
    yuki = directory.get("yuki")
    assert yuki is not None and yuki.name == "Yuki Tanaka" and (yuki.problems, yuki.thanks) == (1, 1)
    # C -> B -> A: a merge of an already merged name reaches the end of the chain
    chained = build_directory(WHOS, THANKS, [*aliases, Alias(3, "佐藤", "母", "佐藤", "母")])
    mother = chained.get("sato")
    assert mother is not None and mother.key == "母" and mother.problems == 16
    # a cycle (never written by merge(), but a damaged table) does not hang
    looped = build_directory(WHOS, THANKS, [Alias(1, "sato", "佐藤", "", ""),
                                            Alias(2, "佐藤", "sato", "", "")])
    assert looped.get("sato") is not None


def test_find_is_forgiving_and_lists_everyone_related_when_unsure():
    directory = build_directory(WHOS, THANKS, [])
    assert [p.key for p in directory.find("Yuki")] == ["yuki"]
    assert [p.key for p in directory.find("tanaka")] == ["yuki tanaka"]
    assert directory.find("Hiro") == [] and directory.find("  ") == []
    assert [(a.key, b.key) for a, b in directory.suggestions()] == [("yuki tanaka", "yuki")]
    sato = directory.get("佐藤")
    assert sato is not None
    assert [p.key for p in directory.candidates(sato)][:2] == ["母", "sato"]


def test_parse_request():
    assert parse_request("").action == "list"
    assert parse_request("佐藤さん") == parse_request("佐藤さん").__class__("show", ("佐藤さん",))
    assert parse_request("merge Sato + 佐藤さん").names == ("Sato", "佐藤さん")
    assert parse_request("統合 佐藤 ＋ Sato").names == ("佐藤", "Sato")
    assert parse_request("MERGE a=b").names == ("a", "b")
    assert parse_request("merge Sato").names == ()
    assert parse_request("split Sato") == parse_request("分ける Sato").__class__(
        "split", ("Sato",))
    assert parse_request("merge").action == "show"  # a person called "merge", why not
    assert len(parse_request("x" * 500).names[0]) == 64
