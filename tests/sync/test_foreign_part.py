"""What another system wrote, as ``wire/foreign.py`` keeps it (pure; the same cases run
against Medplum's engine in test_other_systems_details.py): a merge's link is the laptop's
only when it names a record the laptop holds; a link kept never doubles one the laptop
writes; a contained resource stays while something names it."""

from __future__ import annotations

from desktop_app.wire import foreign

KEPT = {"other": {"reference": "Patient/p2"}, "type": "replaced-by"}
MPI = {"other": {"reference": "Patient/mpi-1"}, "type": "replaced-by"}


def _patient(**more):  # noqa: ANN003, ANN202
    return {"resourceType": "Patient", "id": "p1", "name": [{"text": "Lê Thị Hoa"}], **more}


def test_a_merge_naming_a_record_the_laptop_holds_is_its_own():
    assert foreign.foreign_part(_patient(active=False, link=[KEPT]), held=["p2"]) is None


def test_a_merge_naming_a_record_the_laptop_does_not_hold_is_kept_with_its_active():
    theirs = foreign.foreign_part(_patient(active=False, link=[MPI]), held=[])
    assert theirs == {"link": [MPI], "active": False}
    sent = foreign.with_foreign({"resourceType": "Patient", "id": "p1"}, theirs)
    assert (sent["active"], sent["link"]) == (False, [MPI])


def test_a_link_the_laptop_writes_too_goes_once():
    """Taken for another system's (its kept record not yet back after a restore), then
    written by the laptop's own merge: one link, not two."""
    theirs = foreign.foreign_part(_patient(active=False, link=[KEPT]), held=[])
    sent = foreign.with_foreign({"resourceType": "Patient", "id": "p1", "active": False,
                                 "link": [dict(KEPT)]}, theirs)
    assert sent["link"] == [KEPT]


def test_contained_resources_stay_while_something_names_them():
    res = {"resourceType": "Immunization", "id": "d1", "lotNumber": "FK1",
           "vaccineCode": {"coding": [{"system": "urn:x", "code": "c"}]},
           "contained": [{"resourceType": "Organization", "id": "mfr",
                          "partOf": {"reference": "#group"}},
                         {"resourceType": "Organization", "id": "group"},
                         {"resourceType": "Practitioner", "id": "stray"}],
           "manufacturer": {"reference": "#mfr"}}
    theirs = foreign.foreign_part(res)
    same = foreign.with_foreign({"resourceType": "Immunization", "id": "d1",
                                 "lotNumber": "FK1", "vaccineCode": {"coding": []}}, theirs)
    assert [c["id"] for c in same["contained"]] == ["mfr", "group"]  # the stray named by none
    assert same["manufacturer"] == {"reference": "#mfr"}
