"""The dd/mm/yyyy field typed from its start when empty, however the cursor got there."""

from datetime import date

from PySide6.QtCore import QPoint, Qt

from desktop_app.ui.widgets.date_field import DateField


def test_an_emptied_field_takes_the_next_date_typed(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClicks(field, "05091990")
    assert field.value() == date(1990, 9, 5)
    field.set_value(None)  # the form cleared for the next person
    qtbot.keyClicks(field, "01011990")
    assert field.value() == date(1990, 1, 1)


def test_a_click_on_the_right_of_an_empty_field_types_from_its_start(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton,
                     pos=QPoint(field.width() - 4, field.height() // 2))
    qtbot.keyClicks(field, "31122021")
    assert field.value() == date(2021, 12, 31)
