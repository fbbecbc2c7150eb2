"""The headless certificate commands, run as a clerk's script would run them."""

from __future__ import annotations

import json
import os
import re

import pypdfium2

from desktop_app.services import certificates
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests import forked
from tests.certificates.signed import PASSPHRASE
from tests.keys import ensure_test_supervisor
from tests.sync.helpers import make_people


def _vaxdesk(db_path, *args, passphrase=PASSPHRASE):
    ensure_test_supervisor(db_path)
    env = dict(os.environ)
    env.pop("VAXDESK_SIGNING_PASSPHRASE", None)
    if passphrase:
        env["VAXDESK_SIGNING_PASSPHRASE"] = passphrase
    return forked.vaxdesk("--db", str(db_path), *args, env=env, timeout=120)


def test_certificate_pdf_and_qr_text_then_verify_them(signed, db_path, tmp_path):
    [person] = make_people(signed.db, 1, doses_each=2)
    with signed.db.reading() as s:
        from desktop_app.db.models import Person

        cccd = s.get(Person, person).id_number
    signed.db.close()

    text = _vaxdesk(db_path, "certificate", cccd, "--qr-text")
    assert text.returncode == 0, text.stderr
    hc1 = text.stdout.strip()
    assert hc1.startswith("HC1:")
    ok = _vaxdesk(db_path, "--lang", "en", "verify", hc1, "--json")
    verdict = json.loads(ok.stdout)
    assert ok.returncode == 0 and verdict["verdict"] == "valid"
    assert verdict["payload"]["v"][0]["dn"] == 2

    pdf = tmp_path / "chung-nhan.pdf"
    made = _vaxdesk(db_path, "certificate", cccd, "--out", str(pdf), "--format", "a4")
    assert made.returncode == 0, made.stderr
    checked = _vaxdesk(db_path, "verify", str(pdf))
    assert checked.returncode == 0 and checked.stdout.startswith("HỢP LỆ"), checked.stdout
    # In words, as the verifier window says it: the raw payload (English keys, "Ministry of
    # Health of Viet Nam", SNOMED codes, ISO dates) printed under the verdict before.
    assert "  Mũi thứ: 2/2" in checked.stdout and "  Nơi cấp: Bộ Y tế Việt Nam" in checked.stdout
    assert "Ministry of Health" not in checked.stdout and '"tg"' not in checked.stdout
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", checked.stdout), checked.stdout

    png = tmp_path / "scan.png"
    pypdfium2.PdfDocument(str(pdf))[0].render(scale=2).to_pil().save(png)
    assert _vaxdesk(db_path, "verify", str(png)).returncode == 0

    mid = len(hc1) // 2  # inside the signed claims, far from the deflate padding bits
    tampered = hc1[:mid] + ("A" if hc1[mid] != "A" else "B") + hc1[mid + 1:]
    bad = _vaxdesk(db_path, "--lang", "en", "verify", tampered)
    assert bad.returncode == 1 and bad.stdout.split(":")[0] in {"BAD SIGNATURE", "MALFORMED"}


def test_refusals_are_plain_sentences_with_exit_code_2(signed, db_path, tmp_path):
    ids = make_people(signed.db, 6)  # five family names, six people: one is shared
    with signed.db.reading() as s:
        from desktop_app.db.models import Person

        names = [s.get(Person, i).full_name for i in ids]
        cccd = s.get(Person, ids[0]).id_number
    families = [n.split()[0] for n in names]
    shared = next(f for f in families if families.count(f) > 1)
    signed.db.close()
    wrong = _vaxdesk(db_path, "certificate", "0019", "--qr-text")
    assert wrong.returncode == 2 and "Không tìm thấy người “0019”" in wrong.stderr
    many = _vaxdesk(db_path, "--lang", "en", "certificate", shared, "--qr-text")
    assert many.returncode == 2 and "More than one person" in many.stderr
    who = _vaxdesk(db_path, "certificate", cccd, "--qr-text", passphrase="sai mật khẩu")
    assert who.returncode == 2 and who.stderr.strip() == "Mật khẩu khóa ký không đúng."
    empty = tmp_path / "blank.png"
    from PIL import Image

    Image.new("L", (200, 200), 255).save(empty)
    none = _vaxdesk(db_path, "--lang", "en", "verify", str(empty))
    assert none.returncode == 2 and "NOTHING TO CHECK: no QR code found" in none.stderr


