"""The certificate dialog as a clerk opens it: the Certificates area shown (Ctrl+5), a site
signer unlocked, the dialog for one person over it."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.clock import utc_now
from desktop_app.services.signing import Signer
from desktop_app.ui.certificates.certificate_dialog import CertificateDialog
from tests.certificates.factory import Pki
from tests.ui.desk_helpers import open_area


def open_certificate_dialog(qtbot, db, person: str, lang: str = "en", *, actor=None,
                            signer: Signer | None = None):  # noqa: ANN201
    """``(ctx, dialog)``, shown; ``signer``: a key in force since yesterday when not given."""
    ctx, _window, screen = open_area(qtbot, db, "certificates", lang, actor)
    if signer is None:
        key, cert = Pki().signer(start=utc_now() - timedelta(days=1))
        signer = Signer(key, cert)
    ctx.signer = signer
    dialog = CertificateDialog(ctx, person, screen)
    qtbot.addWidget(dialog)
    dialog.show()
    return ctx, dialog
