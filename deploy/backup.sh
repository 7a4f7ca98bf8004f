#!/usr/bin/env bash
# Consistent online backup of the journal (safe while the bot runs, WAL included).
# usage: deploy/backup.sh /var/lib/value-journal/journal.sqlite3 /backups
set -euo pipefail
db="${1:?database path}"; dest="${2:?backup folder}"
mkdir -p "$dest"
python3 -c 'import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close()' \
    "$db" "$dest/journal-$(date -u +%Y%m%dT%H%M%SZ).sqlite3"
