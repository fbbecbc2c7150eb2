"""Sync as the app and the CLI see it: where the server is, start a round, what needs a person.

The bearer token is kept in the site database beside the records it uploads (the file is
already the site's most sensitive asset); it never goes into logs or the audit.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from desktop_app import settings
from desktop_app.clock import utc_now, utc_to_local
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, Person, SyncRecord
from desktop_app.progress import Cancelled, CancelToken
from desktop_app.rules.cleaning import DOSE_NUMBER_CLASH
from desktop_app.rules.fingerprints import fingerprint
from desktop_app.rules.messages import Part, UserError, text
from desktop_app.rules.sync_view import (
    DOSE_FIELDS,
    NOT_DONE,
    PERSON_FIELDS,
    REACTIONS,
    FieldPair,
    compare_dose,
    compare_person,
    issue_reason,
)
from desktop_app.services.actor import SUPERVISORS, Actor, NotAllowed, require
from desktop_app.services.demo_guard import DemoNotSent, refuse_upload
from desktop_app.services.elsewhere_news import News, take_news
from desktop_app.services.lookup_answer import settle_dropped_clashes
from desktop_app.services.merges import refold
from desktop_app.services.signing_refresh import SigningRefresh, refresh_signing
from desktop_app.services.site import current_site
from desktop_app.sync.addresses import address_refused
from desktop_app.sync.client import SyncClient as SyncClient
from desktop_app.sync.dose_clashes import held_pairs
from desktop_app.sync.engine import SyncAlreadyRunning as SyncAlreadyRunning
from desktop_app.sync.engine import problem_of as problem_of  # the shells word it so too
from desktop_app.sync.engine import run_sync, step
from desktop_app.sync.errors import AuthRefused as AuthRefused
from desktop_app.sync.errors import BadAnswer, RateLimited, Unanswered
from desktop_app.sync.errors import ProtocolError as ProtocolError
from desktop_app.sync.errors import ServerUnavailable as ServerUnavailable
from desktop_app.sync.errors import SyncError as SyncError  # what the shells catch
from desktop_app.sync.inbox import Choice, reactions_here, readable, resolve
from desktop_app.sync.own_records import mark_if_never_synced
from desktop_app.sync.summary import Progress as Progress
from desktop_app.sync.summary import SyncSummary as SyncSummary
from desktop_app.wire import fhir


class NotConfigured(UserError):
    """No server or token set, or (``no_site``) this laptop has no site yet."""

    def __init__(self, no_site: bool = False) -> None:
        super().__init__("SYNC_NO_SITE" if no_site else "SYNC_NOT_CONFIGURED")
        self.no_site = no_site


@dataclass(frozen=True)
class SyncConfig:
    url: str
    token: str
    verify: bool | str = True
    api_url: str | None = None  # the VaxDesk API, when the server's statement lacks it


def load_config(db: Database, url: str | None = None, token: str | None = None
                ) -> SyncConfig | None:
    """Explicit values first, then the saved ones; None if either is missing."""
    with db.reading() as s:
        url = url or settings.read(s, settings.SERVER_URL)
        token = token or settings.read(s, settings.SYNC_TOKEN)
        ca = settings.read(s, settings.SYNC_CA_BUNDLE)
        api = settings.read(s, settings.SYNC_API_URL)
    return SyncConfig(url.rstrip("/"), token, ca or True, api) if url and token else None


def save_config(db: Database, url: str, token: str, *, actor: Actor) -> None:
    """Save the server and access code (the sync settings, ``vaxdesk sync --save``),
    audited with the token as fingerprints. A database that never synced with a platform
    is marked for its next round to bring back every record of its site the platform
    holds, as its own (``own_records.mark_if_never_synced``: a replacement laptop started
    fresh); the entry says so (``own_records``)."""
    require(actor, *SUPERVISORS)
    refuse_upload(db)  # the demo has no platform to be set up for
    url, token = usable_address(url), token.strip()
    with db.transaction() as s:
        before = settings.read(s, settings.SERVER_URL), settings.read(s, settings.SYNC_TOKEN)
        if before == (url, token):
            return  # nothing changed: nothing to audit
        settings.write(s, settings.SERVER_URL, url)
        settings.write(s, settings.SYNC_TOKEN, token)
        s.flush()  # the address stored, for the mark's test to read it
        # A database that never synced (a replacement laptop started fresh) brings back
        # every record of its site the platform holds, as its own, at its first round.
        marked = mark_if_never_synced(s.connection().connection.driver_connection)
        # The token only as fingerprints: the trail says it changed, never what it is.
        s.add(store.audit_entry("update", "setting", settings.SERVER_URL.key, {
            "server_url": [before[0], url],
            "sync_token": [fingerprint(before[1]), fingerprint(token)],
            **({"own_records": True} if marked else {})}, utc_now(), actor.user_id))


def usable_address(url: str, refusal: str = "SYNC_SETTINGS_REFUSED") -> str:
    """``url`` as the sync uses it (spaces around it and a trailing slash dropped), or a
    UserError ``refusal`` naming it as typed and saying why (``address_refused``): the
    settings refuse it before saving, ``vaxdesk sync --server`` before anything is tried.

    >>> usable_address(" https://central.vn/fhir/ ")
    'https://central.vn/fhir'
    >>> try:
    ...     usable_address("https://", "SYNC_ADDRESS_REFUSED")
    ... except UserError as refused:
    ...     print(refused.message("en"))
    Nothing was synced, sent or saved: the address https:// names no place (...
    """
    url = url.strip()
    if (refused := address_refused(url)) is not None:
        raise UserError(refusal, why=Part(refused, address=url))
    return url.rstrip("/")


def make_client(config: SyncConfig, cancel: CancelToken | None = None,
                **options: Any) -> SyncClient:
    """A client for ``config``; an address that would carry the records and the access code
    unencrypted over a network, or that is no https:// address at all, is refused before
    anything is sent (ProtocolError)."""
    if (refused := address_refused(config.url)) is not None:
        raise ProtocolError(f"refused address {config.url}", refused, address=config.url)
    client = SyncClient(config.url, config.token, api_url=config.api_url, verify=config.verify,
                        **options)
    if cancel is not None:
        client.cancel = cancel
    return client


# A proxy's or gateway's answer that the platform behind it did not answer in time.
GATEWAY_STATUSES = (502, 504)


def answered_failing(exc: BaseException) -> bool:
    """Whether a round stopped on the platform's own failing answers (a 500, a 503 in
    maintenance): it is up, not out of reach, and the 3G link is not what to look at. A
    gateway's 502/504 says the platform was not reached."""
    return isinstance(exc, ServerUnavailable) and exc.status is not None and \
        exc.status not in GATEWAY_STATUSES


