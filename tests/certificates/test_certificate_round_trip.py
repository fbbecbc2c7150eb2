"""A certificate made from the database, printed to PDF, rendered to pixels, scanned and
verified offline: every field the scanner reads must be what the database holds."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pypdfium2
import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from desktop_app.certificates.names import split_name
from desktop_app.certificates.pdf import A4_PORTRAIT, A5_LANDSCAPE
from desktop_app.certificates.uvci import make_uvci
from desktop_app.certificates.verify import Verdict
from desktop_app.db.models import Dose, Person, Site
from desktop_app.services import certificates, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, record_dose
from tests.certificates.signed import PASSPHRASE
from tests.sync.helpers import make_people

DPI = 150


def _render(pdf_path, png_path):
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    pdf[0].render(scale=DPI / 72).to_pil().save(png_path)
    text = pdf[0].get_textpage().get_text_range()
    pdf.close()
    return text


@pytest.mark.parametrize("fmt", [A5_LANDSCAPE, A4_PORTRAIT], ids=["a5", "a4"])
def test_pdf_to_png_to_qr_to_verdict_matches_the_database(signed, tmp_path, fmt):
    db = signed.db
    [person_id] = make_people(db, 1, doses_each=3)
    signer = signing.unlock_signer(db, PASSPHRASE)
    pdf_path = tmp_path / "cert.pdf"
    pages = certificates.write_certificates(db, signer, [person_id], pdf_path, fmt,
                                            actor=AT_THIS_LAPTOP)
    assert list(pages) == [1]
    text = _render(pdf_path, tmp_path / "cert.png")

    [barcode] = zxingcpp.read_barcodes(Image.open(tmp_path / "cert.png"))
    assert barcode.format == zxingcpp.BarcodeFormat.QRCode
    qr_mm = (barcode.position.top_right.x - barcode.position.top_left.x) / DPI * 25.4
    assert qr_mm >= 35, f"the QR prints {qr_mm:.1f} mm wide"
    result = certificates.verify_text(db, barcode.text)
    assert result.verdict is Verdict.VALID, result.message("en")

    with db.reading() as s:
        person = s.get(Person, person_id)
        doses = s.scalars(select(Dose).where(Dose.person_id == person_id)
                          .order_by(Dose.dose_number)).all()
        site = s.get(Site, doses[-1].site_id)
    latest = doses[-1]
    product = db.catalogue.get(latest.product_code)
    name = split_name(person.full_name)
    payload = result.payload
    assert payload["nam"] == {"fn": name.family, "fnt": name.family_icao,
                              "gn": name.given, "gnt": name.given_icao}
    assert payload["dob"] == person.dob.isoformat()
    [v] = payload["v"]
    assert (v["dn"], v["sd"], v["dt"]) == (3, 3, latest.dose_date.isoformat())
    assert (v["mp"], v["ma"], v["vp"]) == (product.eu_dcc.mp, product.eu_dcc.ma,
                                           product.eu_dcc.vp)
    assert v["tg"] == "840539006" and v["co"] == "VN"
    assert v["ci"] == make_uvci(site.code, latest.id)

    # The printed words, exactly as a person reads them (Vietnamese marks included).
    assert "CHỨNG NHẬN TIÊM CHỦNG COVID-19" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert person.full_name.upper() in text
    assert person.dob.strftime("%d/%m/%Y") in text
    assert person.id_number in text
    assert "Nữ / Female" in text if person.sex == "F" else "Nam / Male" in text
    for dose in doses:
        assert dose.dose_date.strftime("%d/%m/%Y") in text
    assert text.count(product.name) == 3
    assert "Trạm Y tế Phường Láng Hạ" in text
    assert v["ci"].replace("\r\n", "") in text.replace("\r\n", "")


def test_a_person_without_doses_gets_a_clear_refusal(signed):
    from desktop_app.certificates.errors import CertificateError
    from desktop_app.clock import utc_now
    from desktop_app.db import store
    from desktop_app.rules.identity import IdType, Sex
    from desktop_app.services.doses import PersonInput

    out = record_dose(signed.db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 3), "Y tá"),
                      person=PersonInput("Lê Thị Hoa", date(1980, 1, 1), Sex.FEMALE,
                                         IdType.PASSPORT, "C1234567", nationality="VNM"),
                      today=date(2022, 2, 1), actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    with signed.db.transaction() as s:
        store.void_dose(s, s.get(Dose, out.dose_id), "nhập nhầm người", now=utc_now())
    with pytest.raises(CertificateError) as caught:
        certificates.content_for(signed.db, out.person_id)
    assert caught.value.message("vi") == (
        "Lê Thị Hoa chưa có mũi tiêm nào được ghi nhận, nên chưa thể cấp chứng nhận.")


def test_the_sessions_of_a_day_split_by_time_of_entry(signed):
    from datetime import datetime

    from desktop_app.db.models import Dose as DoseRow

    db = signed.db
    ids = make_people(db, 4, doses_each=1)
    day = date(2021, 9, 1)
    local = datetime.now().astimezone().tzinfo
    with db.transaction() as s:  # two came at 08:30 local time, two at 14:30
        for i, person_id in enumerate(ids):
            dose = s.scalar(select(DoseRow).where(DoseRow.person_id == person_id))
            dose.dose_date = day
            at = datetime(2021, 9, 1, 8 if i < 2 else 14, 30, tzinfo=local)
            dose.entered_at = at.astimezone(UTC).replace(tzinfo=None)
    assert certificates.people_vaccinated_on(db, day, session="morning") == ids[:2]
    assert certificates.people_vaccinated_on(db, day, session="afternoon") == ids[2:]
    assert certificates.people_vaccinated_on(db, day) == ids


def test_a_days_batch_has_one_page_per_person_vaccinated_that_day(signed, tmp_path):
    db = signed.db
    ids = make_people(db, 5, doses_each=1)
    with db.reading() as s:
        day = s.scalar(select(Dose.dose_date).where(Dose.person_id == ids[2]))
        expected = set(s.scalars(select(Dose.person_id).where(Dose.dose_date == day)))
    people = certificates.people_vaccinated_on(db, day)
    assert set(people) == expected
    signer = signing.unlock_signer(db, PASSPHRASE)
    out = tmp_path / "day.pdf"
    pages = list(certificates.write_certificates(db, signer, people, out, actor=AT_THIS_LAPTOP))
    assert pages[-1] == len(people) and not (tmp_path / "day.pdf.part").exists()
    assert len(pypdfium2.PdfDocument(str(out))) == len(people)
    assert certificates.people_vaccinated_on(db, day + timedelta(days=4000)) == []
    morning = certificates.people_vaccinated_on(db, day, session="morning")
    afternoon = certificates.people_vaccinated_on(db, day, session="afternoon")
    assert sorted(morning + afternoon) == sorted(people)  # the two sessions make the day


def test_a_cancelled_batch_leaves_no_file(signed, tmp_path, monkeypatch):
    db = signed.db
    ids = make_people(db, 5, doses_each=1)
    monkeypatch.setattr(certificates, "BATCH_CHUNK", 2)
    signer = signing.unlock_signer(db, PASSPHRASE)
    out = tmp_path / "batch.pdf"
    pages = certificates.write_certificates(db, signer, ids, out, actor=AT_THIS_LAPTOP)
    assert next(pages) == 2
    pages.close()  # what the app's Stop button does between chunks
    assert list(tmp_path.glob("batch.pdf*")) == []


def test_the_issue_date_printed_is_the_sites_day(signed, tmp_path, in_vietnam):
    """Issued at 06:30 on 2 December in Vietnam (23:30 on the 1st in UTC, as stored): the
    paper says 02/12/2026, as the clerk's calendar does."""
    from datetime import datetime

    db = signed.db
    [person_id] = make_people(db, 1, doses_each=1)
    signer = signing.unlock_signer(db, PASSPHRASE)
    pdf_path = tmp_path / "cert.pdf"
    list(certificates.write_certificates(db, signer, [person_id], pdf_path, A5_LANDSCAPE,
                                         now=datetime(2026, 12, 1, 23, 30),
                                         actor=AT_THIS_LAPTOP))
    text = _render(pdf_path, tmp_path / "cert.png")
    assert "Date of issue: 02/12/2026" in text
