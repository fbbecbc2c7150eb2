"""Can Qt open a window here? Asked before Qt is, so a missing piece is named, not aborted on.

On Linux, Qt's ``xcb`` platform plugin links a dozen X11 libraries that a fresh desktop may
lack; when one is missing Qt prints "Could not load the Qt platform plugin" and aborts the
process (exit 134), which tells a site nothing. This module checks the display and those
libraries first and says what is missing and the one command that installs it.

The standard library and the message catalogue only, and no Qt: it must run before Qt is
loaded, and `.ci/run` calls it with the system Python to learn the package names
(``python3 -m desktop_app.display_check --apt``).

    >>> install_line(["libxcb-icccm4", "libxcb-keysyms1"])
    'sudo apt-get install libxcb-icccm4 libxcb-keysyms1'
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.rules.messages import text

#: The exit code of ``vaxdesk`` when the window cannot open (documented in the README).
EXIT_NO_DISPLAY = 4

#: Every system library that Qt's xcb plugin (and QtGui under it) links, as the dynamic linker
#: names it, with the Debian/Ubuntu package that ships it. Read off `readelf -d` of
#: ``libqxcb.so`` and ``libQt6XcbQpa.so.6``; a library Qt adds later is still caught by loading
#: the plugin itself (see ``_plugin_load_error``).
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}

@dataclass(frozen=True)
class DisplayProblem:
    """Why no window can open; ``message(lang)`` says it for people."""

    code: str
    params: dict[str, str] = field(default_factory=dict)
    packages: tuple[str, ...] = ()

    def message(self, lang: str) -> str:
        return text(self.code, lang, **self.params)

    def both_languages(self) -> str:
        """Vietnamese, then English: before a window there is no language choice to go by."""
        return f"{self.message('vi')}\n\n{self.message('en')}"


def install_line(packages: list[str] | tuple[str, ...]) -> str:
    return "sudo apt-get install " + " ".join(packages)


def find_problem(
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    can_load: Callable[[str], bool] | None = None,
    can_connect: Callable[[str], bool] | None = None,
    plugin_load_error: Callable[[], str | None] | None = None,
) -> DisplayProblem | None:
    """None when Qt can open a window, else the first reason it cannot.

    The checks reach the system through the last three arguments (by default: the dynamic
    linker, libxcb and the plugin file); tests pass their own to describe a machine that
    cannot be built here.

    >>> find_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    True
    >>> find_problem({}, "linux", can_load=lambda name: True, plugin_load_error=lambda: None).code
    'DISPLAY_NONE'
    >>> find_problem({}, "win32") is None
    True
    """
    env = os.environ if env is None else env
    if not platform.startswith("linux"):
        return None  # Windows and macOS ship their platform plugin's needs with Qt
    requested = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if requested and requested != "xcb":
        return None  # offscreen, wayland, eglfs…: the user chose, Qt reports on it
    if not requested and env.get("WAYLAND_DISPLAY"):
        return None  # Qt tries its Wayland plugin first there, which needs none of these
    can_load = can_load or _can_load
    missing = [name for name in XCB_LIBRARIES if not can_load(name)]
    if missing:
        packages = tuple(dict.fromkeys(XCB_LIBRARIES[name] for name in missing))
        return DisplayProblem("QT_LIBRARIES_MISSING",
                              {"libraries": ", ".join(missing),
                               "install": install_line(packages)}, packages)
    detail = (plugin_load_error or _plugin_load_error)()
    if detail:
        return DisplayProblem("QT_PLUGIN_UNLOADABLE", {"detail": detail})
    display = env.get("DISPLAY", "")
    if not display:
        return DisplayProblem("DISPLAY_NONE")
    if not (can_connect or _can_connect)(display):
        return DisplayProblem("DISPLAY_UNREACHABLE", {"display": display})
    return None


def _can_load(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def _can_connect(display: str) -> bool:
    """Opens and closes an X connection the way Qt will, through libxcb."""
    xcb = ctypes.CDLL("libxcb.so.1")
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(conn) == 0
    finally:
        xcb.xcb_disconnect(conn)  # xcb_connect never returns NULL; an error object is freed too


def _plugin_load_error() -> str | None:
    """The dynamic linker's complaint about Qt's xcb plugin, if any: a catch-all for a
    library that ``XCB_LIBRARIES`` does not list yet."""
    plugin = _xcb_plugin_path()
    if plugin is None:
        return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        return str(exc)
    return None


def _xcb_plugin_path() -> Path | None:
    frozen = getattr(sys, "_MEIPASS", None)
    roots = [Path(frozen) / "PySide6"] if frozen else []
    spec = importlib.util.find_spec("PySide6")
    if spec and spec.submodule_search_locations:
        roots += [Path(p) for p in spec.submodule_search_locations]
    for root in roots:
        plugin = root / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.exists():
            return plugin
    return None


if __name__ == "__main__":
    if sys.argv[1:] == ["--apt"]:  # .ci/run and the README's install line use this list
        print(" ".join(dict.fromkeys(XCB_LIBRARIES.values())))
    else:
        problem = find_problem()
        print(problem.both_languages() if problem else "ok")
        sys.exit(EXIT_NO_DISPLAY if problem else 0)
