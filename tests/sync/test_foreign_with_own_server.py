"""What other systems wrote, with our own central server (``wired``) and a plain server with
batch: the upgrade to migration 0024 reads only copies the laptop did not write, a failed
read stops nothing else, one new record's 404 in a batch stops no round. Written by a third
review (each failed then); the transfer file's case came after."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from sqlalchemy import select

from desktop_app.db.models import SyncRecord
from desktop_app.sync import outbox
from tests.sync.helpers import make_people, upgraded_from_0023
from tests.sync.test_plain_fhir import _edit_phone


def test_records_the_laptop_wrote_itself_are_not_read_again_after_the_upgrade(
        wired, proxy, db_path):
    """Every record here was last written on the server by this laptop (its digest is in
    sent_digests: the server's copy is the laptop's own body, nothing of another system's
    on it). 0024 marks them all '?', and each one's first update after the upgrade costs a
    GET, one at a time before the push, with no progress shown."""
    people = make_people(wired.db, 20, doses_each=1)
    assert wired.sync().synced == 40
    with wired.db.reading() as s:
        rows = s.execute(select(SyncRecord)).scalars().all()
        assert all(r.sent_digests and r.server_version for r in rows)  # last written here
    upgraded_from_0023(wired, db_path)
    try:
        for pid in people:
            _edit_phone(wired.db, pid, "0911222333")
        assert outbox.foreign_unknown(wired.db) == []  # their copies are the laptop's own
        with wired.db.reading() as s:  # found by the partial index, not a pass over all
            plan = s.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT entity, record_id, state FROM sync_record"
                " WHERE foreign_body = '?'").all()
        assert "ix_sync_record_foreign_unknown" in plan[0][-1], plan
        before = sum(n for k, n in proxy.requests_made.items()
                     if k.startswith("GET /fhir/Patient/"))
        assert wired.sync(proxy.url()).synced == 20
        reads = sum(n for k, n in proxy.requests_made.items()
                    if k.startswith("GET /fhir/Patient/")) - before
        assert reads == 0, f"{reads} reads of copies the laptop itself wrote"
    finally:
        wired.db.close()


class _FailingRead(ThreadingHTTPServer):
    """In front of the central server: one record's read answers 500, all else passes."""

    daemon_threads = True

    def __init__(self, upstream: str, failing: str) -> None:
        self.upstream, self.failing = upstream.rstrip("/").removesuffix("/fhir"), failing
        super().__init__(("127.0.0.1", 0), _Forward)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/fhir"


class _Forward(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: ANN002
        pass

    def _go(self) -> None:
        path = self.path
        if self.command == "GET" and path.split("?")[0] == "/fhir" + self.server.failing:
            body = b'{"resourceType":"OperationOutcome","issue":[{"severity":"error",' \
                   b'"code":"exception"}]}'
            self.send_response(500)
            self.send_header("Content-Type", "application/fhir+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host",)}
        r = requests.request(self.command, self.server.upstream + path, data=data,
                             headers=headers, timeout=60, stream=True)
        raw = r.raw.read(decode_content=False)
        self.send_response(r.status_code)
        for k, v in r.headers.items():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    do_GET = do_POST = do_PUT = _go


def test_one_records_failed_read_does_not_stop_every_round(wired, db_path):
    """A pre-upgrade record is queued; the server fails that one read (500). The round
    stops before its push, so a new person, who needs no read, never goes either, and the
    next round the same. A pull that fails before the push is a skipped step; a failed
    PUT of one record waits while the rest go."""
    a, _b = make_people(wired.db, 2, doses_each=1)
    assert wired.sync().synced == 4
    upgraded_from_0023(wired, db_path)
    front = _FailingRead(wired.server.url, f"/Patient/{a}")
    try:
        _edit_phone(wired.db, a, "0911222333")
        [new] = make_people(wired.db, 1, doses_each=1, seed=7)
        outcomes = []
        for _round in range(2):
            try:
                summary = wired.sync(front.url)
                outcomes.append(("synced", summary.synced))
            except Exception as exc:  # noqa: BLE001
                outcomes.append((type(exc).__name__, str(exc)[:80]))
        with wired.db.reading() as s:
            state = s.get(SyncRecord, ("person", new)).state
        assert state == "synced", (state, outcomes)
    finally:
        front.shutdown()
        wired.db.close()


# --- item 4: a 404 to one new record in a batch ------------------------------------------

