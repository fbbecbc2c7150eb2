"""The words the citizen will read when they look up their complaint's code: proposed by the
screen, confirmed (or changed) by the supervisor before the resolution is saved. The same
dialog asks a rejection's reason, which may not be empty, and a hand-back's, which the
health department reads (``placeholder`` and ``missing`` then say who reads it)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.complaints import REASON_MAX
from desktop_app.ui.dialogs import careful_buttons, may_discard
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.problem_label import ErrorLine
from desktop_app.ui.widgets.text_box import text_box


class NoteDialog(QDialog):
    def __init__(self, title: str, question: str, proposed: str = "", *,
                 required: bool = False, confirm: str = "", placeholder: str = "",
                 missing: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.required = required
        self.missing = missing or self.tr("A reason is required: the citizen reads it.")
        self.proposed = proposed.strip()
        self.note = text_box(proposed)
        self.note.setPlaceholderText(placeholder or
                                     self.tr("What the citizen reads with their code"))
        self.problem = ErrorLine()
        buttons, self.ok_button = careful_buttons(self, confirm or self.tr("Confirm"))
        buttons.accepted.connect(self.confirm)
        asked = plain_label(question or self.tr("The citizen reads this note with their code. "
                                           "Change it if needed."))
        asked.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(asked)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.note.setFocus()

    def value(self) -> str:
        return self.note.toPlainText().strip()

    def reject(self) -> None:  # words written for the citizen are not lost unasked
        if may_discard(self, self.value() != self.proposed):
            super().reject()

    def confirm(self) -> None:
        if self.required and not self.value():
            self.problem.say(self.missing)
            self.note.setFocus()
            return
        if len(self.value()) > REASON_MAX:
            self.problem.say(self.tr("At most %1 characters.").replace("%1", str(REASON_MAX)))
            return
        self.accept()
