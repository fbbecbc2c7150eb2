"""A reaction moved from a dose voided as given to another person to the right person's
dose reaches the platform on both Immunizations: the voided one no longer carries it, the
right one does, and the next rounds leave it there. Against both kinds of platform: the
plain FHIR R4 server and VaxDesk's own, real processes on 127.0.0.1."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.clock import local_today, utc_now
from desktop_app.db.models import DoseReaction
from desktop_app.rules.identity import Sex
from desktop_app.services.doses import DoseInput, record_dose, void_dose
from desktop_app.services.reactions import ReactionInput, move_reactions, record_reaction
from desktop_app.wire import fhir
from tests.sync.restoring import person

pytestmark = pytest.mark.slow


def given_today(db, who, boss) -> str:
    out = record_dose(db, DoseInput("COMIRNATY", "FK8891", 1, local_today(), "Y tá Lan"),
                      person=who, actor=boss)
    assert out.saved, out.problems
    return out.dose_id


def test_the_moved_reaction_travels_on_the_right_dose(restoring, boss):
    db = restoring.db
    wrong = given_today(db, person("Trần Thị Mai", date(1990, 5, 1), Sex.FEMALE, 31), boss)
    onset = utc_now().replace(microsecond=0) - timedelta(seconds=30)
    assert record_reaction(db, wrong, ReactionInput(
        "serious", onset, "Khó thở", "Adrenalin"), actor=boss)[1] == []
    restoring.sync()
    assert len(fhir.immunization_fields(
        restoring.on_server("Immunization", wrong)).reactions) == 1
    void_dose(db, wrong, "Tiêm cho chị Mai sinh 1992", actor=boss, given_to_another=True)
    right = given_today(db, person("Trần Thị Mai", date(1992, 7, 9), Sex.FEMALE, 32), boss)
    assert move_reactions(db, wrong, right, actor=boss) == 1
    for _round in range(2):  # the second round: nothing comes back onto the voided dose
        summary = restoring.sync()
        assert summary.conflicts == 0
        on_wrong = restoring.on_server("Immunization", wrong)
        on_right = restoring.on_server("Immunization", right)
        assert on_wrong["status"] == "entered-in-error"
        assert fhir.immunization_fields(on_wrong).reactions == ()
        assert [r.description for r in fhir.immunization_fields(on_right).reactions] \
            == ["Khó thở"]
    with db.reading() as s:
        assert [r.dose_id for r in s.query(DoseReaction)] == [right]
