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


def test_a_signed_file_is_checked_entry_by_entry_as_the_batch_api_checks(signed, tmp_path):
    """A file sealed by a valid site key is still only a site's word: an entry of an
    unknown type, an id no read could reach, or a resource not matching its id is refused
    alone, as the batch API refuses it; the good entries go in (a "Bogus" record was stored
    and counted before)."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    from desktop_app import settings
    from desktop_app.clock import utc_now
    from desktop_app.sync import outbox
    from desktop_app.wire import outbox_file

    db = signed.db
    make_people(db, 1, doses_each=1)
    signer = signing.unlock_signer(db, PASSPHRASE)
    good = [{"type": {"person": "Patient", "dose": "Immunization"}[r.entity],
             "id": r.record_id, "resource": r.resource, "ifMatch": None}
            for r in outbox.unsent(db, "HN-0001")]
    patient = good[0]["resource"]
    bad = [{"type": "Bogus", "id": patient["id"], "resource": patient},
           {"type": "Patient", "id": "id with spaces/../x", "resource": patient},
           {"type": "Patient", "id": "a" * 8, "resource": patient},
           "not an entry"]
    with db.reading() as s:
        csca = x509.load_pem_x509_certificate(
            settings.read(s, settings.CSCA_CERTIFICATE).encode())
    payload = {"format": outbox_file.FORMAT, "site": "HN-0001",
               "created": utc_now().isoformat(), "entries": [*bad, *good]}
    out = tmp_path / "crafted.vaxdesk-outbox"
    out.write_bytes(outbox_file.seal(payload, signer.key,
                                     signer.certificate.public_bytes(Encoding.PEM).decode(),
                                     csca.public_key()))
    done = import_outbox(signed.server, out, "--receipt", str(tmp_path / "receipt.json"))
    assert done.returncode == 1 and "2 of 6 records applied" in done.stdout, done.stderr
    statuses = [e["status"] for e in json.loads((tmp_path / "receipt.json").read_text())
                ["entries"]]
    assert statuses == [400, 400, 400, 400, 201, 201]
