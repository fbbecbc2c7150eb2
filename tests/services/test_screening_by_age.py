"""The service records a screening against the checklist the person's age gets on the day
(under 18: the children's, QĐ 5002; 18 and over: the adult one, QĐ 3802): answers of the
other checklist are refused, whoever sends them (the desk, a stale dialog, the CLI)."""

from datetime import date, datetime

import pytest

from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.screening import Outcome
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import (
    DoseInput,
    PersonInput,
    record_dose,
    register_screened,
)
from desktop_app.services.screening import ScreeningAnswers, record_screening

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 2, 0)  # 09:00 in Vietnam
KHANG = PersonInput("Lê Minh Khang", date(2019, 1, 15), Sex.MALE, IdType.CCCD, "001219000777")
MAI = PersonInput("Trần Thị Mai", date(1990, 5, 1), Sex.FEMALE, IdType.CCCD, "001190000123")
# 18 on 2 December 2026: a child the day before.
LINH = PersonInput("Vũ Thảo Linh", date(2008, 12, 2), Sex.FEMALE, IdType.CCCD, "001308000456")


def _registered(db, person):
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2026, 10, 1), "Y tá Lan",
                                    source="backfill"),
                      person=person, confirm_warnings=True, today=TODAY, now=NOW,
                      actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.person_id


def _screen(db, pid, yes, outcome=Outcome.ELIGIBLE, reason=None, now=NOW):
    return record_screening(db, pid, yes, outcome, reason, actor=AT_THIS_LAPTOP, now=now)


def test_a_childs_screening_with_the_adult_pregnancy_item_is_refused(db, site):
    pid = _registered(db, KHANG)
    saved, problems = _screen(db, pid, ["PREGNANT_UNDER_13_WEEKS"], Outcome.POSTPONE, "?")
    assert saved is None
    assert [(p.code, p.params["age"]) for p in problems] == [("SCREENING_ITEM_NOT_FOR_AGE", 7)]
    assert "7 tuổi" in problems[0].message("vi")


def test_an_adults_screening_with_a_childrens_item_is_refused(db, site):
    pid = _registered(db, MAI)
    saved, problems = _screen(db, pid, ["HEART_LUNG_SOUNDS_ABNORMAL"], Outcome.REFER, "tim")
    assert saved is None and [p.code for p in problems] == ["SCREENING_ITEM_NOT_FOR_AGE"]


def test_the_refusal_names_the_item_as_the_form_words_it_not_its_code(db, site):
    """A clerk read "…: ALLERGY_HISTORY" (review of 8 Dec: a birth year typed 2016, the
    children's form ticked, the year corrected to 1986 before the save)."""
    pid = _registered(db, MAI)
    _saved, [problem] = _screen(db, pid, ["ALLERGY_HISTORY"], Outcome.ELIGIBLE, None)
    said = problem.message("vi")
    assert "“Tiền sử dị ứng với bất kỳ dị nguyên nào (thận trọng khi tiêm)”" in said
    assert "ALLERGY_HISTORY" not in said and "ngày sinh đã sửa" in said
    assert "“History of allergy to any allergen" in problem.message("en")


def test_a_child_with_congenital_heart_disease_is_referred_not_eligible(db, site):
    pid = _registered(db, KHANG)
    saved, problems = _screen(db, pid, ["CONGENITAL_OR_CHRONIC_DISEASE"])
    assert saved is None and [p.code for p in problems] == ["SCREENING_REASON_REQUIRED"]
    saved, problems = _screen(db, pid, ["CONGENITAL_OR_CHRONIC_DISEASE"], Outcome.REFER,
                              "Tim bẩm sinh")
    assert saved and problems == []


@pytest.mark.parametrize(("now", "right", "wrong"), [
    (datetime(2026, 12, 1, 2, 0), "HEART_LUNG_SOUNDS_ABNORMAL", "FEVER"),  # 17, last day
    (datetime(2026, 12, 2, 2, 0), "FEVER", "HEART_LUNG_SOUNDS_ABNORMAL"),  # 18 today
])
def test_the_checklist_changes_on_the_eighteenth_birthday(db, site, in_vietnam, now, right,
                                                          wrong):
    pid = _registered(db, LINH)
    assert _screen(db, pid, [wrong], Outcome.POSTPONE, "x", now=now)[0] is None
    assert _screen(db, pid, [right], Outcome.POSTPONE, "x", now=now)[0] is not None


def test_a_new_childs_dose_or_registration_refuses_adult_answers(db, site):
    adult_answers = ScreeningAnswers.of(["PREGNANT_13_WEEKS_OR_MORE"], Outcome.REFER, "thai")
    out = register_screened(db, KHANG, adult_answers, actor=AT_THIS_LAPTOP, today=TODAY,
                            now=NOW)
    assert not out.saved and "SCREENING_ITEM_NOT_FOR_AGE" in [p.code for p in out.problems]
    well = ScreeningAnswers.of(["COAGULATION"], Outcome.ELIGIBLE, "đã hỏi bác sĩ")
    out = record_dose(db, DoseInput("COMIRNATY_PAED", "PD1", 1, TODAY, "Y tá Lan"),
                      person=KHANG, screening=well, confirm_warnings=True, today=TODAY,
                      now=NOW, actor=AT_THIS_LAPTOP)
    assert not out.saved and "SCREENING_ITEM_NOT_FOR_AGE" in [p.code for p in out.problems]
