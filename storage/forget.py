"""SQL for /forget's one-time confirmation tokens (one per user at most)."""

from __future__ import annotations

import hmac

from storage.db import Database


async def issue(db: Database, user_id: int, token: str, expires_utc: int) -> None:
    """Store the user's token, replacing any earlier one."""
    await db.execute(
        "INSERT INTO forget_tokens (user_id, token, expires_utc) VALUES (?, ?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET token = excluded.token,"
        " expires_utc = excluded.expires_utc",
        (user_id, token, expires_utc))


async def take(db: Database, user_id: int, token: str, now: int) -> bool:
    """Use the token up: True when it was the user's current one and still valid. Any
    press, valid or not, leaves no token behind."""
    async with db.transaction() as tx:
        row = await tx.fetchone(
            "SELECT token, expires_utc FROM forget_tokens WHERE user_id = ?", (user_id,))
        if row is None:
            return False
        await tx.execute("DELETE FROM forget_tokens WHERE user_id = ?", (user_id,))
    return hmac.compare_digest(row[0], token) and now <= row[1]


async def drop(db: Database, user_id: int) -> None:
    await db.execute("DELETE FROM forget_tokens WHERE user_id = ?", (user_id,))
