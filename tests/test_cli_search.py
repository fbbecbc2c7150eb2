"""``vaxdesk search`` as clerks speak, and with a scanned CCCD's QR text, as a process."""

from datetime import date

from desktop_app.rules.cccd_qr import CccdQr, format_cccd_qr
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.doses import PersonInput
from tests.test_cli import site_with, vaxdesk

NHUNG = PersonInput("Nguyễn Thị Nhung", date(1990, 3, 5), Sex.FEMALE, IdType.CCCD,
                    "001190012345", phone="0912345678")


def test_search_by_words_phone_tail_id_prefix_and_card(tmp_path):
    data = tmp_path / "data"
    site_with(data, NHUNG, PersonInput("Trần Văn Nhung", date(1970, 1, 1), Sex.MALE,
                                       IdType.CCCD, "001070000125"))

    def found(query):
        out = vaxdesk("search", query, env_dir=data)
        return out.returncode, [line.split("\t")[0] for line in out.stdout.splitlines()]

    assert found("nhung") == (0, ["Nguyễn Thị Nhung", "Trần Văn Nhung"])
    assert found("nhung nguyen") == (0, ["Nguyễn Thị Nhung"])
    assert found("Nhung Trần") == (0, ["Trần Văn Nhung"])
    assert found("345678") == (0, ["Nguyễn Thị Nhung"])
    assert found("0010700") == (0, ["Trần Văn Nhung"])

    card = CccdQr("001190012345", "", "Nguyễn Thị Nhung", date(1990, 3, 5), Sex.FEMALE,
                  "Hà Nội", date(2021, 5, 10))
    assert found(format_cccd_qr(card) + "\r") == (0, ["Nguyễn Thị Nhung"])
    stranger = format_cccd_qr(card._replace(id_number="001085000999", old_id_number="012345678",
                                            full_name="Phạm Văn Mới", sex=Sex.MALE))
    out = vaxdesk("search", stranger, env_dir=data)
    assert out.returncode == 1 and out.stdout == ""
    assert ("Chưa có ở điểm tiêm này: Phạm Văn Mới, sinh 05/03/1990, Nam, CCCD 001085000999, "
            "CMND cũ 012345678, Hà Nội.") in out.stderr
    damaged = vaxdesk("search", stranger.replace("05031990", "0503"), env_dir=data)
    assert damaged.returncode == 2 and "trường 4/7" in damaged.stderr


def test_search_into_a_pipe_its_reader_closed_ends_quietly(tmp_path):
    """``vaxdesk search … | head -1``: before, a BrokenPipeError traceback on stderr."""
    import os
    import subprocess
    import sys

    from tests.keys import ensure_test_supervisor

    data = tmp_path / "data"
    site_with(data, NHUNG)
    ensure_test_supervisor(data / "vaxdesk.db")
    read, write = os.pipe()
    os.close(read)  # the reader is gone before a line is written
    ran = subprocess.run([sys.executable, "-m", "desktop_app.cli", "search", "nhung"],
                         env=dict(os.environ, VAXDESK_DATA_DIR=str(data)), stdout=write,
                         stderr=subprocess.PIPE, text=True, timeout=120)
    os.close(write)
    assert "Traceback" not in ran.stderr and ran.returncode == 0, ran.stderr


def test_a_search_limit_of_zero_or_less_is_refused_not_said_as_nobody_found(tmp_path):
    """``vaxdesk search 001190012345 --limit 0`` (or -1) said "Không tìm thấy." and exit 1
    for a person who is there; the limit is now refused, naming what it must be."""
    data = tmp_path / "data"
    site_with(data, NHUNG)
    assert vaxdesk("search", NHUNG.id_number, env_dir=data).returncode == 0
    for limit in ("0", "-1", "x"):
        out = vaxdesk("search", NHUNG.id_number, "--limit", limit, env_dir=data)
        assert "Không tìm thấy" not in out.stderr, (limit, out.stderr)
        assert out.returncode == 2, (limit, out.returncode)
        assert "không phải số nguyên lớn hơn 0" in out.stderr, out.stderr
