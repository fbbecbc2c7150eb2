"""A certificate is recorded as issued (in force, audited) only once its paper exists: a
batch, or a single certificate, killed (SIGKILL, a real process) or stopped before its PDF
has its name leaves none recorded, so the import undo's "a person holds that paper" is
true; a batch that finishes records exactly the certificates its PDF carries (read back
from the PDF's QR codes); a dose voided while the batch is made refuses it whole."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import date, timedelta

import pypdfium2
import pytest
import zxingcpp
from sqlalchemy import func, select

from desktop_app.certificates.verify import Verdict, verify_hc1
from desktop_app.clock import utc_now
from desktop_app.db.database import open_database
from desktop_app.db.models import AuditEntry, CertificateIssue, Dose, Person
from desktop_app.progress import drain
from desktop_app.services import certificates
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.doses import void_dose
from desktop_app.services.import_undo import plan_undo
from desktop_app.services.signing import Signer
from tests.certificates.factory import Pki
from tests.importers.sheets import name_of, person_row, write_csv
from tests.keys import TEST_PASSPHRASE

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


KILLED = """
import json, os, signal, sys
from datetime import timedelta
from pathlib import Path
from desktop_app.certificates.pdf import CertificateBook
from desktop_app.clock import utc_now
from desktop_app.db.database import open_database
from desktop_app.services import certificates
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.signing import Signer
from tests.certificates.factory import Pki
from tests.keys import TEST_PASSPHRASE

db_path, out, at = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
people = json.loads(sys.argv[4])


def killed(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)  # the power cut, at this very line


certificates.BATCH_CHUNK = 2
if at == "pdf_closing":  # every page drawn, the PDF being finished
    CertificateBook.close = killed
key, cert = Pki().signer(start=utc_now() - timedelta(days=1))
db = open_database(db_path, TEST_PASSPHRASE)
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
    script = tmp_path / "killed.py"
    script.write_text(KILLED)
    chosen = people if at == "after_a_chunk" else people[:1]  # a batch, a single one
    run = subprocess.run([sys.executable, str(script), str(db_path), str(out), at,
                          json.dumps(chosen)], capture_output=True, text=True, timeout=180,
                         env=dict(os.environ, PYTHONPATH=os.getcwd()))
    assert run.returncode == -signal.SIGKILL, (run.returncode, run.stdout, run.stderr)
    assert ("pages 2" in run.stdout) == (at == "after_a_chunk")  # signed and drawn, then killed

    assert not out.exists()  # at most the .part the kill left
    again = open_database(db_path, TEST_PASSPHRASE)
    try:
        assert _issued(again) == (0, 0)
        plan = plan_undo(again, batch)
        assert plan.to_void == PEOPLE and "certified" not in plan.left  # nobody holds one
    finally:
        again.close()


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
