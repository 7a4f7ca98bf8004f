"""CPU per Bot API request: python-telegram-bot's default client (httpx) against the bot's own
(``bot/http_client.py``, aiohttp), at several numbers of requests in flight.

    python -m bench.http_client                      # from the repository root, ~30 s
    python -m bench.http_client --requests 2000 --in-flight 1,4,16 --runs 3

A fake Bot API server (tests/fakebotapi.py) runs in this process; each measurement runs in a
fresh child process that sends ``--requests`` ``sendMessage`` calls through a real
``telegram.Bot``, ``--in-flight`` at a time, after 50 warm-up calls. Printed per client and
number in flight: the child's CPU time (user + system) per request and the request rate, as
the median of ``--runs`` runs, and the ratio httpx / aiohttp of the CPU per request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.fakebotapi import TOKEN, FakeBotAPI  # noqa: E402

CLIENTS = ("httpx", "aiohttp")


async def _client(base_url: str, requests: int, in_flight: int, client: str) -> dict:
    from telegram import Bot
    from telegram.request import HTTPXRequest

    from bot.http_client import AiohttpRequest

    request = AiohttpRequest() if client == "aiohttp" else HTTPXRequest(connection_pool_size=256)
    bot = Bot(TOKEN, base_url=base_url, request=request)
    await bot.initialize()
    slots = asyncio.Semaphore(in_flight)

    async def one(i: int) -> None:
        async with slots:
            await bot.send_message(1000 + i % 500, f"<b>Saved</b> answer {i}", parse_mode="HTML")

    for i in range(50):
        await one(i)
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(requests)))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    await bot.shutdown()
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {"cpu_ms": cpu * 1000 / requests, "rate": requests / wall}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.http_client", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--in-flight", default="1,4,16")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        base_url, requests, in_flight, client = args.child
        print(json.dumps(asyncio.run(_client(base_url, int(requests), int(in_flight), client))))
        return
    api = FakeBotAPI().start()
    try:
        for in_flight in args.in_flight.split(","):
            cpu: dict[str, list[float]] = {c: [] for c in CLIENTS}
            rate: dict[str, list[float]] = {c: [] for c in CLIENTS}
            for run in range(args.runs):
                for client in CLIENTS if run % 2 == 0 else CLIENTS[::-1]:
                    out = subprocess.run(
                        [sys.executable, "-m", "bench.http_client", "--child", api.base_url,
                         str(args.requests), in_flight, client],
                        cwd=REPO, check=True, capture_output=True, text=True).stdout
                    result = json.loads(out.strip().splitlines()[-1])
                    cpu[client].append(result["cpu_ms"])
                    rate[client].append(result["rate"])
            line = " ".join(f"{c}: cpu/request={statistics.median(cpu[c]):.2f}ms "
                            f"rate={statistics.median(rate[c]):.0f}/s" for c in CLIENTS)
            ratio = statistics.median(cpu["httpx"]) / statistics.median(cpu["aiohttp"])
            print(f"in_flight={in_flight:<3} {line} cpu httpx/aiohttp={ratio:.2f}", flush=True)
    finally:
        api.stop()


if __name__ == "__main__":
    main()
