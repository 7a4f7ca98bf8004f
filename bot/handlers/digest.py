"""(being built)"""

from __future__ import annotations

from telegram.ext import Application


def register(application: Application) -> None:
    """Add this flow's command and button handlers (called before the catch-alls)."""
