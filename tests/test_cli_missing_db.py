"""A ``--db`` that names no database: a typo (``sitee.db``) made a new, empty database there
(and a folder and a log for it) and the command carried on into it, saying "this laptop has
no account yet", so a clerk took the site's data for lost. Commands on a site's data refuse
it; those whose job is to make a database (a new site's first supervisor, the demo, a
restore, the app's first start on the default data folder) still make one. Real processes
on real files."""

from __future__ import annotations

import os

import pytest

from desktop_app import exit_codes
from desktop_app.db.database import open_database
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.site import set_up_site
from tests import forked
from tests.importers.sheets import person_row, write_xlsx
from tests.keys import TEST_PASSPHRASE, ensure_test_supervisor


def _vaxdesk(*args: str, **more_env: str):  # noqa: ANN202
    return forked.vaxdesk(*args, env={**os.environ, **more_env}, timeout=120)


@pytest.fixture
def real_site(tmp_path):
    """The site's real database, set up, beside which the typo is made."""
    path = tmp_path / "site.db"
    ensure_test_supervisor(path)
    with open_database(path, TEST_PASSPHRASE) as db:
        set_up_site(db, "HN-0001", "Trạm Y tế Phường Láng Hạ", province_code="01",
                    actor=AT_THIS_LAPTOP)
    return path


@pytest.mark.parametrize("lang, said", [
    ("vi", "Không có cơ sở dữ liệu nào ở {path}"), ("en", "There is no database at {path}")])
def test_a_mistyped_db_is_refused_and_no_file_is_made(real_site, tmp_path, lang, said):
    sheet = write_xlsx(tmp_path / "x.xlsx", [person_row(1)])
    typo = tmp_path / "sitee.db"
    elsewhere = tmp_path / "nowhere" / "site.db"  # a folder not there either
    before = sorted(tmp_path.iterdir())
    for path in (typo, elsewhere):
        for command in (["search", "Lan"], ["import", str(sheet)], ["info"],
                        ["setup-site", "HN-0002", "Trạm"], ["sync"], ["backup"],
                        ["audit", "verify"], ["user", "list"],
                        ["user", "add", "lan", "--role", "clerk"],
                        ["report", "daily", "--from", "01/01/2022", "--to", "31/01/2022",
                         "--json"]):
            out = _vaxdesk("--db", str(path), "--lang", lang, *command,
                           VAXDESK_NEW_PASSWORD="mật khẩu thư ký")
            assert out.returncode == exit_codes.CANNOT_START, (command, out.stderr)
            assert out.stderr.startswith(said.format(path=path)), (command, out.stderr)
            assert "Traceback" not in out.stderr, out.stderr
            assert out.stdout == "", (command, out.stdout)
    assert sorted(tmp_path.iterdir()) == before  # no database, no log, no folder made


def test_a_new_sites_first_supervisor_still_makes_its_database(tmp_path):
    """`vaxdesk user add NAME --role supervisor` is how a database is started from the
    command line: its job is to make one, at --db as on the default data folder."""
    new = tmp_path / "new-site.db"
    out = _vaxdesk("--db", str(new), "user", "add", "boss", "--role", "supervisor",
                   VAXDESK_PASSWORD="mật khẩu giám sát")
    assert out.returncode == 0, out.stderr
    assert new.exists()
    info = _vaxdesk("--db", str(new), "info", VAXDESK_USER="boss",
                    VAXDESK_PASSWORD="mật khẩu giám sát")
    assert info.returncode == 0, info.stderr


def test_the_default_database_is_made_on_a_fresh_laptop(tmp_path):
    """No --db: the data folder's database is made on the first command, as the README's
    first command and `vaxdesk user add` on a new laptop need."""
    data = tmp_path / "data"
    first = _vaxdesk("info", VAXDESK_DATA_DIR=str(data))
    assert first.returncode == exit_codes.CANNOT_START  # no account yet: it says how
    assert "vaxdesk user add" in first.stderr, first.stderr
    assert (data / "vaxdesk.db").exists()
    made = _vaxdesk("user", "add", "boss", "--role", "supervisor", VAXDESK_DATA_DIR=str(data),
                    VAXDESK_PASSWORD="mật khẩu giám sát")
    assert made.returncode == 0, made.stderr
