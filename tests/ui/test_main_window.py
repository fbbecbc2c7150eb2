"""The window opens on a real database (offscreen Qt) and shows what it holds."""

from datetime import date

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.main_window import MainWindow


def test_main_window_shows_site_and_counts(qtbot, db, site):
    record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"),
                person=PersonInput("Hoàng Thị Mai", date(1988, 3, 4), Sex.FEMALE, IdType.CCCD,
                                   "001188000777"))
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    assert "HN-0001" in window.site_label.text()
    assert window.counts_label.text() == "1 người · 1 mũi tiêm · 2 bản ghi chờ đồng bộ"
