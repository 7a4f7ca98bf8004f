"""Time the 13-week review's data part for a user with five years of entries.

    python -m bench.review             # from the repository root: SQLite and PostgreSQL
    python -m bench.review --runs 50 --backend sqlite

Builds the journal of ``bench.journal_data.make_journal`` (5 years, seed 1: an entry on
every local day, about 3 thank-yous a week, so every week is active and the streak of active
weeks runs back five years), merges two of its names as a user would, puts the user's
current 13 weeks at the 13 weeks ending with the journal's last week, and times, in-process
over ``--runs`` runs after warm-ups:

* ``review_due_ms``: the weekly look at the digest's time (``Reviews.due``): the cycle's
  start, whether its review was claimed, the active weeks since, complete or not;
* ``review_data_ms``: the review's data and words, everything before sending but the chart
  (``Reviews.build`` and ``review_text.render``): 13 weeks of problems and thank-yous, the
  people helped most with the merges, the best quotes, the focus count, and the streak of
  active weeks (five years of dates, read when the streak reaches further back than 26
  weeks);
* ``week_count_ms``: what the digest adds for its "week 5 of 13" line and streak
  (``Practice.standing``).

Target (issue 9): the data part within 50 ms. ``--backend`` as in ``bench/backends.py``.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import backends  # noqa: E402
from bot.core import review_text  # noqa: E402
from bot.core.accounts import Accounts  # noqa: E402
from bot.core.clock import ManualClock  # noqa: E402
from bot.core.people import People  # noqa: E402
from bot.core.review import Reviews  # noqa: E402
from bot.core.schedule import week_start  # noqa: E402
from storage import practice as practice_store  # noqa: E402
from storage.db import open_database  # noqa: E402

NOW = datetime(2026, 11, 29, 11, 0, tzinfo=UTC)  # Sunday 20:00 in Tokyo: the digest's time



async def measure(url: str, runs: int, warmup: int) -> tuple[dict[str, list[float]], str]:
    db = await open_database(url)
    try:
        accounts = Accounts(db, ManualClock(NOW))
        reviews = Reviews(accounts)
        people = People(accounts)
        user = await accounts.get(1)
        assert user is not None
        await accounts.set_focus(user, "同僚の佐藤さん", "資料")
        directory = await people.directory(user)
        [yuki] = directory.find("Yuki")
        [tanaka] = directory.find("Yuki Tanaka")
        await people.merge(user, tanaka, yuki)
        week = week_start(accounts.today(user), user.week_start_day)
        start = week - timedelta(weeks=12)
        await practice_store.set_cycle_start(db, 1, start.isoformat(), None, 0)
        user = await accounts.get(1)
        assert user is not None

        async def due() -> None:
            assert await reviews.due(user, week) == start

        async def data() -> None:
            review = await reviews.build(user, start, week)
            assert review is not None
            review_text.render(review)

        async def count() -> None:
            await reviews.practice.standing(user, week)

        review = await reviews.build(user, start, week)
        assert review is not None
        info = (f"cycle={review.weeks[0]}..{review.last_day} problems={review.solved}"
                f" thanks={review.thanked} streak={review.streak}"
                f" people={[p.name for p in review.people]}")
        return {"review_due_ms": await backends.timed(due, runs, warmup),
                "review_data_ms": await backends.timed(data, runs, warmup),
                "week_count_ms": await backends.timed(count, runs, warmup)}, info
    finally:
        await db.close()


async def main() -> None:
    await backends.journal_bench(__doc__.splitlines()[0], "review", measure, runs=40,
                                 warmup=3)


if __name__ == "__main__":
    asyncio.run(main())
