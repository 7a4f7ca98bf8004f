"""Time to render the 12-week chart (bot/core/chart.py), in English and Japanese.

    python -m bench.chart            # from the repository root
    python -m bench.chart --runs 50

Prints one line per language: the median and the minimum of ``--runs`` timed renders,
after ``--warmup`` untimed ones (the first render also registers the font).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bot.core.chart import WeekBar, render_weekly_chart  # noqa: E402

LABELS = {
    "en": [f"{m} {d}" for m, d in [("Sep", 7), ("Sep", 14), ("Sep", 21), ("Sep", 28), ("Oct", 5),
                                   ("Oct", 12), ("Oct", 19), ("Oct", 26), ("Nov", 2), ("Nov", 9),
                                   ("Nov", 16), ("Nov", 23)]],
    "ja": ["9/7", "9/14", "9/21", "9/28", "10/5", "10/12", "10/19", "10/26", "11/2", "11/9",
           "11/16", "11/23"],
}


def weeks(lang: str) -> list[WeekBar]:
    return [WeekBar(label, solved=(i * 3) % 7, thanks=(i * 5) % 11)
            for i, label in enumerate(LABELS[lang])]


def measure(lang: str, runs: int, warmup: int) -> list[float]:
    bars = weeks(lang)
    for _ in range(warmup):
        render_weekly_chart(bars, lang)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render_weekly_chart(bars, lang)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    for lang in ("en", "ja"):
        times = measure(lang, args.runs, args.warmup)
        print(f"chart_render_ms {lang} median={statistics.median(times):.1f} "
              f"min={min(times):.1f} runs={args.runs}")


if __name__ == "__main__":
    main()
