"""Review 32c: the desk's daily tally as the Reports area's export writes it."""

from __future__ import annotations

from datetime import timedelta

from openpyxl import load_workbook

from desktop_app import clock
from desktop_app.rules.messages import text
from tests.ui.desk_helpers import open_area
from tests.ui.test_reports_desk_day import dose_on, settle


def _exported_tally(qtbot, ctx, screen, folder) -> dict:  # noqa: ANN001
    """The Reports area's export, written: its desk tally sheet's lines and counts."""
    out = folder / "bao-cao.xlsx"
    screen.export_to(out)
    qtbot.waitUntil(lambda: out.exists(), timeout=20000)
    settle(qtbot, ctx)
    book = load_workbook(out)
    [name] = [n for n in book.sheetnames if n.startswith(text("REPORT_DESK_DAY", "vi")[:20])]
    return {r[0]: r[1] for r in book[name].iter_rows(values_only=True)
            if len(r) > 1 and r[1] is not None}


def test_the_exported_daily_tally_is_todays_as_on_the_screen(qtbot, db, site, tmp_path):
    """The screen reads the desk's tally for today only ("yesterday's or last week's doses
    in it made its figures wrong", reports_screen.TODAY_ONLY). The supervisor exports the
    month's reports from the doses report: the workbook's "Tổng hợp buổi tiêm" sheet (the
    desk's *daily* tally) sums the whole 30 days: 3 doses where the screen's tally says 1."""
    today = clock.local_today()
    for i, back in enumerate((5, 1, 0)):
        dose_on(db, today - timedelta(days=back), f"Người Thứ {'ABC'[i]}", f"00108000000{i}")
    ctx, window, screen = open_area(qtbot, db, "reports", lang="vi")
    settle(qtbot, ctx)
    screen.chooser.setCurrentIndex(screen.chooser.findData("desk_day"))
    qtbot.waitUntil(lambda: not screen.loading and screen.report.key == "desk_day")
    on_screen = {r[0]: r[1] for r in screen.report.rows}
    screen.chooser.setCurrentIndex(screen.chooser.findData("doses"))
    qtbot.waitUntil(lambda: not screen.loading and screen.report.key == "doses")

    exported = _exported_tally(qtbot, ctx, screen, tmp_path)
    dose_line = "Mũi 1 · Comirnaty (Pfizer-BioNTech)"
    assert on_screen[dose_line] == 1
    assert exported[dose_line] == on_screen[dose_line]


def test_a_tally_of_another_day_chosen_on_the_screen_is_that_days_in_the_file(
        qtbot, db, site, tmp_path):
    """Review of 6 Dec 2026: the clerk set the tally to yesterday and exported; the file
    held today's tally under it (20 doses where the screen said none)."""
    today = clock.local_today()
    dose_on(db, today - timedelta(days=1), "Người Hôm Qua", "001080000010")
    dose_on(db, today, "Người Hôm Nay", "001080000011")
    dose_on(db, today, "Người Hôm Nay Hai", "001080000012")
    ctx, window, screen = open_area(qtbot, db, "reports", lang="vi")
    settle(qtbot, ctx)
    screen.chooser.setCurrentIndex(screen.chooser.findData("desk_day"))
    qtbot.waitUntil(lambda: not screen.loading and screen.report.key == "desk_day")
    yesterday = today - timedelta(days=1)
    screen._set_period(yesterday, yesterday)
    screen.refresh()
    dose_line = "Mũi 1 · Comirnaty (Pfizer-BioNTech)"
    qtbot.waitUntil(lambda: not screen.loading and
                    {r[0]: r[1] for r in screen.report.rows}.get(dose_line) == 1)
    exported = _exported_tally(qtbot, ctx, screen, tmp_path)
    assert exported[dose_line] == 1  # yesterday's one dose, not today's two
