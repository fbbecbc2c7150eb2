"""The clerk's desk, driven by the keyboard on real widgets over a real database."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.ui.desk_helpers import accept_screening, make_screen, press, rows, type_into, wait_saved

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_new_person_and_dose_typed_by_keyboard_are_saved(qtbot, db, site):
    screen = make_screen(qtbot, db)
    box = screen.search.box
    type_into(qtbot, box, "nguyen thi nhung")
    qtbot.waitUntil(lambda: screen.search.shown_query == "nguyen thi nhung")
    press(qtbot, box, Qt.Key.Key_Return)  # nobody found: Enter starts a new person
    assert screen.entry.isVisible() and screen.person_form.isVisible()
    form = screen.person_form
    assert form.full_name.text() == "nguyen thi nhung"  # prefilled from the search
    form.full_name.selectAll()
    type_into(qtbot, form.full_name, "Nguyễn Thị Nhung")
    press(qtbot, form.full_name, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "05091990")  # dob: digits only
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "nu")  # sex, without accents
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Tab)
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Tab)  # keep ID type CCCD
    qtbot.keyClicks(QApplication.focusWidget(), "001190000123")
    assert form.dob.value() == date(1990, 9, 5)
    assert form.sex.value() is Sex.FEMALE
    assert QApplication.focusWidget() is form.id_number

    press(qtbot, form.id_number, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, screen, 0, db)

    assert rows(db, "SELECT full_name, dob, sex, id_number FROM person") == [
        ("Nguyễn Thị Nhung", "1990-09-05", "F", "001190000123")]
    assert rows(db, "SELECT product_code, lot_number, dose_number, dose_date, vaccinator "
                    "FROM dose") == [("COMIRNATY", "FK1234", 1, date.today().isoformat(),
                                      "Y tá Lan")]
    assert QApplication.focusWidget() is box and box.text() == ""  # ready for the next person
    assert "Nguyễn Thị Nhung" in screen.message.text()


def test_the_id_cross_check_fires_as_soon_as_all_three_are_typed(qtbot, db, site):
    screen = make_screen(qtbot, db)
    press(qtbot, screen.search.box, Qt.Key.Key_N, CTRL)
    form = screen.person_form
    type_into(qtbot, form.full_name, "Trần Văn Bình")
    type_into(qtbot, form.dob, "03022001")
    form.sex.set_value(Sex.MALE)
    label = form.problems.labels["id_number"]
    type_into(qtbot, form.id_number, "07930100004")  # 3: female, 2000s
    assert not label.isVisible()  # eleven digits: not all three typed yet
    qtbot.keyClicks(form.id_number, "2")  # the 12th digit, no focus change
    assert label.isVisible()
    assert "Số CCCD ghi giới tính Nữ, nhưng giới tính đã nhập là Nam." in label.text()


def test_errors_block_saving_and_point_at_the_field(qtbot, db, site):
    screen = make_screen(qtbot, db)
    press(qtbot, screen.search.box, Qt.Key.Key_N, CTRL)
    form = screen.person_form
    type_into(qtbot, form.full_name, "Lê Văn Tám")
    type_into(qtbot, form.dob, "01011990")
    form.sex.set_value(Sex.MALE)
    type_into(qtbot, form.id_number, "00109000001")  # 11 digits
    press(qtbot, form.id_number, Qt.Key.Key_S, CTRL)
    qtbot.wait(100)
    assert rows(db, "SELECT count(*) FROM person") == [(0,)]
    assert QApplication.focusWidget() is form.id_number
    assert "phải có 12 chữ số" in form.problems.labels["id_number"].text()
    assert screen.entry.isVisible()


def _returning_person(db, doses=1):
    out = record_dose(db, DoseInput("COMIRNATY", "FK0001", 1, date(2021, 9, 1), "Hoa"),
                      person=PersonInput("Hoàng Thị Mai", date(1988, 3, 4), Sex.FEMALE,
                                         IdType.CCCD, "001188000777"), actor=AT_THIS_LAPTOP)
    assert out.saved
    return out.person_id


def _neighbours(db, count=200):
    """People born the same year in the same province as the returning person, so their
    CCCDs share her first seven digits: the hardest case for typing an ID's first digits."""
    import random

    draw = random.Random(19)
    tails = draw.sample(range(100_000), count + 1)
    for i, tail in enumerate(t for t in tails if f"{t:05d}" != "00777"):
        if i == count:
            break
        given = ("An", "Bình", "Chi", "Dung", "Hà", "Lan", "Mai", "Nga", "Oanh", "Phương")
        out = record_dose(db, DoseInput("COMIRNATY", "FK0001", 1, date(2021, 9, 1), "Hoa"),
                          person=PersonInput(f"Nguyễn Thị {given[i % 10]} {given[i // 10 % 10]}",
                                             date(1988, 1 + i % 12, 1 + i % 28), Sex.FEMALE,
                                             IdType.CCCD, f"0011880{tail:05d}"),
                          confirm_warnings=True, actor=AT_THIS_LAPTOP)
        assert out.saved, out.problems


