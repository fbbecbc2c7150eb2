"""A reaction recorded on the wrong person's dose: the clerk picked the wrong citizen, the
person had a serious reaction in the observation, and a supervisor then voided the dose as
given to another person and recorded it on the right one. The reaction followed the
injection: it moves to the right person's dose, where the desk's card and their next
screening see it, audited on both doses. A real database."""

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import NotAllowed
from desktop_app.services.audit import describe
from desktop_app.services.desk import load_desk_person
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.reactions import (
    ReactionInput,
    move_reactions,
    move_targets,
    record_reaction,
)

TODAY = date(2026, 12, 1)
VISIT = datetime(2026, 12, 1, 2, 0)  # 09:00 in Vietnam
PICKED = PersonInput("Trần Thị Mai", date(1990, 5, 1), Sex.FEMALE, IdType.CCCD,
                     "001190000123")  # the record the clerk opened
THERE = PersonInput("Trần Thị Mai", date(1992, 7, 9), Sex.FEMALE, IdType.CCCD,
                    "001192000456")  # her namesake, who was given the dose
OTHER = PersonInput("Lê Văn Hùng", date(1980, 1, 2), Sex.MALE, IdType.CCCD, "001080000789")
ANAPHYLAXIS = ReactionInput("serious", VISIT + timedelta(minutes=12), "Khó thở, nổi mẩn",
                            "Adrenalin, chuyển viện")


