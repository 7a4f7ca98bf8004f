"""Texts of /search and /export (English and Japanese), merged into ``bot.messages.CATALOG``."""

TEXTS: dict[str, dict[str, str]] = {
}
