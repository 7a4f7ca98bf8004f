"""Texts of history, edit, delete and /forget (English and Japanese), merged into ``bot.messages.CATALOG``."""

TEXTS: dict[str, dict[str, str]] = {
}