def stopped_message(exc: BaseException, lang: str) -> str:
    """Why a sync round stopped, as the sync screen and ``vaxdesk sync`` both say it: what
    the person can act on, in the words of the round's own skipped steps (the server's page
    and the connection library's text go to the log, never to the person)."""
    if isinstance(exc, (NotConfigured, NotAllowed, DemoNotSent)):  # what to set, whom to ask
        return exc.message(lang)
    if isinstance(exc, (BadAnswer, RateLimited, Unanswered)):  # as a skipped step says it
        detail = text(problem_of(exc), lang) + " " + text("SYNC_STILL_QUEUED", lang)
        return text("SYNC_STOPPED", lang, detail=detail)
    if isinstance(exc, ProtocolError):
        return text("SYNC_STOPPED", lang, detail=exc.message(lang))
    if answered_failing(exc):
        detail = text("SYNC_HTTP_FAILED", lang, status=exc.status)
    elif isinstance(exc, ServerUnavailable):
        detail = text("SYNC_STEP_PROBLEM_UNREACHABLE", lang) + " " + \
            text("SYNC_STILL_QUEUED", lang)
    elif isinstance(exc, AuthRefused):
        detail = text("SYNC_STEP_PROBLEM_REFUSED", lang) + " " + \
            text("SYNC_CHECK_ACCESS_CODE", lang)
    else:
        detail = text("SYNC_UNREADABLE", lang)
    return text("SYNC_STOPPED", lang, detail=detail)


