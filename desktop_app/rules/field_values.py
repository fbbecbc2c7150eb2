"""A stored field's name and value as a person reads them, the same wherever they are shown:
the record's history and the audit export, the police file's differences, the CLI.

What the database keeps as a code (``F``, ``CCCD``, ``COMIRNATY``, ``desk``) is told by its
label in the reader's language; a code with no label is shown as stored, so nothing is
hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from desktop_app.rules.catalogue import Catalogue, default_catalogue
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import CATALOGUE, text
from desktop_app.rules.screening import checklist

EMPTY = "—"
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
# The no-document reasons are the cleaning worklist's own lists: one name for each.
_NO_ID_LISTS = {"UNKNOWN_IDENTITY": "UNKNOWN_IDENTITY", "HOMELESS_OR_ITINERANT": "HOMELESS",
                "CHILD_WITHOUT_NUMBER": "CHILDREN"}
# field -> the catalogue code of one of its stored values
_CODES: dict[str, Callable[[str], str]] = {
    "sex": lambda v: f"SEX_{v}",
    "sex_elsewhere": lambda v: f"SEX_{v}",
    "id_type": lambda v: f"VALUE_ID_TYPE_{v}",
    "no_id_reason": lambda v: f"CLEANING_LIST_{_NO_ID_LISTS.get(v, v)}",
    "source": lambda v: f"VALUE_SOURCE_{v.upper()}",
    "outcome": lambda v: f"SCREENING_{v.upper()}",
    "severity": lambda v: f"REACTION_{v.upper()}",
    "confirmed_warnings": lambda v: f"WARNING_{v}",
    "role": lambda v: f"ROLE_{v.upper()}",
    "kind": lambda v: f"COMPLAINT_KIND_{v.upper()}",  # a complaint's (wire.KINDS)
    "channel": lambda v: f"VALUE_CHANNEL_{v.upper()}",  # how it came in (wire.CHANNELS)
    "reports": lambda v: f"REPORT_{v.upper()}",  # an export's (services/reports.REPORTS)
    "signing_state": lambda v: f"VALUE_SIGNING_KEY_{v.upper()}",  # a sync round's word
}


def field_label(name: str, lang: str) -> str:
    """A field's name; its stored name when the catalogue has none.

    >>> field_label("dob", "en"), field_label("shoe_size", "en")
    ('Date of birth', 'shoe_size')
    """
    code = f"FIELD_{name.upper()}"
    return text(code, lang) if code in CATALOGUE else name


def account_words(username: str | None, full_name: str | None) -> str:
    """Who did it, as the audit trail names an account: its login beside its full name.
    Full names repeat (two "Nguyễn Thị Lan" at one station) and a login does not; an
    account whose full name is its login is named once, no account not at all.

    >>> account_words("lan2", "Nguyễn Thị Lan"), account_words("sep", "sep")
    ('lan2 (Nguyễn Thị Lan)', 'sep')
    >>> account_words(None, None)  # the laptop's own work, or the CLI before accounts
    ''
    """
    if not username:
        return ""
    return f"{username} ({full_name})" if full_name and full_name != username else username


def problem_label(code: str, lang: str) -> str:
    """A cleaning problem in a few words, for a group's title (the rule's own sentence
    needs the values it found); its code when the catalogue has none.

    >>> problem_label("ID_NUMBER_REQUIRED", "en"), problem_label("NO_SUCH", "en")
    ('No ID number', 'NO_SUCH')
    """
    key = f"PROBLEM_{code}"
    return text(key, lang) if key in CATALOGUE else code


def field_names(names: Iterable[str], lang: str) -> str:
    """Fields named inside a sentence, never their values: what a note the citizen's status
    page shows may say of a correction (anyone holding the code reads it).

    >>> field_names(["dob", "phone"], "vi")
    'ngày sinh, số điện thoại'
    >>> field_names(["id_number", "full_name"], "en")
    'ID number, full name'
    """
    def inside(label: str) -> str:  # "Số CCCD" → "số CCCD", an "ID" stays as it is
        return label if label[1:2].isupper() else label[:1].lower() + label[1:]

    return ", ".join(inside(field_label(name, lang)) for name in names)


def shown_value(field: str, value: object, lang: str,
                catalogue: Catalogue | None = None) -> str:
    """A field's value as a person reads it. ``catalogue`` names the products (the shipped
    one when not given; a product it lacks keeps its code).

    >>> shown_value("dob", date(1985, 3, 12), "vi"), shown_value("sex", "F", "vi")
    ('12/03/1985', 'Nữ')
    >>> shown_value("id_type", "PASSPORT", "en"), shown_value("source", "desk", "vi")
    ('Passport', 'Tại điểm tiêm')
    >>> shown_value("product_code", "COMIRNATY", "vi"), shown_value("phone", None, "vi")
    ('Comirnaty (Pfizer-BioNTech)', '—')
    >>> shown_value("identity_verified", True, "vi"), shown_value("dose_date", "2021-08-02", "vi")
    ('Có', '02/08/2021')
    """
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return text("VALUE_YES" if value else "VALUE_NO", lang)
    if isinstance(value, list | tuple):  # report titles have commas of their own
        return ("; " if field == "reports" else ", ").join(
            shown_value(field, v, lang, catalogue) for v in value)
    if isinstance(value, date):
        return format_date(value)
    shown = str(value)
    if field == "product_code":
        return (catalogue or default_catalogue()).name_of(shown, lang)
    if field == "answers":  # a screening's items answered yes
        return next((i.label(lang) for i in checklist(None).items if i.code == shown), shown)
    if field == "cleaning_reason":  # the stored codes, "DOB_REQUIRED,ID_SEX_MISMATCH"
        return "; ".join(problem_label(c, lang) for c in shown.split(",") if c)
    if field in _CODES and (code := _CODES[field](shown)) in CATALOGUE:
        return text(code, lang)
    if _ISO_DAY.fullmatch(shown):
        try:
            return format_date(date.fromisoformat(shown))
        except ValueError:
            return shown
    return shown
