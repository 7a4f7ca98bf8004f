"""`python -m bot.healthcheck`: exit 0 if the bot on this machine answers ``GET /healthz``,
1 otherwise (the container image's HEALTHCHECK; it needs the listener: ``LISTEN_PORT``)."""

from __future__ import annotations

import os
import sys
import urllib.request


def main() -> int:
    port = os.environ.get("LISTEN_PORT") or "8080"
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz",  # noqa: S310
                                    timeout=3) as answer:
            return 0 if answer.status == 200 else 1
    except OSError as exc:
        print(f"no answer from http://127.0.0.1:{port}/healthz: {type(exc).__name__}",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
