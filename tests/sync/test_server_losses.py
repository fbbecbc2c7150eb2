"""A server that does not know a person the laptop believes sent: the central platform
restored from a backup older than the site's last sync, or a server contradicting itself.
A dose of that person is answered PATIENT_UNKNOWN; the round must still end, and send the
person again at most once."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.models import Dose, SyncRecord
from desktop_app.progress import Cancelled, CancelToken, drain
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, record_dose
from tests.live_server import free_port
from tests.plain_fhir.server import PlainFhirServer
from tests.sync.helpers import make_people, reconcile

pytestmark = pytest.mark.slow
RUNAWAY = 100  # records sent in one round, far past these backlogs: it would never end


def _bounded_sync(db, client):
    """A round, stopped as a person would stop it if it went on sending; that fails."""
    stop = CancelToken()

    def watch(progress) -> None:
        if progress.phase == "push" and progress.done > RUNAWAY:
            stop.cancel()

    try:
        return drain(syncing.sync_round(db, client, actor=AT_THIS_LAPTOP), watch, stop)
    except Cancelled:
        pytest.fail(f"the round sent over {RUNAWAY} records")


def _copy_database(source: str, target: str) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def test_a_person_the_platform_lost_is_sent_again_once_then_their_doses(wired, proxy, tmp_path):
    """The doses of a person the restored platform lacks used to be sent again and again,
    alone, in the same round, which never ended; the person was never sent again."""
    central_db = wired.server.database_url.removeprefix("sqlite:///")
    backup = str(tmp_path / "central-backup.db")
    make_people(wired.db, 2, doses_each=1)
    wired.sync()
    _copy_database(central_db, backup)  # the platform's last backup
    [pid] = make_people(wired.db, 1, doses_each=1, seed=2)
    wired.sync()
    wired.server.stop()  # restored from that backup: this person and their dose are gone
    _copy_database(backup, central_db)
    wired.server.start()
    with wired.db.transaction() as s:  # the clerk voids that dose and records the next one
        [dose] = s.query(Dose).filter_by(person_id=pid).all()
        store.void_dose(s, dose, "nhập nhầm lô", now=utc_now())
    more = record_dose(wired.db, DoseInput("COMIRNATY", "FK1234", 2, date(2022, 5, 1),
                                           "Y tá Lan"), person_id=pid, today=date(2022, 6, 1),
                       confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert more.saved, more.problems
    summary = _bounded_sync(wired.db, wired.client(proxy.url()))
    # The two doses, answered PATIENT_UNKNOWN; then the person, once, with them again.
    assert proxy.requests_made["POST /fhir"] == 2
    assert (summary.sent, summary.synced, summary.rejected, summary.waiting) == (5, 3, 0, 0)
    reconcile(wired.db, wired.server.url, wired.token)


class _Contradicting(PlainFhirServer):
    """Takes every Patient, yet refuses every Immunization as our server refuses a dose of a
    Patient it lacks."""

    def update(self, type_, id_, resource, if_match):  # noqa: ANN001, ANN201
        if type_ == "Immunization":
            return 400, {"resourceType": "OperationOutcome", "issue": [{
                "severity": "error", "code": "invalid",
                "details": {"coding": [{"code": "PATIENT_UNKNOWN"}]}}]}
        return super().update(type_, id_, resource, if_match)


@pytest.fixture
def contradicting(tmp_path) -> Iterator[_Contradicting]:
    server = _Contradicting(free_port(), str(tmp_path / "contradicting.db"), "/baseR4",
                            log=str(tmp_path / "requests.log"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_server_that_keeps_not_knowing_the_person_still_lets_the_round_end(
        db, site, contradicting, tmp_path):
    [pid] = make_people(db, 1, doses_each=2)
    url = f"http://127.0.0.1:{contradicting.server_address[1]}/baseR4"
    syncing.save_config(db, url, "any", actor=AT_THIS_LAPTOP)
    client = syncing.make_client(syncing.load_config(db), backoff_base=0.05)
    summary = _bounded_sync(db, client)
    # The person with their doses; the doses alone; the person again, with them; the doses
    # once more alone (their person just accepted, so taken for sent): then the next round.
    posts = (tmp_path / "requests.log").read_text().splitlines().count("POST /baseR4")
    assert (posts, summary.sent, summary.synced) == (4, 10, 2)
    with db.reading() as s:
        rows = {r.entity: r for r in s.execute(select(SyncRecord)).scalars()}
        doses = s.execute(select(SyncRecord).where(SyncRecord.entity == "dose")).scalars()
        left = [(d.state, [i["code"] for i in json.loads(d.last_error)]) for d in doses]
    assert rows["person"].record_id == pid and rows["person"].state == "synced"
    assert left == [("sending", ["PATIENT_UNKNOWN", "SYNC_RETRY_NEXT_ROUND"])] * 2
