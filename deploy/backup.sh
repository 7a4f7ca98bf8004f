#!/usr/bin/env bash
# Consistent online backup of the journal, safe while the bot runs.
#
#   deploy/backup.sh /var/lib/value-journal/journal.sqlite3 /backups   # SQLite (WAL included)
#   DATABASE_URL=postgresql://… deploy/backup.sh postgres /backups     # PostgreSQL: pg_dump
#
# PostgreSQL: pg_dump (the client tools of the server's major version or newer) writes one
# snapshot in its custom format; restore with `pg_restore -d <empty database> FILE` (or copy
# it to SQLite with `python -m storage.copy`). The URL is read from the environment, never
# from the command line (where `ps` would show its password). Under deploy/compose.yaml,
# run pg_dump inside the db container instead (see the top of compose.yaml). A managed
# PostgreSQL service's own backups and point-in-time recovery replace this script.
#
# Backups are private like the journal (folder 0700, files 0600, whatever the umask). They
# keep what /forget erased until they are rotated away: keep only as many as you need.
set -euo pipefail
umask 077
src="${1:?database path, or postgres}"; dest="${2:?backup folder}"
mkdir -p "$dest"
chmod 700 "$dest"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

pg_environment() {
    python3 - <<'PY'
import os, shlex
from urllib.parse import unquote, urlsplit
url = urlsplit(os.environ["DATABASE_URL"])
for name, value in (("PGHOST", url.hostname), ("PGPORT", url.port), ("PGUSER", url.username),
                    ("PGPASSWORD", url.password), ("PGDATABASE", url.path.lstrip("/"))):
    if value:
        print(f"export {name}={shlex.quote(unquote(str(value)))}")
PY
}

if [ "$src" = "postgres" ]; then
    : "${DATABASE_URL:?set DATABASE_URL to the postgresql:// URL of the journal}"
    out="$dest/journal-$stamp.dump"
    eval "$(pg_environment)"  # libpq's PG* variables: the password is in no process's arguments
    pg_dump --format=custom --no-owner --file "$out"
else
    out="$dest/journal-$stamp.sqlite3"
    python3 -c 'import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close()' \
        "$src" "$out"
fi
chmod 600 "$out"
echo "$out"
