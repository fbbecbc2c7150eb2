"""What another system wrote, as ``wire/foreign.py`` keeps it (pure; the same cases run
against Medplum's engine and our own server): a merge's link is the laptop's only when a
merge made here folded the person into the record it names; a link kept never doubles one
the laptop writes; a contained resource stays while something names it, or it names its
container."""

from __future__ import annotations

from desktop_app.wire import foreign

KEPT = {"other": {"reference": "Patient/p2"}, "type": "replaced-by"}
MPI = {"other": {"reference": "Patient/mpi-1"}, "type": "replaced-by"}


def _patient(**more):  # noqa: ANN003, ANN202
    return {"resourceType": "Patient", "id": "p1", "name": [{"text": "Lê Thị Hoa"}], **more}


def test_a_merge_made_here_is_the_laptops_and_undone_here_it_goes():
    """The copy carries the laptop's own merge (another system edited after it); the merge
    undone here, the record sent stands again: no link, no ``active: false``."""
    theirs = foreign.foreign_part(_patient(active=False, link=[KEPT]))
    sent = foreign.with_foreign({"resourceType": "Patient", "id": "p1"}, theirs,
                                own_folds={"p2"})
    assert "link" not in sent and "active" not in sent


def test_a_merge_no_merge_here_made_is_kept_with_its_active():
    """A master patient index's, whether or not the laptop holds the record it names."""
    for link in (MPI, KEPT):
        theirs = foreign.foreign_part(_patient(active=False, link=[link]))
        assert theirs == {"link": [link], "active": False}
        sent = foreign.with_foreign({"resourceType": "Patient", "id": "p1"}, theirs,
                                    own_folds={"p9"})
        assert (sent["active"], sent["link"]) == (False, [link])


def test_a_link_the_laptop_writes_too_goes_once():
    """The laptop merged the person into the record another system's link names too."""
    theirs = foreign.foreign_part(_patient(active=False, link=[KEPT, MPI]))
    sent = foreign.with_foreign({"resourceType": "Patient", "id": "p1", "active": False,
                                 "link": [dict(KEPT)]}, theirs, own_folds={"p2"})
    assert sent["link"] == [KEPT, MPI] and sent["active"] is False


def test_contained_resources_stay_while_something_names_them():
    res = {"resourceType": "Immunization", "id": "d1", "lotNumber": "FK1",
           "vaccineCode": {"coding": [{"system": "urn:x", "code": "c"}]},
           "contained": [{"resourceType": "Organization", "id": "mfr",
                          "partOf": {"reference": "#group"}},
                         {"resourceType": "Organization", "id": "group"},
                         {"resourceType": "Practitioner", "id": "stray"},
                         {"resourceType": "Provenance", "id": "prov",
                          "target": [{"reference": "#"}]}],
           "manufacturer": {"reference": "#mfr"}}
    theirs = foreign.foreign_part(res)
    same = foreign.with_foreign({"resourceType": "Immunization", "id": "d1",
                                 "lotNumber": "FK1", "vaccineCode": {"coding": []}}, theirs)
    assert [c["id"] for c in same["contained"]] == ["mfr", "group", "prov"]  # not the stray
    assert same["manufacturer"] == {"reference": "#mfr"}
