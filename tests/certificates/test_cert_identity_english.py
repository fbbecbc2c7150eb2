"""Review 32e: the certificate dialog in English for a person held back by an identity error."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.clock import utc_now
from desktop_app.db.models import Person
from desktop_app.services.signing import Signer
from desktop_app.ui.certificates import certificate_dialog as module
from desktop_app.ui.certificates.certificate_dialog import CertificateDialog
from tests.certificates.factory import Pki
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import open_area


def test_the_refusal_in_english_names_the_problem_in_english(qtbot, db, site, monkeypatch):
    """The English desk opens the certificate of a person whose sex contradicts the CCCD:
    the refusal must be English throughout, not 'CCCD không khớp giới tính' inside it
    (``certificate_issuing.sign`` labels the problems in "vi" whatever the reader's
    language)."""
    [person] = make_people(db, 1, doses_each=1)
    with db.transaction() as s:
        p = s.get(Person, person)
        p.sex = "F" if p.sex == "M" else "M"
    shown = []
    monkeypatch.setattr(module, "show_error", lambda *args: shown.append(args))
    ctx, _window, screen = open_area(qtbot, db, "certificates", "en")
    key, cert = Pki().signer(start=utc_now() - timedelta(days=1))
    ctx.signer = Signer(key, cert)
    dialog = CertificateDialog(ctx, person, screen)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(shown), timeout=15_000)
    said = dialog.status.text()
    assert said.startswith("No certificate for"), said
    assert "không khớp" not in said and "giới tính" not in said, said
