"""A certificate batch records its certificates a part (``RECORD_CHUNK`` people) at a time,
each part in a short transaction that names its own PDF, and joins the parts into the file
asked for: a desk save made while the batch runs waits for one part, never for the whole
batch (one transaction at its end held the lock ~3 s for 2,000 people); killed (SIGKILL, a
real process) while it records, what is recorded is exactly what the PDFs left carry; a
record changed after its part was signed makes that part again, or stops the batch with
the parts before it saved and said so."""

from __future__ import annotations

import os
import threading
import time
from datetime import date

import pypdfium2
import pytest
from sqlalchemy import func, select

from desktop_app.db.models import CertificateIssue, Dose, Person
from desktop_app.progress import drain
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services import certificate_issuing as issuing
from desktop_app.services import certificates
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.records import correct_person
from tests.certificates import batches


def _pdfs(folder) -> list:
    return sorted(folder.glob("*.pdf"))


SLOW_CHECK_SECONDS = 0.05  # a certificate read again at its recording, on a slow laptop


def test_a_desk_save_waits_for_one_part_of_the_batch_never_for_the_whole(
        db, site, boss, tmp_path, monkeypatch):
    """60 people, each read again at the recording as on a slow laptop (50 ms): one
    transaction for the batch held the lock 3 s, so a save made then waited for it; in
    parts of 3 a part holds it 0.15 s, and the save gets in between two parts (at a load
    average of 11 on two cores, the longest wait seen was 0.5 s)."""
    people = batches.people(db, boss, tmp_path, 60)
    monkeypatch.setattr(certificates, "RECORD_CHUNK", 3, raising=False)
    check = issuing.still_as_signed
    held = []

    def slow_check(s, db_, signer, issued):  # in the recording's transaction, lock held
        issued = list(issued)
        held.append(len(issued))
        check(s, db_, signer, issued)
        time.sleep(SLOW_CHECK_SECONDS * len(issued))

    monkeypatch.setattr(issuing, "still_as_signed", slow_check)
    waits: list[float] = []
    saves_while_recording = []
    finished = threading.Event()

    def desk() -> None:
        serial = 0
        while not finished.is_set():
            serial += 1
            recording = bool(held)
            t0 = time.monotonic()
            out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 2), "Lan"),
                              person=PersonInput("Trần Thị Hoa", date(1990, 1, 1), Sex.FEMALE,
                                                 IdType.CCCD,
                                                 make_cccd("079", Sex.FEMALE, 1990, serial)),
                              confirm_warnings=True, actor=boss)
            waits.append(time.monotonic() - t0)
            assert out.saved, out.problems
            if recording:
                saves_while_recording.append(serial)
            finished.wait(0.02)

    clerk = threading.Thread(target=desk)
    clerk.start()
    try:
        pages = drain(certificates.write_certificates(db, batches.signer(), people,
                                                      tmp_path / "ngay.pdf", actor=boss))
    finally:
        finished.set()
        clerk.join()
    assert pages == 60 and sum(held) == 60
    assert max(waits) < 1.5, sorted(waits)[-5:]  # the old batch: 3 s and more
    assert max(held) <= 3
    assert len(saves_while_recording) >= 3, (waits, held)  # the desk saved while it recorded
    printed = batches.printed(tmp_path / "ngay.pdf")
    recorded, audited = batches.recorded(db)
    assert len(printed) == 60 and sorted(printed) == recorded == audited


def test_a_batch_in_parts_is_one_file_whose_certificates_are_all_recorded(
        db, site, boss, tmp_path, monkeypatch):
    monkeypatch.setattr(certificates, "RECORD_CHUNK", 2)
    people = batches.people(db, boss, tmp_path, 5)
    out = tmp_path / "chung-nhan-2026-11-20.pdf"
    progress = []
    assert drain(certificates.write_certificates(db, batches.signer(), people, out,
                                                 actor=AT_THIS_LAPTOP), progress.append) == 5
    assert progress == [2, 4, 5]
    assert _pdfs(tmp_path) == [out]  # the parts' own files joined into it, and removed
    assert not list(tmp_path.glob("*.part"))
    assert os.name != "posix" or out.stat().st_mode & 0o777 == 0o600  # this user's only
    printed = batches.printed(out)
    recorded, audited = batches.recorded(db)
    assert len(printed) == 5 and sorted(printed) == recorded == audited


def test_a_record_corrected_while_the_batch_is_made_makes_its_part_again(
        db, site, boss, tmp_path, monkeypatch):
    """The correction found no issue to revoke (none was recorded): the part is signed
    again from the record as it is now, so the paper and the record say the new name."""
    monkeypatch.setattr(certificates, "RECORD_CHUNK", 2)
    people = batches.people(db, boss, tmp_path, 5)
    record_with_file, calls = issuing.record_with_file, []

    def correcting_first(*args, **kwargs):
        calls.append(args[4].name)
        if len(calls) == 2:  # the second part signed, not yet recorded
            assert correct_person(db, people[3], {"full_name": "Người Đã Sửa Tên"},
                                  actor=boss).saved
        record_with_file(*args, **kwargs)

    monkeypatch.setattr(issuing, "record_with_file", correcting_first)
    out = tmp_path / "sua.pdf"
    assert drain(certificates.write_certificates(db, batches.signer(), people, out,
                                                 actor=AT_THIS_LAPTOP)) == 5
    assert calls == ["sua (1-2).pdf", "sua (3-4).pdf", "sua (3-4).pdf", "sua (5-5).pdf"]
    assert _pdfs(tmp_path) == [out]
    printed = batches.printed(out)
    recorded, audited = batches.recorded(db)
    assert sorted(printed) == recorded == audited
    pdf = pypdfium2.PdfDocument(str(out))
    page = pdf[3].get_textpage().get_text_range()
    pdf.close()
    assert "NGƯỜI ĐÃ SỬA TÊN" in page.upper()


def test_a_person_left_with_no_certificate_stops_the_batch_with_the_parts_before_saved(
        db, site, boss, tmp_path, monkeypatch):
    """The only dose of a person in the second part voided once it was signed: that part
    can be made no more. The first part stays recorded, its paper in the file asked for,
    and the clerk is told which part of the batch is there."""
    monkeypatch.setattr(certificates, "RECORD_CHUNK", 2)
    people = batches.people(db, boss, tmp_path, 5)
    with db.reading() as s:
        dose = s.scalars(select(Dose.id).where(Dose.person_id == people[2])).one()
        name = s.get(Person, people[2]).full_name
    record_with_file, calls = issuing.record_with_file, []

    def voiding_first(*args, **kwargs):
        calls.append(args[4].name)
        if len(calls) == 2:
            void_dose(db, dose, "Nhập nhầm", actor=boss)
        record_with_file(*args, **kwargs)

    monkeypatch.setattr(issuing, "record_with_file", voiding_first)
    out = tmp_path / "dung.pdf"
    with pytest.raises(certificates.CertificateError) as stopped:
        drain(certificates.write_certificates(db, batches.signer(), people, out,
                                              actor=AT_THIS_LAPTOP))
    assert stopped.value.code == "CERT_BATCH_CUT_SHORT"
    said = stopped.value.message("vi")
    assert name in said and "2 chứng nhận đầu" in said and str(out) in said
    assert _pdfs(tmp_path) == [out] and not list(tmp_path.glob("*.part"))
    printed = batches.printed(out)
    recorded, audited = batches.recorded(db)
    assert len(printed) == 2 and sorted(printed) == recorded == audited
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(CertificateIssue)
                        .where(CertificateIssue.person_id == people[2])) == 0