def test_a_days_certificates_in_one_pdf(signed, db_path, tmp_path):
    ids = make_people(signed.db, 4, doses_each=1)
    with signed.db.reading() as s:
        from desktop_app.db.models import Dose

        day = s.get(Dose, s.query(Dose.id).filter(Dose.person_id == ids[0]).scalar()).dose_date
    expected = len(certificates.people_vaccinated_on(signed.db, day))
    signed.db.close()
    out = tmp_path / "ngay.pdf"
    run = _vaxdesk(db_path, "certificates", "--day", day.isoformat(), "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert len(pypdfium2.PdfDocument(str(out))) == expected


def test_a_day_typed_as_a_vietnamese_clerk_writes_it_is_taken_or_the_format_is_named(
        signed, db_path, tmp_path):
    """``vaxdesk certificates --day 01/10/2021`` takes the day as people write it, as
    ``report daily --from`` does; it answered only "giá trị không hợp lệ: '01/10/2021'",
    naming no format. A day it cannot read, and a ``verify --at`` it cannot read, name
    the forms they take."""
    ids = make_people(signed.db, 2, doses_each=1)
    with signed.db.reading() as s:
        from desktop_app.db.models import Dose

        day = s.get(Dose, s.query(Dose.id).filter(Dose.person_id == ids[0]).scalar()).dose_date
    expected = len(certificates.people_vaccinated_on(signed.db, day))
    signed.db.close()
    out = tmp_path / "ngay.pdf"
    run = _vaxdesk(db_path, "certificates", "--day", f"{day:%d/%m/%Y}", "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert len(pypdfium2.PdfDocument(str(out))) == expected
    wrong = _vaxdesk(db_path, "certificates", "--day", "13/31/2021", "--out", str(out))
    assert wrong.returncode == 2 and "dd/mm/yyyy hoặc yyyy-mm-dd" in wrong.stderr, wrong.stderr
    at = _vaxdesk(db_path, "verify", "HC1:x", "--at", "31/13/2021")
    assert at.returncode == 2 and "dd/mm/yyyy" in at.stderr, at.stderr


def test_verify_with_a_trust_list_file_on_a_fresh_machine(signed, db_path, tmp_path):
    import requests

    [person] = make_people(signed.db, 1)
    from desktop_app.services import signing

    hc1 = certificates.issue_certificate(
        signed.db, signing.unlock_signer(signed.db, PASSPHRASE), person,
        actor=AT_THIS_LAPTOP).qr_text
    listing = tmp_path / "trust.json"
    root = signed.server.url.rsplit("/fhir", 1)[0]
    listing.write_text(requests.get(f"{root}/api/trust-list", timeout=10).text)
    fresh = tmp_path / "fresh.db"
    assert _vaxdesk(fresh, "verify", hc1).returncode == 1  # no trust list cached there
    assert _vaxdesk(fresh, "verify", hc1, "--trust-list", str(listing)).returncode == 0


def test_verify_a_foreign_certificate_with_an_eu_gateway_list_and_a_time(tmp_path):
    """The EU gateway's DSC list (a JSON array) is a trust list too, and --at sets the
    time: the EU's own Austrian vaccination vector verifies at its validation clock, and
    is expired by the date its DSC ended."""
    from pathlib import Path

    vector = json.loads((Path(__file__).parent / "eu_testdata" / "AT" / "2DCode" / "raw" /
                         "1.json").read_text(encoding="utf-8"))
    import base64

    from cryptography import x509

    from desktop_app.wire.trust_list import kid_of
    der = vector["TESTCTX"]["CERTIFICATE"]
    kid = base64.b64encode(kid_of(x509.load_der_x509_certificate(base64.b64decode(der))))
    listing = tmp_path / "dsc-list.json"
    listing.write_text(json.dumps([{"kid": kid.decode(), "country": "AT",
                                    "certificateType": "DSC", "rawData": der}]))
    db = tmp_path / "fresh.db"
    hc1 = vector["PREFIX"]
    ok = _vaxdesk(db, "--lang", "en", "verify", hc1, "--trust-list", str(listing),
                  "--at", "2021-05-06T18:00:00Z")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("VALID") and "AT" in ok.stdout
    late = _vaxdesk(db, "--lang", "en", "verify", hc1, "--trust-list", str(listing),
                    "--at", "2023-06-01T00:00:00+07:00")
    assert late.returncode == 1 and late.stdout.startswith("EXPIRED"), late.stdout
    assert "05/05/2023" in late.stdout  # when its DSC ended


def test_no_signing_passphrase_and_no_terminal_is_said_and_exits_2(signed, db_path, tmp_path):
    """Before, a script without $VAXDESK_SIGNING_PASSPHRASE got getpass's EOFError traceback
    and exit 1 (which means "done, some rows need a person")."""
    [person] = make_people(signed.db, 1, doses_each=2)
    with signed.db.reading() as s:
        from desktop_app.db.models import Dose, Person

        cccd = s.get(Person, person).id_number
        day = min(d.dose_date for d in s.query(Dose).filter(Dose.person_id == person))
    signed.db.close()
    for args in (["certificate", cccd, "--out", str(tmp_path / "a.pdf")],
                 ["certificates", "--day", day.isoformat(), "--out", str(tmp_path / "b.pdf")],
                 ["export-outbox", "--out", str(tmp_path / "c.vaxdesk")],
                 ["signing-key", "create", "--replace"]):
        ran = _vaxdesk(db_path, "--lang", "en", *args, passphrase=None)
        assert ran.returncode == 2, (args, ran.stderr)
        assert "Traceback" not in ran.stderr, ran.stderr
        assert "VAXDESK_SIGNING_PASSPHRASE" in ran.stderr, (args, ran.stderr)


def test_a_site_with_no_key_is_told_so_before_any_passphrase(db, db_path, site, tmp_path):
    [person] = make_people(db, 1, doses_each=2)
    with db.reading() as s:
        from desktop_app.db.models import Person

        cccd = s.get(Person, person).id_number  # a name no longer names a person exactly
    db.close()
    ran = _vaxdesk(db_path, "--lang", "en", "certificate", cccd, "--out",
                   str(tmp_path / "a.pdf"), passphrase=None)
    assert ran.returncode == 2 and "VAXDESK_SIGNING_PASSPHRASE" not in ran.stderr
    assert "signing key" in ran.stderr.lower(), ran.stderr


def test_a_day_whose_only_people_are_held_back_is_not_said_to_have_no_doses(
        signed, db_path, tmp_path):
    """The day's one person is held back (his CCCD contradicts his birth year) and named;
    the command then added "Không có mũi tiêm nào trong ngày." (no doses that day), which
    the clerk read as a wrong day typed."""
    from tests.importers.sheets import person_row, write_xlsx

    signed.db.close()
    sheet = write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, "Lê Văn Dũng", "01/01/1960", "Nam", "001099000222", "Moderna", 1,
                   "06/09/2021")])
    assert _vaxdesk(db_path, "import", str(sheet)).returncode in (0, 1)
    out = _vaxdesk(db_path, "certificates", "--day", "2021-09-06", "--out",
                   str(tmp_path / "ngay.pdf"))
    assert out.returncode == 1 and "Lê Văn Dũng" in out.stderr, out.stderr
    assert "Không có mũi tiêm nào trong ngày" not in out.stderr
    assert "Mọi người tiêm trong ngày đều bị giữ lại" in out.stderr
