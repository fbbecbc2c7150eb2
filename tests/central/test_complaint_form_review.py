"""The public complaint form, as a review found it failing, against a real central server
process on 127.0.0.1 with a real SQLite file: the hourly limit a citizen's number passed by
punctuation, and a server error on a dose number "²"."""

from __future__ import annotations

import requests

from central_server.complaints import store
from central_server.db.engine import make_engine
from central_server.fhir.store import utc_now
from tests.live_server import LiveServer


def _root(server: LiveServer) -> str:
    return server.url.rsplit("/fhir", 1)[0]


def _listed(server: LiveServer) -> list:
    engine = make_engine(server.database_url)
    try:
        return store.listing(engine, utc_now())
    finally:
        engine.dispose()


def test_the_per_id_hourly_limit_counts_one_cccd_however_it_is_punctuated(
        central: LiveServer) -> None:
    """docs/complaints.md: "at most 3 are filed about one ID number" an hour. The platform
    reads "001.192.000.123", "001-192-000-123" and "CCCD 001192000123" as the same number
    (routing, the stored id_number); the limit's key (filing_limit.id_key) folded only
    spaces and case: a script writing the same citizen's number in other ways filed past it."""
    root = _root(central)
    written = ["001192000123", "001 192 000 123", "001.192.000.123", "001-192-000-123",
               "CCCD 001192000123", "Số CCCD: 001192000123"]
    answers = []
    for i, number in enumerate(written):
        answers.append(requests.post(f"{root}/complaints", data={
            "kind": "details_wrong", "id_number": number, "full_name": "Trần Thị Mai",
            "dob": "15/03/1992", "text": f"Lần {i}", "action": "send"},
            allow_redirects=False, timeout=10).status_code)
    filed = _listed(central)
    # Every one filed is about the same citizen, as the platform itself reads the number.
    assert len({store.clean_id_number(c.submission.id_number) for c in filed}) == 1
    # Expected: three filed (303), the rest refused (429).
    assert answers == [303, 303, 303, 429, 429, 429], answers
    assert len(filed) == 3


def test_a_dose_number_that_is_a_digit_but_no_number_is_refused_not_a_server_error(
        central: LiveServer) -> None:
    """complaint_pages._submission read the dose box with str.isdigit() then int():
    "²" (or "¹") is a digit to isdigit() and no number to int(), so the form's POST
    answered 500 instead of the form back with its mistake (a crafted request, or a
    browser's autofill of a superscript)."""
    answer = requests.post(f"{_root(central)}/complaints", data={
        "kind": "dose_missing", "id_number": "001192000123", "full_name": "Trần Thị Mai",
        "dob": "15/03/1992", "dose_number": "²", "action": "send"},
        allow_redirects=False, timeout=10)
    assert answer.status_code in (303, 422), answer.status_code
