"""What a rule reports: a stable code, the field it concerns, a severity, and a message.

Errors block a save; warnings need an explicit confirmation. The code never changes once
published, so the form, the importer, the sync server and reports can all key on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from desktop_app.rules.messages import CATALOGUE, text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding of one rule.

    >>> p = Problem("NAME_REQUIRED", "full_name")
    >>> p.message("en")
    'Full name is required.'
    """

    code: str
    field: str
    severity: Severity = Severity.ERROR
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise KeyError(f"rule code {self.code!r} has no message")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def message(self, lang: str = "vi") -> str:
        return text(self.code, lang, **self.params)

    def __str__(self) -> str:
        return f"{self.code} [{self.field}]: {self.message('en')}"


def warning(code: str, field_name: str, **params: Any) -> Problem:
    return Problem(code, field_name, Severity.WARNING, params)


def error(code: str, field_name: str, **params: Any) -> Problem:
    return Problem(code, field_name, Severity.ERROR, params)


def needs_confirmation(saved: bool, problems: Sequence[Problem]) -> bool:
    """Not saved only because of warnings not yet confirmed: the one test every save's
    outcome uses to ask "save anyway?".

    >>> needs_confirmation(False, [warning("NAME_SINGLE_WORD", "full_name")])
    True
    >>> needs_confirmation(False, [error("NAME_REQUIRED", "full_name")])
    False
    """
    return not saved and bool(problems) and not any(p.is_error for p in problems)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_error]
