"""Every command that writes a file refuses, before any work, a file it could not write:
said in words with the path, exit 2, never a traceback after the work was done."""

from __future__ import annotations

import os

import pytest

from desktop_app.rules.messages import UserError
from desktop_app.services.output_paths import check_output
from tests import forked
from tests.keys import ensure_test_supervisor


def _vaxdesk(db_path, *args):
    ensure_test_supervisor(db_path)
    return forked.vaxdesk("--db", str(db_path), "--lang", "en", *args, env=dict(os.environ),
                          timeout=120)


@pytest.mark.parametrize(("command", "written"), [
    (["audit", "export", "--out", "{out}"], "file.out"),
    (["report", "daily", "--from", "01/10/2021", "--to", "31/10/2021", "--out", "{out}"],
     "file.out.xlsx"),  # a workbook's type added to the name, then checked
    (["export-outbox", "--out", "{out}"], "file.out"),
    (["certificates", "--day", "2021-10-01", "--out", "{out}"], "file.out"),
])
def test_a_file_in_a_missing_folder_is_refused_in_words_first(tmp_path, command, written):
    out = tmp_path / "no-such-folder" / "file.out"
    done = _vaxdesk(tmp_path / "d.db", *[a.format(out=out) for a in command])
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    out = out.with_name(written)
    assert done.stderr.strip() == (f"Cannot write {out}: the folder {out.parent} does not "
                                   "exist. Nothing was done. Create the folder or choose "
                                   "another place, then run again.")


def test_what_cannot_be_written_is_said(tmp_path):
    check_output(tmp_path / "fine.csv")
    check_output(type(tmp_path)("bare-name.csv"))  # the current folder
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    for out, code in [(tmp_path / "gone" / "x.csv", "OUTPUT_FOLDER_MISSING"),
                      (a_file / "x.csv", "OUTPUT_FOLDER_MISSING"),  # a file, not a folder
                      (tmp_path, "OUTPUT_IS_FOLDER")]:
        with pytest.raises(UserError) as refused:
            check_output(out)
        assert refused.value.code == code
        assert str(out) in refused.value.message("vi")
    assert list(tmp_path.iterdir()) == [a_file]  # the check leaves nothing behind


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="permissions bind no one as root")
def test_a_folder_that_takes_no_file_is_said(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(UserError) as refused:
        check_output(locked / "x.csv")
    assert refused.value.code == "OUTPUT_FOLDER_UNWRITABLE"


def test_the_report_adds_its_type_to_a_name_with_a_dot_rather_than_replacing(tmp_path):
    """``--out bao-cao.10.2021`` was written as ``bao-cao.10.xlsx`` (over any file of that
    name): the type is added, as the app's save dialog adds it."""
    done = _vaxdesk(tmp_path / "d.db", "report", "daily", "--from", "01/10/2021",
                    "--to", "31/10/2021", "--out", str(tmp_path / "bao-cao.10.2021"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "bao-cao.10.2021.xlsx").is_file()
    assert not (tmp_path / "bao-cao.10.xlsx").exists()


def test_the_fix_file_never_overwrites_the_sheet_being_imported(tmp_path):
    """``vaxdesk import so-lieu.xlsx --fix-file so-lieu.xlsx`` (the name typed twice, a
    shell's history edited) would replace the province's sheet with its few rows to fix:
    it is refused before the import, in words naming the file, and the sheet is kept."""
    from tests.importers.sheets import person_row, write_xlsx

    sheet = write_xlsx(tmp_path / "so-lieu.xlsx",
                       [person_row(1), person_row(2, name="")])  # one good, one to fix
    before = sheet.read_bytes()
    ensure_test_supervisor(tmp_path / "d.db")
    # Its name spelled another way, and without the type the fix file's name is given.
    for fix in (tmp_path / "." / "so-lieu.xlsx", tmp_path / "so-lieu"):
        done = forked.vaxdesk("--db", str(tmp_path / "d.db"), "--lang", "vi", "import",
                              str(sheet), "--fix-file", str(fix), env=dict(os.environ),
                              timeout=120)
        assert done.returncode == 2, done.stderr
        assert "so-lieu.xlsx" in done.stderr and "Chưa làm gì cả" in done.stderr, done.stderr
        assert sheet.read_bytes() == before


def test_a_file_the_command_reads_is_no_output_by_any_name(tmp_path):
    read = tmp_path / "so-lieu.xlsx"
    read.write_bytes(b"PK")
    os.link(read, tmp_path / "link.xlsx")
    check_output(tmp_path / "other.xlsx", [read])  # another file, or one not there yet
    for out in (read, tmp_path / "." / "so-lieu.xlsx", tmp_path / "link.xlsx"):
        with pytest.raises(UserError) as refused:
            check_output(out, [read])
        assert refused.value.code == "OUTPUT_IS_INPUT"
        assert str(out) in refused.value.message("vi")


def test_the_police_list_asked_for_as_csv_is_written_as_the_workbook_it_is(
        db, db_path, site, tmp_path):
    """``vaxdesk cleaning export --out ds.csv`` wrote an .xlsx workbook named ds.csv (and
    marked everyone sent), which ``vaxdesk cleaning import`` then refused as the police's
    answer. The list is written as ``ds.csv.xlsx`` and said so, as ``report daily`` adds
    the type to its ``--out``."""
    from tests.importers.sheets import person_row, write_xlsx

    db.close()
    sheet = write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, "Lê Văn Dũng", "01/01/1960", "Nam", "001099000222", "Moderna", 1,
                   "06/09/2021")])
    assert _vaxdesk(db_path, "import", str(sheet)).returncode in (0, 1)  # flagged
    done = _vaxdesk(db_path, "cleaning", "export", "--out", str(tmp_path / "ds.csv"))
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "ds.csv").exists()
    written = tmp_path / "ds.csv.xlsx"
    assert written.read_bytes().startswith(b"PK") and str(written) in done.stdout


def test_the_fix_file_asked_for_as_csv_is_written_as_the_workbook_it_is(db, db_path, site,
                                                                         tmp_path):
    """``vaxdesk import f.xlsx --fix-file can-sua.csv``: the help says the fix file is
    .xlsx, and a workbook under a .csv name is opened as garbage by Excel and LibreOffice:
    it is written as ``can-sua.csv.xlsx``."""
    from tests.importers.sheets import person_row, write_xlsx

    db.close()
    sheet = write_xlsx(tmp_path / "f.xlsx", [person_row(1, name="")])  # rejected: no name
    done = _vaxdesk(db_path, "import", str(sheet), "--fix-file",
                    str(tmp_path / "can-sua.csv"))
    assert not (tmp_path / "can-sua.csv").exists(), done.stdout + done.stderr
    assert (tmp_path / "can-sua.csv.xlsx").read_bytes().startswith(b"PK")
