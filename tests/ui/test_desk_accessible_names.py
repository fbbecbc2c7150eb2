"""Every field of the desk has a name a screen reader (and UI automation) can say: its own
caption, not nothing, and not the title of the box it sits in. Walked in each state of the
desk, on real widgets."""

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from tests.services.test_search import add
from tests.ui.desk_helpers import make_screen
from tests.ui.scanner_helpers import CARD_A, CARD_B, scan

INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractItemView)


def nameless(root: QWidget) -> list[str]:
    """The visible fields, lists and buttons under ``root`` that have no name."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox, QLineEdit,
                                              QAbstractItemView)):
            continue  # a part of a field (its line, its clear button, a table's headers)
        if isinstance(widget, INPUTS):
            name = widget.accessibleName()
        elif isinstance(widget, QAbstractButton):
            name = widget.accessibleName() or widget.text()
        else:
            continue
        if not name.strip():
            found.append(f"{type(widget).__name__} in {type(widget.parentWidget()).__name__}")
    return found


def captions(root: QWidget) -> dict[str, str]:
    """Each named field's name, with the caption whose buddy it is."""
    return {label.buddy().accessibleName(): label.text() for label in root.findChildren(QLabel)
            if label.buddy() is not None and label.buddy().isVisible()}


def test_every_desk_field_is_named_by_its_caption_in_every_state(qtbot, db, site):
    add(db, CARD_A.full_name, CARD_A.dob, CARD_A.sex, CARD_A.id_number)
    screen = make_screen(qtbot, db)
    assert nameless(screen) == []  # searching: the box, the Today panel
    assert screen.search.box.accessibleName() == "Search for a person"
    today = screen.today
    assert [today.product.accessibleName(), today.lot.accessibleName(),
            today.expiry.accessibleName(), today.vaccinator.accessibleName()] == [
        "Vaccine", "Lot number", "Expiry", "Vaccinator"]

    scan(CARD_A)  # a returning person: their card above the dose form
    qtbot.waitUntil(lambda: screen.person is not None)
    assert nameless(screen) == []
    screen.back_to_search()  # nothing typed for them: back without a question
    qtbot.waitUntil(lambda: not screen.entry.isVisible())

    scan(CARD_B)  # a new person, the form filled from the card
    qtbot.waitUntil(lambda: screen.person_form.isVisible())
    assert nameless(screen) == []
    person, dose = screen.person_form, screen.dose_form
    assert {w.accessibleName() for w in (
        person.full_name, person.dob, person.sex, person.id_type, person.id_number,
        person.phone, person.address, person.old_id_number, dose.product, dose.lot,
        dose.dose_number, dose.dose_date, dose.vaccinator)} == {
        "Full name", "Date of birth", "Sex", "ID type", "ID number", "Phone", "Address",
        "Old ID card (CMND)", "Vaccine", "Lot number", "Dose number", "Dose date",
        "Vaccinator"}
    named = captions(screen)
    assert named["Lot number"] == "Lot number" and named["Dose number"] == "Dose number"
    assert named["ID number"] == "ID number" and named["Full name"] == "Full name"


def test_every_records_field_has_a_name(qtbot, db, site, boss):
    """The Records area's search box, date fields, combos and list had none (a screen
    reader said "edit", "combo box")."""
    from tests.ui.desk_helpers import open_area

    ctx, window, screen = open_area(qtbot, db, "records", actor=boss)
    screen.range.setChecked(True)
    assert nameless(screen) == []
    ctx.runner.wait_idle()
