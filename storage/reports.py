"""SQL for /report: a period's solved problems and kept thank-yous (each with the *who* of
the problem it is tied to, wherever that problem lies). Scoped to one user."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Database
from storage.digests import problems_between
from storage.models import Thanks

__all__ = ["ThanksWithProblem", "problems_between", "thanks_between"]


@dataclass(frozen=True)
class ThanksWithProblem:
    thanks: Thanks
    linked_who: str | None          # the *who* of the solved problem it is tied to


async def thanks_between(db: Database, user_id: int, first: str,
                         last: str) -> list[ThanksWithProblem]:
    """Kept thank-yous with a local date in [first, last], newest first."""
    rows = await db.fetchall(
        "SELECT t.*, e.who AS linked_who FROM thanks t LEFT JOIN entries e"
        "   ON e.entry_id = t.entry_id AND e.user_id = t.user_id AND e.status = 'done'"
        " WHERE t.user_id = ? AND t.status = 'kept' AND t.local_date BETWEEN ? AND ?"
        " ORDER BY t.local_date DESC, t.thanks_id DESC", (user_id, first, last))
    found = []
    for row in rows:
        values = {k: row[k] for k in row.keys()}
        linked_who = values.pop("linked_who")
        found.append(ThanksWithProblem(Thanks(**values), linked_who))
    return found
