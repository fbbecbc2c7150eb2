"""A certificate is recorded as issued (in force, audited) only once its paper exists: a
batch, or a single certificate, killed (SIGKILL, a real process) or stopped before its PDF
has its name leaves none recorded, so the import undo's "a person holds that paper" is
true; killed in the instant after its PDF took its name, before the recording committed,
the next opening records exactly the certificates that PDF carries; a batch that finishes
records exactly the certificates its PDF carries (read back from the PDF's QR codes); a dose
voided while the batch is made refuses it whole."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pypdfium2
import pytest
import zxingcpp
from sqlalchemy import func, select

from desktop_app.certificates.verify import Verdict, verify_hc1
from desktop_app.clock import utc_now
from desktop_app.db import interrupted_issues
from desktop_app.db.database import open_database
from desktop_app.db.models import AuditEntry, CertificateIssue, Dose, Person
from desktop_app.progress import drain
from desktop_app.services import certificates
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.doses import void_dose
from desktop_app.services.import_undo import plan_undo
from desktop_app.services.signing import Signer
from tests.certificates import batches
from tests.certificates.factory import Pki
from tests.child_process import run_killed
from tests.importers.sheets import name_of, person_row, write_csv
from tests.keys import TEST_PASSPHRASE, raw_connect

PEOPLE = 5


def _imported(db, boss, tmp_path) -> tuple[int, list[str]]:
    """PEOPLE people and their doses, from a province's file: the batch and the people."""
    rows = [person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, 6)]
    report = drain(import_file(db, write_csv(tmp_path / "thang8.csv", rows),
                               today=date(2026, 11, 20), actor=boss))
    with db.reading() as s:
        people = list(s.scalars(select(Person.id).order_by(Person.id)))
    assert len(people) == PEOPLE
    return report.batch_id, people


def _issued(db) -> tuple[int, int]:
    """Certificates recorded in force, and "certificate" audit entries."""
    with db.reading() as s:
        return (s.scalar(select(func.count()).select_from(CertificateIssue)
                         .where(CertificateIssue.revoked_at.is_(None))),
                s.scalar(select(func.count()).select_from(AuditEntry)
                         .where(AuditEntry.action == "certificate")))


def _signer(pki: Pki | None = None) -> Signer:
    key, cert = (pki or Pki()).signer(start=utc_now() - timedelta(days=1))
    return Signer(key, cert)


# Run by run_killed, after its HEADER: db_path, args, killed(), open_db().
KILLED = """
from datetime import timedelta
from desktop_app.certificates.pdf import CertificateBook
from desktop_app.clock import utc_now
from desktop_app.services import certificates
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.signing import Signer
from tests.certificates.factory import Pki

out, at, people = Path(args[0]), args[1], args[2]
certificates.BATCH_CHUNK = 2
if at == "pdf_closing":  # every page drawn, the PDF being finished
    CertificateBook.close = killed
if at == "noted":  # the naming noted, the PDF not yet under its name
    from desktop_app.services import certificate_issuing
    certificate_issuing.record = killed
if at == "named":  # the PDF under its name, its recording not yet committed
    from desktop_app.services import certificate_issuing
    publish = certificate_issuing.publish
    certificate_issuing.publish = lambda part, out: (publish(part, out), killed())
key, cert = Pki().signer(start=utc_now() - timedelta(days=1))
db = open_db()
for pages in certificates.write_certificates(db, Signer(key, cert), people, out,
                                            actor=AT_THIS_LAPTOP):
    print("pages", pages, flush=True)
    if at == "after_a_chunk" and pages >= 2:
        killed()
print("not killed")
"""


@pytest.mark.parametrize("at", ["after_a_chunk", "pdf_closing"])
def test_a_batch_killed_part_way_records_no_certificate_and_the_undo_takes_every_dose(
        db, db_path, site, boss, tmp_path, at):
    batch, people = _imported(db, boss, tmp_path)
    db.close()
    out = tmp_path / "chung-nhan-ngay.pdf"
    chosen = people if at == "after_a_chunk" else people[:1]  # a batch, a single one
    run = run_killed(KILLED, db_path, out, at, chosen)
    assert ("pages 2" in run.stdout) == (at == "after_a_chunk")  # signed and drawn, then killed

    assert not out.exists()  # at most the .part the kill left
    again = open_database(db_path, TEST_PASSPHRASE)
    try:
        assert _issued(again) == (0, 0)
        plan = plan_undo(again, batch)
        assert plan.to_void == PEOPLE and "certified" not in plan.left  # nobody holds one
    finally:
        again.close()


