"""The Records area on real widgets over a real database: filters, sorting, lazy pages,
opening a record, voiding with a reason and correcting with the rules' messages."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop_app.clock import local_today
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.records import DoseFilter
from desktop_app.ui.context import AppContext
from desktop_app.ui.records.dose_table_model import DoseTableModel
from desktop_app.ui.records.records_screen import RecordsScreen
from desktop_app.ui.tasks import TaskRunner
from tests.ui.desk_helpers import rows

TODAY = local_today()  # set again by ``doses``, the day each test runs on
PEOPLE = ["Lê Văn Tám", "An Thị Bé", "Trần Thị Hoa", "Bùi Thị Mai", "Đỗ Thị Cúc"]


def _person(n, name):
    return PersonInput(name, date(1990, 5, 1), Sex.FEMALE, IdType.CCCD, f"0011900001{n:02d}")


@pytest.fixture
def doses(db, site):
    """Three doses today, two a year ago (the oldest on COMIRNATY)."""
    # The day the test runs on, as the screen takes it: a suite crossing midnight ran
    # tests collected the day before (their "today" yesterday's, their page empty).
    global TODAY
    TODAY = local_today()
    out = []
    for n, name in enumerate(PEOPLE):
        when = TODAY if n < 3 else TODAY - timedelta(days=365 + n)
        product = "COMIRNATY" if n == 4 else "VAXZEVRIA"
        dose = DoseInput(product, "AB123", 1, when, "Y tá Lan")
        out.append(record_dose(db, dose, person=_person(n, name), confirm_warnings=True,
                               actor=AT_THIS_LAPTOP))
    return out


@pytest.fixture
def screen(qtbot, db, doses):
    ctx = AppContext(db, TaskRunner(), "en")
    widget = RecordsScreen(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    widget.activate()
    yield widget
    if widget.dialog is not None:
        widget.dialog.close()
    ctx.runner.wait_idle()


def names(screen):
    return [screen.model.row_at(r).full_name for r in range(screen.model.rowCount())]


#: A page load is a few ms; a 2-core machine running the suite in two workers beside other
#: work has taken over 5 s (pytest-qt's default) to schedule one.
SETTLE_MS = 20_000


def settled(screen, count):
    model = screen.model
    return model.rowCount() == count and not model.loading and screen.total == count


def test_names_and_vaccines_fit_on_one_line_once_the_first_page_is_in(qtbot, screen):
    """The columns take each query's first page's widths (before, every column was 100 px
    and a name or "Vaxzevria (AstraZeneca)" broke over two lines): today's page holds only
    Vaxzevria, the whole list also Comirnaty, whose longer name must fit too; a width the
    user set stays."""
    from desktop_app.ui.records.dose_table_model import COLUMNS

    qtbot.waitUntil(lambda: settled(screen, 3), timeout=SETTLE_MS)
    screen.all.click()
    qtbot.waitUntil(lambda: settled(screen, 5), timeout=SETTLE_MS)
    metrics = screen.table.fontMetrics()
    for name in ("name", "vaccine", "id_number"):
        column = COLUMNS.index(name)
        widest = max(metrics.horizontalAdvance(screen.model.index(r, column).data())
                     for r in range(5))
        assert screen.table.columnWidth(column) > widest, name
    screen.table.setColumnWidth(COLUMNS.index("name"), 90)  # the user's own width stays
    screen.model.set_query()
    qtbot.waitUntil(lambda: settled(screen, 5), timeout=SETTLE_MS)
    assert screen.table.columnWidth(COLUMNS.index("name")) == 90


def test_today_then_all_then_each_filter(qtbot, screen, db):
    qtbot.waitUntil(lambda: settled(screen, 3), timeout=SETTLE_MS)
    assert screen.count_label.text() == "3 records"
    screen.all.click()
    qtbot.waitUntil(lambda: settled(screen, 5), timeout=SETTLE_MS)
    assert screen.model.index(0, 0).data() == TODAY.strftime("%d/%m/%Y")
    screen.vaccine.setCurrentIndex(screen.vaccine.findData("COMIRNATY"))
    qtbot.waitUntil(lambda: settled(screen, 1), timeout=SETTLE_MS)
    assert names(screen) == ["Đỗ Thị Cúc"]
    screen.vaccine.setCurrentIndex(0)
    screen.sync_state.setCurrentIndex(screen.sync_state.findData("synced"))
    qtbot.waitUntil(lambda: settled(screen, 0), timeout=SETTLE_MS)
    screen.sync_state.setCurrentIndex(screen.sync_state.findData("pending"))
    qtbot.waitUntil(lambda: settled(screen, 5), timeout=SETTLE_MS)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE person SET cleaning_reason = 'DOB_REQUIRED' "
                             "WHERE full_name = 'Bùi Thị Mai'")
    screen.needs_cleaning.setChecked(True)
    qtbot.waitUntil(lambda: settled(screen, 1), timeout=SETTLE_MS)
    assert names(screen) == ["Bùi Thị Mai"]
    assert screen.model.index(0, 1).data() == "Bùi Thị Mai ⚑"
    screen.needs_cleaning.setChecked(False)
    # Bùi Thị Mai's dose is 368 days old, Đỗ Thị Cúc's 369; the ends typed either way round
    screen.set_range(TODAY - timedelta(days=365), TODAY - timedelta(days=368))
    qtbot.waitUntil(lambda: settled(screen, 1), timeout=SETTLE_MS)
    assert names(screen) == ["Bùi Thị Mai"]


def test_a_person_is_found_by_name_id_or_phone_with_their_doses_of_every_day(qtbot, screen):
    """Review of 6 Dec 2026: the list could be filtered by day, vaccine and state only; a
    clerk with a citizen on the phone sorted 5,000 rows by name. The desk's search now
    narrows it to the people it finds, over every day (the list opens on today)."""
    qtbot.waitUntil(lambda: settled(screen, 3), timeout=SETTLE_MS)
    screen.person.setText("mai bui")  # a year-old dose, words in any order, no accents
    qtbot.waitUntil(lambda: settled(screen, 1), timeout=SETTLE_MS)
    assert names(screen) == ["Bùi Thị Mai"] and screen.all.isChecked()
    screen.person.setText("001190000102")  # Trần Thị Hoa's CCCD
    qtbot.waitUntil(lambda: settled(screen, 1) and names(screen) == ["Trần Thị Hoa"],
                    timeout=SETTLE_MS)
    screen.person.setText("Không Có Ai")
    qtbot.waitUntil(lambda: settled(screen, 0), timeout=SETTLE_MS)
    assert "this search" in screen.empty.text()
    screen.person.clear()
    qtbot.waitUntil(lambda: settled(screen, 5), timeout=SETTLE_MS)


def test_clicking_a_header_sorts_from_the_start(qtbot, screen):
    screen.all.click()
    qtbot.waitUntil(lambda: settled(screen, 5), timeout=SETTLE_MS)
    header = screen.table.horizontalHeader()
    at = QPoint(header.sectionViewportPosition(1) + 5, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.waitUntil(lambda: names(screen) == sorted(names(screen), key=_folded)
                    and settled(screen, 5))
    assert names(screen)[0] == "An Thị Bé"
    assert header.sortIndicatorSection() == 1
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.waitUntil(lambda: names(screen)[:1] == ["Trần Thị Hoa"])
    from desktop_app.ui.records.dose_table_model import COLUMNS

    lot = QPoint(header.sectionViewportPosition(COLUMNS.index("lot")) + 5, 5)  # not sortable
    assert lot.x() < header.viewport().width()  # in sight, so the click lands on it
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=lot)
    assert header.sortIndicatorSection() == 1


def _folded(name):
    from desktop_app.rules.names import search_key

    return search_key(name)


def test_rows_arrive_a_page_at_a_time(qtbot, screen):
    model = DoseTableModel(screen.ctx)  # no view: nothing asks for pages but the test
    model.page_size = 2
    model.set_query(DoseFilter())
    qtbot.waitUntil(lambda: model.rowCount() == 2 and not model.loading)
    assert model.canFetchMore()
    model.fetchMore()
    assert not model.canFetchMore()  # one request at a time
    qtbot.waitUntil(lambda: model.rowCount() == 4 and not model.loading)
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 5 and not model.loading)
    assert not model.canFetchMore()
    assert len({model.row_at(r).dose_id for r in range(5)}) == 5

    screen.model.page_size = 2  # a view with room for more rows asks for them itself
    screen.all.click()
    qtbot.waitUntil(lambda: settled(screen, 5) and not screen.model.canFetchMore())


def test_a_void_needs_a_reason_and_keeps_the_dose(qtbot, screen, db, doses):
    qtbot.waitUntil(lambda: settled(screen, 3), timeout=SETTLE_MS)
    screen.table.selectRow(0)
    target = screen.model.row_at(0)
    screen.open_selected()
    dialog = screen.dialog
    qtbot.waitUntil(lambda: dialog.detail is not None and dialog.void_button.isEnabled())
    assert target.full_name in dialog.person.text()
    assert dialog.audit.rowCount() == 2  # the person and the dose were created
    assert dialog.audit.item(0, 1).text() == "(no account)"  # recorded with no one logged in
    # Each column but the last as wide as its text: at Qt's 100 px the vaccine was cut.
    metrics = dialog.doses.fontMetrics()
    for table in (dialog.doses, dialog.audit):
        for column in range(table.columnCount() - 1):
            widest = max(metrics.horizontalAdvance(table.item(r, column).text())
                         for r in range(table.rowCount()))
            assert table.columnWidth(column) > widest, (column, table.item(0, column).text())
    dialog.void_button.click()
    void = dialog.child
    void.void_button.click()  # no reason
    assert void.problem.isVisible() and "reason is required" in void.problem.text()
    assert rows(db, "SELECT status FROM dose WHERE id = :i", i=target.dose_id) == [("active",)]
    void.reason.setPlainText("Nhập nhầm người")
    void.void_button.click()
    qtbot.waitUntil(lambda: void.voided)
    assert rows(db, "SELECT status, void_reason FROM dose WHERE id = :i", i=target.dose_id) == [
        ("voided", "Nhập nhầm người")]
    qtbot.waitUntil(lambda: dialog.detail.dose.status == "voided")
    assert not dialog.void_button.isEnabled() and not dialog.correct_dose_button.isEnabled()
    assert dialog.audit.item(dialog.audit.rowCount() - 1, 2).text() == "Voided"
    # the list behind refreshed: the dose is still listed, now voided
    qtbot.waitUntil(lambda: any(screen.model.row_at(r).status == "voided"
                                for r in range(screen.model.rowCount())))
    assert screen.model.rowCount() == 3


def test_a_correction_with_an_error_is_refused_then_a_valid_one_saved(qtbot, screen, db):
    qtbot.waitUntil(lambda: settled(screen, 3), timeout=SETTLE_MS)
    target = screen.model.row_at(0)
    dialog = screen.open_record(target.dose_id)
    qtbot.waitUntil(lambda: dialog.correct_dose_button.isEnabled())
    dialog.correct_dose_button.click()
    fix = dialog.child
    fix.dose_form.dose_date.set_value(TODAY + timedelta(days=3))  # in the future: an error
    fix.save_button.click()
    qtbot.waitUntil(lambda: fix.outcome is not None)
    assert not fix.outcome.saved and fix.isVisible()
    assert fix.dose_form.problems.labels["dose_date"].isVisible()
    assert rows(db, "SELECT dose_date FROM dose WHERE id = :i", i=target.dose_id) == [
        (TODAY.isoformat(),)]
    fix.dose_form.dose_date.set_value(TODAY)
    fix.dose_form.lot.setText("XY999")
    fix.save_button.click()
    qtbot.waitUntil(lambda: fix.outcome.saved)
    assert rows(db, "SELECT lot_number FROM dose WHERE id = :i", i=target.dose_id) == [
        ("XY999",)]
    assert rows(db, "SELECT action FROM audit_entry WHERE entity_id = :i ORDER BY id",
                i=target.dose_id) == [("create",), ("update",)]
    qtbot.waitUntil(lambda: dialog.audit.rowCount() == 3)
    qtbot.waitUntil(lambda: any(screen.model.row_at(r).lot_number == "XY999"
                                for r in range(screen.model.rowCount())))

    dialog.correct_person_button.click()
    who = dialog.child
    who.person_form.sex.set_value(Sex.MALE)  # the CCCD says female: refused
    who.save_button.click()
    qtbot.waitUntil(lambda: who.outcome is not None)
    assert not who.outcome.saved
    assert rows(db, "SELECT sex FROM person WHERE id = :i", i=target.person_id) == [("F",)]
    who.person_form.sex.set_value(Sex.FEMALE)
    who.person_form.phone.setText("0912345678")
    who.save_button.click()
    qtbot.waitUntil(lambda: who.outcome.saved)
    assert rows(db, "SELECT phone FROM person WHERE id = :i", i=target.person_id) == [
        ("0912345678",)]


def test_a_clerk_sees_that_corrections_and_voids_are_a_supervisors(qtbot, db, doses, boss):
    """The services refuse a clerk's void; the record window says so on its buttons before
    the clerk types a reason, instead of refusing it after."""
    from desktop_app.services import accounts
    from desktop_app.services.actor import Actor, Role

    made = accounts.add_user(db, "lan", "Y tá Lan", Role.CLERK, "mật khẩu của Lan", actor=boss)
    ctx = AppContext(db, TaskRunner(), "en")
    ctx.actor = Actor(made.id, made.full_name, Role.CLERK)
    widget = RecordsScreen(ctx)
    qtbot.addWidget(widget)
    widget.show()
    widget.activate()
    qtbot.waitUntil(lambda: settled(widget, 3), timeout=SETTLE_MS)
    dialog = widget.open_record(widget.model.row_at(0).dose_id)
    qtbot.waitUntil(lambda: dialog.detail is not None)
    for button in (dialog.void_button, dialog.correct_dose_button,
                   dialog.correct_person_button):
        assert not button.isEnabled() and "supervisor" in button.toolTip()
    dialog.close()
    ctx.runner.wait_idle()


def test_a_void_or_a_correction_that_revokes_certificates_says_so(qtbot, screen, db,
                                                                  monkeypatch):
    """The certificates a void or a correction revoked were revoked in silence: the dialog
    closed, and whoever made the change learnt of it only by opening the certificate
    dialog later, with the citizen gone home holding a paper that no longer verifies."""
    from desktop_app.clock import utc_now
    from desktop_app.db.models import CertificateIssue
    from desktop_app.ui.records import correction_dialogs

    said = []
    monkeypatch.setattr(correction_dialogs, "show_notice",
                        lambda _parent, title, text: said.append((title, text)))
    qtbot.waitUntil(lambda: settled(screen, 3), timeout=SETTLE_MS)
    first, second = screen.model.row_at(0), screen.model.row_at(1)
    with db.transaction() as s:
        for n, row in enumerate((first, second)):
            s.add(CertificateIssue(uvci=f"URN:UVCI:01:VN:TEST/{n}", person_id=row.person_id,
                                   dose_id=row.dose_id, issued_at=utc_now(), kid="00"))
    dialog = screen.open_record(first.dose_id)
    qtbot.waitUntil(lambda: dialog.detail is not None and dialog.void_button.isEnabled())
    dialog.void_button.click()
    void = dialog.child
    void.reason.setPlainText("Nhập nhầm người")
    void.void_button.click()
    qtbot.waitUntil(lambda: void.voided)
    assert said == [("Certificates revoked", "1 certificate printed for this person was "
                     "revoked because the record was changed (URN:UVCI:01:VN:TEST/0). Print a "
                     "new one (Certificates) and take the old paper back.")]
    dialog.close()

    dialog = screen.open_record(second.dose_id)
    qtbot.waitUntil(lambda: dialog.correct_person_button.isEnabled())
    dialog.correct_person_button.click()
    who = dialog.child
    who.person_form.full_name.setText(second.full_name + " Anh")
    who.save_button.click()
    qtbot.waitUntil(lambda: who.outcome is not None and who.outcome.saved)
    assert who.outcome.revoked == ("URN:UVCI:01:VN:TEST/1",)
    assert len(said) == 2 and "(URN:UVCI:01:VN:TEST/1)" in said[1][1]
    # A phone corrected revokes nothing (the paper does not print it): nothing said.
    dialog.correct_person_button.click()
    again = dialog.child
    again.person_form.phone.setText("0912345670")
    again.save_button.click()
    qtbot.waitUntil(lambda: again.outcome is not None and again.outcome.saved)
    assert again.outcome.revoked == () and len(said) == 2
