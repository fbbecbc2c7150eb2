"""``vaxdesk imports`` and ``vaxdesk import-undo N [--apply]`` as real processes: the imports
listed, an undo said before it is done, done by a supervisor only, its exit codes."""

from __future__ import annotations

import os

from sqlalchemy import select

from desktop_app import exit_codes
from desktop_app.db.database import open_database
from desktop_app.db.models import Dose
from desktop_app.services import accounts
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.site import set_up_site
from tests import forked
from tests.importers.sheets import name_of, person_row, write_xlsx
from tests.keys import TEST_PASSPHRASE, ensure_test_supervisor


def _vaxdesk(db_path, *args, user=None, password=None):
    env = dict(os.environ)
    if user is not None:
        env.update(VAXDESK_USER=user, VAXDESK_PASSWORD=password)
    return forked.vaxdesk("--db", str(db_path), *args, env=env, timeout=180)


def _statuses(db_path):
    with open_database(db_path, TEST_PASSPHRASE) as db, db.reading() as s:
        return sorted(s.scalars(select(Dose.status)))


def test_imports_are_listed_and_one_is_undone_by_a_supervisor(db_path, tmp_path):
    ensure_test_supervisor(db_path)
    with open_database(db_path, TEST_PASSPHRASE) as db:
        set_up_site(db, "HN-0001", "Trạm Y tế Phường Láng Hạ", actor=AT_THIS_LAPTOP)
        accounts.add_user(db, "tinhnguyen", "Tình Nguyện Viên", "volunteer", "mk tình nguyện",
                          actor=AT_THIS_LAPTOP)
    assert _vaxdesk(db_path, "imports").stderr.strip() == "Chưa có lần nhập nào."
    rows = [person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, 4)]
    sheet = write_xlsx(tmp_path / "nham-xa.xlsx", rows)
    made = _vaxdesk(db_path, "import", str(sheet), user="tinhnguyen", password="mk tình nguyện")
    assert made.returncode == 0, made.stderr

    listed = _vaxdesk(db_path, "imports")
    assert listed.returncode == 0, listed.stderr
    number, _when, file, by, counts, state = listed.stdout.strip().split("\t")
    assert (number, file, by, counts, state) == (
        "1", "nham-xa.xlsx (trang Hồi cứu)", "Tình Nguyện Viên", "3 mũi tiêm, 3 người mới",
        "đã xong")

    # Said first, nothing done; a volunteer may import but not undo.
    told = _vaxdesk(db_path, "import-undo", "1")
    assert told.returncode == 0, told.stderr
    assert "3 mũi tiêm sẽ được đánh dấu nhập nhầm" in told.stdout
    assert "--apply" in told.stderr and _statuses(db_path) == ["active"] * 3
    refused = _vaxdesk(db_path, "import-undo", "1", "--apply", user="tinhnguyen",
                       password="mk tình nguyện")
    assert refused.returncode == exit_codes.CANNOT_START
    assert "Việc này cần vai trò người giám sát" in refused.stderr
    assert _statuses(db_path) == ["active"] * 3

    done = _vaxdesk(db_path, "--lang", "en", "import-undo", "1", "--apply")
    assert done.returncode == 0, done.stderr
    assert "The import of nham-xa.xlsx is undone: 3 doses marked entered in error." \
        in done.stdout
    assert "3 people this import created now have no dose" in done.stdout
    assert _statuses(db_path) == ["voided"] * 3
    assert _vaxdesk(db_path, "imports").stdout.strip().split("\t")[-1].startswith(
        "đã hoàn tác lúc")
    again = _vaxdesk(db_path, "import-undo", "1", "--apply")
    assert (again.returncode, again.stdout.strip().splitlines()) == (0, [
        f"Lần nhập tệp nham-xa.xlsx lúc {_when} không còn mũi tiêm nào để hoàn tác.",
        "3 mũi tiêm đã được đánh dấu nhập nhầm từ trước."])
    missing = _vaxdesk(db_path, "import-undo", "7")
    assert missing.returncode == 2 and "7" in missing.stderr
