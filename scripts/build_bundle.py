"""Build the one-folder bundle (build_installer.spec) and prove it works: its size, the time
the build took, and the bundle's own ``vaxdesk-cli --self-test``.

    .venv/bin/pip install -e '.[build]' && .venv/bin/python scripts/build_bundle.py

Writes dist/VaxDesk/ (``--dist`` elsewhere; build/ holds PyInstaller's work files). The
smoke test (tests/bundle/) calls ``build`` below into a cache folder and reuses the build
while nothing that goes into it has changed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_installer.spec"
#: What a build is made of: a change here makes the cached bundle stale.
INPUTS = ("build_installer.spec", "desktop_app", "resources", "pyproject.toml")


def exe_name(name: str) -> str:
    return name + ".exe" if sys.platform == "win32" else name


def inputs_digest() -> str:
    """A hash of every file the bundle is built from, and of the tools that build it."""
    import PyInstaller

    digest = hashlib.sha256(f"{sys.version}|{PyInstaller.__version__}".encode())
    for top in INPUTS:
        path = ROOT / top
        files = [path] if path.is_file() else sorted(
            p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def folder_size(folder: Path) -> int:
    """Bytes in the folder, as `du -sb` counts them (symlinks as links, not their targets)."""
    total = folder.lstat().st_size
    for path in folder.rglob("*"):
        total += path.lstat().st_size
    return total


def build(dist: Path, work: Path, reuse: bool = False) -> tuple[Path, float | None]:
    """Build into ``dist``/VaxDesk; the folder and the seconds it took (None if reused)."""
    bundle = dist / "VaxDesk"
    stamp = dist / "inputs.sha256"
    digest = inputs_digest()
    if reuse and stamp.exists() and stamp.read_text() == digest and \
            (bundle / exe_name("vaxdesk-cli")).exists():
        return bundle, None
    stamp.unlink(missing_ok=True)
    # PyInstaller's work files of an older build, reused, left their collected files in the
    # new bundle: 150.1 MB where a clean build of the same inputs is 149.7.
    shutil.rmtree(work, ignore_errors=True)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(SPEC)],
                   cwd=ROOT, check=True)
    seconds = time.monotonic() - started
    stamp.write_text(digest)
    return bundle, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument("--reuse", action="store_true",
                        help="keep an existing build made from the same files")
    args = parser.parse_args()
    bundle, seconds = build(args.dist, args.work, args.reuse)
    took = "reused" if seconds is None else f"built in {seconds:.0f} s"
    print(f"{bundle}: {folder_size(bundle) / 1e6:.1f} MB ({took}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f})")
    cli = bundle / exe_name("vaxdesk-cli")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    check = subprocess.run([str(cli), "--lang", "en", "--self-test"], env=env)
    if shutil.which("du"):
        subprocess.run(["du", "-sb", str(bundle)])
    return check.returncode


if __name__ == "__main__":
    sys.exit(main())
