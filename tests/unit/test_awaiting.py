"""The typed-input states: one list (bot/core/awaiting.py), one routing table
(bot/handlers/messages_in.py), and no state written anywhere that the list does not know."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from bot.core.awaiting import Awaiting, State, state_of
from bot.core.history import EditTarget
from bot.handlers.messages_in import REASK, RECEIVE

BOT = Path(__file__).resolve().parents[2] / "bot"


def test_every_state_has_a_receiver_and_a_reask():
    assert set(RECEIVE) == set(Awaiting)
    assert set(REASK) == set(Awaiting)


def test_prefixed_states_round_trip():
    for state in (State.intention(date(2024, 5, 6)), State.sender(17),
                  State.edit("e", 3, "who"), State(Awaiting.ENTRY)):
        assert State.parse(str(state)) == state
    assert State.parse("intent:2024-05-06").week == date(2024, 5, 6)
    assert State.parse("thanks_from:17").thanks_id == 17
    assert EditTarget.parse(str(State.edit("t", 42, "words"))) == EditTarget("t", 42, "words")


@pytest.mark.parametrize("raw", [None, "", "nope", "entryx", "intent:", "intent:soon",
                                 "thanks_from:", "thanks_from:-1", "thanks_from:x", "edit:"])
def test_unreadable_values_are_no_state(raw):
    assert State.parse(raw) is None
    assert state_of(raw) is None


def test_a_prefixed_state_needs_its_argument():
    with pytest.raises(ValueError):
        State(Awaiting.INTENTION)
    with pytest.raises(ValueError):
        State(Awaiting.ENTRY, "x")


def _written_values(node: ast.expr) -> list[str] | None:
    """The stored values an argument of ``set_awaiting`` can produce, or None when it is
    built some way other than through bot.core.awaiting (or is plain None: [])."""
    if isinstance(node, ast.Constant):
        if node.value is None:
            return []
        return [node.value] if isinstance(node.value, str) else None
    if isinstance(node, ast.IfExp):
        body, orelse = _written_values(node.body), _written_values(node.orelse)
        return None if body is None or orelse is None else body + orelse
    if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id == "Awaiting"):
        member = Awaiting[node.attr]
        return None if member.prefixed else [member.value]
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "State"):
        return []  # built (and validated) by State itself
    if (isinstance(node, ast.Attribute) and node.attr == "awaiting"
            and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name)
            and node.value.func.id == "EditTarget"):
        return []  # EditTarget(...).awaiting is State.edit(...)
    return None


def test_every_value_written_by_set_awaiting_is_a_known_state():
    calls = 0
    for path in sorted(BOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "set_awaiting" and len(node.args) == 2):
                continue
            calls += 1
            where = f"{path.relative_to(BOT.parent)}:{node.lineno}"
            values = _written_values(node.args[1])
            assert values is not None, f"{where}: build the state with bot.core.awaiting"
            for value in values:
                assert State.parse(value) is not None, f"{where}: unknown state {value!r}"
    assert calls > 20  # the scan did find the calls
