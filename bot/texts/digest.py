"""Texts of the weekly digest, /week, /focus and intentions (English and Japanese), merged into ``bot.messages.CATALOG``."""

TEXTS: dict[str, dict[str, str]] = {
}