from tests.sync.hapi_like import _entry_outcome  # noqa: E402
from tests.sync.helpers import outbox_rows  # noqa: E402
from tests.sync.test_plain_fhir import batch_front, plain  # noqa: E402, F401


def test_one_new_records_404_in_a_batch_does_not_stop_every_round(plain, batch_front,  # noqa: F811
                                                                  monkeypatch):
    """A server whose statement says updateCreate true (HAPI's kind) creates the batch's
    new records under the laptop's ids (201) and answers one new dose 404. push_batch takes
    that as "this server does not create records under a client's id" whatever the
    statement and the 201s beside it say: the round stops with SYNC_NO_CLIENT_IDS, the
    records it created are not recorded, and every round stops the same way."""
    people = make_people(plain.db, 3, doses_each=1)
    with plain.db.reading() as s:
        from desktop_app.db.models import Dose
        odd = s.execute(select(Dose.id).where(Dose.person_id == people[1])).scalar_one()
    real = batch_front.own_answer

    def answer(entry):  # noqa: ANN001, ANN202
        if str((entry.get("request") or {}).get("url", "")).endswith(odd):
            return _entry_outcome(404, "not-found", "HAPI-0000: not found")
        return real(entry)

    monkeypatch.setattr(batch_front, "own_answer", answer)
    stops = []
    for _round in range(2):
        try:
            plain.sync(batch_front.url)
        except Exception as exc:  # noqa: BLE001
            stops.append(getattr(exc, "code", type(exc).__name__))
    states = sorted(r.state for r in outbox_rows(plain.db).values())
    assert stops == [], (stops, states)


# --- A3 still open on the transfer file -------------------------------------------------

from desktop_app.services import signing, transfer  # noqa: E402
from desktop_app.services.actor import AT_THIS_LAPTOP  # noqa: E402
from tests.certificates.signed import PASSPHRASE  # noqa: E402
from tests.sync.test_transfer import import_outbox  # noqa: E402


def _central_put(wired, type_, id_, **elements):  # noqa: ANN001, ANN202
    """Central staff add an element through a generic FHIR tool (a real PUT, If-Match)."""
    h = {"Authorization": f"Bearer {wired.central_token}"}
    cur = requests.get(f"{wired.server.url}/{type_}/{id_}", headers=h, timeout=30)
    r = requests.put(f"{wired.server.url}/{type_}/{id_}", json={**cur.json(), **elements},
                     headers={**h, "If-Match": cur.headers["ETag"]}, timeout=30)
    assert r.status_code == 200, r.text


def _pre_upgrade_person(signed, db_path, **theirs):  # noqa: ANN001, ANN003, ANN202
    """A person whose central copy the laptop took (central staff wrote ``theirs`` on it)
    before it kept other systems' elements: marked '?' by the upgrade."""
    [pid] = make_people(signed.db, 1, doses_each=1)
    assert signed.sync().synced == 2
    _central_put(signed, "Patient", pid, **theirs)
    assert signed.sync().pulled == 1
    upgraded_from_0023(signed, db_path)
    return pid


def _export(signed, out):  # noqa: ANN001, ANN202
    return transfer.export_outbox(signed.db, out, signing.unlock_signer(
        signed.db, PASSPHRASE), actor=AT_THIS_LAPTOP)


def _on_central(signed, pid):  # noqa: ANN001, ANN202
    return requests.get(f"{signed.server.url}/Patient/{pid}", timeout=30, headers={
        "Authorization": f"Bearer {signed.central_token}"}).json()


MARRIED = {"maritalStatus": {"text": "Đã kết hôn"}}


