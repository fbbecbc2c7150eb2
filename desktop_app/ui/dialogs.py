"""Confirmations and error boxes with our own translated buttons, and the save dialog.

A stock box says only Yes/No (Qt's own words, in Vietnamese through qt_texts.py); every
button here says what it does, labelled through tr().
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop_app.paths import with_type
from desktop_app.rules.messages import UserError, text
from desktop_app.ui import file_dialogs
from desktop_app.ui.file_dialogs import OTHER_FILES


def confirm(parent: QWidget | None, title: str, text: str, yes: str, no: str) -> bool:
    """Ask; the safe answer ("no") is the default, so a stray Enter changes nothing."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the question may quote a name or a note
    box.setText(text)
    box.setStyleSheet(_READABLE_WIDTH)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def choose(parent: QWidget | None, title: str, text: str, answers: list[str],
           cancel: str) -> int | None:
    """Ask with several answers, each saying what it does: the index of the one chosen,
    None for ``cancel``, the default (a stray Enter changes nothing)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setStyleSheet(_READABLE_WIDTH)
    buttons = [box.addButton(a, QMessageBox.ButtonRole.AcceptRole) for a in answers]
    box.setDefaultButton(box.addButton(cancel, QMessageBox.ButtonRole.RejectRole))
    box.exec()
    return buttons.index(box.clickedButton()) if box.clickedButton() in buttons else None


def may_discard(parent: QWidget, edited: bool) -> bool:
    """Whether a dialog may close (Esc, Cancel, its window's close: each is ``reject``): it
    holds nothing typed, or the user agreed to lose it. The one question every dialog that
    takes typing asks, as the desk asks of a person or a dose not saved."""
    return not edited or confirm(
        parent, QCoreApplication.translate("dialogs", "Discard what was typed?"),
        QCoreApplication.translate("dialogs", "What you typed here has not been saved. "
                                              "Discard it?"),
        QCoreApplication.translate("dialogs", "Discard"),
        QCoreApplication.translate("dialogs", "Keep editing"))


def careful_buttons(dialog: QDialog, action: str,
                    role: QDialogButtonBox.ButtonRole = QDialogButtonBox.ButtonRole.AcceptRole,
                    ) -> tuple[QDialogButtonBox, QPushButton]:
    """The one way a dialog that changes data lays out its buttons: its action and Cancel,
    Cancel the default so a stray Enter changes nothing (the action takes a click or its Alt
    key); Cancel rejects the dialog. The caller connects the action."""
    # In the dialog from the start: Qt makes a button the dialog's own default only if it
    # is in the dialog when set so. Set before, once Tab had passed over another button,
    # Enter pressed that one instead (a screening cancelled, unsaid).
    buttons = QDialogButtonBox(dialog)
    action_button = buttons.addButton(action, role)
    cancel = buttons.addButton(QCoreApplication.translate("dialogs", "Cancel"),
                               QDialogButtonBox.ButtonRole.RejectRole)
    action_button.setAutoDefault(False)
    cancel.setDefault(True)
    buttons.rejected.connect(dialog.reject)
    return buttons, action_button


def buttons_last(dialog: QDialog, buttons: QDialogButtonBox, *, focus: bool = True) -> None:
    """The dialog's buttons last in its Tab order, and (``focus``) its first field focused
    as it opens.

    Qt chains widgets in the order they were made (or moved in: a form put into a scroll
    area goes to the end): a dialog whose buttons were made before the fields a subclass
    adds opened on its OK button, Tab went OK, Cancel, then the fields, and a clerk who
    typed at once typed into nothing and sent an empty form with Enter. Called once the
    dialog is whole, and again after fields are added to it (without ``focus``)."""
    chain: list[QWidget] = []
    widget = dialog.nextInFocusChain()
    while widget is not dialog and widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    takes_tab = [w for w in chain if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    fields = [w for w in takes_tab if not buttons.isAncestorOf(w)]
    if not fields:
        return
    last = fields[-1]
    for button in (w for w in takes_tab if buttons.isAncestorOf(w)):
        QWidget.setTabOrder(last, button)
        last = button
    if focus:
        fields[0].setFocus()


def save_anyway_title() -> str:
    """The title of ``ask_save_anyway``'s question, which a refusal of it names."""
    return QCoreApplication.translate("dialogs", "Check before saving")


def ask_save_anyway(parent: QWidget | None, messages: list[str]) -> bool:
    """The one way a warning is confirmed before saving anyway: the warnings, and "Go back"
    as the default so a stray Enter saves nothing."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(save_anyway_title())
    box.setTextFormat(Qt.TextFormat.PlainText)  # the warnings quote what was typed
    box.setText("\n\n".join(messages))
    box.setInformativeText(QCoreApplication.translate("dialogs", "Save anyway?"))
    save = box.addButton(QCoreApplication.translate("dialogs", "Save anyway"),
                         QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton(QCoreApplication.translate("dialogs", "Go back"),
                         QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.exec()
    return box.clickedButton() is save


def ask_override_reason(parent: QWidget | None, title: str, problem: str, question: str) -> str:
    """The one way a supervisor goes past a refusal: the problem, and the reason asked for
    (the service audits it). Blank or cancelled: "" (nothing done)."""
    reason, ok = QInputDialog.getText(parent, title, problem + "\n\n" + question)
    return reason.strip() if ok else ""


def describe_error(exc: BaseException, lang: str) -> str:
    """What a person reads about a failure: a ``UserError``'s own sentence, else the
    catalogue's "not completed" with the technical detail."""
    if isinstance(exc, UserError):
        return exc.message(lang)
    # Some errors carry no words (a bare MemoryError from the database driver): their kind
    # then, never a sentence that ends in nothing.
    return text("OP_FAILED", lang, detail=str(exc) or type(exc).__name__)


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    _show(parent, QMessageBox.Icon.Critical, title, text)


def show_notice(parent: QWidget | None, title: str, text: str) -> None:
    """Something done that the person must know of (not a failure), with one Close."""
    _show(parent, QMessageBox.Icon.Information, title, text)


def _show(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> None:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)  # an error may quote a name, a place, a path
    box.setText(text)
    box.setStyleSheet(_READABLE_WIDTH)
    box.addButton(QCoreApplication.translate("dialogs", "Close"),
                  QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def show_fault(parent: QWidget | None, title: str, text: str) -> None:
    """A fault of the machine (a full disk, a read-only folder, …): what happened as the
    headline, in bold (the window title is not shown everywhere), then the catalogue's
    sentence with what to do."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<b>{html.escape(title)}</b>")
    box.setInformativeText(html.escape(text).replace("\n", "<br>"))
    box.setStyleSheet(_READABLE_WIDTH)
    box.addButton(QCoreApplication.translate("dialogs", "Close"),
                  QMessageBox.ButtonRole.AcceptRole)
    box.exec()


# Long sentences (a fault names a path and what to do) wrap at a readable width instead of
# a narrow column.
_READABLE_WIDTH = "QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 34em; }"


def ask_save_path(parent: QWidget | None, title: str, suggested: str, kinds: str,
                  suffix: str, *, kind: str = OTHER_FILES) -> Path | None:
    """Where to save an export: the one save dialog of the app, ``suggested`` (a bare name)
    offered in the folder last used for this ``kind`` of file (``file_dialogs``). The file's
    type is added when the name typed lacks it, never put in place of what looks like one
    ("BC 11.2026" was written as "BC 11.xlsx", over any file of that name, unasked); a name
    the added type makes another existing file's is asked about, since the dialog asked
    about the one typed. None if the person cancelled."""
    typed = file_dialogs.ask_save_file(parent, title, suggested, kinds, kind=kind)
    if typed is None:
        return None
    chosen = with_type(typed, suffix)
    if chosen.name != typed.name and chosen.exists() and not confirm(
            parent, title, QCoreApplication.translate("dialogs", "{name} exists already. "
                                                      "Replace it?").format(name=chosen.name),
            QCoreApplication.translate("dialogs", "Replace the file"),
            QCoreApplication.translate("dialogs", "Keep it")):
        return None
    return chosen

