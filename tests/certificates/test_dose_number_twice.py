"""No certificate lists a dose number twice. A gave Hoa dose 1; B, offline and never looking
her up, gave her "dose 1" too (her second). The platform tells both, and A's worklist has
her under *Trùng số mũi*; A's certificate was signed all the same listing "Mũi 1" twice,
its QR claiming a series that is not hers: a paper the citizen carries, contradicting
itself, until one site renumbers. Two real sites, a real central server."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.rules.cleaning import DOSE_NUMBER_CLASH
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services import certificates, cleaning, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.certificates.signed import PASSPHRASE
from tests.certificates.test_cert_day_batch_held import day_batch_from_screen

HOA = make_cccd("001", Sex.FEMALE, 1990, 31337)
D1 = date.today() - timedelta(days=120)
D2 = date.today() - timedelta(days=60)


def _dose_1(site, lot, day):  # noqa: ANN001, ANN202
    out = record_dose(site.db, DoseInput("COMIRNATY", lot, 1, day, "Y tá"),
                      person=PersonInput("Nguyễn Thị Hoa", date(1990, 5, 4), Sex.FEMALE,
                                         IdType.CCCD, HOA),
                      today=day, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.person_id


def test_a_dose_number_two_sites_gave_holds_the_certificate_back(signed, wired_b, boss):
    pid_a = _dose_1(signed, "LOTA1", D1)
    _dose_1(wired_b, "LOTB1", D2)
    assert signed.sync().rejected == 0 and wired_b.sync().rejected == 0
    signed.sync()
    [case] = cleaning.worklist(signed.db).cases
    assert (case.person_id, case.problems) == (pid_a, (DOSE_NUMBER_CLASH,))

    with pytest.raises(certificates.CertificateError) as held:
        certificates.content_for(signed.db, pid_a)  # the area's preview says it
    assert held.value.message("vi").startswith("Nguyễn Thị Hoa có hai mũi cùng ghi là mũi 1")
    signer = signing.unlock_signer(signed.db, PASSPHRASE)
    with pytest.raises(certificates.CertificateError):
        certificates.issue_certificate(signed.db, signer, pid_a, actor=boss)


def _day_with_hoa_clashing(a, b) -> tuple[str, list[str]]:
    """A vaccinated Hoa and two others on D1; B, never looking her up, gave her "dose 1"
    too on D2; after the syncs A holds the clash. Returns Hoa's id, the others'."""
    from sqlalchemy import update

    from desktop_app.db.models import Dose
    from tests.sync.helpers import make_people

    hoa = _dose_1(a, "LOTA1", D1)
    others = make_people(a.db, 2, doses_each=1)
    with a.db.transaction() as s:  # they came the same day as Hoa
        s.execute(update(Dose).where(Dose.person_id.in_(others)).values(dose_date=D1))
    _dose_1(b, "LOTB1", D2)
    assert a.sync().rejected == 0 and b.sync().rejected == 0
    a.sync()
    assert set(certificates.people_vaccinated_on(a.db, D1)) == {hoa, *others}
    return hoa, others


def test_one_dose_number_clash_costs_the_whole_day_its_certificates(qtbot, signed, wired_b,
                                                                    tmp_path):
    """Review certrev: site A vaccinated three people on one day, Hoa among them; her own
    certificate is rightly held back (CERT_DOSE_NUMBER_TWICE). The clerk makes the day's
    PDF in the Certificates area: identity errors were left out and named (``held_back``),
    but not this one: the whole batch failed on her, no PDF was written, and the two other
    people of the day got no certificate. Now she is left out and named, the others
    printed."""
    import pypdfium2


    hoa, _others = _day_with_hoa_clashing(signed, wired_b)
    assert certificates.held_back(signed.db, [hoa])[hoa].startswith(
        "Nguyễn Thị Hoa có hai mũi cùng ghi là mũi 1")
    out = tmp_path / "ngay.pdf"
    said = day_batch_from_screen(qtbot, signed.db, D1, out)
    assert out.exists(), f"no PDF for the two people who may have one; screen says: {said}"
    assert len(pypdfium2.PdfDocument(str(out))) == 2
    assert "Nguyễn Thị Hoa" in said  # the one held back is named with why


def test_the_days_command_prints_the_others_and_names_the_clash(signed, wired_b, db_path,
                                                                tmp_path):
    """`vaxdesk certificates --day` takes the same path: Hoa named on stderr, the two
    others printed, exit 0."""
    import pypdfium2

    from tests.certificates.test_cli_certificates import _vaxdesk

    _day_with_hoa_clashing(signed, wired_b)
    signed.db.close()
    out = tmp_path / "ngay.pdf"
    run = _vaxdesk(db_path, "certificates", "--day", D1.isoformat(), "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert "Nguyễn Thị Hoa có hai mũi cùng ghi là mũi 1" in run.stderr
    assert len(pypdfium2.PdfDocument(str(out))) == 2
