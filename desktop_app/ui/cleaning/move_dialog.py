"""The confirmation before moving several cases at once (or closing one), with a note for the
audit trail (who was called, which list went to which police office): required when cases
are closed as *cannot verify*."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.dialogs import careful_buttons
from desktop_app.ui.widgets.plain_label import plain_label


class MoveDialog(QDialog):
    def __init__(self, question: str, names: list[str], parent: QWidget | None = None, *,
                 reason_required: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change status"))
        shown = names[:8]
        more = len(names) - len(shown)
        listing = "\n".join(f"• {n}" for n in shown) + (f"\n… (+{more})" if more > 0 else "")
        self.note = QLineEdit()
        self.note.setPlaceholderText(
            self.tr("Reason (required), e.g. moved away, could not be reached")
            if reason_required else self.tr("Note (optional), e.g. who was called"))
        # A stray Enter moves no one: moving takes Alt+M or a click.
        buttons, self.move_button = careful_buttons(self, self.tr("&Move"))
        buttons.accepted.connect(self.accept)
        if reason_required:  # cases closed unverified say why (services.cleaning.move)
            self.move_button.setEnabled(False)
            self.note.textChanged.connect(
                lambda t: self.move_button.setEnabled(bool(t.strip())))
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(question))
        layout.addWidget(plain_label(listing))
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)  # room for the note's hint in Vietnamese
        self.note.setFocus()

    def value(self) -> str | None:
        return self.note.text().strip() or None
