"""The police export writes exactly what the table shows (review_clean, point 2): with a
commune chosen it wrote every ward's people, whose identities went to the wrong police, and
with "Late" chosen it also re-sent the people sent today, restarting their two days."""

from __future__ import annotations

from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db.models import AuditEntry, CleaningCase
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import police_export
from desktop_app.ui import file_dialogs
from desktop_app.ui.cleaning import police_buttons
from tests.cleaning.people import paper
from tests.ui.cleaning_helpers import open_cleaning_screen

LANG = "5 Láng Hạ, Phường Láng, Hà Nội"
KIM = "3 Đào Duy Anh, Phường Kim Liên, Hà Nội"


def _flagged(db, name, number, address=LANG):
    return paper(db, full_name=name, dob="", address=address,
                 id_number=make_cccd("001", Sex.FEMALE, 1985, number))


@pytest.fixture
def wards(db, site):
    """Three people of each of two wards, flagged (no date of birth)."""
    return ([_flagged(db, f"Lê Thị Láng {n}", 100 + i) for i, n in enumerate("ABC")],
            [_flagged(db, f"Trần Thị Kim {n}", 200 + i, KIM) for i, n in enumerate("XYZ")])


@pytest.fixture
def screen(qtbot, db, boss):
    errors: list = []
    made = open_cleaning_screen(qtbot, db, boss, errors)
    yield made
    made.ctx.runner.wait_idle()
    assert errors == []


def _shown(screen):
    return sorted(screen.model.case_at(r).person_id for r in range(screen.model.rowCount()))


def _written(path):
    return sorted(r[0] for r in openpyxl.load_workbook(path).active.iter_rows(
        min_row=2, values_only=True))


def _export(qtbot, screen, monkeypatch, out):
    """Export for verification… clicked, the question answered yes, the file named."""
    asked = []
    monkeypatch.setattr(police_buttons, "confirm", lambda *a: asked.append(a[2]) or True)
    monkeypatch.setattr(file_dialogs, "ask_save_file", lambda *a, **k: out)
    screen.police.export_button.click()
    qtbot.waitUntil(lambda: out.exists() and not screen.loading, timeout=10000)
    screen.ctx.runner.wait_idle()
    return asked[0]


def _sent(db, ids):
    with db.reading() as s:
        return {pid: s.get(CleaningCase, pid).status if s.get(CleaningCase, pid) else None
                for pid in ids}


def test_the_export_writes_only_the_commune_chosen(qtbot, db, wards, screen, monkeypatch,
                                                  tmp_path):
    lang, kim = wards
    combo = screen.counts.commune
    combo.setCurrentIndex(combo.findData("Phường Kim Liên"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: _shown(screen) == sorted(kim) and not screen.loading)

    out = tmp_path / "kim-lien.xlsx"
    asked = _export(qtbot, screen, monkeypatch, out)
    assert asked.startswith("3 people of the list chosen"), asked
    assert _written(out) == sorted(kim)
    assert set(_sent(db, kim).values()) == {"sent"}
    assert set(_sent(db, lang).values()) == {None}  # the other ward's people stay unsent


def test_late_exports_the_late_ones_only(qtbot, db, wards, boss, screen, monkeypatch,
                                         tmp_path):
    lang, kim = wards
    police_export.export_for_police(db, tmp_path / "first.xlsx", actor=boss,
                                    now=utc_now() - timedelta(days=3))  # all six, late now
    today = [_flagged(db, f"Vũ Thị Mới {n}", 300 + i) for i, n in enumerate("MN")]
    police_export.export_for_police(db, tmp_path / "second.xlsx", actor=boss)
    screen.ctx.data_changed.emit("cleaning")
    qtbot.waitUntil(lambda: screen.counts.buttons["late"].text() == "Late: 6")
    screen.counts.buttons["late"].click()
    qtbot.waitUntil(lambda: _shown(screen) == sorted(lang + kim) and not screen.loading)

    out = tmp_path / "late.xlsx"
    asked = _export(qtbot, screen, monkeypatch, out)
    assert asked.startswith("6 people of the list chosen"), asked
    assert "6 of them were sent before" in asked
    assert _written(out) == sorted(lang + kim)
    with db.reading() as s:  # those sent today were not sent again
        again = set(s.scalars(select(AuditEntry.entity_id).where(
            AuditEntry.action == "cleaning", AuditEntry.details.like('%"sent_again"%'))))
    assert again == set(lang + kim) and not again & set(today)
    qtbot.waitUntil(lambda: screen.counts.buttons["late"].text() == "Late: 0")


def test_a_commune_showing_nobody_leaves_the_export_off(qtbot, db, wards, boss, screen,
                                                        tmp_path):
    """Every ward's people sent, the open view shows nobody: nothing to export, though
    the worklist before the narrowing held them."""
    lang, kim = wards
    police_export.export_for_police(db, tmp_path / "all.xlsx", actor=boss)
    screen.ctx.data_changed.emit("cleaning")
    screen.counts.buttons["sent"].click()
    qtbot.waitUntil(lambda: _shown(screen) == sorted(lang + kim) and not screen.loading)
    assert screen.police.export_button.isEnabled()
    screen.counts.buttons["late"].click()  # none is late yet
    qtbot.waitUntil(lambda: _shown(screen) == [] and not screen.loading)
    assert not screen.police.export_button.isEnabled()