def sync_round(db: Database, client: SyncClient, *, actor: Actor
               ) -> Generator[Progress, None, SyncSummary]:
    """One round, its outcome audited (counts, or why it stopped, and the server it went to)
    under whoever started it. To any server but the saved one, a supervisor's only
    (``_require_saved_server``). Never from the demo: refused before anything is sent
    (``demo_guard``), whatever platform would take its site code.

    After a restore, the merges (and merges undone) the pull finds on the platform and not
    in the copy are made again (``merges.refold``) once it is done, so the laptop shows
    the people as the platform does at once; and before the push, so a round cut short in
    between never sends the moved doses back as the copy had them."""
    refuse_upload(db)
    _require_saved_server(db, client, actor)
    site = current_site(db)
    if site is None:
        raise NotConfigured(no_site=True)
    try:
        refold(db)
        summary = yield from run_sync(db, client, site.code)
        refold(db)
        yield Progress("signing", 0, 1)
        # Signing is the VaxDesk platform's: a plain FHIR server has none, and a refusal
        # (a 400 from enrolment) is told, never stopping the records' sync.
        refreshed = step(summary, "signing", lambda: refresh_signing(db, client),
                         SigningRefresh()) if client.has_api else SigningRefresh()
        if client.has_api:  # the clashes told here that the platform has since dropped
            step(summary, "dose_clashes", lambda: _settle_dropped_clashes(db, client, actor),
                 0)
            # Our people's doses given, voided or corrected at other sites since last round.
            news = step(summary, "elsewhere", lambda: take_news(db, client, site.code, actor),
                        News())
            summary.elsewhere, summary.parted = news.changed, news.parted
    except (Exception, GeneratorExit, KeyboardInterrupt) as exc:  # the last: vaxdesk's Ctrl+C
        _audit_round(db, actor, client, "sync_failed", {"error": type(exc).__name__,
                                                         "problem": audited_problem(exc)})
        raise
    summary.signer_enrolled, summary.signer_revoked = refreshed.enrolled, refreshed.revoked
    summary.signer_pending = refreshed.pending
    _audit_round(db, actor, client, "sync", {
        "sent": summary.sent, "synced": summary.synced, "rejected": summary.rejected,
        "conflicts": summary.conflicts, "pulled": summary.pulled, "waiting": summary.waiting,
        **({"brought_back": summary.brought_back} if summary.brought_back else {}),
        **({"clashes": summary.clashes} if summary.clashes else {}),
        **({"elsewhere": summary.elsewhere} if summary.elsewhere else {}),
        **_signing_said(refreshed)})
    return summary


def _signing_said(refreshed: SigningRefresh) -> dict[str, str]:
    """What the platform said of the site's signing key this round, for the round's audit
    entry: certified, revoked (no certificate can be printed from then on), or a new key
    waiting for approval with its fingerprint. It changed what the site may print, and
    the trail said nothing of it."""
    if refreshed.revoked:
        return {"signing_state": "revoked"}
    if refreshed.pending:
        return {"signing_state": "pending", "pending_key": refreshed.pending}
    return {"signing_state": "enrolled"} if refreshed.enrolled else {}


def audited_problem(exc: BaseException) -> str:
    """Why a round stopped, as its audit entry keeps it: a message code with no values
    (the trail is read in either language, long after)."""
    if isinstance(exc, (Cancelled, GeneratorExit, KeyboardInterrupt)):
        return "SYNC_STEP_PROBLEM_STOPPED"
    return problem_of(exc)


