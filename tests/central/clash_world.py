"""A small world for the dashboard's dose clashes: three sites in two provinces, each
site's doses pushed through the real FHIR API, two citizens each with one dose number at
two sites (their records linked by ID number and facts, so the platform keeps a clash).

    citizen  dose  site (province/commune)   given        site (province/commune)  given
    Hoa      2     HN-A (01/00070)           01/10/2021   HN-B (01/00004)          04/10/2021
    Tám      1     HN-B (01/00004)           01/09/2021   SG-A (79/27316)          20/09/2021

and one person at HN-A only (no clash). Staff: tinh01, tinh79, xa00070, xa00004.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
import requests

from desktop_app.rules.identity import Sex, make_cccd
from tests.central.dashboard_world import PASSWORD
from tests.central.fhir_samples import batch, immunization, patient
from tests.live_server import LiveServer

SITES = {"HN-A": ("01", "00070"), "HN-B": ("01", "00004"), "SG-A": ("79", "27316")}
STAFF = {"tinh01": ("province", "01"), "tinh79": ("province", "79"),
         "xa00070": ("commune", "00070"), "xa00004": ("commune", "00004")}
HOA = {"full_name": "Đỗ Thị Hoa", "dob": "1988-02-14", "sex": "F",
       "id_number": make_cccd("001", Sex.FEMALE, 1988, 3131)}
TAM = {"full_name": "Lê Văn Tám", "dob": "1990-01-01", "sex": "M",
       "id_number": make_cccd("001", Sex.MALE, 1990, 31)}


@dataclass
class ClashWorld:
    server: LiveServer
    sessions: dict[str, requests.Session] = field(default_factory=dict)
    doses: dict[str, dict[str, Any]] = field(default_factory=dict)  # by name, e.g. "hoa@HN-A"

    def push(self, site: str, *resources: dict[str, Any],
             if_match: dict[str, int] | None = None) -> list[str]:
        answer = self.sessions[site].post(self.server.url, timeout=30,
                                          json=batch(*resources, if_match=if_match))
        assert answer.status_code == 200, answer.text
        return [e["response"]["status"] for e in answer.json()["entry"]]

    def give(self, name: str, site: str, facts: dict[str, str], number: int, day: str) -> None:
        person = patient(site, **facts)
        dose = immunization(person["id"], site, dose_number=number, dose_date=day,
                            entered_at=f"{day}T02:10:00")
        assert self.push(site, person, dose) == ["201 Created"] * 2
        self.doses[name] = dose

    def void(self, name: str, site: str) -> None:
        """The site finds its dose was a slip and voids it; the void synced."""
        dose = self.doses[name]
        dose["status"], dose["statusReason"] = "entered-in-error", {"text": "Ghi nhầm mũi"}
        assert self.push(site, dose, if_match={dose["id"]: 1}) == ["200 OK"]

    def found(self) -> dict[tuple[str, str], datetime]:
        """When the platform found each pair (the CLI's UTC minute), in Vietnam time as
        the page shows it: by the pair's two site codes, as the CLI lists them."""
        found = {}
        for line in self.server.cli("dose-clashes").splitlines():
            at, sites = line[:16], [part.split()[0] for part in line.split("|")[1:]]
            found[tuple(sites)] = datetime.strptime(at, "%Y-%m-%d %H:%M") + timedelta(hours=7)
        return found


def build(server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> ClashWorld:
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    for name, (level, area) in STAFF.items():
        server.cli("staff", "add", name, "--level", level, "--area", area)
    world = ClashWorld(server)
    for code, (province, commune) in SITES.items():
        s = requests.Session()
        s.headers["Authorization"] = "Bearer " + server.cli(
            "create-site", code, f"Trạm Y tế {code}", "--province", province,
            "--commune", commune)
        world.sessions[code] = s
    world.give("hoa@HN-A", "HN-A", HOA, 2, "2021-10-01")
    world.give("hoa@HN-B", "HN-B", HOA, 2, "2021-10-04")  # the same citizen, dose 2 again
    world.give("tam@HN-B", "HN-B", TAM, 1, "2021-09-01")
    world.give("tam@SG-A", "SG-A", TAM, 1, "2021-09-20")
    world.give("lan@HN-A", "HN-A", {"full_name": "Phạm Thị Lan", "dob": "1975-05-05",
                                     "sex": "F",
                                     "id_number": make_cccd("001", Sex.FEMALE, 1975, 77)},
               1, "2021-09-02")
    return world
