"""A citizen this laptop holds under his old CMND whom the platform holds under a CCCD: the
person bringing him flags for the cleaning worklist (services/lookup.py), as the sites
synced him. No central server: the platform's answer is built as the lookup reads it (the
live round trip is in tests/sync/test_lookup_live.py)."""

from __future__ import annotations

from datetime import date

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import Actor
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.sync.lookup import RemoteCitizen
from desktop_app.wire import fhir

CMND, CCCD = "123456789", "001080000111"
NAME, BORN = "Nguyễn Văn Bình", date(1980, 5, 1)


def held_here(db, actor: Actor, number: str = CMND, old: str | None = None) -> str:  # noqa: ANN001
    """Him as this site recorded him (under his CMND unless told), with his dose 1."""
    id_type = IdType.CMND if len(number) == 9 else IdType.CCCD
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 1), "Hoa"),
                      person=PersonInput(NAME, BORN, Sex.MALE, id_type, number,
                                         old_id_number=old),
                      today=date(2021, 9, 1), confirm_warnings=True, actor=actor)
    assert out.saved, out.problems
    return out.person_id


def on_platform(number: str = CCCD, old: str = CMND, dose_id: str = "b2") -> RemoteCitizen:
    """Him as site HN-0009 synced him, under ``number`` with his CMND as the old one."""
    fields = fhir.PatientFields(NAME, BORN, "M", "CCCD", number, None, None, None, None,
                                False, old_id_number=old)
    return RemoteCitizen(number, [fhir.RemotePatient("pb", "HN-0009", fields, ())], [
        fhir.RemoteDose(dose_id, "pb", "HN-0009", "COMIRNATY", 2, date(2021, 10, 6), "L2",
                        False)])
