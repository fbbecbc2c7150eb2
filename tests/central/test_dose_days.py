"""A dose's day is Vietnam's, whoever sends it: another system's FHIR client may send the
moment of injection with a zone instead of the day the desk sends."""

from __future__ import annotations

import sqlite3

import requests

from tests.central.fhir_samples import batch, immunization, patient
from tests.live_server import LiveServer


def test_a_dose_sent_as_a_utc_moment_counts_on_the_day_it_was_in_vietnam(
        central: LiveServer) -> None:
    site = requests.Session()
    site.headers["Authorization"] = f"Bearer {central.cli('create-site', 'HN-0001', 'Trạm')}"
    person = patient()
    evening = immunization(person["id"], dose_date="2021-09-02")
    # 00:30 on 2 September in Vietnam, as a system that keeps UTC would send it.
    evening["occurrenceDateTime"] = "2021-09-01T17:30:00Z"
    morning = immunization(person["id"], dose_number=2, dose_date="2021-10-01")
    morning["occurrenceDateTime"] = "2021-10-01T08:00:00+07:00"
    answer = site.post(central.url, json=batch(person, evening, morning))
    assert [e["response"]["status"][:3] for e in answer.json()["entry"]] == ["201"] * 3
    path = central.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        days = conn.execute("SELECT day, count FROM received_day ORDER BY day").fetchall()
    assert days == [("2021-09-02", 1), ("2021-10-01", 1)]
