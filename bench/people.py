"""Time /people for a user with five years of entries.

    python -m bench.people             # from the repository root: SQLite and PostgreSQL
    python -m bench.people --runs 50 --backend sqlite

Builds the journal of ``bench.journal_data.make_journal`` (5 years, seed 1: about 1,700
solved problems and 780 thank-yous, 17 Japanese and 8 English ways of writing *who*, 8
senders), merges two of its names the way a user would (``Yuki`` into ``Yuki Tanaka``), and
times, in-process, over ``--runs`` runs after warm-ups:

* ``people_list_ms``: everything /people does before sending: grouping every name into
  people (``People.directory``: two GROUP BY queries and the aliases, then
  ``bot.core.names.person_key`` per distinct name), the suggested merges, and the reply's
  HTML and buttons (``render_list``, ``keyboards.people_list``);
* ``people_name_ms``: ``/people 佐藤``: the directory, the forgiving lookup, that person's
  newest problems and thank-yous, and the reply's HTML;
* ``offer_problems_ms``: the problems offered under a new thank-you from 佐藤 (the
  sender's first, then the newest).

Target (issue 9): /people within 20 ms. ``--backend`` (``bench/backends.py``): the journal
in SQLite, in PostgreSQL (a fresh database on ``BENCH_DATABASE_URL``), or both (the default,
with the PostgreSQL/SQLite ratio of each median).
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import backends  # noqa: E402
from bot import keyboards  # noqa: E402
from bot.core.accounts import Accounts  # noqa: E402
from bot.core.clock import ManualClock  # noqa: E402
from bot.core.people import PAGE_SIZE, People  # noqa: E402
from bot.handlers.people import render_list, render_person  # noqa: E402
from storage.db import open_database  # noqa: E402

NOW = datetime(2026, 11, 28, 13, 0, tzinfo=UTC)  # 22:00 in Tokyo



async def measure(url: str, runs: int, warmup: int) -> tuple[dict[str, list[float]], str]:
    db = await open_database(url)
    try:
        accounts = Accounts(db, ManualClock(NOW))
        people = People(accounts)
        user = await accounts.get(1)
        assert user is not None
        today = accounts.today(user)
        directory = await people.directory(user)
        [yuki] = directory.find("Yuki")
        [tanaka] = directory.find("Yuki Tanaka")
        await people.merge(user, tanaka, yuki)

        async def listing() -> None:
            found = await people.directory(user)
            render_list(user.language, found, 1, today)
            keyboards.people_list(user.language, found.people[:PAGE_SIZE], 1,
                                  -(-len(found.people) // PAGE_SIZE), found.suggestions())

        async def one_person() -> None:
            found = await people.directory(user)
            [sato] = found.find("佐藤")
            render_person(user.language, await people.history(user, sato), found, today)

        async def offer() -> None:
            await people.problems_for(user, "佐藤", 5)

        directory = await people.directory(user)
        info = (f"people={len(directory.people)} problems={sum(p.problems for p in directory.people)}"
                f" aliases={len(directory.aliases)}")
        return {"people_list_ms": await backends.timed(listing, runs, warmup),
                "people_name_ms": await backends.timed(one_person, runs, warmup),
                "offer_problems_ms": await backends.timed(offer, runs, warmup)}, info
    finally:
        await db.close()


async def main() -> None:
    await backends.journal_bench(__doc__.splitlines()[0], "people", measure, runs=40,
                                 warmup=3)


if __name__ == "__main__":
    asyncio.run(main())
