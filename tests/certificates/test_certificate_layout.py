"""The printed certificate read back from the PDF: nothing overprinted, nothing cut off,
and a table too long for one page continued on the next with the holder named again."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pypdfium2
import pytest
import zxingcpp
from sqlalchemy import update

from desktop_app.certificates.pdf import A4_PORTRAIT, A5_LANDSCAPE, pdf_bytes
from desktop_app.db.models import Person, Site
from desktop_app.services import certificates, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests.certificates import factory
from tests.certificates.signed import PASSPHRASE
from tests.certificates.test_certificate_round_trip import _brought, _dose_here

LONG_SITE = ("Trạm Y tế Phường Nguyễn Trung Trực - Điểm tiêm lưu động số 3 "
             "(Nhà văn hóa Tổ dân phố 12)")
LONG_NAME = "Công Tằng Tôn Nữ Thị Phương Hoàng Quỳnh Hương Ngọc Diệp"
LONG_LOT = "202107B2391-LONG-LOT-NUMBER"


def _pages(pdf: bytes | str):
    """Each page's text (lines joined, as wrapped) and whether its QR code scans at the
    resolutions a desk scanner and a phone (a pessimistic one: a camera sees an A5 page at
    300 dpi or more) see. Not at 100 dpi: six doses and a long name make a 101-module
    code, 1.6 pixels a module there, below the two a sampled grid needs to be read at all;
    it scanned or not by where the module edges fell (one CI run in many). QR codes only,
    counted by what they say: a reader looking for every kind once found a second symbol
    in the page (one CI run in many), where a phone's verifier looks for a QR code."""
    document = pypdfium2.PdfDocument(pdf)
    out = []
    for page in document:
        chars = page.get_textpage()
        text = chars.get_text_range()
        scans = [len({code.text for code in zxingcpp.read_barcodes(
                     page.render(scale=dpi / 72).to_pil(), formats=zxingcpp.BarcodeFormat.QRCode)})
                 for dpi in (150, 200)]
        out.append((text, scans, _overprinted(chars, text)))
    document.close()
    return out


def _overprinted(chars, text: str) -> list[str]:
    """Letters drawn before the footer that reach down into its first line."""
    footer = text.index("Ngày cấp / Date of issue")
    line_top = max(chars.get_charbox(i)[3] for i in range(footer, footer + 8))
    return [text[i] for i in range(footer) if text[i].strip()
            and chars.get_charbox(i)[1] < line_top]


def _flat(text: str) -> str:
    """Text without its line breaks; pdfium reads a hyphen that ends a line as a soft one
    (U+FFFE), though the page prints it."""
    return "".join(text.replace("\ufffe", "-").split())


@pytest.mark.parametrize("fmt", [A5_LANDSCAPE, A4_PORTRAIT], ids=["a5", "a4"])
def test_six_doses_under_a_wrapped_name_stay_clear_of_the_footer_and_nothing_is_cut(
        signed, tmp_path, fmt):
    db = signed.db
    with db.transaction() as s:
        s.execute(update(Site).values(name=LONG_SITE))
    person_id = _brought(db, (1, date(2021, 9, 1), "VEROCELL", LONG_LOT),
                         (2, date(2021, 10, 1), "COMIRNATY_PAED", "202108C1122"))
    with db.transaction() as s:
        s.get(Person, person_id).full_name = LONG_NAME
    for number, day in ((3, date(2022, 1, 5)), (4, date(2022, 4, 5)), (5, date(2022, 5, 5)),
                        (6, date(2022, 5, 30))):
        _dose_here(db, person_id, number, day)
    signer = signing.unlock_signer(db, PASSPHRASE)
    pdf = tmp_path / "cert.pdf"
    assert list(certificates.write_certificates(db, signer, [person_id], pdf, fmt,
                                                actor=AT_THIS_LAPTOP)) == [1]
    pages = _pages(str(pdf))
    for text, _scans, over in pages:
        assert over == [] and "…" not in text
    assert pages[0][1] == [1, 1]  # the code whole and scannable
    everything = _flat(" ".join(text for text, _, _ in pages))
    for day in ("01/09/2021", "01/10/2021", "05/01/2022", "05/04/2022", "05/05/2022",
                "30/05/2022"):
        assert day in everything
    assert _flat(LONG_LOT) in everything  # what a recall checks, whole
    assert _flat("Comirnaty 5-11 years (Pfizer-BioNTech, orange cap)") in everything
    assert everything.count(_flat(LONG_SITE)) >= 5  # four rows and the footer, uncut
    assert _flat(LONG_SITE.upper()) in _flat(pages[0][0])  # the header keeps all of it
    assert _flat("Điểm tiêm khác / Another site (HN-0009)") in everything