def test_a_returning_persons_next_dose_in_few_keystrokes(qtbot, db, site):
    """Every key counted: the ID's digits typed one by one until she is the only match."""
    pid = _returning_person(db)
    _neighbours(db)
    screen = make_screen(qtbot, db)
    box = screen.search.box
    box.setFocus()
    keystrokes = 0
    for typed in ("001188000777"[:n] for n in range(1, 13)):
        qtbot.keyClicks(box, typed[-1])
        keystrokes += 1
        qtbot.waitUntil(lambda t=typed: screen.search.shown_query == t)
        if screen.search.model.rowCount() == 1:
            break
    assert screen.search.model.hits[0].id == pid
    press(qtbot, box, Qt.Key.Key_Return)
    keystrokes += 1
    qtbot.waitUntil(lambda: screen.entry.isVisible())
    assert screen.dose_form.dose_number.value() == 2  # suggested from the history
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    keystrokes += 2  # Ctrl and S
    accept_screening(qtbot, screen)  # screened before the dose: Enter says eligible
    keystrokes += 1
    wait_saved(qtbot, screen, 1, db, screened=True)
    print(f"returning person: {keystrokes} keys")
    assert keystrokes <= 14  # the target
    assert rows(db, "SELECT person_id, outcome FROM screening") == [(pid, "eligible")]
    assert rows(db, "SELECT dose_number, lot_number FROM dose WHERE person_id = :p "
                    "ORDER BY dose_number", p=pid) == [(1, "FK0001"), (2, "FK1234")]


def test_the_today_panel_sets_the_day_and_a_childs_vaccine_never_changes_it(qtbot, db, site):
    _returning_person(db)
    screen = make_screen(qtbot, db, defaults=False)
    today = screen.today
    qtbot.waitUntil(lambda: "Not set for today" in today.summary.text())
    today.product.setCurrentIndex(today.product.findData("SPIKEVAX"))
    type_into(qtbot, today.lot.lineEdit(), "md-77")
    press(qtbot, today.apply_button, Qt.Key.Key_Space)  # a new lot: its expiry is asked
    qtbot.waitUntil(lambda: "hạn sử dụng" in today.problems.text())
    type_into(qtbot, today.expiry, "31122099")
    type_into(qtbot, today.vaccinator, "Y tá Hoa")
    press(qtbot, today.vaccinator, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.defaults.lot_number == "MD-77")
    qtbot.waitUntil(lambda: "MD-77" in today.summary.text()
                    and "31/12/2099" in today.summary.text())  # the lot's expiry, once read
    assert rows(db, "SELECT product_code, lot_number, expiry_date FROM lot") == [
        ("SPIKEVAX", "MD-77", "2099-12-31")]
    # The listed lot, typed any way, shows its expiry read only; a new one's is not that one.
    today.lot.setEditText(" md-77 ")
    qtbot.waitUntil(today.expiry.isReadOnly)  # once the lots, read after the save, are in
    assert today.expiry.value() == date(2099, 12, 31)
    today.lot.setEditText("MD-78")
    assert not today.expiry.isReadOnly() and today.expiry.value() is None
    today.lot.setEditText("MD-77")

    # A child comes: another vaccine and lot for them alone.
    press(qtbot, screen.search.box, Qt.Key.Key_N, CTRL)
    form, dose = screen.person_form, screen.dose_form
    assert (dose.product.currentData(), dose.lot.text()) == ("SPIKEVAX", "MD-77")
    type_into(qtbot, form.full_name, "Phạm Minh An")
    type_into(qtbot, form.dob, "01012018")
    form.sex.set_value(Sex.MALE)
    type_into(qtbot, form.id_number, "001218000001")
    dose.product.setCurrentIndex(dose.product.findData("COMIRNATY_PAED"))
    dose.lot.setText("PD-1")
    press(qtbot, dose.vaccinator, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, screen, 1, db)

    # The next adult gets the day's vaccine and lot, not the child's.
    type_into(qtbot, screen.search.box, "hoang thi mai")
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.entry.isVisible())
    assert (dose.product.currentData(), dose.lot.text(), dose.vaccinator.text()) == (
        "SPIKEVAX", "MD-77", "Y tá Hoa")
    assert dose.dose_date.value() == date.today()
    assert "MD-77" in today.summary.text()


def test_warnings_need_an_explicit_confirmation(qtbot, db, site, monkeypatch):
    _returning_person(db)  # dose 1 on 2021-09-01
    screen = make_screen(qtbot, db)
    type_into(qtbot, screen.search.box, "001188000777")
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.entry.isVisible())
    dose = screen.dose_form
    dose.dose_date.setText("10/09/2021")  # 9 days after dose 1
    dose.revalidate()
    assert "ngắn hơn khoảng cách tối thiểu 21 ngày" in dose.problems.labels["dose_date"].text()

    answers = []

    def decline(box_self):
        answers.append(box_self.text())
        box_self.setProperty("clicked", "back")
        return 0

    # The confirmation is a real QMessageBox; its exec() is the one boundary we script.
    monkeypatch.setattr(QMessageBox, "exec", decline)
    monkeypatch.setattr(QMessageBox, "clickedButton",
                        lambda self: self.buttons()[1])  # "Go back"
    press(qtbot, dose.dose_date, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: len(answers) == 1)
    assert "9 ngày" in answers[0]
    assert rows(db, "SELECT count(*) FROM dose") == [(1,)]  # declined: nothing saved

    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: self.buttons()[0])  # save
    press(qtbot, dose.dose_date, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_saved(qtbot, screen, 1, db, screened=True)  # screened once for this visit
    assert rows(db, "SELECT dose_date FROM dose WHERE dose_number = 2") == [("2021-09-10",)]


def test_escape_returns_to_search(qtbot, db, site):
    _returning_person(db)
    screen = make_screen(qtbot, db)
    type_into(qtbot, screen.search.box, "001188000777")
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.entry.isVisible())
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not screen.entry.isVisible()
    assert QApplication.focusWidget() is screen.search.box
