"""Vietnam's administrative units for the site's address: provinces and their communes/wards.

The list comes from the maintained ``vietnam-provinces`` package, never a hand-typed table, so
a data update is a dependency bump. It reflects the reorganisation in force since 1 July 2025:
34 provinces and centrally governed cities, each directly made of communes (xã), wards
(phường) and special zones (đặc khu). There is no district level any more, so a site records
a province and a commune; ``Site.district_code`` stays ``None`` and is kept only for records
made before the change.

Codes are the General Statistics Office's, written as it writes them: zero-padded strings of
two digits for a province ("01") and five for a commune ("00070"). The package keeps them as
integers, which would lose the padding the central register expects.

Importing the package costs about 30 ms warm and 150 ms cold (its enums and lookup tables are
large Python modules), so it is imported on first use, not with this module: the app starts
without it and pays only when the setup dialog opens. Everything loaded is cached.

    >>> hanoi = province("01")
    >>> hanoi.name
    'Thành phố Hà Nội'
    >>> [c.name for c in search(communes("01"), "lang")][:1]
    ['Phường Láng']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import UserError
from desktop_app.rules.names import fold
from desktop_app.rules.text_fields import all_digits

PROVINCE_CODE_DIGITS = 2
COMMUNE_CODE_DIGITS = 5

# The words a unit's name starts with that say what kind of unit it is; sorting ignores them
# so that "Thành phố Hà Nội" sits under H beside "Hà Tĩnh", where a clerk looks for it.
_KIND_PREFIXES = ("thanh pho ", "tinh ", "phuong ", "xa ", "dac khu ")


@dataclass(frozen=True)
class AdminUnit:
    """A province or a commune, as the setup form shows and the database stores it."""

    code: str
    name: str
    kind: str  # "tỉnh", "thành phố trung ương", "xã", "phường" or "đặc khu"
    province_code: str | None = None  # for communes: the province they belong to
    key: str = ""  # the folded name that typed text is matched against

    def matches(self, text: str) -> bool:
        """True when every word typed, without accents, occurs in the name.

        >>> AdminUnit("00118", "Phường Láng", "phường", "01", "phuong lang").matches("LÁNG")
        True
        """
        words = fold(text).split()
        return all(word in self.key for word in words)


def provinces() -> tuple[AdminUnit, ...]:
    """The 34 provinces and centrally governed cities, in alphabetical order of their names."""
    return _load()[0]


def communes(province_code: str | None) -> tuple[AdminUnit, ...]:
    """The communes, wards and special zones of one province, alphabetically; none if the
    province is unknown."""
    if not province_code:
        return ()
    return _load()[1].get(province_code, ())


def province(code: str | None) -> AdminUnit | None:
    """The province with this GSO code ("01"), or None; "1" is accepted for "01"."""
    return _by_code()[0].get(_pad(code, PROVINCE_CODE_DIGITS)) if code else None


def commune(code: str | None) -> AdminUnit | None:
    """The commune or ward with this GSO code ("00070"), or None."""
    return _by_code()[1].get(_pad(code, COMMUNE_CODE_DIGITS)) if code else None


def checked_province(code: str) -> str:
    """A site's province code as the GSO writes it, checked as the setup form checks its
    choice (a province of the list); UserError ``SITE_PROVINCE_UNKNOWN`` otherwise.

    >>> checked_province("1")
    '01'
    >>> try:
    ...     checked_province("99")
    ... except UserError as refused:
    ...     print(refused.message("en"))
    The site was not set up: the province code 99 is not in the GSO list (e.g. 01 is Hanoi).
    """
    found = province(code)
    if found is None:
        raise UserError("SITE_PROVINCE_UNKNOWN", code=code)
    return found.code


def checked_commune(code: str, province_code: str | None) -> str:
    """A site's commune code as the GSO writes it, checked as the setup form checks its
    choice: a commune of the list, in the province (chosen first); UserError otherwise.

    >>> checked_commune("70", "01")
    '00070'
    >>> try:
    ...     checked_commune("00070", "79")
    ... except UserError as refused:
    ...     print(refused.code)
    SITE_COMMUNE_UNKNOWN
    """
    within = province(province_code)
    if within is None:
        raise UserError("SITE_COMMUNE_NEEDS_PROVINCE", code=code)
    found = commune(code)
    if found is None or found.province_code != within.code:
        raise UserError("SITE_COMMUNE_UNKNOWN", code=code, province=within.name)
    return found.code


def search(units: Iterable[AdminUnit], text: str) -> list[AdminUnit]:
    """The units whose name contains every typed word, accents and case ignored.

    An exact name comes first, so "Phường Láng" is chosen over "Phường Láng Thượng" when the
    clerk has typed it in full.
    """
    found = [u for u in units if u.matches(text)]
    folded = fold(text)
    return sorted(found, key=lambda u: u.key != folded and _sort_key(u) != folded)


def find_one(units: Iterable[AdminUnit], text: str) -> AdminUnit | None:
    """The unit typed text names unambiguously: an exact name (with or without its kind word,
    "phuong lang" or "lang"), else the single unit that contains the words; None otherwise."""
    folded = fold(text)
    if not folded:
        return None
    units = tuple(units)
    exact = [u for u in units if folded in (u.key, _sort_key(u))]
    if len(exact) == 1:
        return exact[0]
    found = [u for u in units if u.matches(text)]
    return found[0] if len(found) == 1 else None


def code_named(units: Iterable[AdminUnit], text: str) -> str | None:
    """The code of the one unit ``text`` names (``find_one``), else None: what a box of
    units typed into resolves to."""
    unit = find_one(units, text)
    return unit.code if unit else None


def data_version() -> str:
    """When the package's data was taken from the GSO register (shown in the setup dialog)."""
    import vietnam_provinces

    version = str(getattr(vietnam_provinces, "__data_version__", vietnam_provinces.__version__))
    try:  # an ISO date ("2025-10-18"): shown as clerks write dates
        return format_date(date.fromisoformat(version))
    except ValueError:
        return version


