"""What ``vaxdesk import`` and ``vaxdesk import-undo --apply`` say, as real processes, of
what a volunteer found they kept quiet about: columns left unread, every reason of a
refused row, which dose of a wide row, a correction left to a supervisor, corrections an
undo leaves in place."""

from __future__ import annotations

import json
import os

from sqlalchemy import select

from desktop_app.db.database import open_database
from desktop_app.db.models import Person
from desktop_app.services import accounts
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.site import set_up_site
from tests import forked
from tests.importers.sheets import person_row, write_xlsx
from tests.importers.wide_sheets import dose, person, write_wide_xlsx
from tests.keys import TEST_PASSPHRASE, ensure_test_supervisor

VOLUNTEER = ("tinhnguyen", "mk tình nguyện")


def _vaxdesk(db_path, *args, user=None):  # noqa: ANN001, ANN002
    env = dict(os.environ)
    if user is not None:
        env.update(VAXDESK_USER=user[0], VAXDESK_PASSWORD=user[1])
    return forked.vaxdesk("--db", str(db_path), *args, env=env, timeout=180)


def _site(db_path) -> None:  # noqa: ANN001
    ensure_test_supervisor(db_path)
    with open_database(db_path, TEST_PASSPHRASE) as db:
        set_up_site(db, "HN-0001", "Trạm Y tế Phường Láng Hạ", actor=AT_THIS_LAPTOP)
        accounts.add_user(db, VOLUNTEER[0], "Tình Nguyện Viên", "volunteer", VOLUNTEER[1],
                          actor=AT_THIS_LAPTOP)


def test_columns_it_does_not_read_are_said_and_common_headings_are_read(db_path, tmp_path):
    """"Năm sinh", "CCCD/CMND/Hộ chiếu" and "Số điện thoại liên hệ" were nobody's
    headings: the columns were dropped without a word, the rows flagged for a birth date and
    an ID the sheet had, the phone lost. Now they are read, and a column still unread is
    named with its letter (the row-number column is no loss and not named)."""
    _site(db_path)
    headers = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "CCCD/CMND/Hộ chiếu",
               "Số điện thoại liên hệ", "Loại vaccine", "Mũi tiêm số", "Ngày tiêm",
               "Tên cơ sở tiêm chủng", "Số ĐT người nhà"]
    rows = [[1, "Trịnh Thị Uyên", "06/06/1986", "Nữ", "001186001002", "0913000002",
             "AstraZeneca", 1, "06/09/2021", "Trạm Y tế Phường Láng Hạ", "0913111111"]]
    sheet = write_xlsx(tmp_path / "tieu-de-khac.xlsx", rows, headers=headers)
    made = _vaxdesk(db_path, "import", str(sheet), "--report", str(tmp_path / "r.json"),
                    user=VOLUNTEER)
    assert made.returncode == 0, made.stderr
    said = ("Không đọc 1 cột vì tên cột không khớp mẫu: “Số ĐT người nhà” (cột K). Nếu cột "
            "có dữ liệu cần nhập")
    assert said in made.stdout
    assert "STT" not in made.stdout
    assert said in json.loads((tmp_path / "r.json").read_text())["notes"][0]
    with open_database(db_path, TEST_PASSPHRASE) as db, db.reading() as s:
        stored = s.scalars(select(Person)).one()
        assert (str(stored.dob), stored.id_number, stored.phone, stored.cleaning_reason) == (
            "1986-06-06", "001186001002", "0913000002", None)


def test_a_refused_row_gives_every_reason_and_a_wide_row_which_dose(db_path, tmp_path):
    """A row with a date that is none and a vaccine nobody knows said only the date: fixed,
    imported again, refused again for the vaccine. A wide sheet's refusal said "Ngày tiêm"
    where the row has three: now "Mũi 2"."""
    _site(db_path)
    rows = [person_row(1, name="Lạc Văn Phú", cccd="001090003001", vaccine="Vacxin XYZ",
                       when="32/09/2021")]
    sheet = write_xlsx(tmp_path / "hai-loi.xlsx", rows)
    refused = _vaxdesk(db_path, "import", str(sheet), "--report", str(tmp_path / "r.json"),
                       user=VOLUNTEER)
    assert refused.returncode == 1, refused.stderr
    line = next(x for x in refused.stderr.splitlines() if x.startswith("Dòng 5:"))
    assert "[Ngày tiêm]" in line and "[Tên vắc xin]" in line, line
    [entry] = json.loads((tmp_path / "r.json").read_text())["rows"]
    assert entry["code"] == "DOSE_DATE_INVALID" and "[Tên vắc xin]" in entry["message"]

    wide = write_wide_xlsx(tmp_path / "theo-nguoi.xlsx", [
        person(1, "Đỗ Thị Hoa", "02/03/1991", "Nữ", "001191004004", dose("10/08/2021"),
               dose("Chưa tiêm"))])
    told = _vaxdesk(db_path, "import", str(wide), user=VOLUNTEER)
    assert told.returncode == 1, told.stderr
    assert any(x.startswith("Dòng 6: Mũi 2: [Ngày tiêm]") for x in told.stderr.splitlines()), \
        told.stderr