def _require_saved_server(db: Database, client: SyncClient, actor: Actor) -> None:
    """A round to another address, or under another access code, than the saved sync
    settings needs a supervisor: every waiting record would be marked synced there and
    never reach the site's platform, and nothing puts it back in the queue. A clerk's or a
    volunteer's round uses the saved settings (the app's Sync now always does). Refused
    before anything is sent, the refusal audited as every other (``require``)."""
    with db.reading() as s:
        saved = ((settings.read(s, settings.SERVER_URL) or "").rstrip("/"),
                 settings.read(s, settings.SYNC_TOKEN) or "")
    if (client.base_url, client.token) == saved:
        return
    try:
        require(actor, *SUPERVISORS, asked="sync.sync_round")
    except NotAllowed:
        raise NotAllowed("SYNC_OTHER_SERVER_REFUSED", name=actor.name or actor.user_id or "?",
                         role=Part(f"ROLE_{actor.role.name}")) from None


def _settle_dropped_clashes(db: Database, client: SyncClient, actor: Actor) -> int:
    """Close the clash flags the platform raised here and no longer holds (asked only when
    there is one: a site's worklist rarely has any)."""
    with db.reading() as s:
        if not s.scalar(select(Person.id).where(
                Person.cleaning_reason.contains(DOSE_NUMBER_CLASH, autoescape=True)).limit(1)):
            return 0
    held = held_pairs(client)
    if held is None:
        return 0
    with db.transaction() as s:
        return settle_dropped_clashes(s, held, utc_now(), actor)


def _audit_round(db: Database, actor: Actor, client: SyncClient, action: str,
                 details: dict[str, Any]) -> None:
    """The round's entry: where the records went (never the access code), then what
    happened; the address is what a site manager finds a wrong round by."""
    with db.transaction() as s:
        s.add(store.audit_entry(action, "site", "sync",
                                {"server_url": client.base_url, **details}, utc_now(),
                                actor.user_id))


@dataclass(frozen=True)
class SyncIssue:
    """A record the sync cannot settle alone: rejected by the server, or in conflict."""

    entity: str
    record_id: str
    state: str  # rejected | conflict
    person_name: str
    label: str  # what the record is: the person's ID, or the dose's date and number
    issues: list[dict[str, Any]]
    server_body: dict[str, Any] | None
    changed_at: datetime
    dose_id: str | None  # a dose to open the record at (the person's first, for a person)
    # A person's doses waiting to be sent until the person is (the platform would refuse
    # a dose of a patient it does not hold): the backlog's count, explained here.
    held_doses: int = 0

    def reason(self, lang: str = "vi") -> str:
        """Why it waits, in sentences only (a bare code is said in words, never shown)."""
        return " ".join(issue_reason(i, self.state, lang) for i in self.issues)

    def held(self, lang: str = "vi") -> str:
        """For a person, the doses that wait on them ("" when none)."""
        return text("SYNC_DOSES_HELD", lang, count=self.held_doses) if self.held_doses else ""


def sync_issues(db: Database, limit: int = 500) -> list[SyncIssue]:
    out = []
    with db.reading() as s:
        rows = s.execute(
            select(SyncRecord).where(SyncRecord.state.in_(("rejected", "conflict")))
            .order_by(SyncRecord.changed_at).limit(limit)
        ).scalars().all()
        for r in rows:
            held = 0
            if r.entity == "person":
                person = s.get(Person, r.record_id)
                label = person.id_number or "" if person else ""
                dose_id = s.execute(select(Dose.id).where(Dose.person_id == r.record_id)
                                    .order_by(Dose.dose_date).limit(1)).scalar()
                held = s.scalar(select(func.count()).select_from(SyncRecord).join(
                    Dose, (SyncRecord.entity == "dose") & (SyncRecord.record_id == Dose.id))
                    .where(Dose.person_id == r.record_id,
                           SyncRecord.state.in_(("pending", "sending")))) or 0
            else:
                dose = s.get(Dose, r.record_id)
                person = s.get(Person, dose.person_id) if dose else None
                label = f"{dose.dose_date:%d/%m/%Y} #{dose.dose_number}" if dose else ""
                dose_id = r.record_id
            out.append(SyncIssue(
                r.entity, r.record_id, r.state, person.full_name if person else "?", label,
                json.loads(r.last_error) if r.last_error else [],
                json.loads(r.server_body) if r.server_body else None, r.changed_at, dose_id,
                held))
    return out


