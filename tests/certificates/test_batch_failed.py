"""A certificate batch that fails in the running process (not killed) after a part was
recorded: the disk fills up or the USB drive is pulled out while a later part is written,
or a bug. The clerk is told at once, with the failure, how many certificates were recorded
and that they are put together at the next start; the batch's note is kept, so the next
opening joins the recorded parts into the file asked for, as after a kill, and the next
start says the batch failed and how far it got. Failed before any part was recorded, it
leaves nothing: no file, no drawn page, no note."""

from __future__ import annotations

import errno
import json
import os

import pytest
from sqlalchemy import select

from desktop_app.certificates import pdfium_calls
from desktop_app.db.database import open_database
from desktop_app.db.faults import FaultError, Kind
from desktop_app.db.models import AuditEntry
from desktop_app.progress import drain
from desktop_app.rules.messages import UserError
from desktop_app.services import certificate_issuing, certificates
from desktop_app.services.audit import describe
from desktop_app.services.stopped_batches import stopped_batches
from tests.certificates import batches
from tests.certificates.test_batch_stopped import PEOPLE, _batch_notes
from tests.keys import TEST_PASSPHRASE


def _full_disk_at_rename(monkeypatch, which: int) -> None:
    """The ``which``-th part's rename into its name fails as on a full disk. Injected: a
    full disk cannot be made here (the rename is where a USB drive pulled out, EIO, or a
    full one fails a part after its PDF was drawn)."""
    publish, calls = certificate_issuing.publish, []

    def failing(part, out):
        calls.append(out)
        if len(calls) == which:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(part))
        publish(part, out)

    monkeypatch.setattr(certificate_issuing, "publish", failing)


def _told(db) -> list[tuple[str | None, str]]:
    """Who the trail says was told of a stopped batch, and what, in English."""
    with db.reading() as s:
        return [(e.user_id, describe(e.action, json.loads(e.details), "en"))
                for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "batch_told"))]


def _broken(*_args):
    raise RuntimeError("x")


def _batch(db, boss, tmp_path):
    people = batches.people(db, boss, tmp_path, PEOPLE)
    folder = tmp_path / "out"
    folder.mkdir()
    return people, folder, folder / "chung-nhan-ngay.pdf"


def test_a_full_disk_at_the_second_part_is_said_with_what_was_recorded_and_joined_next(
        db, db_path, site, boss, tmp_path, monkeypatch):
    """Parts of 2 people; the second one's rename fails (ENOSPC): the clerk reads the full
    disk and that 2 of 5 were recorded, to be put together at the next start; the first
    part stays under its name (no drawn page left), and the next opening joins it into the
    file asked for, whose certificates are exactly those recorded; the next start says so."""
    people, folder, out = _batch(db, boss, tmp_path)
    with monkeypatch.context() as m:
        m.setattr(certificates, "RECORD_CHUNK", 2)
        _full_disk_at_rename(m, 2)
        with pytest.raises(UserError) as failed:
            drain(certificates.write_certificates(db, batches.signer(), people, out,
                                                  actor=boss))
    told = failed.value
    assert isinstance(told, FaultError) and told.fault.kind is Kind.DISK_FULL  # still one
    assert isinstance(told.__cause__, OSError)
    vi, en = told.message("vi"), told.message("en")
    assert "đã đầy" in vi and (
        f"Trước khi lỗi xảy ra, 2 trong số {PEOPLE} chứng nhận đã được ghi nhận là đã cấp"
        in vi) and f"sẽ được ghép lại thành {out} ở lần mở VaxDesk tiếp theo" in vi
    assert en.startswith("The disk that holds") and (
        f"Before that, 2 of the {PEOPLE} certificates were recorded as issued") in en
    assert f"“chung-nhan-ngay (…).pdf” beside {out}" in en
    assert [p.name for p in folder.iterdir()] == ["chung-nhan-ngay (1-2).pdf"]  # no .part
    first = batches.printed(folder / "chung-nhan-ngay (1-2).pdf")
    assert sorted(first) == batches.recorded(db)[0] == batches.recorded(db)[1]
    assert _batch_notes(db_path) == 1  # kept for the next opening
    db.close()

    with open_database(db_path, TEST_PASSPHRASE) as again:
        assert list(folder.iterdir()) == [out]
        assert batches.printed(out) == first
        assert sorted(first) == batches.recorded(again)[0] == batches.recorded(again)[1]
        [said] = stopped_batches(again, actor=boss, lang="vi")
        assert "đã gặp lỗi và dừng lại trước khi xong" in said and "bị tắt" not in said
        assert "2 người đầu tiên của đợt đã được ghi nhận" in said and str(out) in said
        assert f"{PEOPLE - 2} người còn lại chưa có chứng nhận" in said
        assert stopped_batches(again, actor=boss, lang="en") == []  # said once
        [told] = _told(again)
    assert _batch_notes(db_path) == 0
    assert told == (boss.user_id, f"Told a certificate batch had stopped: {out}, 2 of "
                                  f"{PEOPLE} people recorded")


