"""Settings → "Site and today's defaults…" by a clerk, and the save's two parts as one.

A reviewer's clerk changed the lot and saved: the lot was saved and audited, then the site
(a supervisor's) refused, and the dialog stayed open saying the site could not be saved.
A clerk now sees the site read only and saves the day's defaults alone; a supervisor's save
of both is one transaction, so a failing site takes the day's lot back with it.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialog
from sqlalchemy import text

from desktop_app.rules.messages import UserError
from desktop_app.services import accounts
from desktop_app.services.actor import NotAllowed, Role
from desktop_app.services.day_defaults import get_day_defaults
from desktop_app.services.day_setup import lots_of, save_settings
from desktop_app.services.site import SiteChoice, current_site
from desktop_app.ui.context import AppContext
from desktop_app.ui.setup import SetupDialog
from desktop_app.ui.tasks import TaskRunner

EXPIRY = date(2031, 12, 31)


@pytest.fixture
def clerk(db, boss, site):  # noqa: ARG001 - a site to show
    accounts.add_user(db, "lan", "Lan", Role.CLERK, "mật khẩu của lan", actor=boss)
    return accounts.login(db, "lan", "mật khẩu của lan")


def audit_actions(db):  # noqa: ANN001, ANN201
    with db.reading() as s:
        return s.execute(text("SELECT action, entity, entity_id FROM audit_entry "
                              "ORDER BY id")).all()


def opened_by(qtbot, db, actor):  # noqa: ANN001, ANN201
    ctx = AppContext(db, TaskRunner(), "en")
    ctx.actor = actor
    dialog = SetupDialog(ctx)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.done(QDialog.DialogCode.Rejected))
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded)
    return dialog


def test_a_clerk_sees_the_site_read_only_and_saves_the_days_lot_alone(qtbot, db, clerk,
                                                                       site):
    dialog = opened_by(qtbot, db, clerk)
    assert (dialog.code.text(), dialog.name.text()) == (site.code, site.name)
    assert dialog.code.isReadOnly() and dialog.name.isReadOnly()
    assert not dialog.province.isEnabled() and not dialog.commune.isEnabled()
    assert dialog.product.isEnabled() and not dialog.lot.isReadOnly()
    before = audit_actions(db)

    dialog.product.setCurrentIndex(dialog.product.findData("COMIRNATY"))
    dialog.lot.setText("NEWLOT9")
    dialog.expiry.set_value(EXPIRY)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert not dialog.general_error.isVisible()
    assert get_day_defaults(db).lot_number == "NEWLOT9"
    assert current_site(db) == site
    added = audit_actions(db)[len(before):]
    assert [a for a, _, _ in added] == ["lot", "update"]  # the lot, the day's defaults
    assert not any(a == "refused" for a, _, _ in added)


def test_a_supervisor_sees_the_site_to_change(qtbot, db, boss, site):  # noqa: ARG001
    dialog = opened_by(qtbot, db, boss)
    assert not dialog.code.isReadOnly() and dialog.province.isEnabled()


def test_a_site_that_fails_takes_the_days_lot_back_with_it(db, boss, site):
    before = get_day_defaults(db)
    with pytest.raises(UserError, match="Enter the site code"):
        save_settings(db, SiteChoice("", site.name), "COMIRNATY", "NEWLOT9", EXPIRY, "Lan",
                      actor=boss)
    assert get_day_defaults(db) == before
    assert lots_of(db, "COMIRNATY") == []
    assert current_site(db) == site


def test_a_clerk_giving_a_site_is_refused_before_anything_is_written(db, clerk, site):
    before = get_day_defaults(db)
    with pytest.raises(NotAllowed):
        save_settings(db, SiteChoice("HN-9999", "Khác"), "COMIRNATY", "NEWLOT9", EXPIRY,
                      "Lan", actor=clerk)
    assert get_day_defaults(db) == before and lots_of(db, "COMIRNATY") == []
    assert current_site(db) == site
    saved = save_settings(db, None, "COMIRNATY", "NEWLOT9", EXPIRY, "Lan", actor=clerk)
    assert saved.site is None and saved.defaults.lot_number == "NEWLOT9"


def test_a_volunteer_reads_the_days_defaults_and_is_told_whose_they_are(qtbot, db, boss,
                                                                         site):  # noqa: ARG001
    """A volunteer could type a vaccinator and press Save, to be refused with "The site
    could not be saved", the site they never touched, the message pushing the field out of
    view. The defaults and Save are now read only for them, and say whose work they are."""
    accounts.add_user(db, "minh", "Minh", Role.VOLUNTEER, "mật khẩu của minh", actor=boss)
    volunteer = accounts.login(db, "minh", "mật khẩu của minh")
    dialog = opened_by(qtbot, db, volunteer)
    for field in (dialog.product, dialog.lot, dialog.expiry, dialog.vaccinator):
        assert not field.isEnabled()
    assert not dialog.save_button.isEnabled()
    assert dialog.enter_hint.isHidden()  # "Enter in the last field saves": it would not
    assert any(label.text() == "A clerk / supervisor's work."
               for label in dialog.findChildren(type(dialog.general_error)))
    # A clerk's refused save says what was refused, and the dialog grows to it.
    clerk = accounts.add_user(db, "lan", "Lan", Role.CLERK, "mật khẩu của lan", actor=boss)
    assert clerk
    lan = opened_by(qtbot, db, accounts.login(db, "lan", "mật khẩu của lan"))
    assert not lan.enter_hint.isHidden()  # the day's defaults are hers to save
    height = lan.height()
    lan._on_save_failed(UserError("PASSWORD_SHORT", min=8))
    assert lan.general_error.text().startswith("Today's defaults could not be saved")
    assert lan.height() > height
