"""The offline transfer file: a site with no connection writes its unsynced records to a
file; the central platform applies it exactly once; the laptop learns at its next sync."""

from __future__ import annotations

import json
import subprocess
import sys

from desktop_app.services import signing, transfer
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests.certificates.signed import PASSPHRASE
from tests.sync.helpers import make_people, reconcile


def import_outbox(server, path, *more):  # noqa: ANN001, ANN201
    return subprocess.run([sys.executable, "-m", "central_server.cli", "--database-url",
                           server.database_url, "import-outbox", str(path), *more],
                          capture_output=True, text=True, timeout=120)


def test_a_transfer_file_is_applied_once_and_the_next_sync_settles_it(signed, tmp_path):
    db = signed.db
    make_people(db, 5, doses_each=2)  # 15 records the central platform has never seen
    out = tmp_path / "hn-0001.vaxdesk-outbox"
    count = transfer.export_outbox(db, out, signing.unlock_signer(db, PASSPHRASE),
                                   actor=AT_THIS_LAPTOP)
    assert count == 15
    data = out.read_bytes()
    assert b"Patient" not in data and b"HN-0001" not in data  # sealed: nothing readable

    first = import_outbox(signed.server, out, "--receipt", str(tmp_path / "receipt.json"))
    assert first.returncode == 0, first.stderr
    assert "15 of 15 records applied" in first.stdout
    receipt = json.loads((tmp_path / "receipt.json").read_text())
    assert {e["status"] for e in receipt["entries"]} == {201}
    again = import_outbox(signed.server, out)
    assert again.returncode == 0 and "already imported; nothing changed" in again.stdout

    summary = signed.sync()  # the laptop finds its records already there
    assert summary.rejected == 0 and summary.conflicts == 0
    reconcile(db, signed.server.url, signed.token)


def test_a_tampered_or_foreign_file_is_refused(signed, tmp_path):
    db = signed.db
    make_people(db, 1, doses_each=1)
    out = tmp_path / "f.vaxdesk-outbox"
    transfer.export_outbox(db, out, signing.unlock_signer(db, PASSPHRASE),
                           actor=AT_THIS_LAPTOP)
    sealed = json.loads(out.read_bytes())
    sealed["ciphertext"] = sealed["ciphertext"][:-6] + ("AAAA==" if not
                                                        sealed["ciphertext"].endswith("AAAA==")
                                                        else "BBBB==")
    tampered = tmp_path / "tampered"
    tampered.write_text(json.dumps(sealed))
    refused = import_outbox(signed.server, tampered)
    assert refused.returncode == 2 and "refused" in refused.stderr
    junk = tmp_path / "junk"
    junk.write_text("not a file at all")
    assert import_outbox(signed.server, junk).returncode == 2


def test_a_revoked_laptops_file_is_refused(signed, tmp_path):
    db = signed.db
    make_people(db, 1, doses_each=1)
    out = tmp_path / "f.vaxdesk-outbox"
    transfer.export_outbox(db, out, signing.unlock_signer(db, PASSPHRASE),
                           actor=AT_THIS_LAPTOP)
    signed.server.cli("revoke-signer", "--site", "HN-0001")
    refused = import_outbox(signed.server, out)
    assert refused.returncode == 2 and "revoked" in refused.stderr
