"""``vaxdesk verify`` as a real process, handed every kind of input a stranger might bring:
each ends in a verdict with a sentence and the documented exit code, never a traceback, and
the hostile ones within a bounded amount of memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from datetime import timedelta
from pathlib import Path

import base45
import pytest

from desktop_app.certificates import hcert
from desktop_app.certificates.trust import parse_trust_list
from desktop_app.wire.trust_list import kid_of
from tests.certificates.factory import NOW, Pki, content
from tests.certificates.hostile import INCH, blank_pdf, bomb_png, garbage, pdf_of, qr_image
from tests.keys import ensure_test_supervisor
from tests.test_cli import vaxdesk

MEMORY_BOUND_MB = 300


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """One data folder for the module (the CLI logs in to it), a trust list, a work folder."""
    root = tmp_path_factory.mktemp("verify")
    trust = root / "trust.json"
    trust.write_text(json.dumps(Pki().document()))
    return root / "data", trust, root


def _hc1(raw: bytes, compress: bool = True) -> str:
    return "HC1:" + base45.b45encode(zlib.compress(raw) if compress else raw).decode()


def _write(path, data: bytes):
    path.write_bytes(data)
    return str(path)


UNREADABLE = {  # what the argument is -> what the English sentence must say
    "text": (lambda d: _write(d / "note.txt", "Giấy mời họp lúc 9 giờ.".encode()),
             "is not an image (PNG, JPEG…), a PDF or a text holding an HC1: certificate"),
    "garbage": (lambda d: _write(d / "noise.bin", garbage(8192)), "is not an image"),
    "empty": (lambda d: _write(d / "empty.png", b""), "is empty"),
    "missing": (lambda d: str(d / "không có.pdf"), "is neither an HC1: text nor an existing"),
    "folder": (lambda d: str(d), "is a folder, not a file"),
    "long argument": (lambda d: "z" * 120_000,  # Linux caps one argument at 128 KiB
                      "is neither an HC1: text nor an existing file"),
    "long HC1 argument": (lambda d: "HC1:" + "A" * 120_000, "too long to be a certificate"),
    "text file of a megabyte": (lambda d: _write(d / "mb.txt", b"HC1:" + b"A" * 1_000_000),
                                "too long to be a certificate"),
    "not an image": (lambda d: _write(d / "photo.png", b"<html>not a picture</html>"),
                     "is damaged or not really an image"),
    "truncated PNG": (lambda d: _write(d / "cut.png", _png(d)[:120]),
                      "is damaged or not really an image"),
    "broken PDF": (lambda d: _write(d / "broken.pdf", b"%PDF-1.4\n" + garbage(3000)),
                   "PDF"),
    "truncated PDF": (lambda d: _write(d / "cut.pdf", blank_pdf(d / "w.pdf", 4)
                                       .read_bytes()[:250]), "PDF"),
    "PNG bomb": (lambda d: str(bomb_png(d / "bomb.png", 30000, 30000)),
                 "too large (900 megapixels; at most 25)"),
    "200-inch page": (lambda d: str(blank_pdf(d / "huge.pdf", width=200 * INCH,
                                              height=200 * INCH)), "no QR code found"),
    "1000 pages": (lambda d: str(blank_pdf(d / "many.pdf", pages=1000)),
                   "in the first 10 pages"),
}


def _png(folder) -> bytes:
    qr_image("HC1:ABC").save(folder / "whole.png")
    return (folder / "whole.png").read_bytes()


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_an_input_without_a_certificate_exits_2_with_one_json_verdict(env, case):
    data, _, root = env
    folder = root / case.replace(" ", "-")
    folder.mkdir()
    make, says = UNREADABLE[case]
    run = vaxdesk("--lang", "en", "verify", make(folder), "--json", env_dir=data)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 2, (run.stdout, run.stderr)
    [line] = run.stdout.splitlines()
    verdict = json.loads(line)
    assert list(verdict) == ["verdict", "message"] and verdict["verdict"] == "unreadable"
    assert verdict["message"].startswith("NOTHING TO CHECK: ") and says in verdict["message"]


def test_without_json_the_reason_goes_to_stderr_in_vietnamese(env):
    data, _, root = env
    run = vaxdesk("verify", str(root / "missing.jpg"), env_dir=data)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.strip() == (f"KHÔNG CÓ GÌ ĐỂ KIỂM TRA: “{root / 'missing.jpg'}” không "
                                  "phải văn bản HC1: và không có tệp nào tên như vậy.")


@pytest.mark.parametrize("hc1", [
    "HC1:" + "Ö?!" * 30,  # not Base45
    _hc1(garbage(300), compress=False),  # Base45 of noise: neither zlib nor CBOR
    _hc1(b"\xd2\x84\x5b" + b"\xff" * 8),  # CBOR claiming an 18-exabyte byte string
    # within a QR code's 4296 characters, inflating to 2.5 MB: the most one can hold
    _hc1(zlib.compress(b"\0" * 2_500_000, 9), compress=False),
], ids=["base45 garbage", "noise", "CBOR garbage", "zlib bomb"])
def test_a_broken_hc1_text_is_malformed_and_exits_1(env, hc1):
    data, trust, _ = env
    run = vaxdesk("--lang", "en", "verify", hc1, "--trust-list", str(trust), "--json",
                  env_dir=data)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 1, (run.stdout, run.stderr)
    verdict = json.loads(run.stdout)
    assert next(iter(verdict)) == "verdict" and verdict["verdict"] == "malformed"
    assert verdict["message"].startswith("MALFORMED: ")


def test_several_codes_in_one_file_are_one_object_listing_each(env):
    data, trust, root = env
    pages = root / "two.pdf"
    pages.write_bytes(pdf_of(_side_by_side(qr_image("HC1:FIRST"), qr_image("HC1:SECOND"))))
    run = vaxdesk("--lang", "en", "verify", str(pages), "--trust-list", str(trust), "--json",
                  env_dir=data)
    assert run.returncode == 1
    verdict = json.loads(run.stdout)
    assert list(verdict)[:2] == ["verdict", "message"] and verdict["verdict"] == "malformed"
    assert [c["verdict"] for c in verdict["certificates"]] == ["malformed", "malformed"]


def test_a_trust_list_with_a_damaged_signer_entry_leaves_that_signer_out(env, tmp_path):
    """`vaxdesk verify --trust-list FILE` where one signer's revocation time reads "hôm qua"
    and another's kid is not base64: a certificate that signer sealed is answered as from an
    unknown signer (exit 1), the others still check; it ended in a Python traceback."""
    data, _, _ = env
    pki = Pki()
    damaged_key, damaged = pki.signer("HN-0001")
    _key, bad_kid = pki.signer("HN-0002")
    _key, sound = pki.signer("HN-0003")
    document = pki.document()
    document["signers"][0]["revoked_at"] = "hôm qua"
    document["signers"][1]["kid"] = "không phải base64!"
    assert set(parse_trust_list(document).signers) == {kid_of(sound)}
    listing = tmp_path / "trust.json"
    listing.write_text(json.dumps(document), encoding="utf-8")
    hc1 = hcert.seal(content().payload, damaged_key, kid_of(damaged), issued_at=NOW,
                     expires_at=NOW + timedelta(days=60))
    run = vaxdesk("--lang", "en", "verify", hc1, "--trust-list", str(listing), "--json",
                  "--at", (NOW + timedelta(hours=1)).isoformat(), env_dir=data)
    assert "Traceback" not in run.stderr, run.stderr[-1500:]
    assert run.returncode == 1, (run.stdout, run.stderr[-800:])
    assert json.loads(run.stdout)["verdict"] == "unknown_signer"


def _side_by_side(left, right):
    from PIL import Image

    both = Image.new("L", (left.width + right.width, max(left.height, right.height)), 255)
    both.paste(left, (0, 0))
    both.paste(right, (left.width, 0))
    return both


def test_the_exit_codes_are_in_the_help(env):
    run = vaxdesk("--lang", "en", "verify", "--help", env_dir=env[0])
    assert run.returncode == 0
    assert "0  valid" in run.stdout and "1  not valid" in run.stdout
    assert "2  nothing to check" in run.stdout and "--json prints one object" in run.stdout
    run = vaxdesk("verify", "--help", env_dir=env[0])  # Vietnamese, as the app by default
    assert "0  hợp lệ" in run.stdout and "--json in ra một đối tượng" in run.stdout


PEAK_RSS = (  # the peak memory of the one vaxdesk process this wrapper runs
    "import resource, subprocess, sys\n"
    "run = subprocess.run([sys.executable, '-m', 'desktop_app.cli', *sys.argv[1:]],\n"
    "                     capture_output=True, text=True)\n"
    "print(run.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
    "print(run.stderr[-2000:], file=sys.stderr)\n")


@pytest.mark.parametrize("case", ["PNG bomb", "200-inch page", "1000 pages"])
def test_a_hostile_file_is_read_in_bounded_memory(env, case):
    data, _, root = env
    folder = root / ("rss-" + case.replace(" ", "-"))
    folder.mkdir()
    path = UNREADABLE[case][0](folder)
    assert Path(path).stat().st_size < 200_000  # a few bytes on disk, whatever they claim
    ensure_test_supervisor(data / "vaxdesk.db")
    run = subprocess.run([sys.executable, "-c", PEAK_RSS, "verify", path],
                         env=dict(os.environ, VAXDESK_DATA_DIR=str(data)),
                         capture_output=True, text=True, timeout=120)
    code, peak_mb = map(int, run.stdout.split())
    print(f"{case}: exit {code}, peak RSS {peak_mb} MB")
    assert code == 2 and "Traceback" not in run.stderr, run.stderr
    assert peak_mb < MEMORY_BOUND_MB
