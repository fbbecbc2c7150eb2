"""What a certificate's payload must be for a verifier to show it: the checks the site's
verifier makes of any certificate it reads (``verify.py``), and which a certificate made here
must pass before it is signed (``check_signable``): a signed, recorded paper that every
verifier calls malformed (a name in Cyrillic, so no ICAO name; a birth in 1899, outside
the DCC's years) helps nobody.

Read from the official EU DCC schema bundled with the app (``SCHEMA``); the test suite
also validates every payload made against the whole schema (jsonschema, a test
dependency only).
"""

from __future__ import annotations

import re
from typing import Any

from desktop_app.bundled import load_json
from desktop_app.certificates import hcert

SCHEMA = "standards/eu-dcc-schema/DCC.combined-schema.json"  # the official EU DCC schema
KINDS = ("v", "t", "r")  # vaccination, test, recovery: the DCC's three kinds of entry


def check_shape(payload: dict[str, Any]) -> str:
    """Which kind of certificate it is (``v``, ``t`` or ``r``), once the fields a verifier
    shows are there; anything else is the schema's business. Exactly one entry in all: the
    DCC schema's own rule, which a payload with two (or two kinds) breaks."""
    nam = payload.get("nam")
    if not isinstance(nam, dict) or not (nam.get("fnt") or nam.get("gnt")):
        raise hcert.MalformedCertificate("MALFORMED_NO_NAME")
    if "dob" not in payload:
        raise hcert.MalformedCertificate("MALFORMED_NO_DOB")
    groups = [k for k in KINDS if k in payload]
    if len(groups) != 1:
        raise hcert.MalformedCertificate("MALFORMED_KINDS")
    kind = groups[0]
    entries = payload[kind]
    if not isinstance(entries, list) or len(entries) != 1 or not isinstance(entries[0], dict):
        raise hcert.MalformedCertificate("MALFORMED_ENTRIES")
    entry = entries[0]
    needed = {"tg", "vp", "mp", "ma", "dn", "sd", "dt", "co", "is", "ci"} if kind == "v" \
        else {"tg", "co", "is", "ci"}
    if not needed <= entry.keys():
        raise hcert.MalformedCertificate("MALFORMED_ENTRY_INCOMPLETE")
    if kind == "v":
        _check_vaccination(payload, entry)
    return kind


def _check_vaccination(payload: dict[str, Any], entry: dict[str, Any]) -> None:
    """The official DCC schema's rules for what a vaccination desk shows (the date of
    birth, the dose numbers, the country), with its own patterns read from the bundled
    schema (the EU test vectors check that these agree with the whole schema)."""
    schema = load_json(SCHEMA)
    dob = payload["dob"]
    if not isinstance(dob, str) or not re.search(schema["properties"]["dob"]["pattern"], dob):
        raise hcert.MalformedCertificate("MALFORMED_DOB_FORMAT")
    # The schema allows a year or year-month; compared as text, a birth after the dose it
    # certifies is impossible (the EU's NL vectors born in 2023 for a 2021 dose fail so).
    if dob and isinstance(entry["dt"], str) and dob[:len(entry["dt"])] > entry["dt"]:
        raise hcert.MalformedCertificate("MALFORMED_DOB_AFTER_DOSE")
    for key in ("dn", "sd"):
        value = entry[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise hcert.MalformedCertificate("MALFORMED_DOSE_NUMBER", field=key)
    co = entry["co"]
    if not isinstance(co, str) or not re.search(schema["$defs"]["country_vt"]["pattern"], co):
        raise hcert.MalformedCertificate("MALFORMED_COUNTRY")


def check_signable(payload: dict[str, Any]) -> None:
    """``check_shape``, and the schema's rules for each part of the name (its length; the
    ICAO parts' letters): MalformedCertificate saying why a payload made here may not be
    signed."""
    check_shape(payload)
    parts = load_json(SCHEMA)["$defs"]["person_name"]["properties"]
    for key, value in payload["nam"].items():
        rule = parts.get(key, {})
        if not isinstance(value, str) or len(value) > rule.get("maxLength", len(value)) \
                or not re.search(rule.get("pattern", ""), value):
            raise hcert.MalformedCertificate("MALFORMED_NO_NAME")
