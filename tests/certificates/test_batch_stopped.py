"""A certificate batch killed (SIGKILL, a real process) part-way is said at the next start:
the next opening joins the parts it recorded into the file asked for (or, one of them gone,
leaves them where they are), removes the pages it drew and never recorded, and the next
clerk or supervisor to open the app is told how far the batch got and where the paper of
the certificates recorded is, once. The joined file, at the batch's end or at that opening,
keeps the title and author its parts have."""

from __future__ import annotations

import subprocess

import pypdfium2
import pytest

from desktop_app.certificates.pdf import CertificateBook
from desktop_app.db import interrupted_issues
from desktop_app.db.database import open_database
from desktop_app.progress import drain
from desktop_app.services import certificates
from desktop_app.services.actor import Actor, Role
from desktop_app.services.stopped_batches import stopped_batches
from tests import forked
from tests.certificates import batches
from tests.child_process import run_killed
from tests.keys import TEST_PASSPHRASE, raw_connect

PEOPLE = 5
TITLE, AUTHOR = "Chứng nhận tiêm chủng", "VaxDesk"  # what CertificateBook gives a PDF

# Run by run_killed, after its HEADER: db_path, args, killed(), open_db(). Parts of 2
# people: "(1-2)", "(3-4)", "(5-5)".
KILLED = """
from datetime import timedelta
from desktop_app.certificates import pdfium_calls
from desktop_app.certificates.pdf import CertificateBook
from desktop_app.clock import utc_now
from desktop_app.services import certificate_issuing, certificates
from desktop_app.services.actor import Actor, Role
from desktop_app.services.signing import Signer
from tests.certificates.factory import Pki

out, at, people, user_id = Path(args[0]), args[1], args[2], args[3]
certificates.RECORD_CHUNK = 2
record_with_file, parts = certificate_issuing.record_with_file, []


def record_part(*args, **kwargs):
    parts.append(args[4].name)
    if at == "second_part" and len(parts) == 2:  # the first part recorded and named
        killed()
    record_with_file(*args, **kwargs)


certificate_issuing.record_with_file = record_part
if at == "drawing":  # the first part's pages drawn, its PDF being finished
    CertificateBook.close = killed
if at == "second_named":  # the second part under its name, its recording not committed
    publish = certificate_issuing.publish
    certificate_issuing.publish = lambda part, named: (
        publish(part, named), len(parts) == 2 and killed())
if at == "joining":  # every part recorded and named, the file asked for being made
    pdfium_calls.join = killed
key, cert = Pki().signer(start=utc_now() - timedelta(days=1))
db = open_db()
for pages in certificates.write_certificates(
        db, Signer(key, cert), people, out, actor=Actor(user_id, "Lan", Role.CLERK)):
    print("pages", pages, flush=True)
print("not killed")
"""


def _metadata(path) -> dict[str, str]:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return pdf.get_metadata_dict()
    finally:
        pdf.close()


def _batch_notes(db_path) -> int:
    with raw_connect(db_path) as conn:
        return conn.execute("SELECT count(*) FROM setting WHERE key = ?",
                            (interrupted_issues.BATCHES,)).fetchone()[0]


def _killed(db, db_path, boss, tmp_path, at) -> tuple:
    """PEOPLE people, and a batch of their certificates into out/chung-nhan-ngay.pdf killed
    ``at``; the database closed."""
    people = batches.people(db, boss, tmp_path, PEOPLE)
    db.close()
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "chung-nhan-ngay.pdf"
    run = run_killed(KILLED, db_path, out, at, people, boss.user_id)
    assert "not killed" not in run.stdout
    return folder, out


@pytest.mark.parametrize(("at", "recorded"), [("second_part", 2), ("second_named", 4),
                                              ("joining", 5)])
def test_a_batch_killed_while_it_records_is_joined_and_said_at_the_next_start(
        db, db_path, site, boss, tmp_path, at, recorded):
    """Killed after its first part was recorded, between the second's rename and its
    commit, or while joining all three: the next opening puts the parts recorded into the
    file asked for (their certificates exactly, in order), leaves no part and no drawn
    page behind, and the next start says the batch stopped, how far it got, and where."""
    folder, out = _killed(db, db_path, boss, tmp_path, at)
    left = sorted(folder.iterdir())
    assert not out.exists() and left  # the parts (and the .part files) the kill left
    parts = [p for p in left if p.suffix == ".pdf"]
    printed = batches.printed(*parts)
    assert len(printed) == recorded
    with raw_connect(db_path) as conn:  # the second part's recording never committed
        assert conn.execute("SELECT count(*) FROM certificate_issue").fetchone()[0] == (
            2 if at == "second_named" else recorded)

    with open_database(db_path, TEST_PASSPHRASE) as again:
        assert sorted(folder.iterdir()) == [out]  # joined, the parts and drawn pages gone
        in_file = batches.printed(out)
        assert len(in_file) == recorded and in_file[:len(printed)] == printed
        assert sorted(in_file) == batches.recorded(again)[0] == batches.recorded(again)[1]
        meta = _metadata(out)
        assert (meta["Title"], meta["Author"]) == (TITLE, AUTHOR)

        said = stopped_batches(again, actor=boss, lang="vi")
        assert len(said) == 1, said
        assert "đã bị dừng đột ngột" in said[0] and str(out) in said[0]
        assert "bởi Người kiểm thử" in said[0]  # the batch's own user, by name
        if recorded < PEOPLE:
            assert f"{recorded} người đầu tiên của đợt đã được ghi nhận" in said[0]
            assert f"{PEOPLE - recorded} người còn lại chưa có chứng nhận" in said[0]
        else:
            assert f"Cả {PEOPLE} chứng nhận đã được ghi nhận là đã cấp" in said[0]
        assert stopped_batches(again, actor=boss, lang="en") == []  # said once
    assert _batch_notes(db_path) == 0


