"""The English UI names every vaccine in English: "Comirnaty 5-11 tuổi (…, nắp cam)" showed
in the desk's lists, the person's card, the search and the Records area."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.day_defaults import set_day_defaults
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.context import AppContext
from desktop_app.ui.desk.record_screen import RecordScreen
from desktop_app.ui.records.records_screen import RecordsScreen
from desktop_app.ui.tasks import TaskRunner
from tests.ui.desk_helpers import press, type_into

NAMES = {"en": "Comirnaty 5-11 years (Pfizer-BioNTech, orange cap)",
         "vi": "Comirnaty 5-11 tuổi (Pfizer-BioNTech, nắp cam)"}


@pytest.fixture
def child(db, site):
    record_dose(db, DoseInput("COMIRNATY_PAED", "PD1", 1, date.today() - timedelta(days=30),
                              "Lan", source="backfill"),
                person=PersonInput("Lê Minh An", date(2018, 3, 1), Sex.MALE, IdType.NONE, None,
                                   no_id_reason="CHILD_WITHOUT_NUMBER"),
                confirm_warnings=True, actor=AT_THIS_LAPTOP)
    set_day_defaults(db, "COMIRNATY_PAED", "PD2", "Lan", actor=AT_THIS_LAPTOP)


def _items(combo):
    return [combo.itemText(i) for i in range(combo.count())]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_desk_names_the_vaccine_in_the_uis_language(qtbot, db, child, lang):
    other = NAMES["vi" if lang == "en" else "en"]
    ctx = AppContext(db, TaskRunner(), lang)
    screen = RecordScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.defaults.product_code is not None)
    screen.activate()
    for combo in (screen.today.product, screen.dose_form.product):
        assert NAMES[lang] in _items(combo) and other not in _items(combo)
    assert NAMES[lang] in screen.today.summary.text()
    type_into(qtbot, screen.search.box, "Lê Minh An")
    qtbot.waitUntil(lambda: screen.search.model.rowCount() == 1)
    last = screen.search.model.index(0, screen.search.model.columnCount() - 1).data()
    assert NAMES[lang] in last
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.entry.isVisible())
    card = screen.person_card.text()
    assert NAMES[lang] in card and other not in card
    ctx.runner.wait_idle()


def test_the_records_area_names_the_vaccine_in_english(qtbot, db, child):
    ctx = AppContext(db, TaskRunner(), "en")
    screen = RecordsScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    screen.all.click()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1 and not screen.model.loading)
    column = [screen.model.headerData(c, Qt.Orientation.Horizontal)
              for c in range(screen.model.columnCount())].index("Vaccine")
    assert screen.model.index(0, column).data() == NAMES["en"]
    assert NAMES["en"] in _items(screen.vaccine) and NAMES["vi"] not in _items(screen.vaccine)
    ctx.runner.wait_idle()
