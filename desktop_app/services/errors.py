"""The failures a use case raises when it cannot run at all (as opposed to the rule findings
it returns in its outcome): each a catalogue code, so every shell shows the same sentence."""

from __future__ import annotations

from desktop_app.rules.messages import UserError


class RecordNotFound(UserError, LookupError):
    """The record asked for is not in this database (``ref``: what was asked for)."""

    def __init__(self, ref: str) -> None:
        super().__init__("NOT_FOUND", ref=ref)


class ChangeRefused(UserError, ValueError):
    """The change cannot be made to this record as it stands (a voided dose, no reason)."""
