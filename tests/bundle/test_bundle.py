"""The bundle a site copies onto a bare laptop (build_installer.spec), run as a site runs it:
its own executables, never this checkout's Python.

Marked ``bundle``: the default test run leaves these out (pyproject's addopts), `.ci/run`
runs them after the suite with ``-m bundle``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.display_check import XCB_LIBRARIES
from scripts.build_bundle import folder_size
from tests.bundle.conftest import exe, needs

pytestmark = [pytest.mark.bundle, pytest.mark.timeout(1800)]  # the build: minutes

ROOT = Path(__file__).resolve().parents[2]
SETUP_TITLE = "Thiết lập điểm tiêm"  # the first-run dialog, in the default language
MAX_BYTES = 150_000_000
SELF_TEST_OK = ["ok: open and migrate a new database", "ok: record a dose and read it back",
                "ok: sign, print and verify a certificate",
                "ok: open the main window (offscreen)"]


def site_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A fresh data folder; the passphrase and the first supervisor from the environment, as
    a kiosk script gives them (tests/conftest.py sets them); no offscreen platform."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "PYTHONPATH")}
    env["VAXDESK_DATA_DIR"] = str(tmp_path / "data")
    env.update(extra)
    return env


def test_the_bundle_is_small_and_carries_only_what_the_app_uses(bundle):
    size = folder_size(bundle)
    assert size <= MAX_BYTES, f"{size / 1e6:.1f} MB"
    internal = bundle / "_internal"
    files = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    names = {Path(f).name for f in files}
    # its own resources, and the migration scripts Alembic reads as files
    for needed in ("resources/fonts/NotoSerif-Regular.ttf", "resources/i18n/vaxdesk_vi.qm",
                   "resources/vaccines.json", "resources/cccd_province_codes.json",
                   "resources/icons/vaxdesk.png", "desktop_app/db/migrations/env.py",
                   "desktop_app/db/migrations/versions/0001_core_tables.py"):
        assert needed in files, needed
    assert any(f.startswith("resources/standards/") for f in files)
    # nothing the app does not use: no Qt translations, QML, WebEngine, GTK, server or tests
    assert not any(f.startswith("PySide6/Qt/translations") for f in files)
    unused = [n for n in names if n.startswith(("libQt6Qml", "libQt6Quick", "libQt6WebEngine",
                                                "libQt6VirtualKeyboard", "libQt6Pdf",
                                                "libgtk-3", "QtNetwork.", "QtQml."))]
    assert unused == []
    assert not any(f.split("/")[0] in ("tests", "central_server", "psycopg", "fastapi",
                                       "bench") for f in files)
    assert "vaxdesk_vi.ts" not in names
    assert (bundle / "vaxdesk").exists() and (bundle / "vaxdesk-cli").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's xcb plugin")
def test_the_bundle_carries_the_xcb_libraries_qt_needs(bundle):
    from PyInstaller.depend.bindepend import resolve_library_path

    system_only = {"libxcb.so.1", "libGL.so.1", "libEGL.so.1", "libdbus-1.so.3"}
    present = {n for n in XCB_LIBRARIES if n not in system_only and resolve_library_path(n)}
    needs(bool(present), "the xcb libraries on the build machine (.ci/run installs them)")
    carried = {p.name for p in (bundle / "_internal").iterdir()}
    assert present - carried == set()
    assert (bundle / "_internal/PySide6/Qt/plugins/platforms/libqxcb.so").exists()


def test_version_and_self_test_from_the_bundle(bundle, tmp_path):
    from desktop_app import __version__

    version = subprocess.run([exe(bundle, "vaxdesk-cli"), "--version"],
                             capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith(f"VaxDesk {__version__} ")
    out = subprocess.run([exe(bundle, "vaxdesk-cli"), "--lang", "en", "--self-test"],
                         env=site_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines()[:4] == SELF_TEST_OK
    assert not (tmp_path / "data").exists()  # the site's folder is never touched


def test_the_windowed_app_starts_offscreen_and_the_cli_reads_what_it_made(bundle, tmp_path):
    env = site_env(tmp_path, QT_QPA_PLATFORM="offscreen")
    app = subprocess.Popen([exe(bundle, "vaxdesk")], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        db = tmp_path / "data" / "vaxdesk.db"
        while not db.exists() and app.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # the window and its first-run dialog come up, or the process dies
        assert app.poll() is None, app.communicate()
    finally:
        app.terminate()
        _, err = app.communicate(timeout=30)
    assert "Traceback" not in err and "qt.qpa" not in err, err
    info = subprocess.run([exe(bundle, "vaxdesk-cli"), "--lang", "en", "info"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert info.returncode == 0, info.stderr
    assert "site: (not set up)" in info.stdout and "people: 0" in info.stdout


@pytest.fixture(scope="module")
def display():
    from scripts.xdisplay import missing_tools, virtual_display

    needs(sys.platform.startswith("linux") and not missing_tools(),
          f"X tools (Debian: xvfb openbox imagemagick x11-utils): {missing_tools()}")
    with virtual_display(1366, 768) as value:
        yield value


def _start_on_display(bundle: Path, tmp_path: Path, display: str, prefix: list[str]):
    from scripts.xdisplay import screenshot, wait_for_window

    app = subprocess.Popen(prefix + [exe(bundle, "vaxdesk")],
                           env=site_env(tmp_path, DISPLAY=display),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_window(display, SETUP_TITLE, timeout=60)
        shot = screenshot(display, tmp_path / "bundle.png")
    finally:
        app.terminate()
        _, err = app.communicate(timeout=30)
    return shot, err


def test_the_bundle_opens_its_window_on_a_real_x_server(bundle, display, tmp_path):
    shot, err = _start_on_display(bundle, tmp_path, display, [])
    assert "qt.qpa.plugin" not in err and "Traceback" not in err, err
    image = Image.open(shot).convert("RGB")
    assert image.size == (1366, 768)
    assert len(image.getcolors(maxcolors=1 << 20)) > 50, "the screen is blank"
    shutil.copy(shot, ROOT / "docs" / "screens" / "bundle-xvfb.png")


def test_the_bundle_starts_where_the_system_lacks_libxcb_cursor(bundle, display, tmp_path):
    """A fresh Debian or Ubuntu lacks libxcb-cursor0: the system's copy is made unloadable in
    a private mount namespace (root only) and the bundle must start on its own copy (the
    source checkout, by contrast, names the missing package: tests/test_display.py)."""
    from tests.test_display import real_path_of

    needs(os.geteuid() == 0 and shutil.which("unshare") is not None,
          "root and unshare, to hide a system library from one process")
    real = real_path_of("libxcb-cursor.so.0")
    needs(real is not None, "libxcb-cursor0 is installed, to be hidden")
    hide = ["unshare", "-m", "sh", "-c", f"mount --bind /dev/null {real} && exec \"$@\"", "-"]
    shot, err = _start_on_display(bundle, tmp_path, display, hide)
    assert "qt.qpa.plugin" not in err and "libxcb-cursor" not in err, err
    assert len(Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 20)) > 50


def test_the_bundle_upgrades_a_release_0008_database_in_place(bundle, tmp_path):
    """A laptop that ran the release whose schema was 0008 gets the new bundle: the first
    start backs the file up, migrates it, and the records are all there."""
    from desktop_app.db.backups import backups_of
    from desktop_app.db.migrate import current_revision, upgrade
    from desktop_app.db.schema_version import HEAD_REVISION
    from tests.first_release import first_release_database
    from tests.keys import raw_connect

    path = tmp_path / "data" / "vaxdesk.db"
    path.parent.mkdir()
    # the first release's schema and records, then its upgrades
    engine = first_release_database(path, lot_number="FK1")
    upgrade(engine, "0008")
    assert current_revision(engine) == "0008"
    engine.dispose()

    env = site_env(tmp_path)
    made = subprocess.run([exe(bundle, "vaxdesk-cli"), "user", "add", "kiemthu",
                           "--role", "supervisor"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert made.returncode == 0, made.stdout + made.stderr
    found = subprocess.run([exe(bundle, "vaxdesk-cli"), "search", "le thi hoa"], env=env,
                           capture_output=True, text=True, timeout=120)
    assert found.returncode == 0, found.stderr
    assert found.stdout.split("\t")[:3] == ["Lê Thị Hoa", "03/02/1970", "001170000001"]

    [backup] = backups_of(path)
    with raw_connect(backup) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0008",)
        assert old.execute("SELECT count(*) FROM dose").fetchone() == (1,)
    with raw_connect(path) as new:
        assert new.execute("SELECT version_num FROM alembic_version").fetchone() == (
            HEAD_REVISION,)
        assert new.execute("SELECT lot_number, dose_number FROM dose").fetchall() == [
            ("FK1", 1)]