def test_a_batch_killed_while_it_draws_is_said_with_nothing_recorded(
        db, db_path, site, boss, tmp_path):
    """Killed before any part was recorded: no file, the drawn pages (names, ID numbers)
    removed, nobody recorded, and the next start says so, to make it again."""
    folder, out = _killed(db, db_path, boss, tmp_path, "drawing")
    assert [p.name for p in folder.iterdir()] == ["chung-nhan-ngay (1-2).pdf.part"]

    with open_database(db_path, TEST_PASSPHRASE) as again:
        assert list(folder.iterdir()) == []
        assert batches.recorded(again) == ([], [])
        [said] = stopped_batches(again, actor=boss, lang="en")
    assert "stopped unexpectedly" in said and "started at" in said
    assert f"No certificate was recorded as issued and nothing was saved to {out}" in said


def test_a_recorded_part_gone_before_the_next_opening_leaves_the_parts_said_where_they_are(
        db, db_path, site, boss, tmp_path):
    """A part moved away before the next opening: joining the others would make a file
    that lacks certificates recorded as issued, so nothing is joined and the start names
    each part, the missing one as missing."""
    folder, out = _killed(db, db_path, boss, tmp_path, "joining")
    moved = folder / "chung-nhan-ngay (3-4).pdf"
    moved.rename(tmp_path / "elsewhere.pdf")

    with open_database(db_path, TEST_PASSPHRASE) as again:
        assert not out.exists()
        assert sorted(p.name for p in folder.iterdir()) == [
            "chung-nhan-ngay (1-2).pdf", "chung-nhan-ngay (5-5).pdf"]
        assert len(batches.recorded(again)[0]) == PEOPLE  # still recorded: paper was made
        [said] = stopped_batches(again, actor=boss, lang="en")
    assert "The batch's first 5 people were recorded as given a certificate" in said
    listed, missing = said.split("These files are no longer there")
    assert all(str(folder / name) in listed for name in (
        "chung-nhan-ngay (1-2).pdf", "chung-nhan-ngay (3-4).pdf", "chung-nhan-ngay (5-5).pdf"))
    assert str(moved) in missing and "(1-2)" not in missing


def test_a_stopped_batch_waits_for_someone_who_makes_certificates(
        db, db_path, site, boss, tmp_path):
    """A volunteer opening the app is not told (they make no certificates), and the note
    stays for the next clerk or supervisor."""
    _killed(db, db_path, boss, tmp_path, "second_part")
    with open_database(db_path, TEST_PASSPHRASE) as again:
        volunteer = Actor("v1", "Hà", Role.VOLUNTEER)
        assert stopped_batches(again, actor=volunteer, lang="vi") == []
        assert len(stopped_batches(again, actor=boss, lang="vi")) == 1


def test_a_batch_in_parts_joins_into_a_file_with_its_parts_title_and_author(
        db, db_path, site, boss, tmp_path, monkeypatch):
    """PDFium's join into a new document dropped reportlab's Info dictionary: the joined
    file had no title or author. And a batch that ends leaves no note to say."""
    monkeypatch.setattr(certificates, "RECORD_CHUNK", 2)
    people = batches.people(db, boss, tmp_path, PEOPLE)
    alone = tmp_path / "mot.pdf"
    book = CertificateBook(alone)
    one = certificates.sign_certificate(db, batches.signer(), people[0], actor=boss)
    book.add(one.content, one.qr_text)
    book.close()
    out = tmp_path / "ca-ngay.pdf"
    assert drain(certificates.write_certificates(db, batches.signer(), people, out,
                                                 actor=boss)) == 5
    assert len(batches.printed(out)) == PEOPLE
    part, joined = _metadata(alone), _metadata(out)
    assert (joined["Title"], joined["Author"]) == (TITLE, AUTHOR)
    assert joined["Subject"] == part["Subject"] and joined["Creator"] == part["Creator"]
    assert _batch_notes(db_path) == 0


def test_a_batch_stopped_by_its_stop_button_leaves_no_note(db, db_path, site, boss, tmp_path,
                                                           monkeypatch):
    """Stopped in front of the clerk, who is told there and then: nothing said again."""
    monkeypatch.setattr(certificates, "BATCH_CHUNK", 2)
    people = batches.people(db, boss, tmp_path, PEOPLE)
    job = certificates.write_certificates(db, batches.signer(), people, tmp_path / "dung.pdf",
                                          actor=boss)
    assert next(job) == 2
    assert _batch_notes(db_path) == 1  # noted from its start
    job.close()
    assert _batch_notes(db_path) == 0
    assert stopped_batches(db, actor=boss) == []


def test_the_command_line_says_a_stopped_batch_to_whoever_logs_in_next(
        db, db_path, site, boss, tmp_path):
    """A site that makes its batches with ``vaxdesk`` hears of a killed one as the app's
    users do: the next command that logs in a clerk or supervisor says it (on stderr, so
    its own output stays as it was), once."""
    _, out = _killed(db, db_path, boss, tmp_path, "second_part")

    def user_list() -> subprocess.CompletedProcess:
        return forked.vaxdesk("--db", str(db_path), "--lang", "en", "user", "list", timeout=120)

    first = user_list()
    assert first.returncode == 0, first.stderr
    assert "stopped unexpectedly" in first.stderr and str(out) in first.stderr
    assert "The batch's first 2 people were recorded" in first.stderr
    assert "stopped" not in first.stdout and "kiemthu" in first.stdout
    again = user_list()
    assert again.returncode == 0 and "stopped" not in again.stderr  # said once
    assert _batch_notes(db_path) == 0