def test_a_table_too_long_for_one_page_goes_on_to_a_second_naming_the_holder():
    base = factory.content(name=LONG_NAME, doses=1)
    [dose] = base.doses
    doses = tuple(dataclasses.replace(dose, dose_number=n + 1, lot_number=f"LOT-{n:02d}",
                                      dose_date=dose.dose_date + timedelta(days=30 * n),
                                      site_name=LONG_SITE) for n in range(12))
    content = dataclasses.replace(base, doses=doses)
    pages = _pages(pdf_bytes(content, "HC1:TEST", A5_LANDSCAPE))
    count = len(pages)
    assert count >= 2
    assert pages[0][1] == [1, 1]  # the one code, on the first sheet
    assert f"Page 1 of {count}, continued on page 2" in " ".join(pages[0][0].split())
    for number, (text, _scans, over) in enumerate(pages, start=1):
        assert over == []
        if number > 1:  # a sheet that comes apart still says whose it is
            assert _flat(LONG_NAME.upper()) in _flat(text) and _flat(content.uvci) in _flat(text)
            assert f"Page {number} of {count}" in " ".join(text.split())
    every = _flat(" ".join(text for text, _, _ in pages))
    assert [f"LOT-{n:02d}" in every for n in range(12)] == [True] * 12


def test_a_dose_from_a_site_the_laptop_never_met_is_named_as_the_platform_certified_it(
        signed, wired_b, tmp_path):
    """Site B enrols its key (the platform certifies its name in it); site A, after its
    next sync, prints B's name for a dose brought from B, not B's code."""
    from desktop_app.rules.identity import Sex, make_cccd
    from desktop_app.services import lookup
    from desktop_app.sync.lookup import RemoteCitizen
    from desktop_app.wire import fhir

    signing.create_signing_key(wired_b.db, PASSPHRASE, actor=AT_THIS_LAPTOP)
    assert wired_b.sync().signer_enrolled
    signed.sync()
    number = make_cccd("001", Sex.FEMALE, 1985, 778)
    fields = fhir.PatientFields("Phạm Thị Mai", date(1985, 3, 12), "F", "CCCD", number, None,
                                None, None, None, False)
    given = [fhir.RemoteDose("imm-b1", "pb", "HN-0002", "VEROCELL", 1, date(2021, 9, 1),
                             "B1", False)]
    person_id = lookup.bring_person(signed.db, RemoteCitizen(
        number, [fhir.RemotePatient("pb", "HN-0002", fields, ())], given),
        actor=AT_THIS_LAPTOP)
    _dose_here(signed.db, person_id, 2, date(2022, 3, 7))
    signer = signing.unlock_signer(signed.db, PASSPHRASE)
    pdf = tmp_path / "cert.pdf"
    list(certificates.write_certificates(signed.db, signer, [person_id], pdf, A5_LANDSCAPE,
                                         actor=AT_THIS_LAPTOP))
    [(text, _scans, _over)] = _pages(str(pdf))
    rows = [" ".join(line.split()) for line in text.splitlines()]
    assert any(r.startswith("1 01/09/2021 ") and r.endswith(" B1 Trạm Y tế Xã Đông Anh")
               for r in rows), rows


@pytest.mark.parametrize("fmt", [A5_LANDSCAPE, A4_PORTRAIT], ids=["a5", "a4"])
def test_the_code_has_its_quiet_zone_of_four_modules_on_every_side(fmt):
    """Under the A4 page's 55 mm code the caption stood 3.1-3.6 modules below it (a fixed
    4 mm): ISO/IEC 18004 asks 4 modules of light all round, which a strict scanner needs.
    The page read back at 600 dpi: nothing but paper within 4 modules of the code."""
    from desktop_app.certificates.qr import qr_grid

    qr_text = "HC1:" + "6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N" * 11  # a real size
    pdf = pdf_bytes(factory.content(name=LONG_NAME, doses=3), qr_text, fmt)
    document = pypdfium2.PdfDocument(pdf)
    image = document[0].render(scale=600 / 72).to_pil().convert("L")
    document.close()
    [code] = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    corners = [code.position.top_left, code.position.top_right, code.position.bottom_left,
               code.position.bottom_right]
    left, right = min(p.x for p in corners), max(p.x for p in corners)
    top, bottom = min(p.y for p in corners), max(p.y for p in corners)
    module = (right - left) / qr_grid(qr_text).size
    band = int(4 * module) - 2  # a pixel or two of the sampled edge aside
    pixels = image.load()

    def dark(x: int, y: int) -> bool:
        return pixels[x, y] < 128

    around = [(x, y) for x in range(left - band, right + band + 1, 2)
              for y in (*range(top - band, top - 2, 2), *range(bottom + 3, bottom + band, 2))]
    around += [(x, y) for y in range(top, bottom + 1, 2)
               for x in (*range(left - band, left - 2, 2), *range(right + 3, right + band, 2))]
    assert not [p for p in around if dark(*p)], fmt.name
