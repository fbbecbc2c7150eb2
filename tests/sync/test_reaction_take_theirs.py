"""A reaction recorded here survives a supervisor taking the central version of its dose.

The reaction travels on the dose's Immunization. When central staff corrected the dose
meanwhile, the push conflicts; taking the central version took their fields, called the
dose synced, and the reaction (an anaphylaxis, say) never reached the platform, silently.
It now goes again on top of their fields, and the comparison the supervisor chooses from
shows it beforehand (review of the sync, item 1).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import requests
from sqlalchemy import select

from desktop_app.clock import utc_now, utc_to_local
from desktop_app.db.models import Dose, SyncRecord
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.reactions import ReactionInput, record_reaction
from desktop_app.wire import fhir
from tests.sync.helpers import make_people, reconcile, server_copies


def _central_lot(wired, dose_id: str, lot: str) -> None:
    """Central staff correct the dose's lot (a real PUT with If-Match)."""
    auth = {"Authorization": f"Bearer {wired.central_token}"}
    current = requests.get(f"{wired.server.url}/Immunization/{dose_id}", headers=auth)
    body = {**current.json(), "lotNumber": lot}
    body.pop("meta", None)
    r = requests.put(f"{wired.server.url}/Immunization/{dose_id}", json=body,
                     headers={**auth, "If-Match": current.headers["ETag"]})
    assert r.status_code == 200, r.text


def _reaction_on_a_corrected_dose(wired) -> tuple[str, datetime]:
    [pid] = make_people(wired.db, 1, doses_each=1)
    assert wired.sync().synced == 2
    with wired.db.reading() as s:
        dose = s.scalars(select(Dose).where(Dose.person_id == pid)).one()
        dose_id, given = dose.id, dose.dose_date
    _central_lot(wired, dose_id, "FK9999")
    onset = max(datetime.combine(given, datetime.min.time()) + timedelta(hours=1),
                utc_now() - timedelta(minutes=5)).replace(microsecond=0)
    rid, problems = record_reaction(wired.db, dose_id, ReactionInput(
        "serious", onset, "Sốc phản vệ", "Adrenalin, chuyển viện"), actor=AT_THIS_LAPTOP)
    assert rid and problems == []
    assert wired.sync().conflicts == 1
    return dose_id, onset


def test_taking_the_central_version_sends_the_reaction_again_on_top(wired, boss):
    dose_id, onset = _reaction_on_a_corrected_dose(wired)

    syncing.resolve_conflict(wired.db, "dose", dose_id, "theirs", actor=boss)
    with wired.db.reading() as s:
        dose, sync = s.get(Dose, dose_id), s.get(SyncRecord, ("dose", dose_id))
        assert dose.lot_number == "FK9999"  # their correction, taken
        assert sync.state == "pending"  # and the reaction waits to go, not "synced"
    summary = wired.sync()
    assert (summary.synced, summary.conflicts, summary.rejected, summary.waiting) == \
        (1, 0, 0, 0)
    [copy] = [r for r in server_copies(wired.server.url, wired.token, "Immunization")
              if r["id"] == dose_id]
    assert copy["lotNumber"] == "FK9999"
    assert fhir.immunization_fields(copy).reactions == (fhir.ReactionFields(
        "serious", onset, "Sốc phản vệ", "Adrenalin, chuyển viện"),)
    reconcile(wired.db, wired.server.url, wired.token)
    assert wired.sync().synced == 0  # settled: nothing goes round and round


def test_the_comparison_shows_the_reaction_the_central_copy_lacks(wired):
    dose_id, onset = _reaction_on_a_corrected_dose(wired)
    rows = {r.label: r for r in syncing.compare_versions(wired.db, "dose", dose_id, "vi")}
    row = rows["Phản ứng sau tiêm"]
    local = utc_to_local(onset)  # as every screen shows a time
    assert row.mine == f"Phản ứng nặng {local:%d/%m/%Y %H:%M}: Sốc phản vệ " \
        "(Adrenalin, chuyển viện)"
    assert (row.theirs, row.differs) == ("—", True)
    assert (rows["Số lô"].mine, rows["Số lô"].theirs) == ("FK1234", "FK9999")
    english = {r.label: r for r in syncing.compare_versions(wired.db, "dose", dose_id, "en")}
    assert english["Reactions"].mine.startswith("Serious reaction ")


def test_a_dose_whose_reaction_is_on_the_server_is_not_sent_again(wired):
    """A central correction of a dose whose reaction already went keeps it: taken as is,
    nothing queued."""
    [pid] = make_people(wired.db, 1, doses_each=1)
    wired.sync()
    with wired.db.reading() as s:
        dose = s.scalars(select(Dose).where(Dose.person_id == pid)).one()
        dose_id, given = dose.id, dose.dose_date
    onset = max(datetime.combine(given, datetime.min.time()) + timedelta(hours=1),
                utc_now() - timedelta(minutes=5)).replace(microsecond=0)
    record_reaction(wired.db, dose_id, ReactionInput("mild", onset, "Sốt", "Hạ sốt"),
                    actor=AT_THIS_LAPTOP)
    assert wired.sync().synced == 1
    _central_lot(wired, dose_id, "FK7777")  # their PUT carries the reaction on
    summary = wired.sync()
    assert (summary.pulled, summary.synced, summary.waiting) == (1, 0, 0)
    with wired.db.reading() as s:
        assert s.get(SyncRecord, ("dose", dose_id)).state == "synced"
        assert s.get(Dose, dose_id).lot_number == "FK7777"
