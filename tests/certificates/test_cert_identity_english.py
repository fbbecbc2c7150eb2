"""The certificate dialog for a person held back by an identity error: the refusal in the
reader's language (review 32e), and a supervisor's way past it, with a reason."""

from __future__ import annotations

import json

from sqlalchemy import select

from desktop_app.db.models import AuditEntry, Person
from desktop_app.services.actor import Actor, Role
from desktop_app.ui.certificates import certificate_dialog as module
from tests.certificates.dialog_helpers import open_certificate_dialog
from tests.sync.helpers import make_people


def test_the_refusal_in_english_names_the_problem_in_english(qtbot, db, site, monkeypatch):
    """The English desk opens the certificate of a person whose sex contradicts the CCCD:
    the refusal must be English throughout, not 'CCCD không khớp giới tính' inside it
    (``certificate_issuing.sign`` labels the problems in "vi" whatever the reader's
    language)."""
    asked, shown = [], []
    monkeypatch.setattr(module, "ask_override_reason", lambda *a: asked.append(a[2]) or "")
    monkeypatch.setattr(module, "show_error", lambda *args: shown.append(args))
    dialog = open_dialog(qtbot, db, held_back_person(db))
    qtbot.waitUntil(lambda: bool(shown), timeout=15_000)
    said = dialog.status.text()
    assert said.startswith("No certificate for"), said
    assert "không khớp" not in said and "giới tính" not in said, said
    assert asked == [said]  # the supervisor was offered the way past it, and declined


def held_back_person(db) -> str:
    """A person whose sex contradicts their CCCD: an identity error that holds back the
    certificate."""
    [person] = make_people(db, 1, doses_each=1)
    with db.transaction() as s:
        p = s.get(Person, person)
        p.sex = "F" if p.sex == "M" else "M"
    return person


def open_dialog(qtbot, db, person: str, actor=None):  # noqa: ANN201
    return open_certificate_dialog(qtbot, db, person, actor=actor)[1]


def test_a_supervisor_issues_it_anyway_with_a_reason_audited(qtbot, db, site, tmp_path,
                                                            monkeypatch):
    """The refusal says "a supervisor may issue it with a reason": the dialog lets them
    (the CLI's --override-reason was the only way), and the issue's audit entry keeps the
    reason and the errors gone past."""
    person = held_back_person(db)
    monkeypatch.setattr(module, "ask_override_reason",
                        lambda *a: "  Cán bộ đã xem CCCD bản gốc  ")
    dialog = open_dialog(qtbot, db, person)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=15_000)
    assert dialog.issued is None and dialog.override_reason  # signed when saved
    saved = dialog.save_pdf(str(tmp_path / "chung-nhan.pdf"))
    qtbot.waitUntil(lambda: dialog.recorded, timeout=15_000)
    assert dialog.issued.override is not None
    assert saved is not None and saved.read_bytes().startswith(b"%PDF")
    with db.reading() as s:
        entry = s.scalars(select(AuditEntry).where(
            AuditEntry.action == "certificate", AuditEntry.entity_id == person)).one()
    details = json.loads(entry.details)
    assert details["override"] == "Cán bộ đã xem CCCD bản gốc"
    assert details["problems"]


def test_a_clerk_is_not_offered_the_way_past_it(qtbot, db, site, boss, monkeypatch):
    asked, shown = [], []
    monkeypatch.setattr(module, "ask_override_reason", lambda *a: asked.append(a) or "x")
    monkeypatch.setattr(module, "show_error", lambda *args: shown.append(args))
    dialog = open_dialog(qtbot, db, held_back_person(db),
                         Actor(boss.user_id, "Lan", Role.CLERK))
    qtbot.waitUntil(lambda: bool(shown), timeout=15_000)
    assert asked == [] and dialog.issued is None
    assert dialog.status.text().startswith("No certificate for")
