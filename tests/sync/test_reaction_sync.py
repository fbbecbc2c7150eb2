"""A reaction recorded on a dose reaches the central platform as Immunization.reaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop_app.clock import utc_now
from desktop_app.db.models import Dose
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.reactions import ReactionInput, record_reaction
from desktop_app.wire import fhir
from tests.sync.helpers import make_people, server_copies


def test_a_serious_reaction_travels_and_reads_back(wired):
    [pid] = make_people(wired.db, 1, doses_each=1)
    assert wired.sync().synced == 2
    with wired.db.reading() as s:
        dose = s.query(Dose).filter_by(person_id=pid).one()
        dose_id, given = dose.id, dose.dose_date
    onset = max(datetime.combine(given, datetime.min.time()) + timedelta(hours=1),
                utc_now() - timedelta(minutes=5)).replace(microsecond=0)
    reaction = ReactionInput("serious", onset, "Khó thở, nổi mẩn", "Adrenalin, chuyển viện")
    rid, problems = record_reaction(wired.db, dose_id, reaction, actor=AT_THIS_LAPTOP)
    assert rid and problems == []
    summary = wired.sync()
    assert (summary.synced, summary.rejected) == (1, 0)  # the central validation accepts it
    [copy] = [r for r in server_copies(wired.server.url, wired.token, "Immunization")
              if r["id"] == dose_id]
    [back] = fhir.immunization_fields(copy).reactions
    assert back == fhir.ReactionFields("serious", onset, "Khó thở, nổi mẩn",
                                       "Adrenalin, chuyển viện")


def test_the_central_validation_refuses_a_reaction_of_no_known_severity(wired):
    from central_server.fhir.validate import Invalid, check_immunization
    from desktop_app.rules.catalogue import default_catalogue

    res = fhir.immunization({
        "id": "d1", "product_code": "COMIRNATY", "status": "active", "source": "desk",
        "person_id": "p1", "dose_date": datetime(2026, 1, 2).date(), "dose_number": 1,
        "entered_at": datetime(2026, 1, 2, 3), "reactions": [{
            "severity": "serious", "onset_at": datetime(2026, 1, 2, 4),
            "description": "Sốt", "action_taken": "Hạ sốt"}]}, "HN-0001", 1, None)
    check_immunization(res, default_catalogue(), {"p1": None})  # ours: accepted
    res["reaction"][0]["extension"][0]["valueCode"] = "deadly"
    try:
        check_immunization(res, default_catalogue(), {"p1": None})
    except Invalid:
        return
    raise AssertionError("a reaction of unknown severity was accepted")


def test_malformed_reactions_are_refused_not_crashing_the_server():
    from central_server.fhir.validate import Invalid, check_immunization
    from desktop_app.rules.catalogue import default_catalogue

    good = fhir.immunization({
        "id": "d1", "product_code": "COMIRNATY", "status": "active", "source": "desk",
        "person_id": "p1", "dose_date": datetime(2026, 1, 2).date(), "dose_number": 1,
        "entered_at": datetime(2026, 1, 2, 3)}, "HN-0001", 1, None)
    for bad in (3, ["x"], [{"extension": "abc", "date": "2026-01-02"}],
                [{"extension": [], "date": 5}], [{"extension": [
                    {"url": fhir.EXT_REACTION_SEVERITY, "valueCode": "mild"}],
                    "date": "yesterday"}]):
        try:
            check_immunization(dict(good, reaction=bad), default_catalogue(), {"p1": None})
        except Invalid:
            continue
        raise AssertionError(f"accepted reaction {bad!r}")