def test_a_pre_upgrade_record_by_transfer_file_waits_for_the_read_of_what_others_wrote(
        signed, tmp_path, db_path):
    """A record taken before 0024 ('?') whose update leaves by the offline transfer file:
    sent without the unknown part (no read is possible offline), the central import
    replaced the copy, deleting what central staff had added. Its entry says
    ``keepForeign``: central refuses it alone (409) while its copy holds another system's
    elements, and the laptop's next online sync reads them and sends the record, no
    conflict."""

    pid = _pre_upgrade_person(signed, db_path, **MARRIED)
    try:
        _edit_phone(signed.db, pid, "0911222333")
        assert _export(signed, tmp_path / "week1") == 1
        done = import_outbox(signed.server, tmp_path / "week1", "--receipt",
                             str(tmp_path / "receipt.json"))
        assert done.returncode == 1  # the operator reads why, and where each record is
        assert "not applied, 1: This record was not taken from the transfer file: another " \
            "system added to it" in done.stdout, done.stdout
        [line] = json.loads((tmp_path / "receipt.json").read_text())["entries"]
        assert (line["id"], line["status"], line["code"]) == (pid, 409, "TRANSFER_READ_FIRST")
        assert _on_central(signed, pid).get("maritalStatus") == MARRIED["maritalStatus"]
        summary = signed.sync()
        assert (summary.conflicts, summary.rejected) == (0, 0), summary
        with signed.db.reading() as s:
            sync = s.get(SyncRecord, ("person", pid))
            assert sync.state == "synced" and "maritalStatus" in (sync.foreign_body or "")
        after = _on_central(signed, pid)
        assert after.get("maritalStatus") == MARRIED["maritalStatus"]
        assert after["telecom"] == [{"system": "phone", "value": "0911222333"}]
    finally:
        signed.db.close()


NAMED = {"name": [{"text": "Nguyễn Văn Tùng"}]}


@pytest.mark.parametrize("theirs, taken", [(MARRIED, False), (NAMED, True)],
                         ids=["another-systems-element", "only-the-laptops-fields"])
def test_weekly_files_of_a_pre_upgrade_record_then_an_edit_and_the_sync(
        signed, tmp_path, db_path, theirs, taken):
    """Review 31: central once merged their elements into the entry and stored a content
    the laptop never sent, so week 2's file (naming week 1's content) was refused, and an
    edit made after the files became a conflict. A copy holding another system's element
    refuses both weeks (409) and is left as it was; one where central staff corrected only
    the laptop's own fields (the name) takes both weeks in order. Either way an edit made
    after the files is an update at the next sync, not a conflict, and what they wrote
    stays."""
    from tests.sync.test_transfer import imported

    pid = _pre_upgrade_person(signed, db_path, **theirs)
    answer = (0, {"Patient": 200}) if taken else (1, {"Patient": 409})
    try:
        _edit_phone(signed.db, pid, "0911222333")
        assert _export(signed, tmp_path / "week1") == 1
        _edit_phone(signed.db, pid, "0911444555")
        assert _export(signed, tmp_path / "week2") == 1
        assert imported(signed.server, tmp_path / "week1") == answer
        assert imported(signed.server, tmp_path / "week2") == answer
        _edit_phone(signed.db, pid, "0911666777")
        summary = signed.sync()
        assert (summary.conflicts, summary.rejected) == (0, 0), summary
        after = _on_central(signed, pid)
        assert after["telecom"] == [{"system": "phone", "value": "0911666777"}]
        assert all(after.get(k) == v for k, v in theirs.items()), after
    finally:
        signed.db.close()


def test_a_master_index_merge_of_two_of_the_sites_people_stays(wired):  # noqa: ANN001
    """Review 31: a master patient index finds one person registered twice at the site and
    merges them the FHIR way, ``active: false`` and a ``replaced-by`` link to the other
    registration, a record the laptop holds too. Taken as the laptop's own merge for naming
    a person it holds, the next edit of the phone here dropped both and revived the
    duplicate. No merge made here folded this person: the link stays theirs."""
    twice, kept = make_people(wired.db, 2, doses_each=1)
    assert wired.sync().synced == 4
    link = [{"other": {"reference": f"Patient/{kept}"}, "type": "replaced-by"}]
    _central_put(wired, "Patient", twice, active=False, link=link)
    assert wired.sync().pulled == 1
    _edit_phone(wired.db, twice, "0911222333")
    assert wired.sync().rejected == 0
    after = _on_central(wired, twice)
    assert after["telecom"] == [{"system": "phone", "value": "0911222333"}]
    assert (after.get("active"), after.get("link")) == (False, link), after


