"""Keep the site able to sign: enrol or renew its key with the central platform (the CSCA),
and bring down the trust list verifiers use offline. Runs at the end of every sync round
(``services.sync.sync_round``), after the records are pushed and pulled.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests

from desktop_app.certificates.trust import TrustListError
from desktop_app.clock import utc_now
from desktop_app.db.database import Database
from desktop_app.rules.certificates import renewal_due
from desktop_app.services import signing
from desktop_app.sync.answers import answer_json, answer_shape
from desktop_app.sync.client import SyncClient
from desktop_app.sync.errors import BadAnswer, ProtocolError
from desktop_app.wire.trust_list import kid_of


@dataclass(frozen=True)
class SigningRefresh:
    enrolled: bool = False  # a (new) certificate arrived
    revoked: bool = False  # the platform refused our key: it was revoked
    trust_list_updated: bool = False
    # A replacement key waits for central approval: its fingerprint, which staff must hear
    # from the site before they approve it (computed here, not taken from the server's word).
    pending: str = ""


def refresh_signing(db: Database, client: SyncClient) -> SigningRefresh:
    enrolled = revoked = False
    pending = ""
    state = signing.signer_state(db)
    public = signing.public_key(db)
    due = state.certificate is None or renewal_due(
        state.certificate.not_valid_before_utc.replace(tzinfo=None),
        state.certificate.not_valid_after_utc.replace(tzinfo=None), utc_now())
    if public and due:
        r = client.api_response("POST", "signing/enrol", json={"public_key": public})
        if r.status_code == 202:  # a replacement key: central staff approve it first
            pending = state.fingerprint or ""
            signing.save_awaiting_approval(db, pending)
        elif r.status_code == 403 and _code(r) == "SIGNER_REVOKED":
            signing.save_revoked(db)
            revoked = True
        elif r.ok:
            answer = answer_json(r)
            try:
                with answer_shape("an enrolment answer"):
                    signing.save_enrolment(db, answer["certificate_pem"], answer["csca"])
            except TrustListError as exc:
                raise ProtocolError(f"enrolment answer refused: {exc}") from exc
            enrolled = True
        elif r.status_code != 404:  # a server without signing: nothing to do
            raise ProtocolError(f"enrolment: HTTP {r.status_code}")
    etag = signing.trust_list_etag(db)
    r = client.api_response("GET", "trust-list", headers={"If-None-Match": etag} if etag else {})
    updated = False
    if r.status_code == 200:
        try:
            signing.save_trust_list(db, answer_json(r), r.headers.get("ETag"))
        except (ValueError, TrustListError) as exc:
            raise ProtocolError(f"trust list refused: {exc}") from exc
        updated = True
    elif r.status_code == 304:
        signing.confirm_trust_list(db)
    # A revocation reaches us through the list even when our certificate is not yet due.
    revoked = revoked or _listed_as_revoked(db)
    return SigningRefresh(enrolled, revoked, updated, pending)


def _listed_as_revoked(db: Database) -> bool:
    state = signing.signer_state(db)
    trust = signing.cached_trust_list(db)
    if state.revoked:
        return True
    if state.certificate is None or trust is None:
        return False
    listed = trust.find(kid_of(state.certificate))
    if listed is None or listed.revoked_at is None:
        return False
    signing.save_revoked(db)
    return True


def _code(r: requests.Response) -> str | None:
    try:
        with answer_shape("an OperationOutcome"):
            return answer_json(r)["issue"][0]["details"]["coding"][0]["code"]
    except BadAnswer:
        return None
