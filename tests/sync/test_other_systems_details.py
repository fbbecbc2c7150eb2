"""More of what other systems write on a record, against Medplum's engine
(``tests/sync/test_medplum.py``): details of the laptop's own elements, identifiers and
phones that must go once, a combined vaccine's diseases, a reaction reported. Written by a
third review (each failed then)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.models import Dose, Person
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.wire import fhir
from tests.sync.helpers import make_people
from tests.sync.test_medplum import _dose_ids, _edit_in_medplum, medplum  # noqa: F401
from tests.sync.test_other_systems_elements import (
    _edit_address,
    _edit_lot,
    written_then_edited,
)
from tests.sync.test_plain_fhir import _edit_phone

pytestmark = pytest.mark.slow


def _person_with_cmnd(db) -> str:  # noqa: ANN001
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, date(2021, 8, 2), "Y tá Lan"),
                      person=PersonInput("Nguyễn Thị Nhung", date(1990, 1, 2), Sex.FEMALE,
                                         IdType.CMND, "012345678"),
                      today=date(2022, 6, 1), actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.person_id


# --- item 2 + 3: the CCCD another system added after the CMND ---------------------------

def _cccd_added_after_the_cmnd(medplum) -> str:  # noqa: ANN001, F811
    pid = _person_with_cmnd(medplum.db)
    medplum.sync()
    ours = medplum.server_copy("Patient", pid).json()
    cccd = {"system": fhir.SYSTEM_CCCD, "value": "001190012345"}
    _edit_in_medplum(medplum, "Patient", pid, identifier=[*ours["identifier"], cccd])
    assert medplum.sync().pulled == 1
    return pid


def test_a_cccd_added_after_the_cmnd_is_the_persons_id(medplum):  # noqa: F811
    """The population register adds the citizen's new CCCD after the CMND the site recorded
    (the CMND not marked old). Before c6ef0ab the laptop took the last identifier, the CCCD;
    now the first: the person stays on the superseded CMND here."""
    pid = _cccd_added_after_the_cmnd(medplum)
    with medplum.db.reading() as s:
        p = s.get(Person, pid)
        assert (p.id_type, p.id_number) == ("CCCD", "001190012345"), (p.id_type, p.id_number)


def test_a_cccd_added_after_the_cmnd_is_sent_once_after_the_chip_card_is_scanned(
        medplum):  # noqa: F811
    """The pull reads the register's CCCD as the ID and the CMND as the old one; the
    laptop's next update names each once (a review found the CCCD sent twice)."""
    pid = _cccd_added_after_the_cmnd(medplum)
    with medplum.db.reading() as s:
        person = s.get(Person, pid)
        assert (person.id_number, person.old_id_number) == ("001190012345", "012345678")
    _edit_phone(medplum.db, pid, "0911222333")
    assert medplum.sync().synced == 1
    after = medplum.server_copy("Patient", pid).json()
    idents = [(i.get("use"), i["system"].rsplit("/", 1)[1], i["value"])
              for i in after["identifier"]]
    assert len(idents) == len(set(idents)), idents


# --- item 3: duplicates --------------------------------------------------------------------

def test_a_phone_corrected_to_the_other_systems_phone_is_sent_once(medplum):  # noqa: F811
    """Another system adds the person's mobile as a second phone; the person tells the desk
    that number is theirs now, and the clerk corrects the phone to it."""
    [pid] = make_people(medplum.db, 1, doses_each=1)
    _edit_phone(medplum.db, pid, "0911000111")
    medplum.sync()
    ours = medplum.server_copy("Patient", pid).json()
    mobile = {"system": "phone", "value": "0988777666", "use": "mobile"}
    _edit_in_medplum(medplum, "Patient", pid, telecom=[*ours["telecom"], mobile])
    assert medplum.sync().pulled == 1
    _edit_phone(medplum.db, pid, "0988777666")
    assert medplum.sync().synced == 1
    after = medplum.server_copy("Patient", pid).json()
    values = [t["value"] for t in after["telecom"]]
    assert len(values) == len(set(values)), after["telecom"]


# --- item 3: elements still lost -------------------------------------------------------------

