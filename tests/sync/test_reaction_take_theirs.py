"""A reaction recorded here survives a supervisor taking the central version of its dose.

The reaction travels on the dose's Immunization. When central staff corrected the dose
meanwhile, the push conflicts; taking the central version took their fields, called the
dose synced, and the reaction (an anaphylaxis, say) never reached the platform, silently.
It now goes again on top of their fields, and the comparison the supervisor chooses from
shows it beforehand (review of the sync, item 1).

A reaction central staff recorded (one the hospital reported) is kept too: taking their
version stores it here, and the dose sent again carries both sides' reactions, never only
the laptop's over theirs (review of today's changes, item 1).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import requests
from sqlalchemy import select

from desktop_app.clock import utc_now, utc_to_local
from desktop_app.db.models import AuditEntry, Dose, DoseReaction, SyncRecord
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.reactions import ReactionInput, record_reaction
from desktop_app.wire import fhir
from tests.sync.helpers import make_people, reconcile, server_copies


def _central_lot(wired, dose_id: str, lot: str, reactions: list | None = None) -> None:
    """Central staff correct the dose's lot (a real PUT with If-Match), and with
    ``reactions`` set its reaction list to them."""
    auth = {"Authorization": f"Bearer {wired.central_token}"}
    current = requests.get(f"{wired.server.url}/Immunization/{dose_id}", headers=auth)
    body = {**current.json(), "lotNumber": lot}
    if reactions is not None:
        body["reaction"] = [fhir.reaction(r) for r in reactions]
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


def _dose_and_onset(wired) -> tuple[str, datetime]:
    [pid] = make_people(wired.db, 1, doses_each=1)
    assert wired.sync().synced == 2
    with wired.db.reading() as s:
        dose = s.scalars(select(Dose).where(Dose.person_id == pid)).one()
        dose_id, given = dose.id, dose.dose_date
    onset = max(datetime.combine(given, datetime.min.time()) + timedelta(hours=1),
                utc_now() - timedelta(minutes=30)).replace(microsecond=0)
    return dose_id, onset


def _reactions_held_here(wired, dose_id: str) -> list[tuple[str, str | None]]:
    with wired.db.reading() as s:
        return sorted((r.description, r.recorded_by) for r in s.scalars(
            select(DoseReaction).where(DoseReaction.dose_id == dose_id)))


def test_taking_theirs_keeps_the_reaction_central_recorded_and_sends_both(wired, boss):
    dose_id, onset = _dose_and_onset(wired)
    theirs = {"severity": "serious", "onset_at": onset,
              "description": "Sốc phản vệ (bệnh viện)", "action_taken": "Nhập viện"}
    _central_lot(wired, dose_id, "FK9999", [theirs])  # the hospital's report, at central
    mine = fhir.ReactionFields("mild", onset + timedelta(minutes=5), "Sốt", "Hạ sốt")
    rid, problems = record_reaction(wired.db, dose_id, ReactionInput(
        "mild", mine.onset_at, "Sốt", "Hạ sốt"), actor=boss)
    assert rid and not problems
    assert wired.sync().conflicts == 1

    syncing.resolve_conflict(wired.db, "dose", dose_id, "theirs", actor=boss)
    # Theirs is stored here, with no author here; ours keeps its author.
    assert _reactions_held_here(wired, dose_id) == [
        ("Sốc phản vệ (bệnh viện)", None), ("Sốt", boss.user_id)]
    with wired.db.reading() as s:
        [entry] = [e for e in s.scalars(select(AuditEntry).where(
            AuditEntry.entity == "dose", AuditEntry.entity_id == dose_id,
            AuditEntry.action == "central")) if "Sốc phản vệ" in e.details]
        assert entry.user_id is None  # a central change, never the supervisor's
        assert s.get(SyncRecord, ("dose", dose_id)).state == "pending"  # ours goes on top
    summary = wired.sync()
    assert (summary.synced, summary.conflicts, summary.rejected) == (1, 0, 0)
    [copy] = [c for c in server_copies(wired.server.url, wired.token, "Immunization")
              if c["id"] == dose_id]
    assert copy["lotNumber"] == "FK9999"
    assert set(fhir.immunization_fields(copy).reactions) == {
        fhir.ReactionFields("serious", onset, "Sốc phản vệ (bệnh viện)", "Nhập viện"), mine}
    reconcile(wired.db, wired.server.url, wired.token)
    assert wired.sync().synced == 0  # the union is on both sides: nothing goes again
    assert len(_reactions_held_here(wired, dose_id)) == 2


def test_a_pulled_reaction_is_stored_here_and_nothing_is_sent(wired):
    """A central copy with a reaction the laptop lacks, and nothing the other way: taken
    as it is, the reaction stored here, the dose not queued (no re-send loop)."""
    dose_id, onset = _dose_and_onset(wired)
    _central_lot(wired, dose_id, "FK9999", [{
        "severity": "serious", "onset_at": onset, "description": "Khó thở",
        "action_taken": "Chuyển viện"}])
    summary = wired.sync()
    assert (summary.pulled, summary.synced, summary.conflicts) == (1, 0, 0)
    assert _reactions_held_here(wired, dose_id) == [("Khó thở", None)]
    with wired.db.reading() as s:
        assert s.get(SyncRecord, ("dose", dose_id)).state == "synced"
    assert wired.sync().synced == 0
    assert _reactions_held_here(wired, dose_id) == [("Khó thở", None)]  # not stored twice
