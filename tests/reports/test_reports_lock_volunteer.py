"""Review 32c: the serious reactions' words left on the Reports area for a volunteer who logs
in at the idle lock."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication

from desktop_app import clock
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import accounts
from desktop_app.services.actor import AT_THIS_LAPTOP, Role
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.reactions import ReactionInput, record_reaction
from desktop_app.ui.app import Shell
from tests.keys import TEST_PASSWORD, TEST_USER
from tests.ui.test_lock_windows import at_the_lock

VOLUNTEER = ("ha", "mật khẩu đủ dài 123")
WORDS = "Khó thở, nổi mề đay toàn thân"


def test_a_volunteer_logging_in_at_the_lock_no_longer_reads_the_reactions_report(
        qtbot, db, site, boss):
    """The supervisor reads the serious reactions (a person's health in words: for those
    who record doses only, reports.ABOUT_PEOPLE) and the laptop locks; a volunteer logs in
    at the lock. The Reports area comes back as it was: the reactions' descriptions are
    still in its table, and "Serious reactions" still in its list, for the volunteer."""
    accounts.add_user(db, VOLUNTEER[0], "Tình nguyện viên Hà", Role.VOLUNTEER, VOLUNTEER[1],
                      actor=boss)
    today = clock.local_today()
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, today, "Lan"),
                      person=PersonInput("Hoàng Thị Mai", date(1988, 3, 4), Sex.FEMALE,
                                         IdType.CCCD, "001188000777"),
                      actor=AT_THIS_LAPTOP, confirm_warnings=True)
    assert out.saved, out.problems
    rid, problems = record_reaction(db, out.dose_id, ReactionInput(
        "serious", clock.utc_now(), WORDS, "Tiêm adrenalin, chuyển viện"), actor=boss)
    assert rid, problems

    supervisor = accounts.login(db, TEST_USER, TEST_PASSWORD)
    shell = Shell(QApplication.instance(), db, "en", supervisor)
    shell.show_window()
    qtbot.addWidget(shell.window)
    shell.window.show_area("reports")
    screen = shell.window.areas["reports"]
    screen.chooser.setCurrentIndex(screen.chooser.findData("reactions"))
    qtbot.waitUntil(lambda: not screen.loading and screen.report is not None
                    and screen.report.key == "reactions")
    assert screen.model.index(0, 4).data() == WORDS

    at_the_lock(shell, *VOLUNTEER)
    shell.lock()
    assert shell.ctx.actor.role is Role.VOLUNTEER
    qtbot.wait(300)
    shell.ctx.runner.wait_idle()
    qtbot.wait(100)
    shown = [screen.model.index(r, c).data() for r in range(screen.model.rowCount())
             for c in range(screen.model.columnCount())]
    listed = [screen.chooser.itemData(i) for i in range(screen.chooser.count())]
    assert "reactions" not in listed
    assert WORDS not in shown
