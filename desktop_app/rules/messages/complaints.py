"""Citizens' complaints: the public form, the status page, the Complaints area, the CLI."""

MESSAGES: dict[str, dict[str, str]] = {}