def rows(db, sql, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def given(db, clerk, person: PersonInput, at: datetime, product: str = "COMIRNATY") -> str:
    out = record_dose(db, DoseInput(product, "FK8891", 1, TODAY, "Y tá Lan"), person=person,
                      actor=clerk, today=TODAY, now=at)
    assert out.saved, out.problems
    return out.dose_id


@pytest.fixture
def wrong_and_right(db, site, clerk, boss):
    """The dose on the wrong Mai with its reaction, voided; then on the right Mai."""
    wrong = given(db, clerk, PICKED, VISIT)
    assert record_reaction(db, wrong, ANAPHYLAXIS, actor=clerk,
                           now=VISIT + timedelta(minutes=15))[1] == []
    voided = void_dose(db, wrong, "Ghi nhầm người: tiêm cho chị Mai sinh 1992", actor=boss,
                       given_to_another=True)
    assert voided.reactions == 1  # said to whoever voided it (the void dialog)
    right = given(db, clerk, THERE, VISIT + timedelta(minutes=25))
    return wrong, right


def serious(db, dose_id) -> list[str]:
    [(person_id,)] = rows(db, "SELECT person_id FROM dose WHERE id = :d", d=dose_id)
    return [r.description for _d, r in load_desk_person(db, person_id).serious_reactions]


def test_the_reaction_moves_to_the_right_persons_dose(db, wrong_and_right, clerk, boss):
    wrong, right = wrong_and_right
    # Before: nobody's card shows the anaphylaxis, and it cannot be typed again on the
    # right dose, whose observation began after it did.
    assert serious(db, wrong) == [] and serious(db, right) == []
    _rid, problems = record_reaction(db, right, ANAPHYLAXIS, actor=clerk,
                                     now=VISIT + timedelta(minutes=30))
    assert [p.code for p in problems] == ["REACTION_ONSET_INVALID"]

    found = move_targets(db, wrong, actor=boss)
    assert found.to_another
    [target] = [t for t in found.doses if t.dose_id == right]
    assert (target.full_name, target.id_number) == ("Trần Thị Mai", "001192000456")
    with pytest.raises(NotAllowed):
        move_reactions(db, wrong, right, actor=clerk)
    assert move_reactions(db, wrong, right, actor=boss) == 1

    assert serious(db, right) == ["Khó thở, nổi mẩn"]
    assert rows(db, "SELECT onset_at IS NOT NULL, severity FROM dose_reaction "
                    "WHERE dose_id = :d", d=wrong) == []
    # Audited on both doses, with who did it, in words naming the other record.
    said = rows(db, "SELECT entity_id, user_id, action, details FROM audit_entry "
                    "WHERE action = 'reaction_moved' ORDER BY id")
    assert [(e, u) for e, u, _a, _d in said] == [(wrong, boss.user_id), (right, boss.user_id)]
    words = [describe("reaction_moved", json.loads(d), "vi") for *_x, d in said]
    assert words == [
        "Chuyển phản ứng sau tiêm: 1 phản ứng sang mũi tiêm của Trần Thị Mai, người thực sự "
        "được tiêm",
        "Chuyển phản ứng sau tiêm: 1 phản ứng từ mũi tiêm đã ghi nhầm cho Trần Thị Mai"]
    # Both Immunizations carry what changed: both queued again.
    assert rows(db, "SELECT state FROM sync_record WHERE record_id IN (:a, :b)",
                a=wrong, b=right) == [("pending",), ("pending",)]


def test_only_another_persons_dose_of_that_vaccine_and_day_takes_them(
        db, wrong_and_right, clerk, boss):
    wrong, right = wrong_and_right
    other_vaccine = given(db, clerk, OTHER, VISIT + timedelta(minutes=40), "SPIKEVAX")
    assert other_vaccine not in [t.dose_id for t in move_targets(db, wrong, actor=boss).doses]
    for target in (other_vaccine, wrong):
        with pytest.raises(ChangeRefused) as refused:
            move_reactions(db, wrong, target, actor=boss)
        assert refused.value.code in ("REACTION_MOVE_NOT_THAT_DOSE", "DOSE_VOIDED_UNCHANGEABLE")
    with pytest.raises(ChangeRefused) as refused:  # an active dose keeps its reactions
        move_reactions(db, right, wrong, actor=boss)
    assert refused.value.code == "REACTION_MOVE_NOT_VOIDED"
    assert move_reactions(db, wrong, right, actor=boss) == 1
    with pytest.raises(ChangeRefused) as refused:  # moved already: none left to move
        move_reactions(db, wrong, right, actor=boss)
    assert refused.value.code == "REACTION_MOVE_NONE"
    assert len(rows(db, "SELECT 1 FROM audit_entry WHERE action = 'reaction_moved'")) == 2


def test_a_dose_voided_for_another_reason_keeps_its_reactions_with_its_person(
        db, site, clerk, boss):
    """Voided as recorded with the wrong lot (not as given to another person), then recorded
    again: the anaphylaxis is still this person's, never moved onto somebody else's dose
    (review of 8 Dec: the window offered the other people of that day)."""
    first = given(db, clerk, PICKED, VISIT)
    assert record_reaction(db, first, ANAPHYLAXIS, actor=clerk,
                           now=VISIT + timedelta(minutes=15))[1] == []
    someone_else = given(db, clerk, OTHER, VISIT + timedelta(minutes=5))
    assert void_dose(db, first, "Nhập sai số lô, đã ghi lại", actor=boss).reactions == 1
    [(person_id,)] = rows(db, "SELECT person_id FROM dose WHERE id = :d", d=first)
    again = record_dose(db, DoseInput("COMIRNATY", "FK8892", 1, TODAY, "Y tá Lan"),
                        person_id=person_id, actor=clerk, today=TODAY,
                        now=VISIT + timedelta(minutes=30))
    assert again.saved, again.problems

    found = move_targets(db, first, actor=boss)
    assert not found.to_another
    assert [t.dose_id for t in found.doses] == [again.dose_id]
    with pytest.raises(ChangeRefused) as refused:
        move_reactions(db, first, someone_else, actor=boss)
    assert refused.value.code == "REACTION_MOVE_NOT_THAT_DOSE"
    assert serious(db, someone_else) == []
    assert move_reactions(db, first, again.dose_id, actor=boss) == 1
    assert serious(db, again.dose_id) == ["Khó thở, nổi mẩn"]