def test_a_failure_while_joining_is_said_and_the_next_opening_joins_every_part(
        db, db_path, site, boss, tmp_path, monkeypatch):
    """Every part recorded, the join fails with an error that is no fault of the machine (a
    bug): the clerk reads it and that all 5 were recorded; the next opening joins them."""
    people, folder, out = _batch(db, boss, tmp_path)
    with monkeypatch.context() as m:
        m.setattr(certificates, "RECORD_CHUNK", 2)
        m.setattr(pdfium_calls, "join", _broken)
        with pytest.raises(certificates.CertificateError) as failed:
            drain(certificates.write_certificates(db, batches.signer(), people, out,
                                                  actor=boss))
    en = failed.value.message("en")
    assert en.startswith("Something went wrong and the action was not completed:\nx\n\n")
    assert f"Before that, {PEOPLE} of the {PEOPLE} certificates were recorded" in en
    parts = sorted(folder.iterdir())
    assert [p.name for p in parts] == ["chung-nhan-ngay (1-2).pdf",
                                       "chung-nhan-ngay (3-4).pdf", "chung-nhan-ngay (5-5).pdf"]
    printed = batches.printed(*parts)
    db.close()

    with open_database(db_path, TEST_PASSPHRASE) as again:
        assert list(folder.iterdir()) == [out]
        assert batches.printed(out) == printed
        assert sorted(printed) == batches.recorded(again)[0] == batches.recorded(again)[1]
        [said] = stopped_batches(again, actor=boss, lang="en")
    assert "failed before it finished" in said
    assert f"All {PEOPLE} certificates were recorded as issued; the pages are in {out}" in said


def test_a_full_disk_before_any_part_was_recorded_leaves_nothing(
        db, db_path, site, boss, tmp_path, monkeypatch):
    """The first part's rename fails: nothing recorded, the failure as it is, no file, no
    drawn page (names, ID numbers) and no note to say at the next start."""
    people, folder, out = _batch(db, boss, tmp_path)
    monkeypatch.setattr(certificates, "RECORD_CHUNK", 2)
    _full_disk_at_rename(monkeypatch, 1)
    with pytest.raises(OSError) as failed:
        drain(certificates.write_certificates(db, batches.signer(), people, out, actor=boss))
    assert failed.value.errno == errno.ENOSPC
    assert list(folder.iterdir()) == []
    assert batches.recorded(db) == ([], [])
    assert _batch_notes(db_path) == 0
    assert stopped_batches(db, actor=boss) == []


@pytest.mark.parametrize("again", ["fewer", "all"])
def test_the_batch_made_again_after_its_failure_is_the_one_kept(
        db, db_path, site, boss, tmp_path, monkeypatch, again):
    """The clerk frees space and makes the batch again at once, as the failure said, to
    the same file (fewer people: written straight to it; all of them: in parts again).
    The next opening keeps the file made again (the failed batch's parts are not joined
    over it) and says nothing of the failed batch; its recorded part stays where the
    failure said."""
    people, folder, out = _batch(db, boss, tmp_path)
    with monkeypatch.context() as m:
        m.setattr(certificates, "RECORD_CHUNK", 2)
        _full_disk_at_rename(m, 2)
        with pytest.raises(UserError):
            drain(certificates.write_certificates(db, batches.signer(), people, out,
                                                  actor=boss))
    first = folder / "chung-nhan-ngay (1-2).pdf"
    first_pages = batches.printed(first)
    remade = people[2:4] if again == "fewer" else people
    with monkeypatch.context() as m:
        m.setattr(certificates, "RECORD_CHUNK", 2)
        drain(certificates.write_certificates(db, batches.signer(), remade, out, actor=boss))
    made = batches.printed(out)
    assert len(made) == len(remade)
    assert _batch_notes(db_path) == 0
    db.close()

    with open_database(db_path, TEST_PASSPHRASE) as reopened:
        assert batches.printed(out) == made
        assert stopped_batches(reopened, actor=boss, lang="en") == []
        assert _told(reopened) == []
        if again == "fewer":  # the failed batch's part, named in its failure, untouched
            assert sorted(p.name for p in folder.iterdir()) == [first.name, out.name]
            assert batches.printed(first) == first_pages
        else:  # the batch made again took the part's name, and joined it
            assert list(folder.iterdir()) == [out]


def test_a_batch_made_again_that_fails_before_a_part_leaves_the_first_ones_promise(
        db, db_path, site, boss, tmp_path, monkeypatch):
    """Made again at once, the disk still full: the new batch records nothing, so the first
    failure's word stands (its recorded part joined at the next opening, and said)."""
    people, folder, out = _batch(db, boss, tmp_path)
    for fails_at in (2, 1):  # the first batch at its second part; made again, at its first
        with monkeypatch.context() as m:
            m.setattr(certificates, "RECORD_CHUNK", 2)
            _full_disk_at_rename(m, fails_at)
            with pytest.raises(UserError if fails_at == 2 else OSError):
                drain(certificates.write_certificates(db, batches.signer(), people, out,
                                                      actor=boss))
    first = batches.printed(folder / "chung-nhan-ngay (1-2).pdf")
    assert _batch_notes(db_path) == 1
    db.close()

    with open_database(db_path, TEST_PASSPHRASE) as reopened:
        assert list(folder.iterdir()) == [out] and batches.printed(out) == first
        [said] = stopped_batches(reopened, actor=boss, lang="en")
    assert "failed before it finished" in said and "first 2 people" in said
