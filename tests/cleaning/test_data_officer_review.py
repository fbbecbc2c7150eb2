"""A data officer's week with the cleaning list and the police (a review, 6 Dec): each
defect it confirmed, through real files, the command line and a real database."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.clock import utc_now
from desktop_app.db.database import open_database
from desktop_app.services import cleaning
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests.cleaning.people import paper
from tests.importers.wide_sheets import convert
from tests.keys import TEST_PASSPHRASE
from tests.test_cli import vaxdesk


def _site(tmp_path):
    data = tmp_path / "data"
    assert vaxdesk("setup-site", "HN-1", "Trạm Y tế Láng", env_dir=data).returncode == 0
    return data


def test_the_command_says_how_many_days_a_late_case_has_waited(tmp_path):
    """It said "2 days" of a list the police had sat on for ten."""
    data = _site(tmp_path)
    with open_database(data / "vaxdesk.db", TEST_PASSPHRASE) as db:
        hoa = paper(db, full_name="Lê Thị Hoa", dob="")
        cleaning.move(db, [hoa], "sent", actor=AT_THIS_LAPTOP,
                      now=utc_now() - timedelta(days=10))
    out = vaxdesk("cleaning", "list", env_dir=data)
    assert out.returncode == 0, out.stderr
    [line] = [x for x in out.stdout.splitlines() if "Lê Thị Hoa" in x]
    assert "10 ngày" in line, line


def test_a_csv_back_from_the_police_is_refused_in_words_that_fit(tmp_path):
    """Refused "only .xlsx, .xls or .csv" about a .csv: the police's list is a workbook."""
    data = _site(tmp_path)
    with open_database(data / "vaxdesk.db", TEST_PASSPHRASE) as db:
        paper(db, full_name="Lê Thị Hoa", dob="")
    sent = tmp_path / "xac-minh.xlsx"
    assert vaxdesk("cleaning", "export", "--out", str(sent), env_dir=data).returncode == 0
    out = vaxdesk("cleaning", "import", str(convert(sent, "csv")), env_dir=data)
    assert out.returncode == 2
    assert out.stderr.strip() == (
        "Không đọc được tệp xac-minh.csv: danh sách công an trả về phải là bảng tính .xlsx, "
        ".xls hoặc .ods như tệp đã gửi đi. Hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại "
        "thành .xlsx."), out.stderr
