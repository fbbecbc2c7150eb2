"""A verdict is only as fresh as the trust list it was judged against: the Check dialog
says under it when the list was last updated, and once it is more than a week old, in the
warning's colour, that a key or a certificate revoked since may still show as valid. The
list here is a real one saved as a sync saves it (``signing.save_trust_list``)."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop_app import settings
from desktop_app.certificates import hcert
from desktop_app.clock import local_time, utc_now
from desktop_app.db.database import open_database
from desktop_app.services import signing
from desktop_app.ui.certificates.verify_dialog import VerifyDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.widgets.tones import WARNING_STYLE
from desktop_app.wire.trust_list import kid_of
from tests.certificates.factory import Pki, content
from tests.keys import TEST_PASSPHRASE


def _saved(db, document: dict, made: datetime) -> None:  # noqa: ANN001
    """The list as a sync saved it at ``made``: fetched then, and not confirmed since (a
    sync's 304 since would make it current: test_signing_authority.py)."""
    signing.save_trust_list(db, {**document, "generated_at": made.isoformat() + "Z"}, None)
    with db.transaction() as s:
        settings.write(s, settings.TRUST_LIST_CONFIRMED, made.isoformat() + "Z")


def _checked(qtbot, db, age: timedelta, lang: str = "en",  # noqa: ANN001
             pki: Pki | None = None) -> VerifyDialog:
    """A genuine certificate checked against a list made ``age`` ago (by ``pki``: a
    laptop keeps lists of the authority it first saw)."""
    pki, now = pki or Pki(), utc_now().replace(microsecond=0)
    key, cert = pki.signer(start=now - timedelta(days=30), days=90)
    made = now - age
    _saved(db, pki.document(), made)
    qr = hcert.seal(content(issued_at=now).payload, key, kid_of(cert), issued_at=now,
                    expires_at=now + timedelta(days=60))
    dialog = VerifyDialog(AppContext(db, TaskRunner(), lang))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.setPlainText(qr)
    dialog.check_text()
    qtbot.waitUntil(lambda: dialog.verdict.text() != "", timeout=20_000)
    return dialog


def test_a_fresh_list_is_named_quietly_under_the_verdict(qtbot, db):
    dialog = _checked(qtbot, db, timedelta(hours=2))
    assert dialog.verdict.text().startswith("VALID")
    made = (utc_now() - timedelta(hours=2)).replace(microsecond=0)
    assert dialog.trust_note.isVisible()
    assert dialog.trust_note.text() == f"Trust list updated {local_time(made)}."
    assert WARNING_STYLE not in dialog.trust_note.styleSheet()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_list_over_a_week_old_is_a_warning_beside_the_verdict(qtbot, db, lang, tmp_path):
    dialog = _checked(qtbot, db, timedelta(days=10, hours=1), lang)
    note = dialog.trust_note.text()
    if lang == "en":
        assert note.startswith("The trust list has not been updated for 10 days (last ")
        assert "revoked since may still show as valid. Sync while online." in note
    else:
        assert note.startswith("Danh sách tin cậy đã 10 ngày chưa được cập nhật")
    assert WARNING_STYLE in dialog.trust_note.styleSheet()
    assert dialog.verdict.text().startswith(("VALID", "HỢP LỆ"))  # still judged, and said
    folder = Path(os.environ.get("VAXDESK_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(folder / f"verify-stale-trust-{lang}.png"))


def test_a_list_is_stale_once_more_than_a_week_old(qtbot, db):
    pki = Pki()
    dialog = _checked(qtbot, db, timedelta(days=7) - timedelta(minutes=5), pki=pki)
    assert dialog.trust_note.text().startswith("Trust list updated ")
    dialog = _checked(qtbot, db, timedelta(days=7, hours=1), pki=pki)
    assert dialog.trust_note.text().startswith(
        "The trust list has not been updated for 7 days (last ")


def test_a_file_with_nothing_to_check_drops_the_earlier_lists_note(qtbot, db, tmp_path):
    dialog = _checked(qtbot, db, timedelta(days=10))
    assert dialog.trust_note.isVisible()
    empty = tmp_path / "x.txt"
    empty.write_text("nothing here")
    dialog.check_file(str(empty))
    qtbot.waitUntil(lambda: dialog.verdict.text().startswith("NOTHING TO CHECK"), timeout=20_000)
    assert not dialog.trust_note.isVisible()


def test_vaxdesk_verify_warns_on_stderr_when_the_cached_list_is_stale(db, tmp_path):
    """The command line judges as the dialog does, its verdict on stdout as before, and says
    on stderr that a stale list may miss a revocation (a script reading stdout is
    unchanged); a fresh list adds nothing."""
    from tests import forked

    pki, now = Pki(), utc_now().replace(microsecond=0)
    key, cert = pki.signer(start=now - timedelta(days=30), days=90)
    qr = hcert.seal(content(issued_at=now).payload, key, kid_of(cert), issued_at=now,
                    expires_at=now + timedelta(days=60))
    path, runs = db.path, []
    db.close()  # as the command finds it: not open in the app
    for age, *json_flag in ((timedelta(days=9),), (timedelta(hours=1),),
                            (timedelta(days=9), "--json")):
        with open_database(path, TEST_PASSPHRASE) as saved:
            _saved(saved, pki.document(), now - age)
        runs.append(forked.vaxdesk("--db", str(path), "--lang", "en", "verify", qr,
                                   *json_flag, env=dict(os.environ), timeout=120))
    stale, fresh, as_json = runs
    assert as_json.returncode == 0 and as_json.stdout.lstrip().startswith(("{", "["))
    assert as_json.stderr.startswith("The trust list has not been updated for 9 days")
    assert stale.returncode == 0 == fresh.returncode, stale.stderr + fresh.stderr
    assert stale.stdout.startswith("VALID") and stale.stdout == fresh.stdout
    assert stale.stderr.startswith("The trust list has not been updated for 9 days (last ")
    assert "Trust list" not in fresh.stderr and "trust list" not in fresh.stderr
