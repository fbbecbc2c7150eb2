"""The one catalogue of what VaxDesk says to people: every sentence a user can read, keyed by a
stable code, in Vietnamese and English, with named placeholders.

Rules, certificates, database and file faults, sync, the backfill, the desk's sentences, the
command line and the central server's answers all take their text from here, so the form, the
importer, the CLI and the server say the same thing for the same problem. The parts are split
by area only to keep files small; codes are unique across them (checked on import), and
``tests/rules/test_messages.py`` fails on a code without both languages or whose languages do
not share the same placeholders.

    >>> text("NAME_REQUIRED", "en")
    'Full name is required.'
    >>> UserError("CERT_NO_DOSES", name="Lê Văn A").message("vi")
    'Lê Văn A chưa có mũi tiêm nào được ghi nhận, nên chưa thể cấp chứng nhận.'

Labels, buttons and menu entries are not messages: the UI translates those with Qt's ``tr()``.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import Any

from desktop_app.rules.messages import (
    accounts,
    app,
    asked,
    audit,
    certificates,
    cleaning,
    cli,
    cli_help,
    complaints,
    complaints_desk,
    dashboard,
    desk_card,
    desk_day,
    elsewhere,
    faults,
    identity,
    imports,
    reports,
    server,
    sync_view,
    templates,
    verifier_input,
    web,
)
from desktop_app.rules.numbers import Count, count

LANGUAGES = ("vi", "en")


def _merge(*parts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for part in parts:
        clash = merged.keys() & part.keys()
        if clash:
            raise ValueError(f"message codes defined twice: {sorted(clash)}")
        merged.update(part)
    return merged


CATALOGUE: dict[str, dict[str, str]] = _merge(
    identity.MESSAGES, certificates.MESSAGES, faults.MESSAGES, app.MESSAGES, cli.MESSAGES,
    cli_help.MESSAGES, server.MESSAGES, audit.MESSAGES, cleaning.MESSAGES, complaints.MESSAGES,
    complaints_desk.MESSAGES, reports.MESSAGES,
    dashboard.MESSAGES, web.MESSAGES, verifier_input.MESSAGES, desk_day.MESSAGES,
    templates.MESSAGES, sync_view.MESSAGES, accounts.MESSAGES,
    imports.MESSAGES, desk_card.MESSAGES, elsewhere.MESSAGES, asked.MESSAGES)


@dataclass(frozen=True)
class Part:
    """A piece of a sentence that is itself a catalogue entry, put in the same language:
    ``text("DOSE_AGE_OUTSIDE", lang, ages=Part("AGES_FROM", min_age=12), ...)``."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __init__(self, code: str, /, **params: Any) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "params", params)


@dataclass(frozen=True)
class Words:
    """A value that is data, not a catalogue entry, yet has its own words in each language
    (a vaccine product's name), put in the sentence's language: rules that know no language
    can still name it.

    >>> Words("Pfizer nắp cam", "Pfizer orange cap").in_language("en")
    'Pfizer orange cap'
    """

    vi: str
    en: str

    def in_language(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


def text(code: str, lang: str = "vi", /, **params: Any) -> str:
    """The message ``code`` in ``lang`` (Vietnamese for any other value), filled in.

    An English noun that follows a number names the number's field with the word for one
    and the word for any other number, as ``{days:day|days}`` (Vietnamese nouns do not
    change): ``"{days} {days:day|days}"`` reads "1 day", "3 days", "1,200 days"."""
    filled = {k: text(v.code, lang, **v.params) if isinstance(v, Part)
              else _Shown(count(v, lang), v) if isinstance(v, Count)
              else v.in_language(lang) if isinstance(v, Words) else v
              for k, v in params.items()}
    template = CATALOGUE[code]["en" if lang == "en" else "vi"]
    if template in _CHOOSING:
        return _FORMATTER.vformat(template, (), filled)
    return template.format(**filled)


class _Shown(str):
    """A number grouped for its reader ("1.234"), still known as the number it is."""

    def __new__(cls, shown: str, number: int) -> _Shown:
        made = super().__new__(cls, shown)
        made.number = number  # type: ignore[attr-defined]
        return made


class _Plurals(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" not in format_spec:
            return super().format_field(value, format_spec)
        one, other = format_spec.split("|", 1)
        number = getattr(value, "number", value)
        return one if number == 1 or number == "1" else other


_PLURAL = re.compile(r"\{\w+:[^{}|]*\|[^{}]*\}")  # a field choosing a word by its number
_FORMATTER = _Plurals()
# Found once, not searched at every message (an import words rows by the thousand).
_CHOOSING = frozenset(t for texts in CATALOGUE.values() for t in texts.values()
                      if _PLURAL.search(t))


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def says_alone(code: str) -> bool:
    """Whether ``code`` is a message of the catalogue that needs no values: a stored code
    (an audit entry's, a worklist's, a server's) that can be said as it is.

    >>> says_alone("SYNC_STEP_PROBLEM_UNREACHABLE"), says_alone("DOSE_DATE_INVALID")
    (True, False)
    >>> says_alone("NO_SUCH_CODE")
    False
    """
    return code in CATALOGUE and not any(placeholders(t) for t in CATALOGUE[code].values())


class UserError(Exception):
    """A failure a person can act on: a catalogue code and its values.

    ``message(lang)`` is the sentence to show; ``str()`` is the English one, for logs. Every
    error that reaches a person derives from it, so one dialog and one CLI path show them all.
    """

    def __init__(self, code: str, /, **params: Any) -> None:
        if code not in CATALOGUE:
            raise KeyError(f"message code {code!r} is not in the catalogue")
        self.code = code
        self.params = params
        super().__init__(text(code, "en", **params))

    def message(self, lang: str = "vi") -> str:
        return text(self.code, lang, **self.params)

    def on_command_line(self, lang: str = "vi") -> str:
        """The sentence a ``vaxdesk`` command prints: the catalogue's ``CLI_<code>`` where
        the app's words send the reader to a screen (what to type instead), else
        ``message``."""
        cli = f"CLI_{self.code}"
        return text(cli, lang, **self.params) if cli in CATALOGUE else self.message(lang)
