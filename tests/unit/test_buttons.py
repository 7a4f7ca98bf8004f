"""Button data: one helper builds and reads it (bot/core/buttons.py), within Telegram's 64
bytes, and no keyboard or handler spells it by hand."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from bot import keyboards
from bot.core.buttons import MAX_BYTES, Pressed, button, in_area
from bot.core.history import Item, Page
from storage.models import Entry, User

BOT = Path(__file__).resolve().parents[2] / "bot"
AREAS = ("set", "ci", "th", "dg", "hi", "fg", "help")
_HAND_MADE = re.compile(rf"^(?:{'|'.join(AREAS)}):")


@pytest.mark.parametrize(("args", "data"), [
    (("th", "link", 3, 11), "th:link:3:11"),
    (("ci", "answer", 12), "ci:answer:12"),
    (("ci", "skipstep"), "ci:skipstep"),
    (("set", "tz", "Asia/Tokyo"), "set:tz:Asia/Tokyo"),
    (("set", "time", "21:00"), "set:time:21:00"),
    (("hi", "f", "e", 5, "outcome"), "hi:f:e:5:outcome"),
    (("dg", "intent", date(2024, 5, 6).isoformat()), "dg:intent:2024-05-06"),
    (("fg", "erase", "AbC-_9"), "fg:erase:AbC-_9"),
])
def test_build_and_parse_round_trip(args, data):
    built = button(*args)
    assert built == data
    pressed = Pressed.parse(built)
    assert (pressed.area, pressed.action) == args[:2]
    assert pressed.argument == ":".join(str(a) for a in args[2:])
    assert pressed.data == data


def test_accessors():
    pressed = Pressed.parse("th:link:3:11")
    assert pressed.args == ("3", "11")
    assert (pressed.id(0), pressed.id(1), pressed.id(2)) == (3, 11, None)
    assert (pressed.arg(1), pressed.arg(2), pressed.arg(-1)) == ("11", None, None)
    assert pressed.ids() == (3, 11)
    assert pressed.single_id is None          # two arguments are not one id
    assert Pressed.parse("ci:answer:12").single_id == 12
    assert Pressed.parse("set:time:21:00").argument == "21:00"


@pytest.mark.parametrize("data", [
    "ci:answer:", "ci:answer", "ci:answer:-1", "ci:answer:²", "ci:answer:1e9",
    "ci:answer:" + "9" * 19, "ci:answer:12:5", "ci:answer: 12",
])
def test_a_malformed_or_huge_id_reads_as_none(data):
    assert Pressed.parse(data).single_id is None


@pytest.mark.parametrize("data", ["th:undo:", "th:undo", "th:link:3:", "th:link:3:x",
                                  "th:link:" + "9" * 19 + ":1"])
def test_ids_none_when_any_is_not_an_id(data):
    assert Pressed.parse(data).ids() is None


def test_parse_odd_data():
    assert Pressed.parse("") == Pressed("", "", ())
    assert Pressed.parse("hi") == Pressed("hi", "", ())
    assert Pressed.parse("hi:") == Pressed("hi", "", ())
    assert Pressed.parse("hi:p") == Pressed("hi", "p", ())


def test_the_64_byte_limit():
    fits = button("set", "tz", "x" * (MAX_BYTES - len("set:tz:")))
    assert len(fits.encode()) == MAX_BYTES
    with pytest.raises(ValueError):
        button("set", "tz", "x" * (MAX_BYTES - len("set:tz:") + 1))
    with pytest.raises(ValueError):   # bytes, not characters
        button("set", "tz", "東" * 20)


@pytest.mark.parametrize(("area", "action"), [("", "x"), ("a", ""), ("a:b", "x"),
                                              ("a", "x:y")])
def test_area_and_action_are_single_words(area, action):
    with pytest.raises(ValueError):
        button(area, action)


def test_in_area():
    assert in_area("fg:go", "fg")
    assert not in_area("fg", "fg")
    assert not in_area("fgx:go", "fg")
    assert not in_area(None, "fg")


def _string_starts(tree: ast.AST):
    """Every string literal, and the literal start of every f-string, in a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value
        elif isinstance(node, ast.JoinedStr) and node.values:
            first = node.values[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield node.lineno, first.value


def test_no_callback_data_is_spelled_by_hand():
    """Callback data in keyboards (and the handlers' « Back targets and area checks) comes
    from ``button()``: no literal or f-string starting ``<area>:`` outside buttons.py."""
    offenders = []
    for path in sorted(BOT.rglob("*.py")):
        if path.name == "buttons.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for lineno, text in _string_starts(tree):
            if _HAND_MADE.match(text):
                offenders.append(f"{path.relative_to(BOT.parent)}:{lineno}: {text!r}")
    assert offenders == []


def test_keyboards_pass_no_literal_callback_data():
    source = (BOT / "keyboards.py").read_text(encoding="utf-8")
    assert not re.search(r"callback_data\s*=\s*f?[\"']", source)
    for call in ast.walk(ast.parse(source)):
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "_button":
            data = call.args[2]
            assert isinstance(data, ast.Call | ast.Name), ast.unparse(call)
            if isinstance(data, ast.Call):
                assert getattr(data.func, "id", None) == "button", ast.unparse(call)


def _all_data(markup) -> list[str]:
    return [b.callback_data for row in markup.inline_keyboard for b in row]


def test_every_keyboard_parses_back_within_the_limit():
    user = User(user_id=1, chat_id=1, language="ja", timezone="Asia/Tokyo",
                checkin_time="21:00", persona=None, onboarded=True, paused=False,
                blocked=False, skip_if_logged=False, next_checkin_utc=None,
                next_checkin_date=None, snooze_until_utc=None, snooze_date=None,
                awaiting=None, created_utc=0, updated_utc=0)
    big = 10 ** 17
    entry = Entry(entry_id=big, user_id=1, local_date="2024-05-06", status="done", step=None,
                  who="Ana" * 30, problem="p" * 200, how=None, outcome=None, source="quick",
                  prompt_id=None, created_utc=0, updated_utc=0, completed_utc=0)
    item = Item("e", 1, entry=entry)
    page = Page(number=big, pages=big + 1, total=big * 5, items=(item,))
    markups = [
        keyboards.personas("ja", button("set", "back")), keyboards.timezones("en"),
        keyboards.times("ja"), keyboards.digest_times("en"), keyboards.languages("ja"),
        keyboards.prompt("ja", 10 ** 17), keyboards.skip_outcome("ja", True, True),
        keyboards.keep_step("en", "how"), keyboards.confirm_lines("en", 5),
        keyboards.resume_or_restart("ja"), keyboards.offer_log("en", 3),
        keyboards.offer_pending("en", 3), keyboards.settings_menu(user),
        keyboards.thanks_saved("ja", big, [entry]), keyboards.thanks_undo("ja", 1),
        keyboards.screenshot_question("en", 1), keyboards.skip_sender("en", 1),
        keyboards.attach_choices([(10 ** 17, "x")]), keyboards.intention("ja", date.today()),
        keyboards.digest_menu(user), keyboards.history_fields("en", item, big),
        keyboards.history_delete("en", item, big), keyboards.forget_first("en"),
        keyboards.forget_final("en", "t" * 43),
    ]
    history = keyboards.history_page("en", page)
    assert history is not None
    markups.append(history)
    for markup in markups:
        for data in _all_data(markup):
            assert len(data.encode()) <= MAX_BYTES, data
            pressed = Pressed.parse(data)
            assert pressed.area in AREAS, data
            assert button(pressed.area, pressed.action, *pressed.args) == data
