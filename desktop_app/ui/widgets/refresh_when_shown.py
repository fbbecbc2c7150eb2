"""An area that loads when first shown and reloads only when data it shows has changed: at
once while it is on screen, else when it is next shown (no query for a hidden area)."""

from __future__ import annotations


class RefreshWhenShown:
    """Mixed into an area's QWidget, which sets ``watched`` (the ``data_changed`` kinds it
    shows) and defines ``refresh()`` and ``_update_actions()``; it calls ``_show_fresh()``
    from ``activate()`` and connects ``_data_changed`` to ``ctx.data_changed``."""

    watched: tuple[str, ...] = ()
    _started = False
    _stale = False

    def _show_fresh(self) -> None:
        if not self._started or self._stale:
            self._started = True
            self.refresh()  # type: ignore[attr-defined]

    def _data_changed(self, what: str) -> None:
        if what == "actor":
            self._update_actions()  # type: ignore[attr-defined]
        elif what in self.watched:
            if self.isVisible() and self._started:  # type: ignore[attr-defined]
                self.refresh()  # type: ignore[attr-defined]
            else:
                self._stale = True
