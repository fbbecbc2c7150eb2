"""Reports in the app, the site's report to the platform, and the provincial dashboard."""

MESSAGES: dict[str, dict[str, str]] = {}