def test_a_volunteers_file_says_the_corrections_it_could_not_make(db_path, tmp_path):
    """A volunteer's corrected file said "corrected: 0" and nothing else: that the phone it
    corrects waits for a supervisor was only in --report. Then the supervisor's import
    corrects it, and undoing that import puts his phone back and says so."""
    _site(db_path)
    first = write_xlsx(tmp_path / "dau.xlsx", [person_row(1, name="Phí Văn Khoa",
                                                          cccd="001090005005")])
    assert _vaxdesk(db_path, "import", str(first)).returncode == 0
    fixed = write_xlsx(tmp_path / "sua.xlsx", [
        person_row(1, name="Phí Văn Khoa", cccd="001090005005", phone="0914999999"),
        person_row(2, name="Phí Văn Khoa", cccd="001090005005", phone="0914999999", dose=2,
                   when="01/10/2021")])
    volunteer = _vaxdesk(db_path, "import", str(fixed), user=VOLUNTEER)
    assert volunteer.returncode == 0, volunteer.stderr
    kept = [x for x in volunteer.stdout.splitlines() if "chỉ người giám sát" in x]
    assert kept and kept[0].startswith("Dòng 5:"), volunteer.stdout
    with open_database(db_path, TEST_PASSPHRASE) as db, db.reading() as s:
        assert s.scalars(select(Person.phone)).one() == "0912345678"

    again = write_xlsx(tmp_path / "sua-lai.xlsx", [
        person_row(1, name="Phí Văn Khoa", cccd="001090005005", phone="0914999999"),
        person_row(2, name="Phí Văn Khoa", cccd="001090005005", phone="0914999999", dose=3,
                   when="01/12/2021")])
    supervisor = _vaxdesk(db_path, "import", str(again))
    assert supervisor.returncode == 0, supervisor.stderr
    with open_database(db_path, TEST_PASSPHRASE) as db, db.reading() as s:
        assert s.scalars(select(Person.phone)).one() == "0914999999"
    undone = _vaxdesk(db_path, "import-undo", "3", "--apply")
    assert undone.returncode == 0, undone.stderr
    assert "Thông tin của 1 người đã có hồ sơ đã được trả lại như trước khi nhập." \
        in undone.stdout.splitlines(), undone.stdout
    with open_database(db_path, TEST_PASSPHRASE) as db, db.reading() as s:
        assert s.scalars(select(Person.phone)).one() == "0912345678"  # put back


def test_a_csv_import_is_named_once_in_the_list(db_path, tmp_path):
    """A CSV has no sheets: its "sheet" is its own name, and the list said
    "so-lieu.csv (trang so-lieu.csv)"; the screen "so-lieu.csv — so-lieu.csv"."""
    from desktop_app.services.import_batches import ImportSummary, source

    _site(db_path)
    sheet = tmp_path / "so-lieu.csv"
    sheet.write_text("Họ và tên,Ngày sinh,Giới tính,Số CCCD/CMND,Tên vắc xin,Mũi thứ,"
                     "Ngày tiêm\nNguyễn Văn An,05/09/1990,Nam,001090012345,AstraZeneca,1,"
                     "01/08/2021\n", encoding="utf-8")
    assert _vaxdesk(db_path, "import", str(sheet)).returncode == 0
    listed = _vaxdesk(db_path, "imports").stdout.strip().split("\t")
    assert listed[2] == "so-lieu.csv"
    both = ImportSummary(1, "a.xlsx", "Hồi cứu", None, "", "done")  # type: ignore[arg-type]
    assert source(both, "en") == "a.xlsx (sheet Hồi cứu)"
