"""SQL for the old numbers (/numbers): the values a user gave for the measures they reported
before (followers, likes, sales…). Every query is scoped to one user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.db import Database


@dataclass(frozen=True)
class OldNumber:
    number_id: int
    name_key: str
    name: str
    value: float
    local_date: str
    created_utc: int


def _number(row: Any) -> OldNumber:
    return OldNumber(int(row["number_id"]), row["name_key"], row["name"], float(row["value"]),
                     row["local_date"], int(row["created_utc"]))


async def add(db: Database, user_id: int, name_key: str, name: str, value: float,
              local_date: str, now: int) -> int:
    async with db.transaction() as tx:
        row = await tx.fetchone(
            "INSERT INTO old_numbers (user_id, name_key, name, value, local_date, created_utc)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING number_id",
            (user_id, name_key, name, value, local_date, now))
    assert row is not None
    return int(row[0])


async def all_of(db: Database, user_id: int, until: str = "9999-12-31") -> list[OldNumber]:
    """Every value the user gave (for a local date up to ``until``), by measure, then by
    date, then in the order given."""
    rows = await db.fetchall(
        "SELECT number_id, name_key, name, value, local_date, created_utc FROM old_numbers"
        " WHERE user_id = ? AND local_date <= ?"
        " ORDER BY name_key, local_date, number_id", (user_id, until))
    return [_number(r) for r in rows]


async def remove(db: Database, user_id: int, name_key: str) -> int:
    """Forget one measure and all its values; how many values were removed."""
    async with db.transaction() as tx:
        result = await tx.execute(
            "DELETE FROM old_numbers WHERE user_id = ? AND name_key = ?", (user_id, name_key))
    return result.rowcount


async def export(db: Database, user_id: int) -> list[dict[str, Any]]:
    rows = await db.fetchall(
        "SELECT name, value, local_date, created_utc FROM old_numbers WHERE user_id = ?"
        " ORDER BY number_id", (user_id,))
    return [{"name": r["name"], "value": float(r["value"]), "local_date": r["local_date"],
             "created_utc": int(r["created_utc"])} for r in rows]
