"""Confirmations and error boxes with our own translated buttons.

Qt ships no Vietnamese translation of its standard buttons, so a stock Yes/No box would
speak English in a Vietnamese app; every button here is labelled through tr().
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(parent: QWidget | None, title: str, text: str, yes: str, no: str) -> bool:
    """Ask; the safe answer ("no") is the default, so a stray Enter changes nothing."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setText(text)
    box.addButton(QCoreApplication.translate("dialogs", "Close"),
                  QMessageBox.ButtonRole.AcceptRole)
    box.exec()
