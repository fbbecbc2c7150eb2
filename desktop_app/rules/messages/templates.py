"""Provincial templates of every shape, and the demo database: their sentences."""

MESSAGES: dict[str, dict[str, str]] = {
    "IMPORT_DOSE_LABEL": {"vi": "Mũi {dose}", "en": "Dose {dose}"},
}