def _raw_issued(db_path) -> int:
    with raw_connect(db_path) as conn:
        return conn.execute("SELECT count(*) FROM certificate_issue").fetchone()[0]


@pytest.mark.parametrize("chosen", [PEOPLE, 1])  # a batch, a single one
def test_killed_once_the_pdf_has_its_name_the_next_opening_records_what_it_carries(
        db, db_path, site, boss, tmp_path, chosen):
    """The kill between the rename and the commit left a PDF a clerk may print, whose
    certificates the database did not know: a void could not revoke them, and the undo
    said nobody held them. The next opening records exactly those the PDF carries, as the
    batch would have, and the undo keeps their doses."""
    batch, people = _imported(db, boss, tmp_path)
    db.close()
    out = tmp_path / "chung-nhan-ngay.pdf"
    run = run_killed(KILLED, db_path, out, "named", people[:chosen])
    assert "not killed" not in run.stdout
    named = sorted(tmp_path.glob("*.pdf"))  # the first PDF named (a batch's first step's)
    assert len(named) == 1 and _raw_issued(db_path) == 0  # its recording never committed
    printed = batches.printed(named[0])

    again = open_database(db_path, TEST_PASSPHRASE)
    try:
        assert _issued(again) == (len(printed), len(printed))
        with again.reading() as s:
            recorded = set(s.scalars(select(CertificateIssue.uvci)))
            audited = [(json.loads(d), user) for d, user in s.execute(
                select(AuditEntry.details, AuditEntry.user_id)
                .where(AuditEntry.action == "certificate"))]
            issued_at = set(s.scalars(select(CertificateIssue.issued_at)))
        assert set(printed) == recorded  # exactly the certificates of the PDF there
        assert sorted(d["uvci"] for d, _ in audited) == sorted(printed)
        assert all(set(d) == {"uvci", "kid"} and user is None for d, user in audited)
        assert all(at.microsecond == 0 and at <= utc_now() for at in issued_at)
        assert "certified" in plan_undo(again, batch).left  # somebody may hold that paper
    finally:
        again.close()
    with raw_connect(db_path) as conn:  # settled once: the note is gone
        assert conn.execute("SELECT count(*) FROM setting WHERE key = ?",
                            ("certificates_being_named",)).fetchone() == (0,)
    with open_database(db_path, TEST_PASSPHRASE) as third:
        assert _issued(third) == (len(printed), len(printed))  # not recorded twice


def test_killed_after_the_naming_was_noted_but_before_the_rename_records_nothing(
        db, db_path, site, boss, tmp_path):
    """The note says what would be named; the PDF never was: nothing is recorded, and the
    finished part left beside it (names and ID numbers) is removed at the next opening.
    An older PDF under the same name is not taken for it."""
    batch, people = _imported(db, boss, tmp_path)
    db.close()
    out = tmp_path / "chung-nhan-ngay.pdf"
    out.write_bytes(b"%PDF-1.4 yesterday's batch")
    run_killed(KILLED, db_path, out, "noted", people[:1])
    part = out.with_name(out.name + ".part")
    assert part.exists()  # finished, never named

    with open_database(db_path, TEST_PASSPHRASE) as again:
        assert _issued(again) == (0, 0)
        plan = plan_undo(again, batch)
        assert plan.to_void == PEOPLE and "certified" not in plan.left
    assert not part.exists() and out.read_bytes() == b"%PDF-1.4 yesterday's batch"


def test_a_batch_stopped_part_way_records_nothing_and_leaves_no_file(db, site, boss, tmp_path,
                                                                     monkeypatch):
    monkeypatch.setattr(certificates, "BATCH_CHUNK", 2)
    _batch, people = _imported(db, boss, tmp_path)
    out = tmp_path / "dung.pdf"
    job = certificates.write_certificates(db, _signer(), people, out, actor=AT_THIS_LAPTOP)
    assert next(job) == 2
    job.close()  # the Stop button
    assert _issued(db) == (0, 0)
    assert not out.exists() and not out.with_name("dung.pdf.part").exists()


