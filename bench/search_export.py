"""/search and /export on a five-year journal (bench/journal_data.py).

    python -m bench.search_export                    # from the repository root
    python -m bench.search_export --runs 50 --other-users 20

Builds the journal in a temporary directory (optionally with ``--other-users`` copies of it
under other user ids, so that search_fts holds other people's rows too), then times, in
process and on one event loop, ``--runs`` runs after ``--warmup`` untimed ones of:

* ``search_ms ja_trigram``: /search 引っ越し (4 characters: the FTS5 trigram index);
* ``search_ms ja_like2``: /search 転職 (2 characters: LIKE over the user's own rows);
* ``search_ms en``: /search interview (the trigram index, Latin script);
* ``search_ms ja_mixed``: /search 佐藤 資料の締切 (a 2-character LIKE term ANDed with an
  indexed one);
* ``export_ms all_three``: reading every record and building the CSV, JSON and Markdown
  files (``bot.core.export.export``, formatting in a worker thread).

Each search is what the bot does for one /search apart from Telegram: build the query, run
it (top 10 and the count), and render the reply's HTML. On PostgreSQL every term is an ILIKE
over the user's own rows (storage/dialect.py), whatever its length. ``--backend
sqlite|postgres|both`` (default both) chooses the journal's backend (bench/backends.py);
with both, the PostgreSQL/SQLite ratio of each median is printed too.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import backends  # noqa: E402
from bench.journal_data import END_DATE, make_journal  # noqa: E402
from bot.core import export, search  # noqa: E402
from storage.db import Database, open_database  # noqa: E402

SEARCHES = (("ja_trigram", "引っ越し"), ("ja_like2", "転職"), ("en", "interview"),
            ("ja_mixed", "佐藤 資料の締切"))
NOW = datetime(END_DATE.year, END_DATE.month, END_DATE.day, 13, 0, tzinfo=UTC)


async def copy_journal(db: Database, user_id: int, copies: int) -> None:
    """``copies`` other users with the same records (thank-yous unlinked), indexed by the
    triggers like any insert."""
    async with db.transaction() as conn:  # (a Tx: the same calls on both backends)
        for n in range(1, copies + 1):
            other = user_id + 1000 * n
            await conn.execute(
                "INSERT INTO users (user_id, chat_id, language, timezone, checkin_time, persona,"
                " onboarded, created_utc, updated_utc) SELECT ?, ?, language, timezone,"
                " checkin_time, persona, onboarded, created_utc, updated_utc FROM users"
                " WHERE user_id = ?", (other, other, user_id))
            await conn.execute(
                "INSERT INTO entries (user_id, local_date, status, step, who, problem, how,"
                " outcome, source, created_utc, updated_utc, completed_utc) SELECT ?,"
                " local_date, status, step, who, problem, how, outcome, source, created_utc,"
                " updated_utc, completed_utc FROM entries WHERE user_id = ? AND status != 'draft'",
                (other, user_id))
            await conn.execute(
                "INSERT INTO thanks (user_id, status, source, kind, origin_type, sender_name,"
                " original_utc, received_utc, local_date, text, entities, dedupe_key)"
                " SELECT ?, status, source, kind, origin_type, sender_name, original_utc,"
                " received_utc, local_date, text, entities, dedupe_key FROM thanks"
                " WHERE user_id = ?", (other, user_id))


async def timed(runs: int, warmup: int, action: Callable[[], Awaitable[object]]) -> list[float]:
    for _ in range(warmup):
        await action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def line(name: str, label: str, times: list[float], extra: str = "") -> str:
    return (f"{name} {label:<10} median={statistics.median(times):.2f} min={min(times):.2f}"
            f" runs={len(times)}{extra}")


async def run(runs: int, warmup: int, years: int, other_users: int,
              backend: str) -> dict[str, float]:
    medians: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        async with backends.afresh_url(backend, Path(tmp), "journal") as url:
            started = time.perf_counter()
            user_id = await make_journal(url, years=years)
            built = time.perf_counter() - started
            db = await open_database(url)
            try:
                if other_users:
                    await copy_journal(db, user_id, other_users)
                if db.dialect == "postgres":  # statistics, as autovacuum keeps them
                    await db.execute("ANALYZE")
                rows = (await db.fetchone("SELECT COUNT(*) FROM entries"))[0]
                print(f"backend={backend} journal years={years} make_journal_s={built:.2f}"
                      f" entries={rows} other_users={other_users}")
                user = await db.fetchone("SELECT language FROM users WHERE user_id = ?", (user_id,))
                lang = user["language"]
                for label, words in SEARCHES:
                    query = search.build_query(words)
                    assert query is not None
                    result = await search.search(db, user_id, query)

                    async def one(query: search.SearchQuery = query) -> str:
                        return search.render(lang, await search.search(db, user_id, query))

                    times = await timed(runs, warmup, one)
                    print(line("search_ms", label, times, f" hits={result.total} {backend}"))
                    medians[f"search_ms {label}"] = statistics.median(times)
                made = await export.export(db, user_id, NOW)
                assert made is not None
                times = await timed(runs, warmup, lambda: export.export(db, user_id, NOW))
                sizes = " ".join(f"{f.filename.rsplit('.', 1)[1]}={len(f.data) // 1024}KiB"
                                 for f in made.files)
                print(line("export_ms", "all_three", times,
                           f" records={made.solved + made.nothing + made.thanks} {sizes} {backend}"))
                medians["export_ms all_three"] = statistics.median(times)
            finally:
                await db.close()
    return medians


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search_export", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--other-users", type=int, default=0)
    backends.add_argument(parser)
    args = parser.parse_args(argv)
    medians = {backend: asyncio.run(run(args.runs, args.warmup, args.years, args.other_users,
                                        backend))
               for backend in backends.chosen(args)}
    for text in backends.ratio_lines(medians):
        print(text)


if __name__ == "__main__":
    main()
