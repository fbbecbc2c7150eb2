"""The offline transfer file: a site with no connection writes its unsynced records to a
file; the central platform applies it exactly once; the laptop learns at its next sync."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import requests
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db.models import Dose
from desktop_app.services import signing, transfer
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import void_dose
from desktop_app.services.reactions import ReactionInput, record_reaction
from desktop_app.sync import outbox
from desktop_app.wire import outbox_file
from tests.certificates.signed import PASSPHRASE
from tests.sync.helpers import make_people, reconcile


def import_outbox(server, path, *more):  # noqa: ANN001, ANN201
    return subprocess.run([sys.executable, "-m", "central_server.cli", "--database-url",
                           server.database_url, "import-outbox", str(path), *more],
                          capture_output=True, text=True, timeout=120)


def export(db, path):  # noqa: ANN001, ANN201
    return transfer.export_outbox(db, path, signing.unlock_signer(db, PASSPHRASE),
                                  actor=AT_THIS_LAPTOP)


def imported(server, path):  # noqa: ANN001, ANN201
    """(exit code, the receipt's statuses by record type)."""
    receipt = path.with_name(path.name + ".receipt.json")
    done = import_outbox(server, path, "--receipt", str(receipt))
    entries = json.loads(receipt.read_text())["entries"]
    return done.returncode, {e["type"]: e["status"] for e in entries}


def sealed(db, entries, out):  # noqa: ANN001, ANN201
    """A transfer file of these entries, signed and sealed as the laptop does."""
    signer = signing.unlock_signer(db, PASSPHRASE)
    with db.reading() as s:
        csca = x509.load_pem_x509_certificate(
            settings.read(s, settings.CSCA_CERTIFICATE).encode())
    payload = {"format": outbox_file.FORMAT, "site": "HN-0001",
               "created": utc_now().isoformat(), "entries": entries}
    out.write_bytes(outbox_file.seal(payload, signer.key,
                                     signer.certificate.public_bytes(Encoding.PEM).decode(),
                                     csca.public_key()))
    return out


def the_dose(db):  # noqa: ANN001, ANN201
    with db.reading() as s:
        return s.execute(select(Dose.id)).scalar_one()


def on_central(wired, dose_id):  # noqa: ANN001, ANN201
    return requests.get(f"{wired.server.url}/Immunization/{dose_id}", timeout=30,
                        headers={"Authorization": f"Bearer {wired.central_token}"}).json()


def react(db, dose_id):  # noqa: ANN001, ANN201
    """A new version of the dose: a mild reaction recorded on it."""
    _, problems = record_reaction(db, dose_id, ReactionInput(
        "mild", utc_now() - timedelta(minutes=1), "sốt nhẹ", "theo dõi"), actor=AT_THIS_LAPTOP)
    assert problems == []


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
    db = signed.db
    make_people(db, 1, doses_each=1)
    good = [{"type": transfer.TYPES[r.entity], "id": r.record_id, "resource": r.resource,
             "ifMatch": None} for r in outbox.for_transfer(db, "HN-0001")]
    patient = good[0]["resource"]
    bad = [{"type": "Bogus", "id": patient["id"], "resource": patient},
           {"type": "Patient", "id": "id with spaces/../x", "resource": patient},
           {"type": "Patient", "id": "a" * 8, "resource": patient},
           {"type": "Patient", "id": patient["id"], "resource": patient, "ifContent": "x"},
           "not an entry"]
    out = sealed(db, [*bad, *good], tmp_path / "crafted.vaxdesk-outbox")
    done = import_outbox(signed.server, out, "--receipt", str(tmp_path / "receipt.json"))
    assert done.returncode == 1 and "2 of 7 records applied" in done.stdout, done.stderr
    statuses = [e["status"] for e in json.loads((tmp_path / "receipt.json").read_text())
                ["entries"]]
    assert statuses == [400, 400, 400, 400, 400, 201, 201]


def test_weekly_files_imported_in_order_carry_a_correction(signed, tmp_path, boss):
    """A site offline for weeks voids a dose its first weekly file carried: the second file
    updates central's copy (it names the content the first one left there), and the next
    sync finds every record its own. Before, central refused it as a duplicate (409), and
    the sync then ended in a conflict whose "theirs" brought the voided dose back."""
    db = signed.db
    make_people(db, 1, doses_each=1)
    dose_id = the_dose(db)
    export(db, tmp_path / "week1")
    void_dose(db, dose_id, "nhập nhầm người", actor=boss)
    export(db, tmp_path / "week2")

    assert imported(signed.server, tmp_path / "week1") == (0, {"Patient": 201,
                                                              "Immunization": 201})
    assert imported(signed.server, tmp_path / "week2") == (0, {"Patient": 200,
                                                              "Immunization": 200})
    assert on_central(signed, dose_id)["status"] == "entered-in-error"

    summary = signed.sync()
    assert summary.conflicts == 0 and summary.rejected == 0
    reconcile(db, signed.server.url, signed.token)


def test_a_record_changed_after_its_file_was_imported_syncs_as_an_update(signed, tmp_path):
    """What a file carried counts as sent: a dose changed after its export is sent at the
    next sync as an update of the copy the file left (adopted), not kept as a conflict."""
    db = signed.db
    make_people(db, 1, doses_each=1)
    dose_id = the_dose(db)
    export(db, tmp_path / "week1")
    assert imported(signed.server, tmp_path / "week1")[0] == 0
    react(db, dose_id)

    summary = signed.sync()
    assert summary.conflicts == 0 and summary.rejected == 0
    assert on_central(signed, dose_id)["reaction"]
    reconcile(db, signed.server.url, signed.token)


def test_an_older_laptops_file_without_if_content_is_taken_as_before(signed, tmp_path, boss):
    """An entry without ``ifContent`` is matched on its version alone, as before: the void
    of a dose only a file took to central is refused there (409), and goes at the next
    sync, which knows the file's copy as the laptop's own."""
    db = signed.db
    make_people(db, 1, doses_each=1)
    dose_id = the_dose(db)
    export(db, tmp_path / "week1")
    void_dose(db, dose_id, "nhập nhầm người", actor=boss)
    old = [{"type": transfer.TYPES[r.entity], "id": r.record_id, "resource": r.resource,
            "ifMatch": r.server_version} for r in outbox.for_transfer(db, "HN-0001")]
    sealed(db, old, tmp_path / "week2")

    assert imported(signed.server, tmp_path / "week1")[0] == 0
    assert imported(signed.server, tmp_path / "week2") == (1, {"Patient": 200,
                                                              "Immunization": 409})
    assert on_central(signed, dose_id)["status"] == "completed"

    summary = signed.sync()
    assert summary.conflicts == 0 and summary.rejected == 0
    assert on_central(signed, dose_id)["status"] == "entered-in-error"
    reconcile(db, signed.server.url, signed.token)


def test_files_imported_out_of_order_never_put_an_older_version_back(signed, tmp_path, boss):
    """Week 2's file imported before week 1's: week 1's older dose is refused (409), not
    applied over the newer one, and week 3's still applies over week 2's."""
    db = signed.db
    make_people(db, 1, doses_each=1)
    dose_id = the_dose(db)
    export(db, tmp_path / "week1")
    react(db, dose_id)
    export(db, tmp_path / "week2")
    void_dose(db, dose_id, "nhập nhầm người", actor=boss)
    export(db, tmp_path / "week3")

    assert imported(signed.server, tmp_path / "week2") == (0, {"Patient": 201,
                                                              "Immunization": 201})
    late = imported(signed.server, tmp_path / "week1")
    assert late == (1, {"Patient": 200, "Immunization": 409})
    assert on_central(signed, dose_id)["reaction"]
    assert imported(signed.server, tmp_path / "week3") == (0, {"Patient": 200,
                                                              "Immunization": 200})
    got = on_central(signed, dose_id)
    assert got["status"] == "entered-in-error" and got["reaction"]

    summary = signed.sync()
    assert summary.conflicts == 0 and summary.rejected == 0
    reconcile(db, signed.server.url, signed.token)


def test_a_malformed_keep_foreign_entry_is_refused_alone(signed, tmp_path):
    """Review 31: central merged its copy into an entry marked ``keepForeign`` before the
    write checked it (``check_request`` looks at its type and id only): one whose
    ``vaccineCode`` is not of FHIR's shape (``coding`` a string) stopped the whole file's
    import with a traceback, no receipt, none of its good records applied. It is refused
    alone (400), as every other malformed entry is."""
    db = signed.db
    make_people(db, 1, doses_each=1)
    assert signed.sync().synced == 2
    dose_id = the_dose(db)
    h = {"Authorization": f"Bearer {signed.central_token}"}
    cur = requests.get(f"{signed.server.url}/Immunization/{dose_id}", headers=h, timeout=30)
    version = cur.json()["meta"]["versionId"]
    make_people(db, 1, doses_each=1, seed=2)  # a person and a dose central has not seen
    good = [{"type": transfer.TYPES[r.entity], "id": r.record_id, "resource": r.resource,
             "ifMatch": None} for r in outbox.for_transfer(db, "HN-0001")]
    broken = {**cur.json(), "vaccineCode": {"coding": "COMIRNATY"}}
    out = sealed(db, [{"type": "Immunization", "id": dose_id, "resource": broken,
                       "ifMatch": version, "keepForeign": True}, *good],
                 tmp_path / "crafted.vaxdesk-outbox")
    done = import_outbox(signed.server, out, "--receipt", str(tmp_path / "receipt.json"))
    assert "Traceback" not in done.stderr, done.stderr[-600:]
    statuses = [e["status"] for e in json.loads((tmp_path / "receipt.json").read_text())
                ["entries"]]
    assert statuses == [400, 201, 201]
