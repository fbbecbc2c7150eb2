"""A real X display for looking at the app as a user would: Xvfb, a small window manager, and
screenshots taken by the X server's own tools (ImageMagick's ``import``), not by Qt.

    with virtual_display(1366, 768) as display:
        subprocess.Popen(["vaxdesk"], env=dict(os.environ, DISPLAY=display))
        wait_for_window(display, "VaxDesk")
        screenshot(display, Path("shot.png"))

Without a window manager a root-window capture shows Qt dialogs as black boxes, hence openbox.
Debian packages: xvfb, openbox, imagemagick, x11-utils (`.ci/run` installs them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TOOLS = ("Xvfb", "openbox", "import", "xwininfo")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


@contextmanager
def virtual_display(width: int = 1366, height: int = 768) -> Iterator[str]:
    """Starts Xvfb on a free display number with openbox on it; yields the DISPLAY value."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as numbers:
            number = numbers.readline().strip()  # Xvfb writes it once it accepts clients
        if not number:
            raise RuntimeError("Xvfb did not start")
        display = f":{number}"
        manager = subprocess.Popen(["openbox", "--sm-disable"], stderr=subprocess.DEVNULL,
                                   env=dict(os.environ, DISPLAY=display))
        try:
            _wait_for_manager(display)
            yield display
        finally:
            manager.terminate()
            manager.wait(10)
    finally:
        server.terminate()
        server.wait(10)


def window_names(display: str) -> list[str]:
    tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True,
                          env=dict(os.environ, DISPLAY=display), timeout=10).stdout
    return [line.split('"')[1] for line in tree.splitlines() if line.count('"') >= 2]


def wait_for_window(display: str, name: str, timeout: float = 60) -> None:
    """Returns once a window whose title is ``name`` is mapped; raises after ``timeout``."""
    deadline = time.monotonic() + timeout
    while name not in window_names(display):
        if time.monotonic() > deadline:
            raise TimeoutError(f"no window named {name!r} on {display} within {timeout} s; "
                               f"seen: {window_names(display)}")
        time.sleep(0.2)


def screenshot(display: str, path: Path, window: int | None = None) -> Path:
    """The whole screen (or one window, by its X id) as the X server holds it, as PNG."""
    target = "root" if window is None else hex(window)
    subprocess.run(["import", "-window", target, str(path)], check=True, timeout=30,
                   env=dict(os.environ, DISPLAY=display))
    return path


def _wait_for_manager(display: str, timeout: float = 10) -> None:
    # openbox names a window of its own once it manages the screen.
    deadline = time.monotonic() + timeout
    while "Openbox" not in " ".join(window_names(display)):
        if time.monotonic() > deadline:
            return  # screenshots still work, dialogs may only look darker
        time.sleep(0.1)
