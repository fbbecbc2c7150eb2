"""What a verified certificate says, in rows a person reads (label, value): the one wording
the verifier window and `vaxdesk verify` give. The printed name (the machine-readable one
only when there is no other), dates as dd/mm/yyyy, the vaccine by the catalogue's name,
the issuer and the country in the reader's language where known; a test or a recovery
certificate by its own rows, never a vaccination's left empty. The raw payload (English
keys, SNOMED codes, ISO dates) stays for `--json`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop_app.rules.catalogue import Catalogue
from desktop_app.rules.certificates import country_name, issuer_name
from desktop_app.rules.messages import text

Rows = list[tuple[str, str]]
_RESULTS = {"260415000": "CERT_ROW_NOT_DETECTED", "260373001": "CERT_ROW_DETECTED"}


def payload_rows(payload: dict[str, Any], lang: str, catalogue: Catalogue,
                 country: Callable[[str, str], str] | None = None) -> Rows:
    """``country``: a foreign country's name (the window asks Qt); by default its code."""
    def row(code: str, value: Any) -> tuple[str, str]:
        return text(code, lang), str(value)

    name = payload.get("nam") or {}
    printed = f"{name.get('fn', '')} {name.get('gn', '')}".strip() or \
        f"{name.get('fnt', '')} {name.get('gnt', '')}".replace("<", " ").strip()
    rows = [row("CERT_ROW_NAME", printed),
            row("CERT_ROW_DOB", day(str(payload.get("dob") or "")) or "—")]
    test, recovery = entry(payload, "t"), entry(payload, "r")
    if test:
        result = str(test.get("tr", ""))
        rows += [row("CERT_ROW_TYPE", text("CERT_ROW_TEST", lang)),
                 row("CERT_ROW_TEST_RESULT",
                     text(_RESULTS[result], lang) if result in _RESULTS else result),
                 row("CERT_ROW_SAMPLE_TAKEN", day(str(test.get("sc", ""))[:10]))]
        if test.get("tc"):
            rows.append(row("CERT_ROW_TESTING_CENTRE", test["tc"]))
        last = test
    elif recovery:
        rows += [row("CERT_ROW_TYPE", text("CERT_ROW_RECOVERY", lang)),
                 row("CERT_ROW_FIRST_POSITIVE", day(str(recovery.get("fr", "")))),
                 row("CERT_ROW_VALID_FROM", day(str(recovery.get("df", "")))),
                 row("CERT_ROW_VALID_UNTIL", day(str(recovery.get("du", ""))))]
        last = recovery
    else:
        last = entry(payload, "v")
        rows += [row("CERT_ROW_DOSE", f"{last.get('dn')}/{last.get('sd')}"),
                 row("CERT_ROW_VACCINATED", day(str(last.get("dt", "")))),
                 row("CERT_ROW_VACCINE", _product(str(last.get("mp", "")), lang, catalogue))]
    code = str(last.get("co", ""))
    return rows + [
        row("CERT_ROW_COUNTRY", country_name(code, lang) or (country or _code)(code, lang)),
        row("CERT_ROW_ISSUER", issuer_name(str(last.get("is", "")), lang)),
        row("CERT_ROW_ID", last.get("ci", ""))]


def entry(payload: dict[str, Any], kind: str) -> dict[str, Any]:
    """The payload's first entry of ``kind`` (v, t or r), or an empty one."""
    entries = payload.get(kind)
    first = entries[0] if isinstance(entries, list) and entries else {}
    return first if isinstance(first, dict) else {}


def day(iso: str) -> str:
    """2021-11-06 -> 06/11/2021, as clerks read dates; a partial date (1985, 1985-01) as is.

    >>> day("2021-11-06"), day("1985")
    ('06/11/2021', '1985')
    """
    parts = iso.split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else iso


def _product(mp: str, lang: str, catalogue: Catalogue) -> str:
    """The vaccine by the name the catalogue gives it; its EU licence number (``mp``) only
    when the catalogue does not know it."""
    names: dict[str, str] = {}
    for product in catalogue.products.values():  # the adult product first
        names.setdefault(product.eu_dcc.mp, product.name_in(lang))
    return names.get(mp, mp)


def _code(code: str, _lang: str) -> str:
    return code
