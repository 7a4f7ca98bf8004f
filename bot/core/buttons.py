"""Button (callback) data: built and read here only.

Callback data is ``<area>:<action>[:<argument>…]`` (``ci:answer:12``, ``th:link:3:11``,
``set:time:21:00``). ``button()`` builds it, refusing more than Telegram's 64 bytes;
``Pressed.parse`` reads it back. Arguments are read with typed accessors: an id that is not
1 to 18 ASCII digits (``parse_id``) reads as None, so a tampered or mangled button acts like
a stale one. Handlers still re-check every id against the pressing user's own data.

Areas: ``set`` (setup and /settings), ``ci`` (the check-in), ``th`` (thank-yous), ``dg``
(the weekly digest), ``rv`` (the 13-week review), ``hi`` (/history), ``fg`` (/forget),
``help``.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.parsing import parse_id

MAX_BYTES = 64          # Telegram's limit for callback_data
SEP = ":"


def button(area: str, action: str, *args: object) -> str:
    """The callback data ``area:action[:arg…]``; each argument is ``str()``-ed.

    ``area`` and ``action`` are single words without ``:``; an argument may itself hold a
    ``:`` (a time such as ``21:00``): read it back whole with ``Pressed.argument``."""
    if not area or not action or SEP in area or SEP in action:
        raise ValueError(f"bad button area/action: {area!r} {action!r}")
    data = SEP.join([area, action, *(str(a) for a in args)])
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def in_area(data: str | None, area: str) -> bool:
    """Whether callback data belongs to ``area`` (starts with ``area:``)."""
    return (data or "").startswith(area + SEP)


@dataclass(frozen=True)
class Pressed:
    """A pressed button's data, read back. ``args`` is everything after the action, split
    on every ``:``."""

    area: str
    action: str
    args: tuple[str, ...] = ()

    @classmethod
    def parse(cls, data: str) -> Pressed:
        area, _, rest = data.partition(SEP)
        action, _, argument = rest.partition(SEP)
        return cls(area, action, tuple(argument.split(SEP)) if argument else ())

    @property
    def data(self) -> str:
        """The callback data again (as ``button()`` builds it)."""
        return SEP.join([self.area, self.action, *self.args])

    @property
    def argument(self) -> str:
        """Everything after the action, as one string ("" if none): ``21:00`` of
        ``set:time:21:00``."""
        return SEP.join(self.args)

    def arg(self, i: int = 0) -> str | None:
        """The ``i``-th argument, or None if the button has fewer."""
        return self.args[i] if 0 <= i < len(self.args) else None

    def id(self, i: int = 0) -> int | None:
        """The ``i``-th argument as a row id or page number (``parse_id``), or None if it
        is missing or not one (huge, negative, "²", …)."""
        arg = self.arg(i)
        return parse_id(arg) if arg is not None else None

    @property
    def single_id(self) -> int | None:
        """The button's one argument as an id; None if it carries none, several, or a
        non-id."""
        return parse_id(self.argument)

    def ids(self) -> tuple[int, ...] | None:
        """Every argument as an id; None if there are none or any is not an id."""
        ids = tuple(parse_id(a) for a in self.args)
        if not ids or any(i is None for i in ids):
            return None
        return tuple(i for i in ids if i is not None)
