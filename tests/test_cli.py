"""The ``vaxdesk`` command, run as a real process."""

import re
from datetime import date
from pathlib import Path

from desktop_app.db.database import open_database
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests import forked
from tests.keys import TEST_PASSPHRASE, ensure_test_supervisor


def vaxdesk(*args, env_dir):
    import os
    ensure_test_supervisor(env_dir / "vaxdesk.db")
    env = dict(os.environ, VAXDESK_DATA_DIR=str(env_dir))
    return forked.vaxdesk(*args, env=env, timeout=120)


def test_info_creates_the_default_database_in_the_data_folder(tmp_path):
    out = vaxdesk("info", env_dir=tmp_path / "data")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "data" / "vaxdesk.db").exists()
    assert "điểm tiêm: (chưa thiết lập)" in out.stdout  # Vietnamese by default, throughout
    assert "số người: 0" in out.stdout


def test_the_cli_speaks_the_chosen_language_and_remembers_the_apps_choice(tmp_path):
    data = tmp_path / "data"
    english = vaxdesk("--lang", "en", "info", env_dir=data)
    assert "site: (not set up)" in english.stdout and "people: 0" in english.stdout
    from desktop_app import settings

    (data / settings.PREFERENCES_FILE).write_text('{"language": "en"}')  # as the app saves it
    assert "site: (not set up)" in vaxdesk("info", env_dir=data).stdout
    assert "Nothing found." in vaxdesk("search", "ai do", env_dir=data).stderr


def site_with(data, *people: PersonInput) -> None:  # noqa: ANN001
    """A site set up by the command, each of ``people`` given a first dose at its desk."""
    assert vaxdesk("setup-site", "hn-01", "Trạm Y tế Láng Hạ", env_dir=data).returncode == 0
    with open_database(data / "vaxdesk.db", TEST_PASSPHRASE) as db:
        for person in people:
            out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"),
                              person=person, actor=AT_THIS_LAPTOP)
            assert out.saved, out.problems


def test_setup_then_search(tmp_path):
    data = tmp_path / "data"
    site_with(data, PersonInput("Hoàng Thị Mai", date(1988, 3, 4), Sex.FEMALE, IdType.CCCD,
                                "001188000777"))
    found = vaxdesk("search", "hoang thi", env_dir=data)
    assert found.returncode == 0
    assert found.stdout.split("\t")[:3] == ["Hoàng Thị Mai", "04/03/1988", "001188000777"]
    missing = vaxdesk("search", "khong co ai", env_dir=data)
    assert (missing.returncode, missing.stderr.strip()) == (1, "Không tìm thấy.")


def test_a_locked_database_is_reported_in_vietnamese(tmp_path):
    data = tmp_path / "data"
    with open_database(data / "vaxdesk.db", TEST_PASSPHRASE):
        out = vaxdesk("info", env_dir=data)
    assert out.returncode == 6  # desktop_app/exit_codes.py LOCKED
    assert "đang được mở trong một cửa sổ VaxDesk khác" in out.stderr


def test_every_file_vaxdesk_leaves_in_the_data_folder_is_the_users_alone(tmp_path):
    """README: the data folder is 0700, its files 0600. Before, the lock files, the
    clean-close record and the preferences were 0644 (by the umask)."""
    import os
    import stat

    from desktop_app import settings

    data = tmp_path / "data"
    assert vaxdesk("setup-site", "hn-01", "Trạm Y tế Láng Hạ", env_dir=data).returncode == 0
    os.environ["VAXDESK_DATA_DIR"] = str(data)
    try:
        settings.write_preference(settings.LANGUAGE, "vi")
    finally:
        del os.environ["VAXDESK_DATA_DIR"]
    files = [p for p in data.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"vaxdesk.db", "vaxdesk.db.lock", "vaxdesk.db-checked",
                                       settings.PREFERENCES_FILE}
    loose = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in files
             if stat.S_IMODE(p.stat().st_mode) != 0o600}
    assert loose == {}


def test_a_data_folder_setting_that_names_a_file_is_said_in_words_not_a_traceback(tmp_path):
    """README: ``VAXDESK_DATA_DIR`` moves the data folder; a fault is "one sentence on
    stderr, in the chosen language ... never a traceback". Set to a file (a typo, the
    database's own path), the command says so and exits 2; it printed a traceback ending
    in FileExistsError and exited 1, a code the table gives to "rows needing a person"."""
    import os

    from desktop_app import exit_codes

    a_file = tmp_path / "vaxdesk.db"
    a_file.write_bytes(b"")
    env = dict(os.environ, VAXDESK_DATA_DIR=str(a_file))
    out = forked.vaxdesk("--lang", "en", "info", env=env, timeout=120)
    assert "Traceback" not in out.stderr and "FileExistsError" not in out.stderr, out.stderr
    assert out.returncode == exit_codes.CANNOT_START, out.returncode
    assert f"{a_file} is a file, not a folder" in out.stderr, out.stderr


def test_a_database_path_that_is_a_folder_is_said_as_a_folder_not_a_missing_permission(
        tmp_path):
    """``vaxdesk --db /some/folder info`` (the data folder given for the file) says it is a
    folder and exits 2: it said the computer account may not read or write there (exit 8),
    and the manager went to ask for rights they already have."""
    import os

    from desktop_app import exit_codes

    folder = tmp_path / "data"
    folder.mkdir()
    out = forked.vaxdesk("--db", str(folder), "info", env=dict(os.environ), timeout=120)
    assert out.returncode == exit_codes.CANNOT_START, out.stderr
    assert "không có quyền" not in out.stderr, out.stderr
    assert f"{folder} là một thư mục" in out.stderr, out.stderr


def test_an_unexpected_error_is_one_sentence_and_exit_12_its_traceback_in_the_log(
        tmp_path, capsys, monkeypatch):
    """README's table: 12 = an unexpected error, details in vaxdesk.log. The command
    printed a Python traceback instead, and exited 1 ("rows needing a person")."""
    from desktop_app import cli, exit_codes

    def broken(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "_check_outputs", broken)
    db_path = tmp_path / "data" / "vaxdesk.db"
    ensure_test_supervisor(db_path)  # a --db that is there: one that is not is refused first
    assert cli.main(["--db", str(db_path), "--lang", "en", "info"]) == exit_codes.CRASHED
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "RuntimeError: a bug" in err, err
    # The log it names (beside the database; in a test process whose log an earlier test
    # started elsewhere, that one) holds the traceback.
    [named] = re.findall(r"written to (\S+vaxdesk\.log)", err)
    logged = Path(named).read_text()
    assert "Traceback" in logged and "RuntimeError: a bug" in logged
