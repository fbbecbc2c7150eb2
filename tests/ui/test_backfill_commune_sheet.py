"""A commune's list through the Backfill screen (real widgets), saved by openpyxl and by
LibreOffice: the preview says which rows the file hides and that they, the totals row and
the signature under it will be skipped; the summary says each kind once; a name typed
without diacritics is shown flagged."""

from __future__ import annotations

import pytest

from tests.importers.commune_sheets import FOOTER, HIDDEN, MOVED, PLAIN, TOTALS, write_commune_sheet
from tests.ui.desk_helpers import open_area


def _shown(panel):
    return {int(panel.preview.item(i, 0).text()): (panel.preview.item(i, 1).text(),
                                                    panel.preview.item(i, 2).text())
            for i in range(panel.preview.rowCount())}


@pytest.mark.parametrize("saved_by", ["openpyxl", "libreoffice"])
def test_the_screen_says_what_a_communes_list_hides_and_signs(qtbot, db, site, tmp_path,
                                                               saved_by):
    path = write_commune_sheet(tmp_path / saved_by, saved_by)
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(lambda: panel.preview.rowCount() == 8)
    qtbot.waitUntil(panel.import_button.isEnabled)
    shown = _shown(panel)
    for row in (*HIDDEN, TOTALS, *FOOTER):
        assert shown[row][0] == "sẽ bỏ qua"
    assert shown[MOVED][1].startswith(f"Bỏ qua dòng {MOVED}: dòng này bị ẩn trong tệp")
    assert shown[PLAIN] == ("cần làm sạch", "Họ tên không dấu")
    assert panel.dates_note.isVisibleTo(window)
    assert panel.dates_note.text().startswith(
        f"Tệp có dòng bị ẩn (dòng {HIDDEN[0]}–{HIDDEN[1]}): dòng bị ẩn sẽ không được nhập.")

    panel.start_import()
    qtbot.waitUntil(lambda: panel.job is None, timeout=20_000)
    summary = panel.summary.text()
    assert summary.startswith("2 dòng đã nhập, 1 dòng cần làm sạch, 0 dòng trùng bỏ qua, "
                              "0 dòng bị từ chối")
    assert f"Bỏ qua dòng tổng cộng {TOTALS}" in summary
    assert f"Bỏ qua 2 dòng dưới dòng tổng cộng (dòng {FOOTER[0]}–{FOOTER[1]})" in summary
    assert ("Bỏ qua 2 dòng bị ẩn trong tệp hoặc bị gạch ngang "
            f"(dòng {HIDDEN[0]}–{HIDDEN[1]})") in summary
    assert summary.count("bị ẩn trong tệp") == 1  # said once, not a line a row
    # The rows now say what the import did.
    shown = _shown(panel)
    assert [shown[n][0] for n in (*HIDDEN, TOTALS, *FOOTER)] == ["bỏ qua"] * 5
    assert "bị ẩn trong tệp" in shown[MOVED][1]
    assert shown[PLAIN][0] == "cần làm sạch"
