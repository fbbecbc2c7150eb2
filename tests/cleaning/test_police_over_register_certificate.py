"""The police answer "khớp" for a person the population register found mismatched: the
case closes as *fixed* (the police outrank the register, police_apply._after_check), and
the certificate gate lets her through. It held her back for the register's mismatch
before, with no case open to work and nothing to correct."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from desktop_app.clock import utc_now
from desktop_app.db import cleaning_store
from desktop_app.db.models import CleaningCase
from desktop_app.importers.police_file import WRITTEN
from desktop_app.services import (
    certificates,
    cleaning,
    police_apply,
    police_export,
    police_returned,
    signing,
)
from desktop_app.services.actor import Actor, Role
from desktop_app.services.certificates import CertificateError
from desktop_app.wire.register import Verdict
from tests.certificates.signed import PASSPHRASE
from tests.cleaning.people import TODAY, acknowledged, paper


def _answered(db, pid, boss, tmp_path, result: str):
    out = tmp_path / "xac-minh.xlsx"
    police_export.export_for_police(db, out, actor=boss)
    book = openpyxl.load_workbook(out)
    for row in book.active.iter_rows(min_row=2):
        if row[0].value == pid:
            row[WRITTEN.index("Kết quả xác minh")].value = result
    book.save(tmp_path / "tra-ve.xlsx")
    return police_apply.apply_returned(
        db, police_returned.read_returned(db, tmp_path / "tra-ve.xlsx", today=TODAY),
        actor=boss, today=TODAY)


def test_the_police_verifying_over_a_register_mismatch_frees_the_certificate(
        signed, boss, tmp_path):
    db = signed.db
    pid = paper(db)  # Phạm Thị Lan, clean by the rules
    assert _mismatched(db, pid)
    with pytest.raises(CertificateError):  # the register's mismatch holds her back
        certificates.issue_certificate(db, signing.unlock_signer(db, PASSPHRASE), pid,
                                       actor=boss)
    assert _answered(db, pid, boss, tmp_path, "khớp").fixed == 1
    with db.reading() as s:
        assert s.get(CleaningCase, pid).status == "fixed"
    assert cleaning.worklist(db).cases == []  # nothing left to work on
    signer = signing.unlock_signer(db, PASSPHRASE)
    clerk = Actor(boss.user_id, "Thư ký Lan", Role.CLERK)
    assert certificates.held_back(db, [pid]) == {}, certificates.held_back(db, [pid])
    assert certificates.issue_certificate(db, signer, pid, actor=clerk).qr_text.startswith("HC1:")


def test_a_mismatch_the_police_could_not_settle_still_holds_the_certificate(
        signed, boss, tmp_path):
    db = signed.db
    pid = paper(db)
    assert _mismatched(db, pid)
    assert _answered(db, pid, boss, tmp_path, "không tìm thấy").cannot_verify == 1
    with db.reading() as s:
        assert s.get(CleaningCase, pid).status == "cannot_verify"
    assert set(certificates.held_back(db, [pid])) == {pid}


def _mismatched(db, pid) -> bool:
    acknowledged(db, pid, 1)
    with db.transaction() as s:
        return cleaning_store.record_verdict(
            s, Verdict(pid, "mismatch", ("dob",), datetime(2026, 11, 24, 8), 1), utc_now())
