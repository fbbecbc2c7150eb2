"""The provincial dashboard's pages and its staff logins."""

MESSAGES: dict[str, dict[str, str]] = {}
