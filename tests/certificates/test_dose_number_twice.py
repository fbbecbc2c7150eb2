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
