"""The vaccine catalogue: products, their EU-DCC codes, intervals and eligible ages.

The facts are data (``resources/vaccines.json``) that a pharmacist can review and the sync can
refresh; this module only gives them types and answers questions about them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from typing import Any

from desktop_app.rules.messages import Words
from desktop_app.rules.names import fold, search_key


@dataclass(frozen=True)
class EuDccCodes:
    mp: str  # medicinal product
    ma: str  # marketing authorisation holder / manufacturer
    vp: str  # vaccine or prophylaxis type


@dataclass(frozen=True)
class Product:
    code: str
    name: str  # Vietnamese: what the printed certificate and the database's product table hold
    manufacturer: str
    platform: str
    eu_dcc: EuDccCodes
    primary_doses: int
    min_interval_days: int
    recommended_interval_days: int
    min_age_years: int
    max_age_years: int | None
    synonyms: tuple[str, ...] = ()
    name_en: str = ""  # a catalogue from before English names has none: ``name`` stands in

    @property
    def names(self) -> Words:
        """The name in each language, for a sentence whose language is chosen later."""
        return Words(self.name, self.name_en or self.name)

    def name_in(self, lang: str) -> str:
        """The name a person reading ``lang`` sees.

        >>> paed = default_catalogue().get("COMIRNATY_PAED")
        >>> paed.name_in("vi")
        'Comirnaty 5-11 tuổi (Pfizer-BioNTech, nắp cam)'
        >>> paed.name_in("en")
        'Comirnaty 5-11 years (Pfizer-BioNTech, orange cap)'
        """
        return self.names.in_language(lang)

    def suits_age(self, age: int) -> bool:
        """Whether a person of ``age`` whole years is within the product's eligible ages:
        the desk's age rule (outside them it refuses the product, ``DOSE_AGE_OUTSIDE``).

        >>> paed = default_catalogue().get("COMIRNATY_PAED")
        >>> paed.suits_age(11), paed.suits_age(12)
        (True, False)
        """
        return self.min_age_years <= age and (self.max_age_years is None
                                              or age <= self.max_age_years)


@dataclass(frozen=True)
class Catalogue:
    disease_code: str
    programme_start: date
    booster_min_interval_days: Mapping[int, int]
    max_dose_number: int
    products: Mapping[str, Product]
    # A booster has a first day and no last: how long after its first day it counts as
    # overdue on the call-back list (a programme's choice, not a medical limit; see
    # rules/callbacks.py).
    booster_window_days: int = 30

    def get(self, code: str) -> Product | None:
        return self.products.get(code)

    def name_of(self, code: str | None, lang: str) -> str:
        """A product's name as people reading ``lang`` read it; its code when the catalogue
        does not know it (a product withdrawn since, or another site's).

        >>> from desktop_app.rules.catalogue import default_catalogue
        >>> cat = default_catalogue()
        >>> cat.name_of("COMIRNATY_PAED", "en"), cat.name_of("OLD-1", "en")
        ('Comirnaty 5-11 years (Pfizer-BioNTech, orange cap)', 'OLD-1')
        """
        product = self.products.get(code or "")
        return product.name_in(lang) if product else code or ""

    def find(self, text: str) -> Product | None:
        """Recognise a product by its code, name or a synonym, ignoring case, accents, spacing.

        >>> from desktop_app.rules.catalogue import default_catalogue
        >>> default_catalogue().find("  astra zeneca ").code
        'VAXZEVRIA'
        """
        key = _compact(text)
        if not key:
            return None
        found = self._index.get(key)
        return found if found is not None else self._find_within(text)

    def _find_within(self, text: str) -> Product | None:
        """Templates dress names up: "Vắc xin AstraZeneca", "Pfizer (Comirnaty)". Try each
        bracketed part without the generic words; take it only if every part that names a
        product names the same one ("Pfizer (Moderna)" is nobody's).

        >>> from desktop_app.rules.catalogue import default_catalogue
        >>> [default_catalogue().find(t).code for t in ("Vắc xin AstraZeneca",
        ...                                               "Pfizer (Comirnaty)")]
        ['VAXZEVRIA', 'COMIRNATY']
        >>> default_catalogue().find("Pfizer (Moderna)") is None
        True

        An age band beside the name ("Pfizer (5-11 tuổi)", "trẻ em", "12+") says which
        of a maker's products it is (``_for_ages``); it is never dropped unread.

        >>> [default_catalogue().find(t).code for t in ("Pfizer (5-11 tuổi)",
        ...                                               "Comirnaty (trẻ 5-11)", "Pfizer 12+")]
        ['COMIRNATY_PAED', 'COMIRNATY_PAED', 'COMIRNATY']
        """
        named: set[Product | None] = set()
        bands: list[tuple[int, int | None]] = []
        for part in _PARTS.split(text):
            band = age_band(part)
            if band is not None:
                bands.append(band)
                part = _AGES.sub(" ", fold(part))  # what else it says ("Pfizer 5-11 tuổi")
            named.add(self._index.get(_compact(_GENERIC.sub(" ", search_key(part)))))
        named.discard(None)
        if len(named) != 1:
            return None
        found = named.pop()
        return self._for_ages(found, bands) if bands and found else found

    def _for_ages(self, found: Product, bands: list[tuple[int, int | None]]) -> Product | None:
        """The one product of ``found``'s maker for the ages written beside its name, or
        None when none or several are ("AstraZeneca (5-11 tuổi)", "Comirnaty (trẻ em)":
        the child's formulation, or the adult's given at 12-17?). Refused then, not
        guessed: the wrong formulation would go on a child's certificate.

        >>> cat = default_catalogue()
        >>> [cat.find(t) for t in ("AstraZeneca (5-11 tuổi)", "Comirnaty (trẻ em)")]
        [None, None]
        >>> cat.find("Moderna (6-11 tuổi)").code, cat.find("Pfizer (người lớn)").code
        ('SPIKEVAX', 'COMIRNATY')
        """
        fits = [p for p in self.formulations(found) if all(_overlaps(p, band) for band in bands)]
        return fits[0] if len(fits) == 1 else None

    def formulations(self, product: Product) -> list[Product]:
        """The products of ``product``'s maker, itself among them: one vaccine in the
        formulations made for different ages.

        >>> [p.code for p in default_catalogue().formulations(
        ...     default_catalogue().get("COMIRNATY_PAED"))]
        ['COMIRNATY', 'COMIRNATY_PAED']
        """
        return [p for p in self.products.values() if p.manufacturer == product.manufacturer]

    @cached_property
    def _index(self) -> dict[str, Product]:
        index: dict[str, Product] = {}
        for product in self.products.values():
            for label in (product.code, product.name, product.name_en, *product.synonyms):
                if label:  # an older catalogue's missing English name names nothing
                    index.setdefault(_compact(label), product)
        return index

    def series(self, first_code: str | None, latest_code: str | None) -> Product | None:
        """The product whose primary series a person is in: the one their first dose was
        (Abdala's three doses, then a Comirnaty booster, is a series of three), else, with
        no first dose on record, the latest dose's.

        >>> from desktop_app.rules.catalogue import default_catalogue
        >>> cat = default_catalogue()
        >>> cat.series("ABDALA", "COMIRNATY").code, cat.series(None, "COMIRNATY").code
        ('ABDALA', 'COMIRNATY')
        """
        return (self.get(first_code) if first_code else None) or \
            (self.get(latest_code) if latest_code else None)

    def min_interval_before(self, series: Product, dose_number: int) -> int:
        """Minimum days between dose ``dose_number - 1`` and this dose, in the primary
        series of ``series`` (``Catalogue.series``). A booster past the last the catalogue
        times takes the last one's interval."""
        if dose_number <= series.primary_doses:
            return series.min_interval_days
        keys = sorted(self.booster_min_interval_days)
        return self.booster_min_interval_days[
            min(booster_key(series, dose_number), keys[-1])] if keys else 0


def booster_key(series: Product, dose_number: int) -> int:
    """The catalogue's key for a booster (``booster_min_interval_days``): 3 is the first
    after the primary series, 4 the second, whatever the series' length."""
    return dose_number - series.primary_doses + 2


_PARTS = re.compile(r"[()\[\]/,;]")
_GENERIC = re.compile(r"\b(vac ?xin|vaccine|covid 19|covid|phong|mui)\b")  # on folded text
# Ages as templates write them beside a vaccine's name, on folded text: "5-11 tuổi",
# "trẻ 5 - 11", "từ 12 tuổi trở lên", "12+", "dưới 12", "trẻ em", "người lớn".
_BETWEEN = re.compile(r"(?<![\w.])(\d{1,2}) ?(?:-|–|—|den|toi|to) ?(\d{1,2})(?![\w.])")
_FROM = re.compile(r"\b(?:tu|tren)\s+(\d{1,2})\b|(?<![\w.])(\d{1,2})\s*(?:tuoi\s*)?(?:\+|tro len)")
_UNDER = re.compile(r"(?:\bduoi|<)\s*(\d{1,2})\b")
_CHILD = re.compile(r"\b(?:tre em|tre|nhi|paediatric|pediatric|children|child|kids?)\b")
_ADULT = re.compile(r"\b(?:nguoi lon|adults?)\b")
_AGES = re.compile(r"\b(?:tu|tren|duoi|tro len|tuoi|years?|yrs?|nguoi lon|adults?|tre em|tre|"
                   r"nhi|paediatric|pediatric|children|child|kids?)\b|\d{1,2}\s*(?:[-–—+]"
                   r"\s*(?:\d{1,2})?)?")
CHILD_AGES = (0, 17)


def age_band(text: str) -> tuple[int, int | None] | None:
    """The ages a label beside a vaccine's name gives: (from, to or None), or None.

    >>> [age_band(t) for t in ("5-11 tuổi", "trẻ 5 – 11", "Từ 12 tuổi trở lên", "12+",
    ...                        "dưới 12", "Trẻ em", "người lớn", "Pfizer", "CIGB-66")]
    [(5, 11), (5, 11), (12, None), (12, None), (0, 11), (0, 17), (18, None), None, None]
    """
    folded = fold(text)
    if (found := _BETWEEN.search(folded)) is not None:
        return int(found.group(1)), int(found.group(2))
    if (found := _FROM.search(folded)) is not None:
        return int(found.group(1) or found.group(2)), None
    if (found := _UNDER.search(folded)) is not None:
        return 0, int(found.group(1)) - 1
    if _ADULT.search(folded):
        return 18, None
    if _CHILD.search(folded):
        return CHILD_AGES
    return None


def _overlaps(product: Product, band: tuple[int, int | None]) -> bool:
    low, high = band
    return (high is None or product.min_age_years <= high) and (
        product.max_age_years is None or product.max_age_years >= low)


def _compact(text: str) -> str:
    return search_key(text).replace(" ", "")


def catalogue_from_dict(data: Mapping[str, Any]) -> Catalogue:
    """Build a Catalogue from the JSON structure of ``resources/vaccines.json``."""
    products = {}
    for p in data["products"]:
        products[p["code"]] = Product(
            code=p["code"],
            name=p["name"],
            manufacturer=p["manufacturer"],
            platform=p["platform"],
            eu_dcc=EuDccCodes(**p["eu_dcc"]),
            primary_doses=int(p["primary_doses"]),
            min_interval_days=int(p["min_interval_days"]),
            recommended_interval_days=int(p["recommended_interval_days"]),
            min_age_years=int(p["min_age_years"]),
            max_age_years=p.get("max_age_years"),
            synonyms=tuple(p.get("synonyms", ())),
            # Optional: a catalogue pulled from an older central platform has none.
            name_en=p.get("name_en", ""),
        )
    return Catalogue(
        disease_code=data["disease"]["code"],
        programme_start=date.fromisoformat(data["programme_start"]),
        booster_min_interval_days={
            int(k): int(v) for k, v in data["booster_min_interval_days"].items()
        },
        max_dose_number=int(data["max_dose_number"]),
        products=products,
        # Optional: a catalogue pulled from an older central platform has none.
        booster_window_days=int(data.get("booster_window_days",
                                         Catalogue.booster_window_days)),
    )


@cache
def default_catalogue() -> Catalogue:
    """The catalogue shipped in ``resources/``."""
    return catalogue_from_dict(shipped_catalogue_data())


def shipped_catalogue_data() -> dict:
    """The shipped catalogue as its JSON document (the central platform serves it as is)."""
    from desktop_app.bundled import load_json

    return dict(load_json("vaccines.json"))
