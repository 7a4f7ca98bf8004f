"""Time /report for a user with five years of entries.

    python -m bench.report             # from the repository root: SQLite and PostgreSQL
    python -m bench.report --runs 20 --backend sqlite

Builds the journal of ``bench.journal_data.make_journal`` (5 years, seed 1: about 1,700
solved problems and 780 thank-yous), merges ``Yuki`` into ``Yuki Tanaka``, sets a personal
metric (``/focus 同僚の佐藤さん / 資料``) and three old numbers with a few values each, then
times, over ``--runs`` runs after warm-ups:

* ``report_data_quarter_ms``: ``Reports.build`` for this quarter (2026 Q4 up to the
  journal's last day): the period's problems and thank-yous, the people directory (merges),
  the quotes, the personal metric week by week, the old numbers;
* ``report_data_two_years_ms``: the same for the longest period allowed (two years,
  month by month);
* ``report_pdf_quarter_ms`` and ``report_pdf_two_years_ms``: drawing that report as the
  one-page PDF (``report_pdf.render_report``, in this process, as a worker does);
* ``report_pdf_worker_ms``: the quarter's PDF through the worker processes the bot uses
  (``report_pdf.pdf_bytes``: pickling the report, rendering, the bytes back).

Targets (issue 9): the data part within 50 ms, the PDF within 1 s. Each line ends with the
median's ratio to its target.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import backends  # noqa: E402
from bot.core import report_pdf  # noqa: E402
from bot.core.accounts import Accounts  # noqa: E402
from bot.core.clock import ManualClock  # noqa: E402
from bot.core.old_numbers import OldNumbers  # noqa: E402
from bot.core.people import People  # noqa: E402
from bot.core.report import Period, Reports, quarter_of  # noqa: E402
from storage.db import open_database  # noqa: E402

NOW = datetime(2026, 11, 28, 13, 0, tzinfo=UTC)  # 22:00 in Tokyo
TARGETS = {"report_data": 50.0, "report_pdf": 1000.0}  # ms



async def measure(url: str, runs: int, warmup: int) -> tuple[dict[str, list[float]], str]:
    db = await open_database(url)
    try:
        accounts = Accounts(db, ManualClock(NOW))
        people, numbers = People(accounts), OldNumbers(accounts)
        reports = Reports(accounts, people, numbers)
        user = await accounts.get(1)
        assert user is not None
        directory = await people.directory(user)
        [yuki] = directory.find("Yuki")
        [tanaka] = directory.find("Yuki Tanaka")
        await people.merge(user, tanaka, yuki)
        user = await accounts.set_focus(user, "同僚の佐藤さん", "資料")
        for name, values in (("フォロワー", (1200, 1280, 1350)), ("いいね", (40, 52, 61)),
                             ("売上 (円)", (350_000, 420_000, 380_000))):
            for value, day in zip(values, (date(2025, 9, 30), date(2026, 6, 30),
                                           date(2026, 11, 28)), strict=True):
                await numbers.record(user, name, value, day)
        today = accounts.today(user)
        quarter = quarter_of(today)
        two_years = Period(date(today.year - 2, today.month, today.day + 1), today)

        made = {}

        async def data(period: Period, name: str) -> None:
            made[name] = await reports.build(user, period)

        await data(quarter, "quarter")
        await data(two_years, "two_years")

        async def pdf(name: str) -> None:
            report_pdf.render_report(made[name])

        async def worker() -> None:
            assert await report_pdf.pdf_bytes(made["quarter"]) is not None

        q, y = made["quarter"], made["two_years"]
        info = (f"quarter: {q.solved} problems, {q.thanks} thank-yous, {q.people_count} people,"
                f" {len(q.buckets)} weeks · two years: {y.solved} problems, {y.thanks}"
                f" thank-yous, {y.people_count} people, {len(y.buckets)} months · pdf"
                f" {len(report_pdf.render_report(q)) // 1024} KB")
        return {
            "report_data_quarter_ms": await backends.timed(lambda: data(quarter, "quarter"), runs,
                                                   warmup),
            "report_data_two_years_ms": await backends.timed(lambda: data(two_years, "two_years"),
                                                     runs, warmup),
            "report_pdf_quarter_ms": await backends.timed(lambda: pdf("quarter"), runs, warmup),
            "report_pdf_two_years_ms": await backends.timed(lambda: pdf("two_years"), runs, warmup),
            "report_pdf_worker_ms": await backends.timed(worker, runs, max(warmup, 2)),
        }, info
    finally:
        await db.close()


async def main() -> None:
    await backends.journal_bench(__doc__.splitlines()[0], "report", measure, runs=20,
                                 warmup=2, target=lambda name: TARGETS["report_data" if name.startswith("report_data") else "report_pdf"])


if __name__ == "__main__":
    asyncio.run(main())
