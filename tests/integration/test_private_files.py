"""The journal is private: its folder 0700, the database, WAL and SHM 0600, whatever the
umask; backups likewise."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest

from storage.db import Database

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_a_new_journal_is_owner_only(tmp_path, loose_umask):
    path = tmp_path / "data" / "journal.sqlite3"
    db = await Database(path).open()
    try:
        await db.execute("CREATE TABLE IF NOT EXISTS t (x)")
        assert mode(path.parent) == 0o700
        for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            assert file.exists() and mode(file) == 0o600, file
    finally:
        await db.close()


async def test_an_existing_journal_is_tightened(tmp_path, loose_umask):
    path = tmp_path / "journal.sqlite3"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    db = await Database(path).open()
    await db.close()
    assert mode(path) == 0o600


def test_backups_are_owner_only(tmp_path, loose_umask):
    db = tmp_path / "journal.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    dest = tmp_path / "backups"
    subprocess.run(["bash", str(REPO / "deploy" / "backup.sh"), str(db), str(dest)],
                   check=True, env={**os.environ, "PATH": os.environ["PATH"]})
    [backup] = list(dest.iterdir())
    assert mode(dest) == 0o700 and mode(backup) == 0o600
    assert sqlite3.connect(backup).execute("SELECT name FROM sqlite_master").fetchall()


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="no pg_dump on this machine")
def test_postgresql_backups_are_owner_only_and_restorable(tmp_path, loose_umask, pg_server):
    dest = tmp_path / "backups"
    url = pg_server.replace("postgresql://postgres@", "postgresql://postgres:Pw-x9@")
    done = subprocess.run(["bash", str(REPO / "deploy" / "backup.sh"), "postgres", str(dest)],
                          check=True, capture_output=True, text=True,
                          env={**os.environ, "DATABASE_URL": url})
    [backup] = list(dest.iterdir())
    assert done.stdout.strip() == str(backup) and backup.suffix == ".dump"
    assert mode(dest) == 0o700 and mode(backup) == 0o600
    listing = subprocess.run(["pg_restore", "--list", str(backup)], check=True,
                             capture_output=True, text=True).stdout
    assert "TABLE DATA public entries" in listing and "TABLE DATA public users" in listing
