"""The ``vaxdesk`` command's parser, in one language: its help, argparse's own words
("usage:", the group titles, ``-h``) and argparse's errors all from the catalogue
(rules/messages/cli_help.py), in the language asked.

argparse says its words in English through gettext's process-wide domain, its only hook;
this parser sets them per parser instead, so nothing outside the command changes.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any, NoReturn

from desktop_app.rules.dates import parse_date
from desktop_app.rules.messages import text

# argparse's error sentences (CPython's Lib/argparse.py) and the catalogue entry saying each.
_ERRORS = {
    "argument %(argument_name)s: %(message)s": "ARGS_ARGUMENT",
    "invalid choice: %(value)r (choose from %(choices)s)": "ARGS_INVALID_CHOICE",
    "the following arguments are required: %s": "ARGS_REQUIRED",
    "unrecognized arguments: %s": "ARGS_UNRECOGNIZED",
    "expected one argument": "ARGS_EXPECTED_ONE",
    "expected at most one argument": "ARGS_EXPECTED_AT_MOST_ONE",
    "expected at least one argument": "ARGS_EXPECTED_AT_LEAST_ONE",
    "not allowed with argument %s": "ARGS_NOT_ALLOWED_WITH",
    "one of the arguments %s is required": "ARGS_ONE_REQUIRED",
    "invalid %(type)s value: %(value)r": "ARGS_INVALID_VALUE",
    "ambiguous option: %(option)s could match %(matches)s": "ARGS_AMBIGUOUS",
    "ignored explicit argument %r": "ARGS_IGNORED_VALUE",
}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[rs]|%[rs]")


def _pattern(template: str) -> re.Pattern[str]:
    """The sentences ``template`` makes: each placeholder a named group (``%s``: value)."""
    parts, at = [], 0
    for m in _PLACEHOLDER.finditer(template):
        parts += [re.escape(template[at:m.start()]), f"(?P<{m.group(1) or 'value'}>.+?)"]
        at = m.end()
    return re.compile("".join(parts) + re.escape(template[at:]), re.DOTALL)


_SAID = [(_pattern(template), code) for template, code in _ERRORS.items()]


def said(message: str, lang: str) -> str:
    """argparse's error ``message`` in ``lang``; one it never says in these words, as is.

    >>> said("argument command: invalid choice: 'x' (choose from 'a', 'b')", "vi")
    "đối số command: lựa chọn không hợp lệ: 'x' (chọn một trong: 'a', 'b')"
    """
    for pattern, code in _SAID:
        m = pattern.fullmatch(message)
        if m:
            params = m.groupdict()
            if "message" in params:
                params["message"] = said(params["message"], lang)
            return text(code, lang, **params)
    return message


def positive(lang: str) -> Callable[[str], int]:
    """An argument that is a whole number above zero (``search --limit``): 0 or -1 showed
    nobody and said nobody was found.

    >>> positive("en")("5")
    5
    >>> positive("en")("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '0' is not a whole number above zero
    """
    def read(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number < 1:
            raise argparse.ArgumentTypeError(text("ARGS_NOT_POSITIVE", lang, value=repr(value)))
        return number
    return read


def day(lang: str) -> Callable[[str], date]:
    """An argument that is a day, read as ``report daily --from`` reads one
    (``rules.dates.parse_date``: dd/mm/yyyy as forms write it, or yyyy-mm-dd); anything else
    is refused naming both forms.

    >>> day("en")("01/10/2021"), day("en")("2021-10-01")
    (datetime.date(2021, 10, 1), datetime.date(2021, 10, 1))
    >>> day("en")("1 Oct")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '1 Oct' is not a day: give it as dd/mm/yyyy or yyyy-mm-dd
    """
    def read(value: str) -> date:
        given = parse_date(value)
        if given is None:
            raise argparse.ArgumentTypeError(text("ARGS_NOT_A_DAY", lang, value=repr(value)))
        return given
    return read


class Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help layout (descriptions and epilogs as written), "usage:" in the language."""

    def __init__(self, prog: str, *, usage_prefix: str, **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self._usage_prefix = usage_prefix

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None
                  ) -> None:
        super().add_usage(usage, actions, groups,
                          self._usage_prefix if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser speaking ``lang``; its subcommands' parsers speak it too."""

    def __init__(self, *args: Any, lang: str, add_help: bool = True, **kwargs: Any) -> None:
        self.lang = lang
        kwargs["formatter_class"] = partial(Formatter, usage_prefix=text("ARGS_USAGE", lang))
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = text("ARGS_POSITIONALS", lang)
        self._optionals.title = text("ARGS_OPTIONS", lang)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=text("ARGS_HELP", lang))

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", partial(Parser, lang=self.lang))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, text("ARGS_ERROR", self.lang, prog=self.prog,
                          message=said(message, self.lang)) + "\n")
