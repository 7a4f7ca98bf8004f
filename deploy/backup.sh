#!/usr/bin/env bash
# Consistent online backup of the journal (safe while the bot runs, WAL included).
# usage: deploy/backup.sh /var/lib/value-journal/journal.sqlite3 /backups
# Backups are private like the journal (folder 0700, files 0600, whatever the umask). They
# keep what /forget erased until they are rotated away: keep only as many as you need.
set -euo pipefail
umask 077
db="${1:?database path}"; dest="${2:?backup folder}"
mkdir -p "$dest"
chmod 700 "$dest"
out="$dest/journal-$(date -u +%Y%m%dT%H%M%SZ).sqlite3"
python3 -c 'import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close()' \
    "$db" "$out"
chmod 600 "$out"
