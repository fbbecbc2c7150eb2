"""What VaxDesk put on the system clipboard is taken off it when the person leaves: at the
lock, at sign-out and at exit.

The clipboard is the desktop's, not the app's: a CCCD copied at the desk (Ctrl+C) stayed
there through the lock, for anyone passing to paste into another program, and after exit
(X11's clipboard manager and Windows keep what an app leaves). On X11 a selection alone
puts the text in the PRIMARY selection (a middle click pastes it): that is cleared too.

Only what is still ours is cleared; what the person copied since in another program is
left. Qt says whether it owns the clipboard where the platform can tell (X11, Wayland,
Windows, macOS); elsewhere (the offscreen platform of the tests) the text is compared with
what changed it while VaxDesk was the active application."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QClipboard, QGuiApplication

_MODES = (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection)


class ClipboardGuard(QObject):
    """The shell's: it lives and listens as long as the shell (a window reopened on another
    file has a shell, and a guard, of its own)."""

    def __init__(self) -> None:
        super().__init__()
        # The running application's, whatever object the shell was given as its app (the
        # tests hand it stand-ins that only quit).
        self.clipboard = QGuiApplication.clipboard()
        self._ours: dict[QClipboard.Mode, str] = {}
        self.clipboard.changed.connect(self._changed)

    def _owns(self, mode: QClipboard.Mode) -> bool:
        return self.clipboard.ownsClipboard() if mode == QClipboard.Mode.Clipboard \
            else self.clipboard.ownsSelection()

    def _changed(self, mode: QClipboard.Mode) -> None:
        # A copy is a key press or a menu in one of our windows: the app is active then.
        if self._owns(mode) or \
                QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive:
            self._ours[mode] = self.clipboard.text(mode)
        else:
            self._ours.pop(mode, None)  # another program's now

    def clear(self) -> None:
        """Whatever of ours is still on the clipboard (and the X11 selection) taken off."""
        for mode in _MODES:
            if mode == QClipboard.Mode.Selection and not self.clipboard.supportsSelection():
                continue
            ours = self._ours.pop(mode, "")
            # Owned: cleared without asking the text (another program's owner is never
            # waited on); else only when it is still exactly what we put there.
            if self._owns(mode) or (ours and self.clipboard.text(mode) == ours):
                self.clipboard.clear(mode)
