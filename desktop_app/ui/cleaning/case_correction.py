"""The Records area's correction dialog as the worklist opens it: what is wrong with the
person is said at the top from the start, so the supervisor knows what to look for before
Save (which was the first time the form said anything)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.services.records import PersonView
from desktop_app.ui.context import AppContext
from desktop_app.ui.records.correction_dialogs import CorrectPersonDialog
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.tones import ERROR_STYLE


class CaseCorrectionDialog(CorrectPersonDialog):
    def __init__(self, ctx: AppContext, person: PersonView, problems: list[str],
                 parent: QWidget, police_said: str | None = None) -> None:
        super().__init__(ctx, person, parent)
        self.open_problems = plain_label()
        self.open_problems.setWordWrap(True)
        self.open_problems.setStyleSheet(ERROR_STYLE)
        # What the police answered (their values, why they were not applied): what the
        # supervisor types in, shown here, not only in the list's tooltip.
        police = [self.tr("The police's answer:"), police_said] if police_said else []
        self.open_problems.setText("\n".join(
            [self.tr("To fix on this record:"), *(f"– {p}" for p in problems), *police]))
        self.open_problems.setVisible(bool(problems or police))
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.open_problems)