def issues_total(db: Database) -> int:
    """How many records need a person (rejected or in conflict): ``sync_issues`` lists the
    oldest 500, and the screen says how many more there are."""
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(SyncRecord).where(
            SyncRecord.state.in_(("rejected", "conflict")))) or 0


def compare_versions(db: Database, entity: str, record_id: str, lang: str = "vi"
                     ) -> tuple[FieldPair, ...]:
    """A conflict's two versions side by side, as the sync area shows them: this laptop's
    record beside the central copy kept with the conflict (``sync.inbox``), read as the
    pull reads it; empty when the record is gone from this laptop."""
    with db.reading() as s:
        sync = s.get(SyncRecord, (entity, record_id))
        body = json.loads(sync.server_body) if sync is not None and sync.server_body else None
        theirs = _central_fields(entity, body)
        missing = text("SYNC_THEIRS_GONE" if body is None else "SYNC_THEIRS_UNREADABLE", lang)
        if entity == "person":
            person = s.get(Person, record_id)
            if person is None:
                return ()
            mine = {f: getattr(person, f) for f in PERSON_FIELDS}
            return compare_person(mine, theirs, lang, missing)
        dose = s.get(Dose, record_id)
        if dose is None:
            return ()
        mine = {f: getattr(dose, f) for f in DOSE_FIELDS if f != "voided"}
        mine["voided"] = dose.status == "voided"
        mine[REACTIONS] = _local_reactions(reactions_here(s, record_id))
        return compare_dose(mine, theirs, lang, db.catalogue, missing)


def _central_fields(entity: str, body: dict[str, Any] | None) -> dict[str, Any] | None:
    if body is None or not readable(entity, body):
        return None
    if entity == "person":
        return fhir.patient_fields(body).as_changes()
    dose = fhir.immunization_fields(body)
    return {**dose.as_changes(), "voided": dose.voided, NOT_DONE: dose.not_done,
            REACTIONS: _local_reactions(dose.reactions)}


def _local_reactions(reactions: tuple[fhir.ReactionFields, ...]) -> list[fhir.ReactionFields]:
    """A dose's reactions with their onset in local time, as the comparison shows them."""
    return [replace(r, onset_at=utc_to_local(r.onset_at)) for r in reactions]


def retry(db: Database, entity: str, record_id: str, *, actor: Actor) -> None:
    """Send a rejected record again as it is (after the server side was fixed)."""
    require(actor, *SUPERVISORS)
    with db.transaction() as s:
        row = s.get(SyncRecord, (entity, record_id))
        if row is None or row.state != "rejected":
            raise ValueError(f"{entity} {record_id} is not rejected")
        row.state = "pending"
        s.add(store.audit_entry("retry", entity, record_id, {}, utc_now(), actor.user_id))


def send_all_again(db: Database, *, actor: Actor) -> int:
    """Every record the platform acknowledged queued again, for a platform restored from
    an older backup: what it took after that backup is lost there, and a laptop counts it
    synced. Sending again is safe (each record is put by its id: one the platform still
    holds is acknowledged as it is). Audited; returns how many were queued."""
    require(actor, *SUPERVISORS)
    with db.transaction() as s:
        queued = s.execute(update(SyncRecord).where(SyncRecord.state == "synced")
                           .values(state="pending")).rowcount
        s.add(store.audit_entry("retry", "outbox", "all", {"queued": queued}, utc_now(),
                                actor.user_id))
    return queued


def resolve_conflict(db: Database, entity: str, record_id: str, keep: str, *,
                     actor: Actor) -> None:
    require(actor, *SUPERVISORS)
    resolve(db, entity, record_id, Choice(keep), actor.user_id)
