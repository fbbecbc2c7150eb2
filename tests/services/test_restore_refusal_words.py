"""Every refusal a restore can audit (``restore_refused``: its code as the entry's "why")
reads in words in the audit trail, in each language: a code added to the restore's checks
without its ``AUDIT_RESTORE_WHY_`` words fails here, not in the trail supervisors read and
export. And the refusal that guards a passphrase change, a copy made before it, end to end."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.db.errors import DatabaseLocked
from desktop_app.db.models import AuditEntry
from desktop_app.progress import drain
from desktop_app.rules.messages import CATALOGUE, UserError
from desktop_app.services import accounts, audit, backups, restore, restore_login
from desktop_app.services.passphrase_change import change_passphrase
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER
from tests.services.test_backups import save

LANGS = ("vi", "en")
# The modules whose checks refuse a restore (``check_restore``, ``restore_backup``).
CHECKS = (restore, restore_login)
# Codes named there that are no refusal: pieces of a message, and a copy failing after
# every check passed (a full disk), which is said and not audited as a refused restore.
NOT_REFUSALS = {"BACKUP_NOT_RECORDED", "RESTORE_FAILED"}
# Refusals raised by what the checks call, their code not written in them.
RAISED_FOR_THEM = {
    DatabaseLocked(Path("site.db")).code,  # restore_backup: VaxDesk has the file open
    accounts.waiting(5).code,  # the login's waits (restore_login)
    accounts.waiting(125).code,
}


def _named_codes(module: object) -> set[str]:
    """The catalogue's codes a module names, except those it only passes to ``text`` or
    ``Part`` (words of its messages, not refusals)."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    named = {n.value for n in ast.walk(tree)
             if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value in CATALOGUE}
    words = {call.args[0].value for call in ast.walk(tree)
             if isinstance(call, ast.Call) and call.args
             and isinstance(call.args[0], ast.Constant)
             and getattr(call.func, "id", getattr(call.func, "attr", None)) in ("text", "Part")}
    return named - words


def refusal_codes() -> set[str]:
    return set().union(*map(_named_codes, CHECKS)) - NOT_REFUSALS | RAISED_FOR_THEM


def test_the_refusals_are_found_where_the_checks_raise_them():
    assert {"BACKUP_EMPTY", "BACKUP_WRONG_PASSPHRASE", "BACKUP_PASSPHRASE_REPLACED",
            "RESTORE_NEEDS_SUPERVISOR", "RESTORE_NEEDS_CURRENT_SUPERVISOR",
            "RESTORE_OTHER_DATABASE", "BACKUP_DAMAGED", "DB_LOCKED",
            "LOGIN_WAIT"} <= refusal_codes()


@pytest.mark.parametrize("code", sorted(refusal_codes()))
def test_each_refusal_a_restore_audits_reads_in_words(code):
    assert set(CATALOGUE.get(f"AUDIT_RESTORE_WHY_{code}", {})) >= set(LANGS), code
    for lang in LANGS:
        said = audit.describe("restore_refused", {"copy": "site.db.bak", "why": code,
                                                  "username": "lan"}, lang)
        assert code not in said, said


def test_a_copy_made_before_the_passphrase_changed_is_refused_in_words(db, boss, site,
                                                                       tmp_path):
    """Taken to a stick before the change, tried in the Backups dialog (the app's key)."""
    save(db, 1)
    made = backups.make_backup(db, backups.ON_REQUEST).path
    (tmp_path / "usb").mkdir()
    old_copy = Path(shutil.copy2(made, tmp_path / "usb" / made.name))
    new = "mật khẩu mới của trạm y tế"
    drain(change_passphrase(db, TEST_PASSPHRASE, new, new, actor=boss))
    with pytest.raises(UserError) as caught:
        restore.check_restore(db.path, old_copy, TEST_PASSPHRASE, username=TEST_USER,
                              password=TEST_PASSWORD, app_db=db)
    assert caught.value.code == "BACKUP_PASSPHRASE_REPLACED"
    with db.reading() as s:
        [details] = s.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "restore_refused")).all()
    details = json.loads(details) if isinstance(details, str) else details
    assert audit.describe("restore_refused", details, "vi").startswith(
        f"Khôi phục bản sao lưu bị từ chối: bản sao {old_copy.name}: bản sao được mã hóa "
        "bằng mật khẩu dữ liệu cũ, đã được thay")
    assert "the old data passphrase, which was replaced" in audit.describe(
        "restore_refused", details, "en")
