"""A wide provincial template in the Backfill area: recognised as one row per person, each
dose judged in the preview, and imported dose by dose with nothing to map."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from desktop_app.db.models import Dose
from tests.importers.wide_sheets import dose, person, write_wide_xlsx
from tests.ui.desk_helpers import open_area


def test_a_wide_sheet_previews_and_imports_each_dose(qtbot, db, site, tmp_path):
    rows = [person(1, "Lê Thị Hoa", "12/03/1990", "Nữ", 1190012345, dose("01/08/2021"),
                   dose("05/09/2021"), dose("20/03/2022", "Vắc xin lạ")),
            person(2, "Trần Văn Bình", "01/02/1985", "Nam", "038085000042",
                   dose("15/10/2021", "Pfizer"))]
    path = write_wide_xlsx(tmp_path / "wide.xlsx", rows)
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(lambda: panel.preview.rowCount() == 4)
    assert "3 nhóm cột mũi tiêm" in panel.file_label.text()
    assert not panel.combos["full_name"].isEnabled()  # nothing to map
    assert [panel.preview.item(i, 1).text() for i in range(4)] == [
        "sẽ được nhập", "sẽ được nhập", "bị từ chối", "sẽ được nhập"]
    assert panel.import_button.isEnabled()
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.report is not None and not panel.stop_button.isEnabled(),
                    timeout=20_000)
    assert panel.report.counts["imported"] == 3 and panel.report.counts["rejected"] == 1
    assert panel.summary.text().startswith("3 mũi đã nhập")  # a wide sheet counts doses
    assert [(i.sheet_row, i.dose) for i in panel.report.issues] == [(6, 3)]
    # each dose's line says what became of that dose, not the worst of its row
    assert [panel.preview.item(i, 1).text() for i in range(4)] == [
        "đã nhập", "đã nhập", "bị từ chối", "đã nhập"]
    assert "Vắc xin lạ" in panel.preview.item(2, 2).text()
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Dose)) == 3
    window.grab().save(str(tmp_path / "backfill-wide.png"))
