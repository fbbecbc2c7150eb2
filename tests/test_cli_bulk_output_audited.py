"""Personal data printed in bulk at the command line leaves the encrypted database as surely
as an exported file does (``vaxdesk cleaning list --json > file``): the cleaning list is a
supervisor's, as the police's file of the same people is, and audited as that export is; a
search asking for more than a desk's page is audited with who asked, what, and how many
came back. A clerk's desk-size search (one person looked up) writes nothing."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select

from desktop_app.db.models import AuditEntry
from desktop_app.progress import drain
from desktop_app.services import accounts, audit_trail, backfill
from desktop_app.services.actor import AT_THIS_LAPTOP, Role
from tests import forked
from tests.importers.sheets import person_row, write_xlsx
from tests.keys import TEST_PASSWORD, TEST_USER

VOLUNTEER = ("vy", "mật khẩu của vy")


def _site_with_people(data: Path, tmp_path: Path) -> dict[str, str]:
    """A site's database (the CLI's default file) with a volunteer's account and people
    imported from a provincial sheet, one of them on the cleaning list (no date of birth)."""
    from desktop_app.db.database import open_database
    from desktop_app.services.site import set_up_site
    from tests.keys import TEST_PASSPHRASE, ensure_test_supervisor

    path = data / "vaxdesk.db"
    ensure_test_supervisor(path)
    with open_database(path, TEST_PASSPHRASE) as db:
        boss = accounts.login(db, TEST_USER, TEST_PASSWORD)
        set_up_site(db, "HN-0001", "Trạm Y tế Phường Láng Hạ", province_code="01",
                    actor=AT_THIS_LAPTOP)
        accounts.add_user(db, VOLUNTEER[0], "Vy", Role.VOLUNTEER, VOLUNTEER[1], actor=boss)
        drain(backfill.import_file(db, write_xlsx(tmp_path / "sheet.xlsx", [
            person_row(1, name="Trần Thị Bích", sex="Nữ", cccd="001190012345", dob="",
                       phone="0987000111"),
            person_row(2, name="Lê Văn Cường", cccd="001090054321", phone="0912000222")]),
            actor=AT_THIS_LAPTOP))
    return dict(os.environ, VAXDESK_DATA_DIR=str(data), VAXDESK_USER=VOLUNTEER[0],
                VAXDESK_PASSWORD=VOLUNTEER[1])


def _entries_by(data: Path, username: str) -> list[str]:
    from desktop_app.db.database import open_database
    from desktop_app.db.models import User
    from tests.keys import TEST_PASSPHRASE

    with open_database(data / "vaxdesk.db", TEST_PASSPHRASE) as db, db.reading() as s:
        uid = s.scalar(select(User.id).where(User.username == username))
        return [a for (a,) in s.execute(select(AuditEntry.action).where(
            AuditEntry.user_id == uid))]


def _trail(data: Path) -> list[audit_trail.TrailEntry]:
    """The trail as the supervisor reads it in the app (Settings → Audit trail)."""
    from desktop_app.db.database import open_database
    from tests.keys import TEST_PASSPHRASE

    with open_database(data / "vaxdesk.db", TEST_PASSPHRASE) as db:
        boss = accounts.login(db, TEST_USER, TEST_PASSWORD)
        return audit_trail.trail_page(db, "vi", actor=boss).entries


def test_a_volunteer_takes_the_police_list_out_with_cleaning_list_json_unrefused_and_unrecorded(
        tmp_path):
    """`vaxdesk cleaning export` (the list for the police: names, birth dates, ID numbers)
    is a supervisor's, and audited as an export. A volunteer got the same people with
    `vaxdesk cleaning list --json > file`: no role asked, nothing in the audit trail but
    the login. Decree 13 asks the site to know who took personal data out."""
    data = tmp_path / "data"
    env = _site_with_people(data, tmp_path)
    export = forked.vaxdesk("cleaning", "export", "--out", str(tmp_path / "police.xlsx"),
                            env=env, timeout=120)
    assert export.returncode == 2 and "người giám sát" in export.stderr  # as designed
    listed = forked.vaxdesk("cleaning", "list", "--json", env=env, timeout=120)
    took = "001190012345" in listed.stdout and "Trần Thị Bích" in listed.stdout
    recorded = [a for a in _entries_by(data, VOLUNTEER[0])
                if a not in ("login", "refused")]
    assert not took or recorded, (
        "the volunteer printed the cleaning list's names and ID numbers, which the export "
        f"refuses them, and the trail records nothing of it (their entries: "
        f"{_entries_by(data, VOLUNTEER[0])})")
    assert listed.returncode == 2 and "người giám sát" in listed.stderr, listed.stderr
    plain = forked.vaxdesk("cleaning", "list", env=env, timeout=120)  # the same people
    assert plain.returncode == 2 and "001190012345" not in plain.stdout
    assert _entries_by(data, VOLUNTEER[0]).count("refused") == 3
    refusal = next(e.what for e in _trail(data) if e.what.startswith("Bị từ chối"))
    assert "“in danh sách làm sạch ra dòng lệnh” cần vai trò người giám sát" in refusal


def test_a_supervisors_cleaning_list_is_audited_as_the_export_is(tmp_path):
    data = tmp_path / "data"
    env = dict(_site_with_people(data, tmp_path), VAXDESK_USER=TEST_USER,
               VAXDESK_PASSWORD=TEST_PASSWORD)
    listed = forked.vaxdesk("cleaning", "list", "--json", env=env, timeout=120)
    assert listed.returncode == 0 and "001190012345" in listed.stdout, listed.stderr
    assert forked.vaxdesk("cleaning", "list", env=env, timeout=120).returncode == 0
    said = [(e.record, e.what) for e in _trail(data) if e.what.startswith("Xuất dữ liệu")]
    assert said == [("Danh sách làm sạch", "Xuất dữ liệu ra dòng lệnh: Số người “1”")] * 2


def test_a_volunteer_dumps_every_persons_identity_and_phone_with_search_unrecorded(tmp_path):
    """`vaxdesk search 001 --limit 100000` prints every person with a CCCD of Hà Nội birth
    (name, birth date, ID number, phone, last dose): the whole site in one line, by any
    account, with no audit entry. The call-back list's export (names and phones) is
    audited because it leaves the encrypted database; this leaves it just as well."""
    data = tmp_path / "data"
    env = _site_with_people(data, tmp_path)
    found = forked.vaxdesk("search", "001", "--limit", "100000", env=env, timeout=120)
    lines = [line for line in found.stdout.splitlines() if line.strip()]
    recorded = [a for a in _entries_by(data, VOLUNTEER[0]) if a not in ("login", "refused")]
    assert len(lines) < 2 or recorded, (
        f"{len(lines)} people's identity and phone printed for a volunteer, unrecorded: "
        f"{lines}")
    [(who, record, what)] = [(e.who, e.record, e.what) for e in _trail(data)
                             if e.what.startswith("Xuất dữ liệu")]
    assert (who, record) == ("vy (Vy)", "Người được tiêm")
    assert what == ("Xuất dữ liệu ra dòng lệnh: Nội dung tìm “001”; "
                    "Số người tối đa “100000”; Số người “2”")


def test_a_desk_size_search_writes_nothing_to_the_trail(tmp_path):
    """The clerk looking one person up (the default page, or --limit up to it) is read as
    the desk reads: no audit entry."""
    data = tmp_path / "data"
    env = _site_with_people(data, tmp_path)
    for asked in ([], ["--limit", "20"]):
        found = forked.vaxdesk("search", "001", *asked, env=env, timeout=120)
        assert found.returncode == 0 and len(found.stdout.splitlines()) == 2
    assert set(_entries_by(data, VOLUNTEER[0])) == {"login"}
