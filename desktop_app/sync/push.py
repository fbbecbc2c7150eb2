"""One push batch: resources out, the server's per-entry answers turned into record outcomes.

A server that takes batch Bundles (its CapabilityStatement says ``batch``) gets one POST per
batch; any other gets one PUT per resource, people before their doses, a few at once.

A 409/412 is not taken at its word: the server's copy is read back and judged by content
and versions alone (``own_writes``): the same content is an acknowledgement whose answer
was lost; content we sent earlier is our own write, adopted and sent again as an update;
anything else is a change we did not make, kept as a conflict for a person. ``meta.source``
is never trusted. A record is read back at most ``MAX_REREADS`` times a round, and a person the
server has lost is sent again once a round (``RoundBudget``); then they wait for the next
round, so a server refusing every version cannot keep a round going.

A 403 refuses the access code, not the record (every record would meet it), so the round
stops with every record queued; only our server's "another site's record" refuses the one
record (``_refuses_every_write``).

A batch request refused whole for what it carries (400, 413, 422: a body the server cannot
parse or take, as one record's NUL character makes it) is sent again in halves, down to the
entries it refuses alone; those are refused with the server's reason and the others go
(``_pushed``). That is taken as the records' fault only once the server has shown it takes
batches; else the round stops with every record queued, as for an address that is wrong.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from desktop_app.rules.messages import text
from desktop_app.rules.text_fields import all_digits
from desktop_app.sync import own_writes, read_back
from desktop_app.sync.answers import answer_json, answer_shape, version_from
from desktop_app.sync.client import SyncClient
from desktop_app.sync.errors import AuthRefused, ProtocolError, RequestRefused
from desktop_app.sync.outbox import (
    Ack,
    Adopt,
    Conflict,
    Defer,
    Outcome,
    Outgoing,
    Refused,
    Wait,
)
from desktop_app.wire import fhir
from desktop_app.wire.instants import read_instant

RESOURCE_TYPE = {"person": "Patient", "dose": "Immunization"}
MAX_REREADS = 3  # server copies read per record per round
PUTS_AT_ONCE = 4  # one-resource PUTs on the wire together (plain FHIR servers)
# A batch entry the server had no time for: sent again after a pause (``_batch_answers``).
BUSY = frozenset({429, 503})
# Our server's 403 for a record another site holds: that record's own refusal.
OTHER_SITES_RECORD = "FORBIDDEN_SITE"
# Our server's 403 for an access code of another site than the records name: every record's.
OTHER_SITES_CODE = "ACCESS_CODE_OTHER_SITE"


class RoundBudget:
    """What a round may repeat for records the server keeps refusing: server copies read
    back, per record, and people sent again; shared by the batches in flight."""

    def __init__(self, limit: int = MAX_REREADS) -> None:
        self.limit = limit
        self._reads: Counter[tuple[str, str]] = Counter()
        self._resent: set[str] = set()
        self._lock = threading.Lock()

    def may_read(self, out: Outgoing) -> bool:
        with self._lock:
            key = (out.entity, out.record_id)
            if self._reads[key] >= self.limit:
                return False
            self._reads[key] += 1
            return True

    def may_resend(self, person_id: str) -> bool:
        with self._lock:
            if person_id in self._resent:
                return False
            self._resent.add(person_id)
            return True


def bundle_of(batch: list[Outgoing]) -> dict[str, Any]:
    entries = []
    for out in batch:
        request = {"method": "PUT", "url": f"{RESOURCE_TYPE[out.entity]}/{out.record_id}"}
        if out.if_match:
            request["ifMatch"] = out.if_match
        entries.append({"resource": out.resource, "request": request})
    return {"resourceType": "Bundle", "type": "batch", "entry": entries}


def push_batch(client: SyncClient, batch: list[Outgoing], site_code: str,
               budget: RoundBudget | None = None) -> list[tuple[Outgoing, Outcome]]:
    """Send one batch; return an outcome for every entry the server settled. Entries it
    did not settle (a 5xx for one entry) stay 'sending' and go again next time."""
    budget = budget or RoundBudget()
    if client.capabilities.batch:
        entries = _in_a_batch(client, batch, budget)
    else:
        entries = _put_each(client, batch, budget)
    results: list[tuple[Outgoing, Outcome]] = []
    lost: dict[str, Outcome] = {}  # per person the server lacks: their doses here alike
    # An entry the protocol does not allow stops the batch before any of it is recorded:
    # its records stay queued, never taken as accepted on a guess.
    created = any(out.server_version is None and _status(entry) in (200, 201)
                  for out, entry in zip(batch, entries, strict=True) if entry is not None)
    with answer_shape("a batch-response entry"):
        for out, entry in zip(batch, entries, strict=True):
            if entry is None:
                continue
            response = entry.get("response") or {}
            status = _status(entry)
            issues = issues_of(response.get("outcome"))
            if _refuses_every_write(status, issues):  # a batch's entry; a PUT's stopped sooner
                raise _writes_refused(RESOURCE_TYPE[out.entity], issues)
            if status in (404, 405) and out.server_version is None and \
                    (not client.capabilities.update_create or not created):
                # A new record refused where the batch was taken, by a server that said
                # it would or that created none of the others: it does not create
                # records under the ids a client chose. True of every new record, so the
                # round stops with them all queued, as for a 403.
                raise _no_client_ids(RESOURCE_TYPE[out.entity], status)
            if status in (200, 201):
                version = version_from(response.get("etag"), entry.get("resource"))
                if version is None:  # an answer without the version: ask for it
                    results.append((out, recover(client, out, issues, budget)))
                else:
                    results.append((out, Ack(version, _instant(response.get("lastModified")))))
            elif status == 400 and [i["code"] for i in issues] == ["PATIENT_UNKNOWN"]:
                person = fhir.reference_id(out.resource["patient"]["reference"])
                if person not in lost:
                    lost[person] = _without_person(person, batch, issues, budget)
                results.append((out, lost[person]))
            elif status in (400, 403, 404, 405, 413, 422):
                results.append((out, Refused(issues or [_http_issue(status)])))
            elif status in (409, 412):
                results.append((out, recover(client, out, issues, budget,
                                                   entry.get("server", _UNREAD))))
            elif status == 410:  # deleted on the server: as a copy found gone (``recover``)
                results.append((out, _gone()))
            elif status in BUSY:  # still busy after every pause: first thing next round
                results.append((out, Defer([*issues, _http_issue(status),
                                            _issue("SYNC_RETRY_NEXT_ROUND")])))
    return results


_UNREAD: Any = object()


def _refuses_every_write(status: int, issues: list[dict[str, Any]]) -> bool:
    """A 403 refuses the credentials (RFC 9110, 15.5.4), as every write of a read-only access
    code meets, unless the server gives a reason of the record's own: ours does for a record
    another site holds. Judged by the answer alone, not by "refused before any record was
    accepted": records go several at once, with no first one, and a round of other sites'
    records only would then stop every time instead of rejecting them. Mistaken one way, a
    round stops with every record queued and says why; the other way, a whole backlog was
    rejected one by one."""
    return status == 403 and OTHER_SITES_RECORD not in {i["code"] for i in issues}


def _writes_refused(type_: str, issues: list[dict[str, Any]]) -> ProtocolError:
    detail = "; ".join(i["en"] for i in issues if i["en"])
    other_site = OTHER_SITES_CODE in {i["code"] for i in issues}
    return ProtocolError(f"HTTP 403 on PUT {type_}: {detail[:200]}",
                         "SYNC_CODE_OTHER_SITE" if other_site else "SYNC_WRITE_REFUSED",
                         status=403)


def _no_client_ids(type_: str, status: int) -> ProtocolError:
    return ProtocolError(f"HTTP {status} on PUT of a new {type_}: no creating under a "
                         "client's id", "SYNC_NO_CLIENT_IDS", status=status)


def _without_person(person: str, batch: list[Outgoing], issues: list[dict[str, Any]],
                    budget: RoundBudget) -> Outcome:
    """A dose refused because the server does not know its person. Sent beside them, it
    waits for that person's own answer. Sent alone, the laptop took the person for sent and
    the server has lost them (restored from an older backup): they go again, the dose with
    them. Once a round: a server that still does not know them would otherwise have the dose
    claimed and refused again and again, and the round would never end."""
    if any(o.entity == "person" and o.record_id == person for o in batch):
        return Wait()
    if budget.may_resend(person):
        return Wait(resend=person)
    return Defer([*issues, _issue("SYNC_RETRY_NEXT_ROUND")])


def recover(client: SyncClient, out: Outgoing, issues: list[dict[str, Any]],
            budget: RoundBudget, server: dict[str, Any] | None = _UNREAD) -> Outcome:
    """Decide a refused or unversioned write from the server's copy, by content and
    versions (see the module's docstring)."""
    if server is _UNREAD:
        if not budget.may_read(out):
            return Defer([*issues, _issue("SYNC_RETRY_NEXT_ROUND")])
        server = client.read(RESOURCE_TYPE[out.entity], out.record_id)
    if server is None:
        return _gone()
    meta = server.get("meta") or {}
    version = str(meta.get("versionId") or "")
    if own_writes.digest(server) == own_writes.digest(out.resource):
        return Ack(version, _instant(meta.get("lastUpdated")))  # our write; answer lost
    written = own_writes.written_by_us(out.sent_digests, server)
    if written is not None and written < out.version:
        return Adopt(version, written)
    return Conflict(server, issues or [_issue("CENTRAL_EDIT_CONFLICT")])


def _put_each(client: SyncClient, batch: list[Outgoing], budget: RoundBudget
              ) -> list[dict[str, Any] | None]:
    """One PUT per resource, as batch-response entries; people first, so a server that
    checks references finds a dose's Patient."""
    answers: dict[int, dict[str, Any] | None] = {}
    failed = threading.Event()
    looked = _looked_first(client, batch, budget)

    def put(i: int) -> dict[str, Any] | None:
        # Once one PUT stops the round (every record refused, no server), the batch's
        # others are not sent: quick answers would otherwise carry the workers through it
        # before the failure is seen.
        if failed.is_set():
            return None
        try:
            return looked[i] or _put_one(client, batch[i])
        except BaseException:
            failed.set()
            raise

    with ThreadPoolExecutor(PUTS_AT_ONCE, thread_name_prefix="sync-put") as pool:
        for entity in ("person", "dose"):
            mine = [i for i, out in enumerate(batch) if out.entity == entity]
            for i, answer in zip(mine, pool.map(put, mine), strict=True):
                answers[i] = answer
    return [answers[i] for i in range(len(batch))]


def _in_a_batch(client: SyncClient, batch: list[Outgoing], budget: RoundBudget
                ) -> list[dict[str, Any] | None]:
    """One batch bundle for the entries that may go blind; a create sent before and left
    unanswered is looked at first, as a single PUT's is (its PUT carries no If-Match and
    would overwrite what another tool wrote since)."""
    looked = _looked_first(client, batch, budget)
    going = [out for out, seen in zip(batch, looked, strict=True) if seen is None]
    answers = iter(_batch_answers(client, going) if going else ())
    return [seen if seen is not None else next(answers) for seen in looked]


def _batch_answers(client: SyncClient, going: list[Outgoing]) -> list[dict[str, Any]]:
    """The batch's answers. Entries the server had no time for (429, 503 inside a 200
    batch-response) go again on their own after a growing pause, as often as a refused
    whole request would; those still refused wait for the next round (``push_batch``)."""
    answers = _pushed(client, going)
    for attempt in range(1, client.max_attempts):
        busy = [i for i, answer in enumerate(answers) if _status(answer) in BUSY]
        if not busy:
            break
        client.pause(attempt)
        again = _pushed(client, [going[i] for i in busy])
        for i, answer in zip(busy, again, strict=True):
            answers[i] = answer
    return answers


def _pushed(client: SyncClient, going: list[Outgoing]) -> list[dict[str, Any]]:
    """The batch-response entries for ``going``. A request refused whole for what it
    carries (``RequestRefused``) goes again in halves, down to single entries: one refused
    alone is answered with the server's refusal, as that entry's own, so one bad record
    (a NUL character our server cannot parse, a resource HAPI will not read) is named and
    the rest of its batch goes, where it used to hold them all back, round after round.

    A server refusing every batch whatever it holds (one that says ``batch`` but does not
    take it) would have the whole backlog rejected that way, one by one: a refusal is the
    entries' only once a batch-response came this round, from another half or batch, or
    for a batch of nothing sent to ask (a few more requests, only when needed)."""
    refused: list[RequestRefused] = []

    def send(part: list[Outgoing]) -> list[dict[str, Any] | RequestRefused]:
        try:
            return list(client.push(bundle_of(part))["entry"])
        except RequestRefused as exc:
            if len(part) == 1:
                refused.append(exc)
                return [exc]
            half = len(part) // 2
            return send(part[:half]) + send(part[half:])

    answers = send(going)
    if refused and not client.batch_answered:
        try:
            client.push(bundle_of([]))
        except RequestRefused:
            raise refused[0] from None  # the request's fault: every record stays queued
    return [{"response": {"status": str(a.status), "outcome": a.outcome}}
            if isinstance(a, RequestRefused) else a for a in answers]


def _status(entry: dict[str, Any] | None) -> int:
    """A batch entry's HTTP status (``"201 Created"`` → 201; 0 if unreadable)."""
    text_ = str(((entry or {}).get("response") or {}).get("status", "0")).split()
    return int(text_[0]) if text_ and all_digits(text_[0]) else 0


def _looked_first(client: SyncClient, batch: list[Outgoing], budget: RoundBudget
                  ) -> list[dict[str, Any] | None]:
    """For each entry, the server's copy as a 412 answer when a create sent before went
    unanswered and the server holds the record now: it is settled by ``recover``, not
    overwritten. The batch's such records are asked about together (``read_back``)."""
    asked = [out.server_version is None and out.sent_before and budget.may_read(out)
             for out in batch]
    held: dict[tuple[str, str], dict[str, Any]] = {}
    for entity, type_ in RESOURCE_TYPE.items():
        ids = [out.record_id for out, ask in zip(batch, asked, strict=True)
               if ask and out.entity == entity]
        if ids:
            held.update(((entity, id_), copy)
                        for id_, copy in read_back.held_copies(client, type_, ids).items())
    return [{"response": {"status": "412"}, "server": held[(out.entity, out.record_id)]}
            if ask and (out.entity, out.record_id) in held else None
            for out, ask in zip(batch, asked, strict=True)]


def _put_one(client: SyncClient, out: Outgoing) -> dict[str, Any] | None:
    type_ = RESOURCE_TYPE[out.entity]
    r = client.put(type_, out.record_id, out.resource, out.if_match)
    if r.status_code == 401:
        raise AuthRefused(r.text[:200])
    if r.status_code in (404, 405) and out.server_version is None and \
            not client.capabilities.update_create:
        raise _no_client_ids(type_, r.status_code)  # it said so: not a wrong address
    if r.status_code in (404, 405):
        # No FHIR endpoint takes this type at this address (a typo in it, a missing /fhir):
        # true of every record, so the round stops and they all stay queued, where taking
        # it as this record's refusal marked the whole backlog rejected, one by one.
        raise ProtocolError(f"HTTP {r.status_code} on PUT {type_}: {r.text[:200]}",
                            "SYNC_WRONG_ADDRESS", status=r.status_code)
    # No body is a FHIR answer too (``Prefer: return=minimal``); a web page or other text is
    # not the platform's: never an acceptance, nor a refusal of the record.
    body = answer_json(r, empty_ok=True) or {}
    response: dict[str, Any] = {"status": str(r.status_code)}
    with answer_shape(f"the answer to PUT {type_}"):
        if body.get("resourceType") == "OperationOutcome":
            response["outcome"] = body
        elif r.status_code in (200, 201):
            response["lastModified"] = (body.get("meta") or {}).get("lastUpdated")
            version = version_from(r.headers.get("ETag"), body)
            response["etag"] = f'W/"{version}"' if version is not None else None
        issues = issues_of(response.get("outcome"))
    if _refuses_every_write(r.status_code, issues):
        raise _writes_refused(type_, issues)  # here: the batch's PUTs not yet sent stay so
    return {"response": response}


def _gone() -> Conflict:
    """The server no longer holds the record (deleted there): a person decides, never a
    silent re-creation; keeping this laptop's version sends it again as new (``inbox``)."""
    return Conflict(None, [_issue("CENTRAL_DELETED")])


def issues_of(outcome: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The server's OperationOutcome as what the sync area shows: code, both languages, where,
    and the issue's FHIR type. ``vi`` is only the sentence the server wrote for people
    (``details.text``, ours in Vietnamese); a server's ``diagnostics`` alone, often English
    for developers, goes in ``en`` and is said after a sentence of ours for its type
    (``rules.sync_view.issue_reason``), never to the Vietnamese clerk on its own."""
    issues = []
    for issue in (outcome or {}).get("issue") or ():
        details = issue.get("details") or {}
        coding = (details.get("coding") or [{}])[0]
        issues.append({
            "code": coding.get("code") or issue.get("code", ""),
            "type": issue.get("code", ""),
            "vi": details.get("text") or "",
            "en": issue.get("diagnostics") or details.get("text") or "",
            "where": (issue.get("expression") or [None])[0],
        })
    return issues


def _issue(code: str) -> dict[str, Any]:
    return {"code": code, "vi": text(code, "vi"), "en": text(code, "en"), "where": None}


def _http_issue(status: int) -> dict[str, Any]:
    return {"code": "SYNC_REFUSED_HTTP", "vi": text("SYNC_REFUSED_HTTP", "vi", status=status),
            "en": text("SYNC_REFUSED_HTTP", "en", status=status), "where": None}


def _instant(value: str | None) -> datetime | None:
    if not value:
        return None
    # Converted, not cut: a server that answers in its own zone (HAPI's "+07:00") was off
    # by that many hours.
    return read_instant(value)
