"""A question the end of work brings while the app is locked waits for the login, and is put
to whoever logs in, under their own role (``ui/when_present.py``).

A reviewer (mgrrev) had the supervisor import a province's corrected file at the Backfill
screen and lock: the import ended while locked, and its question "Correct people already
recorded?" opened over the login, with the names and the old and new ID numbers; a
passer-by pressed "Correct them" and the record was corrected in the supervisor's name.

Each test holds the work's real function back until the lock's login is up, so that its
end lands while locked (the timing alone is held: the work done is the real one)."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from desktop_app.db.models import AuditEntry, Person, User
from desktop_app.progress import drain
from desktop_app.services import accounts, backfill, police_export
from desktop_app.services.actor import AT_THIS_LAPTOP, Role
from desktop_app.ui.backfill import imports_panel
from tests.cleaning.people import paper
from tests.importers.sheets import person_row, write_xlsx
from tests.keys import TEST_PASSWORD, TEST_USER
from tests.ui.conftest import shown_shell

CLERK = ("lan", "mật khẩu của lan")
SECOND_SUPERVISOR = ("ha", "mật khẩu của hà")
OLD_ID, NEW_ID = "00119001234", "001190012345"


@pytest.fixture
def shell(qtbot, db, site, boss):  # noqa: ARG001 - a site to record under
    accounts.add_user(db, CLERK[0], "Lan", Role.CLERK, CLERK[1], actor=boss)
    accounts.add_user(db, SECOND_SUPERVISOR[0], "Hà", Role.SUPERVISOR, SECOND_SUPERVISOR[1],
                      actor=boss)
    yield from shown_shell(qtbot, db)


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


def _held_until_locked(monkeypatch, owner, name: str) -> tuple[threading.Event, threading.Event]:  # noqa: ANN001
    """``owner.name`` (the real work) starts once ``go`` is set; ``ended`` once it returned.
    A generator (the import) is held alike."""
    go, ended = threading.Event(), threading.Event()
    real = getattr(owner, name)

    def held(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        go.wait(20)
        try:
            return real(*args, **kwargs)
        finally:
            ended.set()

    def held_generator(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        go.wait(20)
        try:
            return (yield from real(*args, **kwargs))
        finally:
            ended.set()

    monkeypatch.setattr(owner, name, held_generator if name == "import_file" else held)
    return go, ended


def _lock_and_log_in(qtbot, shell, go, ended, user, password, seen, button):  # noqa: ANN001
    """Lock; once the login is up the work goes on and ends; whatever shows over the login
    meanwhile is kept in ``seen``; then ``user`` logs in, and presses ``button`` in what is
    asked of them (``seen["asked"]``)."""
    def at_the_lock():
        dialog = getattr(shell, "lock_dialog", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, at_the_lock)
            return
        go.set()
        after_the_end(dialog)

    def after_the_end(dialog):  # noqa: ANN001, ANN202
        if not ended.is_set():
            QTimer.singleShot(20, lambda: after_the_end(dialog))
            return
        qtbot.wait(400)  # the work's end delivered, and anything it would show, shown
        seen["over the lock"] = [box.text() for box in _boxes()]
        for box in _boxes():
            box.done(0)  # not answered: let the login go on
        dialog.username.setText(user)
        dialog.password.setText(password)
        dialog.submit()
        _answer(seen, button)

    QTimer.singleShot(0, at_the_lock)
    shell.idle.hold(shell.lock)


def _answer(seen: dict, button: str, tries: int = 500) -> None:
    """Once a box with ``button`` is up (looked for 10 s): its text kept in
    ``seen["asked"]``, ``button`` pressed."""
    pressed = [(box, b) for box in _boxes() for b in box.buttons() if b.text() == button]
    if pressed:
        seen["asked"] = pressed[0][0].text()
        pressed[0][1].click()
    elif tries:
        QTimer.singleShot(20, lambda: _answer(seen, button, tries - 1))


def _import_corrected_file_then_lock(qtbot, db, shell, tmp_path, monkeypatch, user, password,  # noqa: ANN001, ANN202, E501
                                     button):
    drain(backfill.import_file(db, write_xlsx(tmp_path / "first.xlsx", [
        person_row(1, name="Trần Thị Bích", sex="Nữ", cccd=OLD_ID, dob="")]),
        actor=AT_THIS_LAPTOP))
    go, ended = _held_until_locked(monkeypatch, backfill, "import_file")
    shell.window.show_area("backfill")
    panel = shell.window.areas["backfill"].import_panel
    panel.choose_file(str(write_xlsx(tmp_path / "corrected.xlsx", [
        person_row(1, name="Trần Thị Bích", sex="Nữ", cccd=NEW_ID, dob="")])))
    qtbot.waitUntil(panel.import_button.isEnabled)
    panel.start_import()
    seen: dict = {}
    _lock_and_log_in(qtbot, shell, go, ended, user, password, seen, button)
    assert seen["over the lock"] == []
    return panel, seen


def _recorded_id(db) -> str:  # noqa: ANN001
    with db.reading() as s:
        return s.scalar(select(Person.id_number))


def _people_corrected_by(db) -> set[str]:  # noqa: ANN001
    with db.reading() as s:
        return {name for (name,) in s.execute(
            select(User.username).join(AuditEntry, AuditEntry.user_id == User.id).where(
                AuditEntry.entity == "person", AuditEntry.action == "update"))}


def test_an_import_ending_while_locked_asks_nothing_over_the_lock_and_asks_whoever_logs_in(
        qtbot, db, shell, tmp_path, monkeypatch):
    """Nothing shows over the login; Hà, another supervisor, logs in: the question is put
    to her, and her "Correct them" is audited as hers."""
    panel, seen = _import_corrected_file_then_lock(
        qtbot, db, shell, tmp_path, monkeypatch, *SECOND_SUPERVISOR, "Correct them")
    qtbot.waitUntil(lambda: panel.job is None, timeout=20_000)
    shell.ctx.runner.wait_idle()
    assert "Trần Thị Bích" in seen["asked"] and NEW_ID in seen["asked"]
    assert _recorded_id(db) == NEW_ID
    assert _people_corrected_by(db) == {SECOND_SUPERVISOR[0]}


def test_a_clerk_logging_in_after_it_is_told_it_is_a_supervisors_and_nothing_changes(
        qtbot, db, shell, tmp_path, monkeypatch):
    panel, seen = _import_corrected_file_then_lock(
        qtbot, db, shell, tmp_path, monkeypatch, *CLERK, "Close")
    qtbot.waitUntil(lambda: panel.job is None, timeout=20_000)
    shell.ctx.runner.wait_idle()
    assert "Correct people already recorded?" in seen["asked"]
    assert "supervisor" in seen["asked"] and "Lan is a clerk" in seen["asked"]
    assert "Trần Thị Bích" not in seen["asked"]  # no names for a role that may not answer
    assert _recorded_id(db) == OLD_ID and _people_corrected_by(db) == set()
    assert panel.summary.text()  # the import's outcome said, as ever


def test_an_undo_planned_while_locked_is_asked_after_the_login(
        qtbot, db, shell, tmp_path, monkeypatch):
    drain(backfill.import_file(db, write_xlsx(tmp_path / "wrong.xlsx", [
        person_row(1, name="Trần Thị Bích", sex="Nữ", cccd=NEW_ID)]), actor=AT_THIS_LAPTOP))
    shell.window.show_area("backfill")
    listed = shell.window.areas["backfill"].imports_panel
    listed.refresh()
    qtbot.waitUntil(lambda: listed.table.rowCount() == 1)
    listed.table.selectRow(0)
    go, ended = _held_until_locked(monkeypatch, imports_panel, "plan_undo")
    listed.undo()
    seen: dict = {}
    _lock_and_log_in(qtbot, shell, go, ended, TEST_USER, TEST_PASSWORD, seen,
                     "Keep the import")
    assert seen["over the lock"] == []
    qtbot.waitUntil(lambda: "asked" in seen)
    assert "wrong.xlsx" in seen["asked"]


def test_the_police_list_read_while_locked_asks_its_export_after_the_login(
        qtbot, db, shell, monkeypatch):
    paper(db, full_name="Lê Thị Láng", dob="")  # on the cleaning list: no date of birth
    shell.window.show_area("cleaning")
    screen = shell.window.areas["cleaning"]
    qtbot.waitUntil(screen.police.export_button.isEnabled, timeout=10_000)
    go, ended = _held_until_locked(monkeypatch, police_export, "export_plan")
    screen.police.ask_export()
    seen: dict = {}
    _lock_and_log_in(qtbot, shell, go, ended, TEST_USER, TEST_PASSWORD, seen, "Cancel")
    assert seen["over the lock"] == []
    qtbot.waitUntil(lambda: "asked" in seen)
    assert seen["asked"]  # the export's question, once the supervisor is back


@pytest.fixture
def record(qtbot, db, shell):  # noqa: ANN201
    """A person's Record window open over the records list."""
    from datetime import date

    from desktop_app.rules.identity import IdType, Sex
    from desktop_app.services.doses import DoseInput, PersonInput, record_dose

    done = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"),
                       person=PersonInput("Hoàng Thị Mai", date(1988, 3, 4), Sex.FEMALE,
                                          IdType.CCCD, "001188000777"), actor=AT_THIS_LAPTOP)
    shell.window.show_area("records")
    dialog = shell.window.areas["records"].open_record(done.dose_id)
    qtbot.waitUntil(lambda: dialog.void_button.isEnabled())
    return dialog


