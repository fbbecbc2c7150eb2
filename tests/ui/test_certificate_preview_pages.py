"""The certificate dialog previews every page the printer and the saved PDF carry: since a
long dose table goes on to a second sheet, a preview of the first alone hid the rest."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtWidgets import QLabel, QScrollArea
from sqlalchemy import update

from desktop_app.db.models import Person, Site
from desktop_app.services import certificates, signing
from desktop_app.ui.certificates.certificate_dialog import PREVIEW_DPI, CertificateDialog, to_qimage
from desktop_app.ui.widgets.page_picture import PagePicture
from tests.certificates.signed import PASSPHRASE
from tests.certificates.test_certificate_layout import LONG_LOT, LONG_NAME, LONG_SITE
from tests.certificates.test_certificate_round_trip import _brought, _dose_here
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import open_area

CAPTION = re.compile(r"Trang \d+/\d+")


def _long_certificate(db) -> str:
    """A person whose certificate runs to a second A5 page: a long name and site name on
    every row, and six doses (as tests/certificates/test_certificate_layout.py prints)."""
    with db.transaction() as s:
        s.execute(update(Site).values(name=LONG_SITE))
    person_id = _brought(db, (1, date(2021, 9, 1), "VEROCELL", LONG_LOT),
                         (2, date(2021, 10, 1), "COMIRNATY_PAED", "202108C1122"))
    with db.transaction() as s:
        s.get(Person, person_id).full_name = LONG_NAME
    for number, day in ((3, date(2022, 1, 5)), (4, date(2022, 4, 5)), (5, date(2022, 5, 5)),
                        (6, date(2022, 5, 30))):
        _dose_here(db, person_id, number, day)
    return person_id


def _open(qtbot, db, person_id):
    ctx, _window, screen = open_area(qtbot, db, "certificates", "vi")
    ctx.signer = signing.unlock_signer(db, PASSPHRASE)
    dialog = CertificateDialog(ctx, person_id, screen)
    qtbot.addWidget(dialog)
    dialog.resize(1024, 600)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    # Pages added to a shown dialog are shown on the next pass of the event loop.
    qtbot.waitUntil(lambda: bool(_pictures(dialog)))
    return ctx, dialog


def _pictures(dialog):
    return [p for p in dialog.findChildren(PagePicture) if p.isVisibleTo(dialog)]


def _portrait(pictures) -> bool:
    return bool(pictures) and pictures[0].page.height() > pictures[0].page.width()


def _captions(dialog):
    return [label.text() for label in dialog.findChildren(QLabel)
            if label.isVisibleTo(dialog) and CAPTION.fullmatch(label.text())]


def test_a_two_page_certificate_previews_both_pages_one_under_the_other(
        qtbot, signed, tmp_path):
    ctx, dialog = _open(qtbot, signed.db, _long_certificate(signed.db))
    pdf_pages = certificates.render_pages(dialog.pdf, PREVIEW_DPI)
    assert len(pdf_pages) == 2
    qtbot.waitUntil(lambda: len(_pictures(dialog)) == 2 and len(_captions(dialog)) == 2)
    pictures = _pictures(dialog)
    assert len(pictures) == 2
    # Each picture is its own page of the PDF that prints and saves, in order.
    for picture, page in zip(pictures, pdf_pages, strict=True):
        assert picture.page.toImage().convertToFormat(to_qimage(page).format()) \
            == to_qimage(page)
        assert not picture.pixmap().isNull()
    assert _captions(dialog) == ["Trang 1/2", "Trang 2/2"]
    # Once laid out, neither page is squeezed; the second is under the first, reached by
    # scrolling down, never sideways.
    qtbot.waitUntil(lambda: all(p.height() >= p.pixmap().height() for p in pictures))
    assert pictures[0].geometry().bottom() < pictures[1].geometry().top()
    scroll = dialog.findChild(QScrollArea)
    assert scroll.horizontalScrollBar().maximum() == 0
    qtbot.wait(200)
    dialog.grab().save(str(tmp_path / "certificate-page-one.png"))
    scroll.ensureVisible(0, pictures[1].y(), 0, 200)  # where one page ends, the next begins
    assert not pictures[1].visibleRegion().isEmpty()
    qtbot.wait(200)
    dialog.grab().save(str(tmp_path / "certificate-two-pages.png"))

    # Another paper: its pages replace the old ones, none left behind.
    dialog.format.setCurrentIndex(dialog.format.findData("a4"))
    qtbot.waitUntil(lambda: _portrait(_pictures(dialog)))
    count = len(certificates.render_pages(dialog.pdf, PREVIEW_DPI))
    qtbot.waitUntil(lambda: len(_pictures(dialog)) == count)
    assert len(_captions(dialog)) == (count if count > 1 else 0)
    ctx.runner.wait_idle()


def test_a_one_page_certificate_has_no_page_caption(qtbot, signed, tmp_path):
    [person_id] = make_people(signed.db, 1, doses_each=2)
    ctx, dialog = _open(qtbot, signed.db, person_id)
    assert len(certificates.render_pages(dialog.pdf, PREVIEW_DPI)) == 1
    assert len(_pictures(dialog)) == 1
    assert _captions(dialog) == []
    qtbot.wait(200)
    dialog.grab().save(str(tmp_path / "certificate-one-page.png"))
    ctx.runner.wait_idle()
