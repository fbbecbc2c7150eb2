"""The layering the style guide asks for, enforced: logic never imports Qt, and importing a
module creates no engine, app or window."""

import ast
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import desktop_app

ROOT = Path(desktop_app.__file__).parent
LOGIC = ["rules", "db", "services", "sync", "certificates", "importers"]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_logic_packages_do_not_import_qt():
    offenders = [
        str(p.relative_to(ROOT))
        for pkg in LOGIC
        for p in (ROOT / pkg).rglob("*.py")
        if any(n.split(".")[0] in {"PySide6", "shiboken6"} for n in _imports(p))
    ]
    assert offenders == []


def test_rules_touch_no_database():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "rules").rglob("*.py")
        if any(n.split(".")[0] in {"sqlalchemy", "sqlite3", "sqlite_utils"} or
               n.startswith("desktop_app.db") for n in _imports(p))
    ]
    assert offenders == []


def test_certificates_are_pure():
    """Payload, signing, QR, PDF and verification work on values, never on the database."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "certificates").rglob("*.py")
        if any(n.split(".")[0] in {"sqlalchemy", "sqlite3", "sqlite_utils", "requests"} or
               n.startswith(("desktop_app.db", "desktop_app.services", "desktop_app.sync"))
               for n in _imports(p))
    ]
    assert offenders == []


def test_ui_runs_no_sql():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "ui").rglob("*.py")
        if any(n.split(".")[0] in {"sqlalchemy", "sqlite3", "sqlite_utils"} for n in _imports(p))
    ]
    assert offenders == []


def test_importing_every_module_has_no_side_effects(tmp_path):
    code = (
        "import pkgutil, importlib, desktop_app, sys\n"
        "for m in pkgutil.walk_packages(desktop_app.__path__, 'desktop_app.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        "from PySide6.QtWidgets import QApplication\n"
        "assert QApplication.instance() is None\n"
        "import gc, sqlalchemy\n"
        "engines = [o for o in gc.get_objects() if isinstance(o, sqlalchemy.engine.Engine)]\n"
        "assert engines == [], engines\n"
    )
    env = {"VAXDESK_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "PATH": ""}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=120)
    assert list(tmp_path.iterdir()) == []  # nothing written to the data folder either


def _offenders(where: Path, forbidden: Callable[[str], bool]) -> list[str]:
    files = [where] if where.is_file() else sorted(where.rglob("*.py"))
    return sorted(
        f"{p.relative_to(ROOT.parent)} imports {n}"
        for p in files
        for n in _imports(p)
        if forbidden(n)
    )


def test_sync_never_imports_services():
    """Dependencies point one way: services use sync, never the reverse."""
    assert _offenders(ROOT / "sync", lambda n: n.startswith("desktop_app.services")) == []


def test_the_central_server_shares_only_rules_and_the_wire_package():
    central = ROOT.parent / "central_server"
    shared = ("desktop_app.rules", "desktop_app.wire")
    assert _offenders(central, lambda n: n.startswith("desktop_app") and
                      not n.startswith(shared)) == []


def test_the_wire_package_is_pure():
    assert _offenders(ROOT / "wire", lambda n: n.split(".")[0] in {
        "sqlalchemy", "requests", "PySide6"} or (n.startswith("desktop_app") and
                                                 not n.startswith("desktop_app.wire"))) == []


def test_settings_sit_below_services_and_sync():
    assert _offenders(ROOT / "settings.py", lambda n: n.startswith(
        ("desktop_app.services", "desktop_app.sync", "desktop_app.ui"))) == []


# The shells (the Qt UI and the command line) reach the data only through services/; they
# may also use the pure rules, the message catalogue (in rules), the progress helpers and the
# clock.
SHELL_MAY_IMPORT = ("desktop_app.services", "desktop_app.rules", "desktop_app.ui",
                    "desktop_app.progress", "desktop_app.clock", "desktop_app.settings",
                    "desktop_app.display_check", "desktop_app.bundled", "desktop_app.paths",
                    "desktop_app.cli")


def test_the_shells_go_through_services():
    shells = [ROOT / "ui", *ROOT.glob("cli*.py")]
    offenders = [o for where in shells for o in _offenders(
        where, lambda n: n.startswith("desktop_app.") and not n.startswith(SHELL_MAY_IMPORT))]
    assert offenders == []


# Public services that write but are the system's own bookkeeping: the signing refresh run
# inside a sync round (which took the actor who started it), the login (how an actor is
# made) and its wait after failed ones (login_waits.seconds_to_wait, which audits the
# wait), a scheduled or at-exit backup (no one asks for it), the one-time re-sealing of
# an old signing key when its owner unlocks it, and the merges a restored copy lacks, made
# again as the platform holds them inside a sync round (merges.refold), and the notes of
# certificate batches a kill stopped, dropped once said at a start (stopped_batches: it
# takes the actor and checks its role without refusing, a volunteer is just not told).
SYSTEM_WRITES = {"save_enrolment", "save_revoked", "save_awaiting_approval", "save_trust_list",
                 "confirm_trust_list", "login", "make_backup",
                 "unlock_signer", "refold", "seconds_to_wait", "stopped_batches"}


def test_every_service_that_writes_takes_a_required_actor_and_checks_its_role():
    import importlib
    import inspect
    import pkgutil

    import desktop_app.services as services

    missing = []
    for info in pkgutil.iter_modules(services.__path__):
        module = importlib.import_module(f"desktop_app.services.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_") or \
                    name in SYSTEM_WRITES:
                continue
            source = inspect.getsource(fn)
            writes = ".transaction()" in source or "writer.put(" in source or \
                "bulk_writer(" in source
            actor = inspect.signature(fn).parameters.get("actor")
            if writes and (actor is None or actor.default is not inspect.Parameter.empty
                           or "require(" not in source):  # taking it is not checking it
                missing.append(f"{info.name}.{name}")
    assert missing == []


def test_no_merge_conflict_markers_are_left_in_tracked_text():
    """A merge once committed README.md with both sides of a conflict in it."""
    import subprocess

    repo = ROOT.parent
    files = subprocess.run(["git", "ls-files"], capture_output=True, text=True, check=True,
                           cwd=repo).stdout.splitlines()
    marked = []
    for name in files:
        if not name.endswith((".py", ".md", ".toml", ".ts", ".html", ".css", ".json", ".spec")):
            continue
        text = (repo / name).read_text(encoding="utf-8", errors="replace")
        if any(line.startswith(("<<<<<<< ", ">>>>>>> ")) for line in text.splitlines()):
            marked.append(name)
    assert marked == []


def _methods(tree: ast.AST) -> dict[str, ast.FunctionDef]:
    return {f.name: f for c in ast.walk(tree) if isinstance(c, ast.ClassDef)
            for f in c.body if isinstance(f, ast.FunctionDef)}


def test_no_button_hands_its_checked_flag_to_a_defaulted_parameter():
    """``clicked``/``triggered``/``toggled`` pass ``checked`` to a slot that accepts an
    argument: connected straight to ``self.method(x=None)``, the method gets False for x
    (it broke the Screening button's save and the Print button). Connect a lambda."""
    wrong = []
    for path in (ROOT / "ui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        methods = _methods(tree)
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "connect" and call.args):
                continue
            signal, slot = call.func.value, call.args[0]
            if not (isinstance(signal, ast.Attribute)
                    and signal.attr in ("clicked", "triggered", "toggled")
                    and isinstance(slot, ast.Attribute) and isinstance(slot.value, ast.Name)
                    and slot.value.id == "self" and slot.attr in methods):
                continue
            params = [a.arg for a in methods[slot.attr].args.args[1:]]
            if params and params[0] != "checked":
                wrong.append(f"{path.relative_to(ROOT)}:{call.lineno} {slot.attr}{params}")
    assert not wrong, wrong


def test_the_ui_names_its_colours_in_one_place():
    """A red line means refused and an amber one asks attention in every area: the colours
    live in ui/widgets/tones.py (there were three ambers and two greys, two of them under
    AA contrast). A colour picked anew in a screen is one of those."""
    colour = re.compile(r"""["'][^"'\n]*#[0-9a-fA-F]{3,6}\b""")
    found = [f"{p.relative_to(ROOT)}:{n}"
             for p in (ROOT / "ui").rglob("*.py") if p.name != "tones.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if colour.search(line)]
    assert found == []
