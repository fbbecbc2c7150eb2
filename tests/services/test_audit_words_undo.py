"""The audit trail of an undone import reads in words (found by a review): the undo's
entries were about "import 1", and the flag it raised read "Sửa: cleaning_reason “—” →
“IMPORT_UNDONE_NO_DOSE”"."""

from __future__ import annotations

import json

from sqlalchemy import select

from desktop_app.db.models import AuditEntry
from desktop_app.progress import drain
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services.audit import describe, record_words
from desktop_app.services.backfill import import_file
from desktop_app.services.import_undo import undo_import
from tests.importers.sheets import person_row, write_xlsx


def test_an_undone_imports_entries_read_in_vietnamese(db, site, boss, tmp_path):
    cccd = make_cccd("001", Sex.MALE, 1985, 22)
    wrong = drain(import_file(db, write_xlsx(tmp_path / "sai.xlsx", [
        person_row(1, name="Lê Văn Bình", sex="Nam", dob="01/01/1985", cccd=cccd)]),
        actor=boss))
    drain(undo_import(db, wrong.batch_id, actor=boss))
    with db.reading() as s:
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    shown = [(record_words(e.entity, e.entity_id or "", "vi"),
              describe(e.action, json.loads(e.details or "{}"), "vi")) for e in entries]
    said = "\n".join(f"{r} | {w}" for r, w in shown)
    assert f"Lần nhập {wrong.batch_id}" in said, said
    assert not any(r.startswith("import ") for r, _w in shown), said
    assert "cleaning_reason" not in said and "IMPORT_UNDONE_NO_DOSE" not in said, said
    assert "Vấn đề cần làm sạch" in said, said


def test_the_undos_count_says_what_it_counts():
    """A bare "(2)" ended the undo's entry."""
    said = describe("undo_import", {"reason": "Tệp sai", "voided": 2}, "vi")
    assert said.endswith("Tệp sai (đánh dấu nhập nhầm 2 mũi tiêm)"), said
    assert describe("undo_import", {"reason": "x", "voided": 1}, "en").endswith(
        "(1 dose voided)")
