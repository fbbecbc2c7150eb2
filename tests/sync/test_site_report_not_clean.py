"""The not-clean figure the province ranks sites by, on the dashboard's backlog page ("Tồn
đọng" → "Chưa sạch"), against its by-problem page and the site's own worklist and report,
through a real site database, a real sync round and the real central server (a review of
the figures found the backlog page counting the open cases instead of the records with a
problem left)."""

from __future__ import annotations

from datetime import date

from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services import cleaning, reports
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.central.dashboard_world import PASSWORD, root, staff_session, table_rows
from tests.cleaning.people import paper

MALE_ID_1985 = make_cccd("001", Sex.MALE, 1985, 777)  # given to a woman: a real ID error


def _officer(wired, monkeypatch):
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    wired.server.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    return staff_session(wired.server, "tinh01")


def _rows(wired, s, path: str, table: str) -> list[list]:
    answer = s.get(f"{root(wired.server)}{path}", params={"format": "xlsx", "table": table})
    assert answer.status_code == 200, answer.text
    return table_rows(answer.content)[1:]


def test_closing_real_id_errors_as_cannot_verify_does_not_empty_the_provinces_backlog(
        wired, boss, monkeypatch):
    """rules.cleaning.backlog_problems keeps a certificate-blocking identity error in the
    backlog when its case is closed as *cannot verify* (a bulk move once took the backlog
    from 348 to 0): the site's worklist and the dashboard's by-problem page keep it. The
    dashboard's backlog point counts only the open statuses, so there "Chưa sạch" still
    drops to 0 the moment the site closes every case so."""
    s = _officer(wired, monkeypatch)
    wrong_sex = paper(wired.db, full_name="Trần Thị Mai", id_number=MALE_ID_1985)
    assert wired.sync().site_report is True
    assert _rows(wired, s, "/dashboard/backlog", "backlog")[-1][2] == 1
    cleaning.move(wired.db, [wrong_sex], "cannot_verify", actor=boss,
                  note="Không liên lạc được")
    assert cleaning.worklist(wired.db).by_problem == {"ID_SEX_MISMATCH": 1}  # the site's own
    assert cleaning.worklist(wired.db).not_clean == 1
    assert wired.sync().site_report is True
    by_problem = _rows(wired, s, "/dashboard/cleaning", "problem_sites")
    assert [r[-2:] for r in by_problem] == [["CCCD không khớp giới tính", 1]]
    assert _rows(wired, s, "/dashboard/backlog", "backlog")[-1][2] == 1  # was 0


def test_a_special_lists_people_with_nothing_wrong_are_not_counted_not_clean(wired,
                                                                              monkeypatch):
    """A foreigner on a passport, a homeless man and a child without an ID number: each on
    a special list, a case "to check" at the site, with nothing wrong in their records.
    The backlog page read "Chưa sạch: 3" while the cleaning page, where the officer goes
    to see which site holds them and why, said "Không có hồ sơ nào cần làm sạch". Both
    pages now count the records with a problem: none here, then the one given one."""
    s = _officer(wired, monkeypatch)
    for person in (
            PersonInput("John Smith", date(1979, 1, 20), Sex.MALE, IdType.PASSPORT,
                        "C1234567", nationality="GBR"),
            PersonInput("Vũ Văn Hùng", date(1960, 6, 1), Sex.MALE, IdType.NONE,
                        no_id_reason="HOMELESS_OR_ITINERANT"),
            PersonInput("Lê Thị Bé", date(2014, 6, 1), Sex.FEMALE, IdType.NONE,
                        no_id_reason="CHILD_WITHOUT_NUMBER")):
        out = record_dose(wired.db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 1), "Lan"),
                          person=person, confirm_warnings=True, today=date(2022, 6, 1),
                          actor=AT_THIS_LAPTOP, age_override_reason="thử")
        assert out.saved, out.problems
    work = cleaning.worklist(wired.db)
    assert work.by_status == {"to_check": 3} and work.not_clean == 0  # cases, none unclean
    assert wired.sync().site_report is True
    assert _rows(wired, s, "/dashboard/backlog", "backlog")[-1][2] == 0  # was 3
    assert _rows(wired, s, "/dashboard/cleaning", "problem_sites") == []
    paper(wired.db, full_name="Phạm Văn Bình", dob="")  # a record with a problem
    assert wired.sync().site_report is True
    assert _rows(wired, s, "/dashboard/backlog", "backlog")[-1][2] == 1
    assert sum(r[-1] for r in _rows(wired, s, "/dashboard/cleaning", "problem_sites")) == 1
    note = reports.cleaning(wired.db, date(2026, 12, 1), date(2026, 12, 7)).note
    assert note.endswith("(hồ sơ còn lỗi định danh): 1.")  # the site's own report says it
