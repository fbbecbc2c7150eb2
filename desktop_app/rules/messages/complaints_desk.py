"""The Complaints area of the app and its services: the desk's sentences about complaints."""

MESSAGES: dict[str, dict[str, str]] = {}
