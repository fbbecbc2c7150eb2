"""Every file that carries the site's people out of the encrypted database is this user's
alone (0600), from the moment it exists: another account on a shared laptop could read a
0644 export. Each export is written to a real file under the usual umask, over an older
world-readable copy and a crash's world-readable leftover, and its mode read back."""

from __future__ import annotations

import os
import stat
from datetime import date

import pytest

from desktop_app.paths import private_output
from desktop_app.progress import drain
from desktop_app.services import (
    audit,
    backfill,
    backfill_report,
    callbacks,
    certificates,
    police_export,
    police_report,
    police_returned,
    report_export,
    reports,
    signing,
    transfer,
)
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests.certificates.signed import PASSPHRASE
from tests.importers.sheets import person_row, write_csv
from tests.sync.helpers import make_people

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")


@pytest.fixture(autouse=True)
def _usual_umask():
    """022: what a laptop's account has, under which a plain open() makes 0644."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def world_readable_before(out):
    """An older export and a crash's half-written leftover, both 0644."""
    for old in (out, out.with_name(out.name + ".part")):
        old.write_bytes(b"old")
        old.chmod(0o644)
    return out


def written_private(out):
    assert mode(out) == 0o600, f"{out.name} is {oct(mode(out))}"
    assert out.read_bytes() != b"old"
    assert not out.with_name(out.name + ".part").exists()


def test_the_file_is_private_before_a_byte_is_written_and_gone_if_writing_fails(tmp_path):
    out = world_readable_before(tmp_path / "danh-sach.xlsx")
    with private_output(out) as part:
        assert mode(part) == 0o600 and part.stat().st_size == 0
        part.write_bytes(b"new")
    assert mode(out) == 0o600 and out.read_bytes() == b"new"
    with pytest.raises(RuntimeError), private_output(tmp_path / "hong.xlsx") as part:
        part.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == [out]


def test_the_audit_export_is_private(db, site, boss, tmp_path):
    out = world_readable_before(tmp_path / "nhat-ky.csv")
    audit.export(db, out, "vi", actor=boss)
    written_private(out)


def test_the_call_back_list_is_private(db, site, boss, tmp_path):
    make_people(db, 1, doses_each=1)
    out = world_readable_before(tmp_path / "goi-lai.xlsx")
    callbacks.export_call_backs(db, out, actor=boss, today=date(2022, 6, 1))
    written_private(out)


def test_the_police_list_and_the_returned_reports_differences_are_private(
        db, site, boss, tmp_path):
    out = world_readable_before(tmp_path / "xac-minh.xlsx")
    police_export.export_for_police(db, out, actor=boss)
    written_private(out)
    returned = police_returned.read_returned(db, out)
    report = world_readable_before(tmp_path / "ket-qua.json")
    police_report.save_returned_report(db, returned, report, actor=boss)
    written_private(report)


def test_reports_are_private_as_xlsx_and_as_pdf(db, site, boss, tmp_path):
    built = [reports.build(db, "doses", date(2021, 9, 1), date(2021, 12, 31), "vi",
                           actor=AT_THIS_LAPTOP)]
    for name, export in (("bao-cao.xlsx", report_export.export_xlsx),
                         ("bao-cao.pdf", report_export.export_pdf)):
        out = world_readable_before(tmp_path / name)
        export(db, built, out, actor=boss)
        written_private(out)


def test_the_backfills_report_and_rows_to_fix_are_private(db, site, boss, tmp_path):
    source = write_csv(tmp_path / "so-tiem.csv", [person_row(1), person_row(2, name="")])
    report = drain(backfill.import_file(db, source, today=date(2026, 11, 23), actor=boss))
    json_path = world_readable_before(tmp_path / "bao-cao.json")
    fix_path = world_readable_before(tmp_path / "can-sua.xlsx")
    backfill_report.export_reports(db, report, json_path=json_path, fix_path=fix_path, actor=boss)
    written_private(json_path)
    written_private(fix_path)


def test_the_transfer_file_and_certificates_are_private(signed, tmp_path):
    db = signed.db
    [person_id] = make_people(db, 1, doses_each=2)
    signer = signing.unlock_signer(db, PASSPHRASE)
    out = world_readable_before(tmp_path / "chuyen.vaxdesk")
    transfer.export_outbox(db, out, signer, actor=AT_THIS_LAPTOP)
    written_private(out)
    pdf = world_readable_before(tmp_path / "chung-nhan-ngay.pdf")
    assert list(certificates.write_certificates(db, signer, [person_id], pdf,
                                                actor=AT_THIS_LAPTOP)) == [1]
    written_private(pdf)
    # One certificate shown in the dialog, then saved where the clerk chose.
    issued = certificates.sign_certificate(db, signer, person_id, actor=AT_THIS_LAPTOP)
    rendered, _page = certificates.render_certificate(issued, next(iter(certificates.FORMATS)), 50)
    one = world_readable_before(tmp_path / "chung-nhan.pdf")
    certificates.save_certificate(db, signer, issued, rendered, one, actor=AT_THIS_LAPTOP)
    written_private(one)
    assert one.read_bytes().startswith(b"%PDF")
