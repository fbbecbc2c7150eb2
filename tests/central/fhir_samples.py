"""Synthetic FHIR resources as a site would send them (no real person's data)."""

from __future__ import annotations

from typing import Any

from desktop_app.db.ids import new_id
from desktop_app.wire import fhir


def patient(site: str = "HN-0001", **changes: Any) -> dict[str, Any]:
    person = {"id": new_id(), "full_name": "Lê Văn Tám", "dob": "1990-01-01", "sex": "M",
              "id_type": "CCCD", "id_number": "001090000001", "phone": "0912345678"}
    person.update(changes)
    return fhir.patient(person, site, 1)


def immunization(patient_id: str, site: str = "HN-0001", **changes: Any) -> dict[str, Any]:
    dose = {"id": new_id(), "person_id": patient_id, "product_code": "COMIRNATY",
            "lot_number": "FK1234", "dose_number": 1, "dose_date": "2021-09-01",
            "vaccinator": "Nguyễn Thị Hoa", "source": "desk", "status": "active",
            "entered_at": "2021-09-01T02:10:00"}
    dose.update(changes)
    return fhir.immunization(dose, site, 1, "EU/1/20/1528")


def batch(*resources: dict[str, Any], if_match: dict[str, int] | None = None
          ) -> dict[str, Any]:
    entries = []
    for res in resources:
        request = {"method": "PUT", "url": f"{res['resourceType']}/{res['id']}"}
        if if_match and res["id"] in if_match:
            request["ifMatch"] = f'W/"{if_match[res["id"]]}"'
        entries.append({"resource": res, "request": request})
    return {"resourceType": "Bundle", "type": "batch", "entry": entries}