def _a_question_of_the_record_while_locked(shell, record, user, password) -> list[str]:  # noqa: ANN001
    """Work of the Record window ends while locked and asks (``ask_when_present``, as its
    correction's "Save anyway?" does); ``user`` logs in. Who was asked, as they answered."""
    from desktop_app.ui.when_present import ask_when_present

    asked: list[str] = []

    def log_in():
        dialog = getattr(shell, "lock_dialog", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, log_in)
            return
        ask_when_present(shell.ctx, record, lambda: asked.append(shell.ctx.actor.name))
        if asked:  # put at once, over the login
            asked.append("over the lock")
        dialog.username.setText(user)
        dialog.password.setText(password)
        dialog.submit()

    QTimer.singleShot(0, log_in)
    shell.idle.hold(shell.lock)
    return asked


def test_the_same_person_back_is_asked_what_their_window_asked_while_locked(
        qtbot, shell, record):
    asked = _a_question_of_the_record_while_locked(shell, record, TEST_USER, TEST_PASSWORD)
    qtbot.waitUntil(lambda: asked != [])
    assert asked == [shell.ctx.actor.name] and record.isVisible()


def test_another_person_is_not_asked_what_a_window_closed_at_their_login_asked(
        qtbot, shell, record):
    asked = _a_question_of_the_record_while_locked(shell, record, *CLERK)
    qtbot.wait(300)
    assert shell.ctx.actor.role is Role.CLERK and not record.isVisible()
    assert asked == []