# -- loading ------------------------------------------------------------------------------
@cache
def _load() -> tuple[tuple[AdminUnit, ...], dict[str, tuple[AdminUnit, ...]]]:
    # Imported here, not at the top: see the module docstring.
    from vietnam_provinces import Province, Ward

    found_provinces = [
        AdminUnit(
            code=_pad(int(p.code), PROVINCE_CODE_DIGITS),
            name=p.name,
            kind=p.division_type.value,
            key=fold(p.name),
        )
        for p in Province.iter_all()
    ]
    by_province: dict[str, list[AdminUnit]] = {}
    for w in Ward.iter_all():
        unit = AdminUnit(
            code=_pad(int(w.code), COMMUNE_CODE_DIGITS),
            name=w.name,
            kind=w.division_type.value,
            province_code=_pad(int(w.province_code), PROVINCE_CODE_DIGITS),
            key=fold(w.name),
        )
        by_province.setdefault(unit.province_code or "", []).append(unit)
    return (
        tuple(sorted(found_provinces, key=_sort_key)),
        {code: tuple(sorted(units, key=_sort_key)) for code, units in by_province.items()},
    )


@cache
def _by_code() -> tuple[dict[str, AdminUnit], dict[str, AdminUnit]]:
    all_provinces, all_communes = _load()
    return (
        {p.code: p for p in all_provinces},
        {u.code: u for units in all_communes.values() for u in units},
    )


def _sort_key(unit: AdminUnit) -> str:
    for prefix in _KIND_PREFIXES:
        if unit.key.startswith(prefix):
            return unit.key[len(prefix):]
    return unit.key


def _pad(code: str | int, digits: int) -> str:
    text = str(code).strip()
    return text.zfill(digits) if all_digits(text) else text
