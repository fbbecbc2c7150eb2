"""The idle lock through a closed lid: a laptop left asleep past the idle minutes is locked
when it wakes, and the first key of whoever opens it is no activity of the person who left.

A Qt timer alone counts on the monotonic clock, which stops while Linux sleeps: a clerk
closed the lid a minute after her last key and went to a two-hour lunch; whoever opened it
found the app as she left it (names, ID numbers, her role), and their first key press
started the ten minutes afresh. The lock now compares the wall clock too, as the sync
pause does (commit 2163a31b). The sleep is played by the wall clock alone moving on (the
boundary: a test cannot suspend the machine)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent

from desktop_app.clock import utc_now
from desktop_app.ui import idle_lock
from desktop_app.ui.idle_lock import IdleLock


def _key(key: Qt.Key) -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier)


def _lunch(monkeypatch, hours: float = 2) -> None:  # noqa: ANN001
    after = utc_now() + timedelta(hours=hours)
    monkeypatch.setattr(idle_lock, "utc_now", lambda: after)


def test_a_laptop_closed_over_lunch_locks_at_the_first_key_after_it(qtbot, monkeypatch):
    fired = []
    lock = IdleLock(10, lambda: fired.append(True))  # the default ten minutes
    lock.start()
    lock.eventFilter(None, _key(Qt.Key.Key_A))  # her last key
    _lunch(monkeypatch)
    # The lid opens; the first key of whoever is there: not typed, not counted.
    taken = lock.eventFilter(None, _key(Qt.Key.Key_B))
    qtbot.wait(200)
    assert fired == [True], "two hours away by the wall clock, and the app is still unlocked"
    assert taken is True  # the key went to nothing behind the lock
    lock.stop()


def test_a_laptop_woken_after_lunch_locks_before_anyone_touches_it(qtbot, monkeypatch):
    """Left to the Qt timer, a lid closed a minute after the last key left nine minutes of
    the app in view after it opened: the clocks are compared every few seconds too."""
    fired = []
    lock = IdleLock(10, lambda: fired.append(True))
    lock.wake_check.setInterval(50)  # every few seconds, shortened
    lock.start()
    qtbot.wait(200)
    assert fired == []  # awake and within the ten minutes: nothing
    _lunch(monkeypatch)
    qtbot.waitUntil(lambda: fired == [True], timeout=3000)
    lock.stop()


def test_a_wall_clock_set_back_neither_locks_nor_keeps_the_lock_away(qtbot, monkeypatch):
    """The wall clock set back (by the OS, by hand) makes no key a lock's, nor keeps the
    laptop unlocked: the clock that counts sleep still counts the minutes."""
    fired = []
    lock = IdleLock(10, lambda: fired.append(True))
    lock.start()
    _lunch(monkeypatch, hours=-5)
    assert lock.eventFilter(None, _key(Qt.Key.Key_A)) is False  # typed, as ever
    qtbot.wait(100)
    assert fired == [] and lock.timer.isActive()
    asleep = idle_lock._counting_sleep() + 11 * 60  # eleven minutes away, lid closed
    monkeypatch.setattr(idle_lock, "_counting_sleep", lambda: asleep)
    assert lock.eventFilter(None, _key(Qt.Key.Key_B)) is True
    qtbot.waitUntil(lambda: fired == [True], timeout=3000)
    lock.stop()
