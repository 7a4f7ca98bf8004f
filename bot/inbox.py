"""`python -m bot.inbox`: the updates the bot set aside, for an operator.

    python -m bot.inbox list            set-aside updates: id, when, error, kind (never text)
    python -m bot.inbox retry ID…       put them back: the bot handles them again, in
    python -m bot.inbox retry --all     order, when it next starts (restart it to apply)

Reads DATABASE_URL or DATABASE_PATH like the bot (environment or .env); BOT_TOKEN is not
needed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from storage import update_inbox
from storage.db import StorageError, open_database, sqlite_path


def _database_url() -> str:
    from pydantic import SecretStr
    from pydantic_settings import BaseSettings, SettingsConfigDict

    from bot.config import journal_url

    class _Paths(BaseSettings):
        model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8",
                                          extra="ignore")
        database_path: Path = Path("data/journal.sqlite3")
        database_url: SecretStr | None = None

    paths = _Paths()
    return journal_url(paths.database_url, paths.database_path)


def _kind(payload: str | None) -> str:
    """What sort of update it is (``message``, ``callback_query``…), never what it says."""
    try:
        data = json.loads(payload or "")
    except ValueError:
        return "unreadable JSON"
    if not isinstance(data, dict):
        return "unreadable JSON"
    return ", ".join(k for k in data if k != "update_id") or "empty"


async def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.inbox", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list set-aside updates")
    retry = sub.add_parser("retry", help="handle set-aside updates again")
    retry.add_argument("ids", nargs="*", type=int)
    retry.add_argument("--all", action="store_true")
    args = parser.parse_args(argv)
    url = _database_url()
    try:
        path = sqlite_path(url)
        if path is not None and not path.exists():
            print(f"No journal at {path} (DATABASE_PATH).", file=sys.stderr)
            return 1
        db = await open_database(url)
    except StorageError as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        if args.command == "list":
            rows = await update_inbox.failed(db, limit=1000)
            total = await update_inbox.count_failed(db)
            print(f"{total} update(s) set aside")
            for row in rows:
                when = datetime.fromtimestamp(row.received_utc, UTC).strftime("%Y-%m-%d %H:%M")
                print(f"{row.update_id}\treceived {when} UTC\t{row.error}\t"
                      f"{row.attempts} attempt(s)\t{_kind(row.payload)}\tchat {row.chat_key}")
            return 0
        if not args.ids and not args.all:
            parser.error("name the update ids to retry, or --all")
        count = await update_inbox.retry(db, None if args.all else args.ids)
        print(f"{count} update(s) put back; the bot handles them at its next start")
        return 0
    finally:
        await db.close()


def main() -> None:
    os.umask(0o077)
    raise SystemExit(asyncio.run(_main(sys.argv[1:])))


if __name__ == "__main__":
    main()
