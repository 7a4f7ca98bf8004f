"""`python -m storage.copy SOURCE_URL TARGET_URL`: move a whole journal between backends.

    python -m storage.copy sqlite:///data/journal.sqlite3 postgresql://bot:…@db/journal
    python -m storage.copy postgresql://bot:…@db/journal sqlite:////srv/journal.sqlite3

Both ends are opened (and migrated) as the bot opens them; the target must be empty (no
row in any journal table) or the copy is refused. Every table is copied, rows and ids as
they are, in one transaction on the target (a failure leaves it empty); the target's id
counters are moved past the copied ids; then the row counts of both ends are compared.
The search index is the target's own (SQLite's triggers fill it as rows arrive).
Stop the bot first: rows written during the copy would not be copied.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence

from storage import dialect
from storage.db import Database, StorageError, open_database, redact

# Every journal table, parents before children (foreign keys), with its key column.
TABLES: tuple[tuple[str, str], ...] = (
    ("users", "user_id"),
    ("prompts", "prompt_id"),
    ("entries", "entry_id"),
    ("inbox", "inbox_id"),
    ("thanks", "thanks_id"),
    ("thanks_media", "media_id"),
    ("digests", "digest_id"),
    ("intentions", "intention_id"),
    ("update_inbox", "update_id"),
    ("forget_tokens", "user_id"),
    ("resurfacings", "resurfacing_id"),
    ("thanks_shown", "shown_id"),
    ("person_aliases", "alias_id"),
)
PAGE = 5_000


class CopyError(Exception):
    """The copy cannot be made (or did not check out): one line for the operator."""


async def journal_tables(db: Database) -> set[str]:
    """The tables of the journal's schema (not the search index, nor bookkeeping: the
    migrations applied, the running processes and their inbox leases)."""
    rows = await db.fetchall(dialect.sql(db, "list_tables"))
    return {r[0] for r in rows} - {"schema_migrations", "replicas", "inbox_leases"}


async def counts(db: Database) -> dict[str, int]:
    return {table: int((await db.fetchrow(f"SELECT COUNT(*) FROM {table}"))[0])
            for table, _ in TABLES}


async def copy(source: Database, target: Database, *, page: int = PAGE) -> dict[str, int]:
    """Copy every row of ``source`` into the empty ``target``; the row counts."""
    known = {table for table, _ in TABLES}
    for db in (source, target):
        unknown = await journal_tables(db) - known
        if unknown:
            raise CopyError(f"table(s) {', '.join(sorted(unknown))} of {db.describe()} are not "
                            "in storage.copy.TABLES: add them (parents first) before copying")
    if await source.schema_version() != await target.schema_version():
        raise CopyError("the two journals are at different schema versions")
    filled = {t: n for t, n in (await counts(target)).items() if n}
    if filled:
        raise CopyError(f"the target {target.describe()} is not empty ("
                        + ", ".join(f"{t}: {n} rows" for t, n in filled.items())
                        + "); copy only into a new, empty journal")
    async with target.transaction() as tx:
        for table, key in TABLES:
            after: object = None
            while True:
                rows = await source.fetchall(
                    f"SELECT * FROM {table}" + ("" if after is None else f" WHERE {key} > ?")
                    + f" ORDER BY {key} LIMIT {int(page)}", () if after is None else (after,))
                if not rows:
                    break
                columns = list(rows[0].keys())
                await tx.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)})"
                    f" VALUES ({', '.join('?' * len(columns))})",
                    [tuple(row[c] for c in columns) for row in rows])
                after = rows[-1][key]
                if len(rows) < page:
                    break
            reset = dialect.sql(target, "reset_ids")
            if reset:
                await tx.execute(reset.format(table=table, key=key))
    copied, expected = await counts(target), await counts(source)
    if copied != expected:
        wrong = ", ".join(f"{t}: {expected[t]} → {copied[t]}" for t in expected
                          if expected[t] != copied[t])
        raise CopyError(f"row counts differ after the copy ({wrong})")
    return copied


async def _main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m storage.copy", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", help="sqlite:///path or postgresql://…")
    parser.add_argument("target", help="an empty journal: sqlite:///path or postgresql://…")
    args = parser.parse_args(argv)
    if args.source == args.target:
        print("SOURCE_URL and TARGET_URL are the same journal", file=sys.stderr)
        return 1
    source = target = None
    try:
        source = await open_database(args.source)
        target = await open_database(args.target)
        result = await copy(source, target)
    except (StorageError, CopyError) as exc:
        print(f"Not copied: {exc}", file=sys.stderr)
        return 1
    finally:
        for db in (source, target):
            if db is not None:
                await db.close()
    print(f"Copied {redact(args.source)} → {redact(args.target)}; row counts match:")
    for table, count in result.items():
        print(f"  {table:<14} {count}")
    return 0


def main() -> None:
    os.umask(0o077)  # a SQLite target is the journal: owner only
    raise SystemExit(asyncio.run(_main(sys.argv[1:])))


if __name__ == "__main__":
    main()
