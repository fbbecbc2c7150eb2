"""Review 32e: the Certificates area's day batch with one person held back by an identity
error (the CLI prints the others and names the held one; the screen should too)."""

from __future__ import annotations

from datetime import date

import pypdfium2
from sqlalchemy import update

from desktop_app.db.models import Dose, Person
from desktop_app.services import certificates, signing
from tests.certificates.signed import PASSPHRASE
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import open_area

DAY = date(2021, 9, 15)


def _day_of_three_one_held(db) -> tuple[list[str], str]:
    ids = make_people(db, 3, doses_each=1)
    with db.transaction() as s:  # the three came the same day
        s.execute(update(Dose).where(Dose.person_id.in_(ids)).values(dose_date=DAY))
        held = s.get(Person, ids[1])  # a sex that contradicts the CCCD (an old import)
        held.sex = "F" if held.sex == "M" else "M"
        name = held.full_name
    assert list(certificates.held_back(db, ids)) == [ids[1]]
    return ids, name


def test_the_days_batch_prints_the_others_and_names_the_one_held_back(qtbot, signed, tmp_path):
    """The day's PDF from the screen: one person with an open identity error must not cost
    the other people of the day their certificates (README: 'a day's batch prints the
    others and lists these'; ``certificates.held_back``; the CLI does so)."""
    ids, name = _day_of_three_one_held(signed.db)
    out = tmp_path / "ngay.pdf"
    said = day_batch_from_screen(qtbot, signed.db, DAY, out)
    assert out.exists(), f"no PDF for the two people who may have one; screen says: {said}"
    assert len(pypdfium2.PdfDocument(str(out))) == 2
    assert name in said  # the held one is named with why


def day_batch_from_screen(qtbot, db, day, out):  # noqa: ANN001, ANN201
    """The day's PDF made from the Certificates area, a signer unlocked: what it says."""
    ctx, _window, screen = open_area(qtbot, db, "certificates", "vi")
    ctx.signer = signing.unlock_signer(db, PASSPHRASE)
    screen.day.set_value(day)
    screen.make_batch(str(out))
    qtbot.waitUntil(lambda: screen.batch_button.isEnabled()
                    and bool(screen.batch_result.text())
                    and not screen.batch_result.text().startswith("Đang"), timeout=30_000)
    ctx.runner.wait_idle()
    return screen.batch_result.text()
