"""The file name "Lưu PDF…" offers for a certificate carries no ID number and no name.

What a clerk saw: the save dialog offered "chung-nhan-<CCCD>.pdf". A file's mode does not
protect its name: the citizen's national ID number showed in folder listings, on a USB
stick, in the desktop's recent files. It now offers the day it is issued and the
certificate's short code (the end of the certificate ID the dialog shows).

Real parts: a real SQLite (SQLCipher) file, the real dialog (offscreen). The one stand-in is
the save dialog's question (a native file dialog cannot be answered offscreen): it records
the name offered and answers Cancel.
"""

from __future__ import annotations

from desktop_app.clock import local_today
from desktop_app.db.models import Person
from tests.certificates.dialog_helpers import open_certificate_dialog
from tests.sync.helpers import make_people


def test_the_certificate_file_offered_is_named_by_its_day_and_code_not_the_person(
        qtbot, db, site, monkeypatch):  # noqa: ARG001
    [person] = make_people(db, 1, doses_each=2)
    with db.reading() as s:
        found = s.get(Person, person)
        id_number = found.id_number
    _ctx, dialog = open_certificate_dialog(qtbot, db, person, "vi")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=15_000)
    offered = []

    import desktop_app.ui.certificates.certificate_dialog as module

    monkeypatch.setattr(module, "ask_save_path",
                        lambda _p, _t, suggested, *_a, **_k: offered.append(suggested) or None)
    assert dialog.save_pdf() is None  # cancelled: nothing saved
    [suggested] = offered
    assert id_number not in suggested, suggested
    code = dialog.content.uvci.split("#")[0][-8:]  # the ID the dialog shows ends so
    assert suggested == f"chung-nhan-{local_today().isoformat()}-{code}.pdf"