def test_a_use_another_system_gave_the_laptops_phone_stays(medplum):  # noqa: F811
    """foreign.py's docstring: "The details another system added to the laptop's own ID or
    phone (an assigner, a period, a use) stay while that ID or phone does". ``_KEYED``
    counts ``use`` as the laptop's: it is dropped."""
    [pid] = make_people(medplum.db, 1, doses_each=1)
    _edit_phone(medplum.db, pid, "0911000111")
    medplum.sync()
    ours = medplum.server_copy("Patient", pid).json()
    _edit_in_medplum(medplum, "Patient", pid,
                     telecom=[{**ours["telecom"][0], "use": "mobile"}])
    assert medplum.sync().pulled == 1
    _edit_address(medplum.db, pid, "Phường Láng, Đống Đa, Hà Nội")
    assert medplum.sync().synced == 1
    after = medplum.server_copy("Patient", pid).json()
    assert after["telecom"] == [{"system": "phone", "value": "0911000111", "use": "mobile"}]


@pytest.mark.parametrize("what", ["name_parts", "address_parts", "birth_time"])
def test_what_another_system_added_to_the_laptops_own_person_elements_stays(
        medplum, what):  # noqa: F811
    """The first name and address are wholly the laptop's, and a primitive's extension
    (``_birthDate``) goes with it: a registry's family/given, an address's district and
    city, a newborn's birth time (HL7 patient-birthTime) are deleted by the next update."""
    [pid] = make_people(medplum.db, 1, doses_each=1)
    _edit_address(medplum.db, pid, "Phường Láng, Đống Đa, Hà Nội")
    medplum.sync()
    ours = medplum.server_copy("Patient", pid).json()
    written = {
        "name_parts": {"name": [{**ours["name"][0], "use": "official", "family": "Nguyễn",
                                 "given": ["Văn", "An"]}]},
        "address_parts": {"address": [{**ours["address"][0], "district": "Đống Đa",
                                       "city": "Hà Nội", "country": "VN"}]},
        "birth_time": {"_birthDate": {"extension": [{
            "url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
            "valueDateTime": ours["birthDate"] + "T07:30:00+07:00"}]}},
    }[what]
    written_then_edited(medplum, pid, written,
                        lambda: _edit_phone(medplum.db, pid, "0911222333"))


def test_a_merge_another_system_made_stays(medplum):  # noqa: F811
    """A master patient index finds the person twice and merges them the FHIR way:
    ``active: false`` and a ``replaced-by`` link to a record the laptop does not hold. Every
    replaced-by link was taken for the laptop's, and with it the ``active: false``: the
    laptop's next update revived the record."""
    [pid] = make_people(medplum.db, 1, doses_each=1)
    medplum.sync()
    merged = {"active": False, "link": [{"other": {"reference": "Patient/mpi-kept-1"},
                                         "type": "replaced-by"}]}
    _edit_in_medplum(medplum, "Patient", pid, **merged)
    assert medplum.sync().pulled == 1
    _edit_phone(medplum.db, pid, "0911222333")
    assert medplum.sync().synced == 1
    after = medplum.server_copy("Patient", pid).json()
    assert (after.get("active"), after.get("link")) == (False, merged["link"]), \
        (after.get("active"), after.get("link"))


def test_the_laptops_own_merge_undone_goes_and_what_others_wrote_stays(medplum):  # noqa: F811
    """The counterpart: the laptop's merge names a record it holds, so its link and
    ``active: false`` are its own. Another system edits the folded record, the laptop takes
    that version, the merge is undone here: the record stands again on the platform, the
    other system's element kept."""
    from desktop_app.services.merges import merge_people, unmerge_people

    keep, fold = make_people(medplum.db, 2, doses_each=1)
    with medplum.db.transaction() as s:  # recorded again without the card
        store.update_person(s, s.get(Person, fold), {"id_type": "NONE", "id_number": None,
                                                     "no_id_reason": "UNKNOWN_IDENTITY"},
                            now=utc_now())
        [second] = s.scalars(select(Dose).where(Dose.person_id == fold)).all()
        store.update_dose(s, second, {"dose_number": 2}, now=utc_now())
    merge_people(medplum.db, keep, fold, actor=medplum.db.supervisor,
                 confirm_differences=True)
    medplum.sync()
    _edit_in_medplum(medplum, "Patient", fold, maritalStatus={"text": "Đã kết hôn"})
    assert medplum.sync().pulled == 1
    unmerge_people(medplum.db, fold, actor=medplum.db.supervisor)
    assert medplum.sync().rejected == 0
    after = medplum.server_copy("Patient", fold).json()
    assert (after.get("active"), after.get("link")) == (None, None), after
    assert after["maritalStatus"] == {"text": "Đã kết hôn"}