def test_a_contained_resource_that_names_its_container_stays(wired):  # noqa: ANN001
    """Review 31: R4's dom-3 lets a contained resource refer to its container ("#"), as a
    registry's Provenance of the record does; nothing else names it. The laptop's next
    edit of the lot dropped it as unreferenced."""
    from desktop_app.clock import utc_now
    from desktop_app.db import store
    from desktop_app.db.models import Dose

    make_people(wired.db, 1, doses_each=1)
    with wired.db.reading() as s:
        [dose_id] = s.scalars(select(Dose.id)).all()
    assert wired.sync().synced == 2
    provenance = [{"resourceType": "Provenance", "id": "prov",
                   "target": [{"reference": "#"}], "recorded": "2026-11-30T08:00:00Z",
                   "agent": [{"who": {"display": "Sở Y tế Hà Nội - registry"}}]}]
    _central_put(wired, "Immunization", dose_id, contained=provenance)
    assert wired.sync().pulled == 1
    with wired.db.transaction() as s:
        store.update_dose(s, s.get(Dose, dose_id), {"lot_number": "FK9999"}, now=utc_now())
    assert wired.sync().synced == 1
    after = requests.get(f"{wired.server.url}/Immunization/{dose_id}", timeout=30, headers={
        "Authorization": f"Bearer {wired.central_token}"}).json()
    assert after["lotNumber"] == "FK9999"
    assert after.get("contained") == provenance, after


# --- review 31b --------------------------------------------------------------------------

def _receipt_of(server, path):  # noqa: ANN001, ANN202
    import json

    from tests.sync.test_transfer import import_outbox

    receipt = path.with_name(path.name + ".receipt.json")
    import_outbox(server, path, "--receipt", str(receipt))
    return {(e["type"], e["id"]): e["status"]
            for e in json.loads(receipt.read_text())["entries"]}


def test_a_pre_upgrade_person_the_laptop_folded_goes_by_the_file(signed, boss, tmp_path,
                                                                   db_path):
    """Review 31b: a person the laptop folded (its own merge: ``active: false`` and a
    replaced-by link to the site's own record), whose copy central staff then corrected
    (the name, the laptop's own element), taken before 0024: '?'. Offline, the merge is
    undone and goes by the transfer file. Central took the copy's link for another
    system's and refused the entry (409) in every weekly file; the person stayed folded
    on the platform while the doses the unmerge moved back named them. The entry names
    the laptop's own folds (``ownFolds``): taken."""
    from desktop_app.services.merges import merge_people, unmerge_people
    from tests.sync.test_restore_refolds import her_two_records

    keep, fold, moved = her_two_records(signed)
    signed.sync()
    merge_people(signed.db, keep, fold, actor=boss, confirm_differences=True)
    assert signed.sync().synced == 2
    _central_put(signed, "Patient", fold, name=[{"text": "Nguyễn Thị Hoa"}])
    assert signed.sync().pulled == 1
    upgraded_from_0023(signed, db_path)
    try:
        with signed.db.reading() as s:
            assert s.get(SyncRecord, ("person", fold)).foreign_body == outbox.FOREIGN_UNKNOWN
        unmerge_people(signed.db, fold, actor=boss)
        _export(signed, tmp_path / "week1")
        statuses = _receipt_of(signed.server, tmp_path / "week1")
        assert statuses[("Immunization", moved)] == 200  # the dose is back on the person
        after = _on_central(signed, fold)
        assert (statuses[("Patient", fold)], after.get("active"), after.get("link")) == \
            (200, None, None)
    finally:
        signed.db.close()


def test_an_unmerge_here_leaves_a_master_index_merge_inactive(wired, boss):  # noqa: ANN001
    """Review 31b: a master index folded this person into a record of its own (``active:
    false``, replaced-by X): kept as theirs, the person stands here, and a supervisor
    merges them into a second registration K, then undoes it (two people after all) after
    another system touched the copy. The copy's ``active`` went with the laptop's own link
    to K though the index's replaced-by link stayed: the platform ended with the person
    active again yet replaced-by X, the index's merge half undone."""
    from desktop_app.services.merges import merge_people, unmerge_people
    from tests.sync.test_restore_refolds import her_two_records

    keep, fold, _moved = her_two_records(wired)
    [elsewhere] = make_people(wired.db, 1, doses_each=0, seed=5)
    assert wired.sync().rejected == 0
    theirs = {"other": {"reference": f"Patient/{elsewhere}"}, "type": "replaced-by"}
    _central_put(wired, "Patient", fold, active=False, link=[theirs])
    assert wired.sync().pulled == 1
    merge_people(wired.db, keep, fold, actor=boss, confirm_differences=True)
    assert wired.sync().rejected == 0
    _central_put(wired, "Patient", fold, **MARRIED)  # another system edits the copy
    assert wired.sync().pulled == 1
    unmerge_people(wired.db, fold, actor=boss)
    assert wired.sync().rejected == 0
    after = _on_central(wired, fold)
    assert after.get("maritalStatus") == MARRIED["maritalStatus"]
    assert (after.get("link"), after.get("active")) == ([theirs], False), after
