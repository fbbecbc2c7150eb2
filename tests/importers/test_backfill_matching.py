"""Which recorded person a re-sent or later file's row belongs to: a namesake vaccinated the
same day is somebody else, the order of a person's rows does not matter, a wide sheet's
corrections are reported as they happen, and the preview says what the import will do.
Real files, a real database, the importer's own path."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from desktop_app.db.models import AuditEntry, Dose, Person
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import backfill
from desktop_app.services.backfill_corrections import apply_held, decline_held
from desktop_app.services.backfill_preview import judge_sample, preview_file
from tests.importers.sheets import person_row, write_xlsx
from tests.importers.test_corrected_files import (  # noqa: F401 - fixtures
    TODAY,
    _import,
    importer,
    volunteer,
)
from tests.importers.wide_sheets import dose, person, write_wide_xlsx

OLDER = make_cccd("040", Sex.MALE, 1974, 42)
YOUNGER = make_cccd("094", Sex.MALE, 2003, 128213)
BINH = make_cccd("001", Sex.MALE, 1990, 555)


def _hieu(n, older=True, **kw):
    values = ({"cccd": OLDER, "dob": "11/03/1974", "phone": "0900000042",
               "address": "12 Kim Mã"} if older else
              {"cccd": YOUNGER, "dob": "01/10/2003", "phone": "0900128213",
               "address": "5 Cầu Giấy"})
    return person_row(n, name="Nguyễn Văn Hiếu", **{"when": "01/08/2021", **values, **kw})


def _people(db, name_key):
    with db.reading() as s:
        people = s.scalars(select(Person).where(Person.name_key == name_key)
                           .order_by(Person.dob)).all()
        return [(p.id_number, p.dob, p.phone, p.address,
                 sorted(s.execute(select(Dose.dose_number, Dose.dose_date)
                                  .where(Dose.person_id == p.id)).all()))
                for p in people]


def _updates(db):
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "update", AuditEntry.entity == "person"))


@pytest.mark.parametrize("who", ["importer", "volunteer"])
@pytest.mark.parametrize("ids", [True, False], ids=["ids-differ", "no-ids-dob-differs"])
def test_a_namesake_with_the_same_dose_is_another_person(db, site, tmp_path, request, who,
                                                         ids):
    """Nguyễn Văn Hiếu born 1974, then another Nguyễn Văn Hiếu born 2003 vaccinated with
    the same vaccine on the same day: his doses are his own, the older man's record is
    untouched, whoever imports."""
    actor = request.getfixturevalue(who)
    drop = {} if ids else {"cccd": ""}
    _import(db, write_xlsx(tmp_path / "aug.xlsx", [_hieu(1, **drop)]), actor)
    report = _import(db, write_xlsx(tmp_path / "sep.xlsx", [
        _hieu(1, older=False, **drop),
        _hieu(2, older=False, dose=2, when="01/10/2021", **drop)]), actor)

    assert report.counts["duplicate"] == 0 and report.counts["corrected"] == 0, report.issues
    assert report.counts["imported"] + report.counts["flagged"] == 2
    assert _people(db, "nguyen van hieu") == [
        (OLDER if ids else None, date(1974, 3, 11), "0900000042", "12 Kim Mã",
         [(1, date(2021, 8, 1))]),
        (YOUNGER if ids else None, date(2003, 10, 1), "0900128213", "5 Cầu Giấy",
         [(1, date(2021, 8, 1)), (2, date(2021, 10, 1))])]
    assert _updates(db) == 0


def test_the_same_id_still_corrects_a_date_of_birth(db, site, tmp_path, importer):  # noqa: F811
    """The ID says it is the same man: a date of birth the file gives differently is his,
    corrected (what tells namesakes apart never makes one man two)."""
    _import(db, write_xlsx(tmp_path / "a.xlsx", [_hieu(1)]), importer)
    report = _import(db, write_xlsx(tmp_path / "b.xlsx", [_hieu(1, dob="11/03/1975")]),
                     importer)
    assert report.counts["corrected"] == 1
    assert [p[1] for p in _people(db, "nguyen van hieu")] == [date(1975, 3, 11)]


def _hoa(n, dose_number, when, **kw):
    values = {"name": "Lê Thị Hoà", "dob": "12/03/1985", "sex": "Nữ", "cccd": "",
              "phone": "0987654321", "address": "3 Huỳnh Thúc Kháng", "vaccine": "Pfizer"}
    return person_row(n, dose=dose_number, when=when, **{**values, **kw})


@pytest.mark.parametrize("through_the_writer_process", [False, True])
@pytest.mark.parametrize("who", ["importer", "volunteer"])
@pytest.mark.parametrize("numbered", [True, False], ids=["numbered", "no-number"])
@pytest.mark.parametrize("dose_2_first", [True, False], ids=["d2-first", "d1-first"])
def test_the_order_of_a_recorded_persons_rows_does_not_matter(
        db, site, tmp_path, request, monkeypatch, who, numbered, dose_2_first,
        through_the_writer_process):
    """Lê Thị Hoà is recorded without an address; the file gives it, and her dose 2 (on the
    row before her recorded dose 1, or after it). Either way she stays one person with her
    two doses, the address her record lacked filled in whoever imports (a value it holds
    would be a supervisor's to correct), also when every row is committed on its own."""
    if through_the_writer_process:
        monkeypatch.setattr(backfill, "LARGE_FILE_BYTES", 0)
    actor = request.getfixturevalue(who)
    _import(db, write_xlsx(tmp_path / "desk.xlsx", [_hoa(1, 1, "10/09/2021", address="")]),
            actor)
    rows = [_hoa(1, 2 if numbered else "", "10/10/2021"), _hoa(2, 1, "10/09/2021")]
    report = _import(db, write_xlsx(tmp_path / "file.xlsx",
                                    rows if dose_2_first else rows[::-1]), actor, chunk=1)

    assert _people(db, "le thi hoa") == [
        (None, date(1985, 3, 12), "0987654321", "3 Huỳnh Thúc Kháng",
         [(1, date(2021, 9, 10)), (2, date(2021, 10, 10))])]
    assert report.people_created == 0
    assert report.counts == {"imported": 0, "flagged": 1, "duplicate": 0,
                             "rejected": 0, "corrected": 1}
    assert [i.code for i in report.issues if i.outcome != "flagged"] == ["PERSON_CORRECTED"]


def _wide_first(db, tmp_path, actor, **kw):
    """Thu, two doses, recorded from a wide sheet without her address."""
    first = write_wide_xlsx(tmp_path / "first.xlsx", [_thu(address="", **kw)])
    assert _import(db, first, actor).counts["imported"] == 2


def _thu(**kw):
    values = {"phone": "0977000111", "address": "12 Láng Hạ"}
    return person(1, "Trương Thị Thu", "02/01/1988", "Nữ", make_cccd("001", Sex.FEMALE, 1988, 7788),
                  dose("03/08/2021"), dose("03/09/2021"), **{**values, **kw})


def test_a_wide_sheet_that_corrects_says_so_only_when_it_does(db, site, tmp_path,
                                                              volunteer):  # noqa: F811
    """A volunteer's wide sheet gives Thu the address she lacks (filled in) and another
    phone (a supervisor's to correct): each dose's line says both."""
    _wide_first(db, tmp_path, volunteer)
    report = _import(db, write_wide_xlsx(tmp_path / "c.xlsx", [_thu(phone="0977000999")]),
                     volunteer)
    assert report.counts["corrected"] == 0 and report.counts["duplicate"] == 2
    assert [(i.outcome, i.code, i.dose) for i in report.issues] == [
        ("duplicate", "CORRECTION_NEEDS_SUPERVISOR", 1),
        ("duplicate", "CORRECTION_NEEDS_SUPERVISOR", 2)]
    assert "0977000999" in report.issues[0].message
    assert "Đã bổ sung vào hồ sơ: Địa chỉ “—” → “12 Láng Hạ”" in report.issues[0].message
    assert report.corrections == []
    assert _people(db, "truong thi thu")[0][2:4] == ("0977000111", "12 Láng Hạ")


@pytest.mark.parametrize("answer", ["yes", "no", "not asked"])
def test_a_supervisors_wide_corrections_are_counted_as_answered(
        db, site, tmp_path, importer, answer):  # noqa: F811
    _wide_first(db, tmp_path, importer)
    held = answer != "not asked"
    # Another phone (held for the answer) and the address she lacks (filled in at once).
    report = _import(db, write_wide_xlsx(tmp_path / "c.xlsx", [_thu(phone="0977000999")]),
                     importer, hold_corrections=held)
    if held:
        assert [(i.code, i.dose) for i in report.issues] == [("CORRECTION_AWAITS", 1),
                                                             ("CORRECTION_AWAITS", 2)]
        assert report.counts["corrected"] == 0 and len(report.held) == 1
        if answer == "yes":
            assert apply_held(db, report, actor=importer) == 1
        else:
            decline_held(db, report, actor=importer)
    corrected = answer != "no"
    assert report.counts["corrected"] == (2 if corrected else 0)
    assert report.counts["duplicate"] == (0 if corrected else 2)
    assert [(i.code, i.dose) for i in report.issues] == [
        ("PERSON_CORRECTED" if corrected else "CORRECTION_DECLINED", n) for n in (1, 2)]
    assert _people(db, "truong thi thu")[0][2:4] == (
        "0977000999" if corrected else "0977000111", "12 Láng Hạ")
    assert _updates(db) == {"yes": 2, "no": 1, "not asked": 1}[answer]


def test_the_preview_says_what_the_import_will_do_with_each_row(db, site, tmp_path,
                                                                importer):  # noqa: F811
    """A dose already recorded, a row repeated in the file and a recorded person's dose
    that fixes her address are not "will be imported": the preview judges them against
    the database and the rows before, as the import then does."""
    _import(db, write_xlsx(tmp_path / "before.xlsx", [
        person_row(1), _hoa(2, 1, "10/09/2021", address="")]), importer)
    path = write_xlsx(tmp_path / "file.xlsx", [
        person_row(1), person_row(2, name="Trần Văn Bình", cccd=BINH),
        person_row(3, name="Trần Văn Bình", cccd=BINH), _hoa(4, 1, "10/09/2021"),
        _hoa(5, 2, "10/10/2021"), person_row(6, when="32/13/2021")])
    preview = preview_file(path)
    alone = judge_sample(preview, preview.mapping, db.catalogue, TODAY)
    assert [r.outcome for r in alone] == ["imported", "imported", "imported", "flagged",
                                          "flagged", "rejected"]
    judged = judge_sample(preview, preview.mapping, db.catalogue, TODAY, db=db)
    assert [r.outcome for r in judged] == ["duplicate", "imported", "duplicate", "corrected",
                                           "flagged", "rejected"]
    assert "Đã có" in judged[0].said and "dòng 6" in judged[2].said
    assert "Lê Thị Hoà" in judged[3].said and "3 Huỳnh Thúc Kháng" in judged[3].said
    with db.reading() as s:  # the preview stored nothing
        assert s.scalar(select(func.count()).select_from(Person)) == 2

    report = _import(db, path, importer)
    by_row = {i.sheet_row: i.outcome for i in report.issues}
    assert [by_row.get(r.sheet_row, "imported") for r in judged] == [
        r.outcome for r in judged]


def test_the_preview_of_a_sheet_imported_again_leaves_a_correction_made_since(
        db, site, tmp_path, importer):  # noqa: F811
    """The week's sheet flagged Lê Văn Dũng (his CCCD says born 1999, the sheet 1960) and
    the supervisor corrected him since. The same sheet chosen again, under its name or a
    copy's, corrects nobody (re-importing changes nothing): its preview says so too, not
    "differs from the record" for a change the import will not make."""
    from desktop_app.services.records import correct_person

    dung = make_cccd("001", Sex.MALE, 1999, 222)
    sheet = write_xlsx(tmp_path / "so-lieu-hoi-cuu.xlsx", [
        person_row(1, name="Lê Văn Dũng", dob="01/01/1960", cccd=dung),
        person_row(2, name="Trần Văn Bình", cccd=BINH)])
    assert _import(db, sheet, importer).counts["flagged"] == 1
    with db.reading() as s:
        pid = s.scalar(select(Person.id).where(Person.id_number == dung))
    done = correct_person(db, pid, {"dob": date(1999, 1, 1)}, actor=importer,
                          confirm_warnings=True)
    assert done.saved, done.problems
    copy = tmp_path / "so-lieu-hoi-cuu (1).xlsx"
    copy.write_bytes(sheet.read_bytes())
    for again in (sheet, copy):
        preview = preview_file(again)
        judged = judge_sample(preview, preview.mapping, db.catalogue, TODAY, db=db)
        report = _import(db, again, importer)
        by_row = {i.sheet_row: i.outcome for i in report.issues}
        assert [r.outcome for r in judged] == ["duplicate", "duplicate"]
        assert [by_row.get(r.sheet_row, "imported") for r in judged] == [
            r.outcome for r in judged]
        assert _people(db, "le van dung")[0][1] == date(1999, 1, 1)
