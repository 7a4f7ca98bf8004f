"""Time to build the weekly digest for a user with years of daily entries and thank-yous.

    python -m bench.digest             # from the repository root
    python -m bench.digest --runs 50

Builds two journals with ``bench.journal_data.make_journal`` (5 years, and 1 year as the
baseline measured in the same run), then times, over ``--runs`` runs after warm-ups:

* ``digest_text_ms``: everything the scheduled digest does before sending its text: the
  week's queries (``Digests.summary``: problems, thank-yous, 12 weeks of counts, streak,
  intention, focus matching), the person not seen for a while (``Digests.quiet``) and
  rendering the HTML (``digest_text.render``);
* ``digest_quiet_ms``: the person not seen for a while alone (/people's directory);
* ``digest_render_ms``: the rendering alone;
* ``chart_ms``: the 12-week PNG from that summary (``render_weekly_chart``).

Targets (issue 4): digest text <= 20 ms, chart <= 250 ms. ``--backend sqlite|postgres|both``
(default both) chooses the journal's backend (bench/backends.py); with both, the
PostgreSQL/SQLite ratio of each median is printed too.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import backends  # noqa: E402
from bench.journal_data import make_journal  # noqa: E402
from bot.core import digest_text  # noqa: E402
from bot.core.accounts import Accounts  # noqa: E402
from bot.core.chart import render_weekly_chart  # noqa: E402
from bot.core.clock import ManualClock  # noqa: E402
from bot.core.digest import Digests  # noqa: E402
from storage.db import open_database  # noqa: E402

NOW = datetime(2026, 11, 29, 11, 0, tzinfo=UTC)  # Sunday 20:00 in Tokyo: digest time



async def measure(url: str, runs: int, warmup: int) -> dict[str, list[float]]:
    db = await open_database(url)
    try:
        if db.dialect == "postgres":  # statistics, as autovacuum keeps them
            await db.execute("ANALYZE")
        accounts = Accounts(db, ManualClock(NOW))
        digests = Digests(accounts)
        user = await accounts.get(1)
        assert user is not None
        user = await accounts.set_focus(user, "同僚", "資料")
        week = digests.current_week(user)
        summary = await digests.summary(user, week)
        assert summary.problems, "the journal should have entries this week"

        async def text() -> None:
            built = await digests.summary(user, week)
            built.quiet = await digests.quiet(user, week)  # as the scheduled digest does
            digest_text.render(built, question=True)

        async def quiet() -> None:
            await digests.quiet(user, week)

        async def render() -> None:
            digest_text.render(summary, question=True)

        async def chart() -> None:
            render_weekly_chart(summary.chart, user.language)

        return {"digest_text_ms": await backends.timed(text, runs, warmup),
                "digest_quiet_ms": await backends.timed(quiet, runs, warmup),
                "digest_render_ms": await backends.timed(render, runs, warmup),
                "chart_ms": await backends.timed(chart, max(5, runs // 4), 2)}
    finally:
        await db.close()


def line(name: str, label: str, values: list[float]) -> str:
    return (f"{name} {label} median={statistics.median(values):.2f} min={min(values):.2f}"
            f" runs={len(values)}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    backends.add_argument(parser)
    args = parser.parse_args()
    medians: dict[str, dict[str, float]] = {}
    for backend in backends.chosen(args):
        with tempfile.TemporaryDirectory() as tmp:
            async with backends.afresh_url(backend, Path(tmp), "five") as big, \
                    backends.afresh_url(backend, Path(tmp), "one") as small:
                started = time.perf_counter()
                await make_journal(big, years=5)
                await make_journal(small, years=1)
                print(f"backend={backend} build_journals seconds="
                      f"{time.perf_counter() - started:.1f}")
                five = await measure(big, args.runs, args.warmup)
                one = await measure(small, args.runs, args.warmup)
        for name in five:
            print(line(name, f"backend={backend} years=5", five[name]))
            print(line(name, f"backend={backend} years=1", one[name]))
            ratio = statistics.median(five[name]) / statistics.median(one[name])
            print(f"{name}_ratio backend={backend} years=5/years=1 {ratio:.2f}")
        medians[backend] = {f"{name} years=5": statistics.median(five[name]) for name in five}
    for text in backends.ratio_lines(medians):
        print(text)


if __name__ == "__main__":
    asyncio.run(main())