def test_a_finished_batch_records_exactly_the_certificates_its_pdf_carries(
        db, site, boss, tmp_path, monkeypatch):
    monkeypatch.setattr(certificates, "BATCH_CHUNK", 2)
    _batch, people = _imported(db, boss, tmp_path)
    pki = Pki()
    out = tmp_path / "ca-ngay.pdf"
    pages = drain(certificates.write_certificates(db, _signer(pki), people, out,
                                                  actor=AT_THIS_LAPTOP))
    assert pages == PEOPLE and not out.with_name("ca-ngay.pdf.part").exists()

    printed = []
    pdf = pypdfium2.PdfDocument(str(out))
    for page in pdf:
        [code] = zxingcpp.read_barcodes(page.render(scale=2).to_pil())
        checked = verify_hc1(code.text, pki.trust_list(), utc_now(), {})
        assert checked.verdict is Verdict.VALID, checked.message("en")
        printed.append(checked.payload["v"][0]["ci"])
    pdf.close()
    with db.reading() as s:
        recorded = set(s.scalars(select(CertificateIssue.uvci)
                                 .where(CertificateIssue.revoked_at.is_(None))))
        audited = {json.loads(d)["uvci"] for d in s.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "certificate"))}
    assert len(printed) == PEOPLE and set(printed) == recorded == audited


def test_a_dose_voided_while_the_batch_is_made_refuses_it_whole(db, site, boss, tmp_path,
                                                               monkeypatch):
    """The void found no issue to revoke (none is recorded before the PDF is whole): the
    certificate listing the voided dose must not be recorded in force, nor printed."""
    monkeypatch.setattr(certificates, "BATCH_CHUNK", 2)
    _batch, people = _imported(db, boss, tmp_path)
    out = tmp_path / "doi.pdf"
    job = certificates.write_certificates(db, _signer(), people, out, actor=AT_THIS_LAPTOP)
    assert next(job) == 2  # the first two signed and drawn
    with db.reading() as s:
        dose = s.scalars(select(Dose.id).where(Dose.person_id == people[0])).one()
        name = s.get(Person, people[0]).full_name
    void_dose(db, dose, "Nhập nhầm", actor=boss)
    with pytest.raises(certificates.CertificateError) as refused:
        drain(job)
    assert refused.value.code == "CERT_CHANGED_WHILE_PRINTING"
    assert refused.value.message("vi").startswith(f"Hồ sơ của {name} vừa được thay đổi")
    assert _issued(db) == (0, 0) and not out.exists()
    assert not out.with_name("doi.pdf.part").exists()


def test_a_note_whose_folder_is_not_there_waits_for_an_opening_that_finds_it(
        db, db_path, site, tmp_path, monkeypatch):
    """Printed to a USB drive, killed in the instant, the drive out at the next opening:
    whether its PDF was named cannot be told yet, so nothing is decided."""
    usb = tmp_path / "usb"
    usb.mkdir()
    part, out = usb / "ngay.pdf.part", usb / "ngay.pdf"
    part.write_bytes(b"%PDF-1.4 the batch")
    entry = interrupted_issues.issue_entry("URN:UVCI:01:VN:X", "p", "d", "kid",
                                           utc_now().replace(microsecond=0), None, {})
    noting = interrupted_issues.noting(db, [entry], part, out)
    noting.__enter__()  # the kill: never left
    db.close()
    usb.rename(tmp_path / "unplugged")

    def note() -> int:
        with raw_connect(db_path) as conn:
            return conn.execute("SELECT count(*) FROM setting WHERE key = ?",
                                (interrupted_issues.PENDING,)).fetchone()[0]

    open_database(db_path, TEST_PASSPHRASE).close()
    assert note() == 1
    (tmp_path / "unplugged").rename(usb)
    with open_database(db_path, TEST_PASSPHRASE) as again:
        assert _issued(again) == (0, 0)  # the part there, never named: nothing issued
    assert note() == 0 and not part.exists()
    monkeypatch.setattr(interrupted_issues, "_drop", lambda *_a: None)
    noting.gen.close()  # the killed process's block, gone without a word to the file