def test_a_reaction_marked_reported_stays_reported(medplum):  # noqa: F811
    """The desk records a reaction (``reported: false``); the pharmacovigilance system files
    the AEFI report and marks it ``reported: true``. The reaction is of the laptop's shape:
    the next update (a lot corrected) un-reported it; it stays reported."""
    from datetime import timedelta

    from desktop_app.services.reactions import ReactionInput, record_reaction
    make_people(medplum.db, 1, doses_each=1)
    [dose_id] = _dose_ids(medplum)
    _rid, problems = record_reaction(medplum.db, dose_id, ReactionInput(
        "serious", utc_now() - timedelta(minutes=5), "Khó thở", "Chuyển viện"),
        actor=AT_THIS_LAPTOP)
    assert problems == []
    medplum.sync()
    ours = medplum.server_copy("Immunization", dose_id).json()
    _edit_in_medplum(medplum, "Immunization", dose_id,
                     reaction=[{**ours["reaction"][0], "reported": True}])
    assert medplum.sync().pulled == 1
    _edit_lot(medplum.db, dose_id, "FK9999")
    assert medplum.sync().synced == 1
    after = medplum.server_copy("Immunization", dose_id).json()
    assert [r["reported"] for r in after["reaction"]] == [True], after["reaction"]


def test_a_performer_reference_another_system_added_stays(medplum):  # noqa: F811
    """The HR system links the vaccinator the laptop named to their Practitioner record
    (a contained one here, as senders often do). ``performer[0]`` is wholly the laptop's:
    the reference is dropped, and the ``contained`` Practitioner is kept with nothing
    referring to it (R4 dom-3)."""
    make_people(medplum.db, 1, doses_each=1)
    [dose_id] = _dose_ids(medplum)
    medplum.sync()
    ours = medplum.server_copy("Immunization", dose_id).json()
    actor = {**ours["performer"][0]["actor"], "reference": "#vaccinator"}
    _edit_in_medplum(medplum, "Immunization", dose_id,
                     contained=[{"resourceType": "Practitioner", "id": "vaccinator",
                                 "name": [{"text": ours["performer"][0]["actor"]["display"]}]}],
                     performer=[{"actor": actor}])
    assert medplum.sync().pulled == 1
    _edit_lot(medplum.db, dose_id, "FK9999")
    summary = medplum.sync()
    after = medplum.server_copy("Immunization", dose_id).json()
    assert after["performer"] == [{"actor": actor}], (summary.synced, summary.rejected,
                                                      after["performer"], after.get("contained"))


def test_a_protocol_applied_per_target_disease_stays(medplum):  # noqa: F811
    """A registry records a combination vaccine the FHIR way, one protocolApplied per
    target disease (R4: "one per target disease"). ``_theirs_of_the_dose`` keeps the extra
    keys of the first item only: the others are deleted by the laptop's next update."""
    make_people(medplum.db, 1, doses_each=1)
    [dose_id] = _dose_ids(medplum)
    medplum.sync()
    ours = medplum.server_copy("Immunization", dose_id).json()
    n = ours["protocolApplied"][0]["doseNumberPositiveInt"]
    snomed = "http://snomed.info/sct"
    applied = [{"doseNumberPositiveInt": n, "series": "Hexaxim",
                "targetDisease": [{"coding": [{"system": snomed, "code": code}]}]}
               for code in ("397430003", "76902006", "27836007")]
    _edit_in_medplum(medplum, "Immunization", dose_id, protocolApplied=applied)
    assert medplum.sync().pulled == 1
    _edit_lot(medplum.db, dose_id, "FK9999")
    assert medplum.sync().synced == 1
    after = medplum.server_copy("Immunization", dose_id).json()
    assert after["protocolApplied"] == applied, after["protocolApplied"]
