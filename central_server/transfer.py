"""``vaxdesk-central import-outbox FILE``: apply a site's offline transfer file exactly once.

The file must open with the CSCA's key, be signed by a document signer this platform
issued and has not revoked, and name that signer's site. Its records go through the same
write path as the batch endpoint (the same checks, the same answers); a file already
imported changes nothing the second time. The receipt says each record's outcome.

A record the site changed after an earlier file carried it names that earlier content
(``ifContent``, ``wire/outbox_file.py``): weekly files imported in order all apply, while
an older version arriving after a newer one is refused (409/412), never applied over it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from central_server.db.models import DocumentSigner, ImportedOutbox, Resource
from central_server.fhir.bundle import check_request
from central_server.fhir.outcome import outcome, structural
from central_server.fhir.store import (
    EntryResult,
    Principal,
    WriteRequest,
    as_resource,
    utc_now,
    write,
)
from central_server.signing.authority import Authority, key_revoked_at
from desktop_app.rules.catalogue import Catalogue
from desktop_app.wire import foreign
from desktop_app.wire.outbox_file import FORMAT, TransferFileError, open_sealed
from desktop_app.wire.trust_list import kid_of


def import_outbox(engine: Engine, authority: Authority, catalogue: Catalogue, path: Path
                  ) -> dict[str, Any]:
    """The receipt: the file's site, whether it was applied now or already before, and one
    ``{type, id, status}`` per record. Raises TransferFileError for a file it cannot trust."""
    payload, signature, certificate_pem = open_sealed(path.read_bytes(), authority.key)
    site_code = _trusted_signer(engine, authority, certificate_pem, payload, signature)
    body = json.loads(payload)
    if body.get("format") != FORMAT or body.get("site") != site_code:
        raise TransferFileError("the file does not belong to the site that signed it")
    digest = hashlib.sha256(payload).hexdigest()
    with Session(engine) as s:
        done = s.get(ImportedOutbox, digest)
        if done is not None:
            return json.loads(done.receipt) | {"already_imported": True}
    entries = body.get("entries") or []
    if not isinstance(entries, list):
        raise TransferFileError("the file's entries are not a list")
    requests = [_request(e) for e in entries]
    _refuse_unread_foreign(engine, site_code, entries, requests)
    results = write(engine, catalogue, Principal(site_code, "transfer file"), requests)
    receipt = {"site": site_code, "file": digest, "imported_at": _iso(utc_now()),
               "entries": [_said(r) for r in results]}
    with Session(engine) as s, s.begin():
        s.add(ImportedOutbox(file_sha256=digest, site_code=site_code, imported_at=utc_now(),
                             receipt=json.dumps(receipt)))
    return receipt | {"already_imported": False}


def _request(entry: Any) -> WriteRequest | EntryResult:
    """An entry checked as the batch API checks a PUT (type, id and the resource's own),
    refused alone when it fails: a signed file is a site's word, not a way around them (a
    record of type "Bogus" at an id no read could reach was stored, and tallied)."""
    if not isinstance(entry, dict):
        return EntryResult(400, outcome=structural("an entry must be an object"))
    type_, id_ = str(entry.get("type") or ""), str(entry.get("id") or "")
    refused = check_request(type_, id_, entry.get("resource"))
    if refused is not None:
        return refused
    try:
        version = int(entry["ifMatch"]) if entry.get("ifMatch") else None
    except (TypeError, ValueError):
        return EntryResult(400, type_, id_, outcome=structural("ifMatch is not a version"))
    # Absent in files of older laptops: only the version is matched, as it always was.
    earlier = entry.get("ifContent") or []
    if not isinstance(earlier, list) or not all(isinstance(d, str) for d in earlier):
        return EntryResult(400, type_, id_, outcome=structural("ifContent is not a list of "
                                                                "content digests"))
    return WriteRequest(type_, id_, entry["resource"], version, frozenset(earlier))


def _refuse_unread_foreign(engine: Engine, site_code: str, entries: list[Any],
                           requests: list[WriteRequest | EntryResult]) -> None:
    """An entry marked ``keepForeign`` (the laptop never read what other systems wrote on
    the record, and could not offline) is refused alone (409) when central's copy holds any
    such element (``wire/foreign.py``): taken, it would delete them. Merged in here instead,
    central would store a content the laptop never sent, and neither the next week's file
    (``ifContent``) nor the laptop's next sync (``own_writes``) would know it as the site's
    own. The laptop reads the copy at its next online sync and sends the record then. A
    "replaced-by" link naming one of the entry's ``ownFolds`` is the site's own merge."""
    asked = [(i, e, r) for i, (e, r) in enumerate(zip(entries, requests, strict=True))
             if isinstance(r, WriteRequest) and isinstance(e, dict)
             and e.get("keepForeign") is True]
    if not asked:
        return
    with Session(engine) as s:  # one read of the copies they name
        copies = {(r.type, r.id): s.get(Resource, (r.type, r.id)) for _i, _e, r in asked}
    for i, entry, req in asked:
        held = copies[(req.type, req.id)]
        if held is None or held.site_code != site_code:
            continue  # new, or another site's: the write answers as for any entry
        copy = as_resource(req.type, req.id, held.version_id, held.last_updated, held.source,
                           held.content)
        folds = entry.get("ownFolds") if isinstance(entry.get("ownFolds"), list) else []
        if foreign.without_own_folds(foreign.foreign_part(copy) or {},
                                     {f for f in folds if isinstance(f, str)}):
            requests[i] = EntryResult(409, req.type, req.id,
                                      outcome=outcome("TRANSFER_READ_FIRST",
                                                      issue_type="conflict"))


def _trusted_signer(engine: Engine, authority: Authority, certificate_pem: str,
                    payload: bytes, signature: bytes) -> str:
    try:
        cert = x509.load_pem_x509_certificate(certificate_pem.encode())
        authority.key.public_key().verify(cert.signature, cert.tbs_certificate_bytes,
                                          ec.ECDSA(cert.signature_hash_algorithm))
        cert.public_key().verify(signature, payload, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError, TypeError) as exc:
        raise TransferFileError("the signature does not hold") from exc
    with Session(engine) as s:
        signer = s.get(DocumentSigner, kid_of(cert).hex())
        if signer is None or key_revoked_at(s, signer) is not None:
            raise TransferFileError("signed by a key this platform revoked or never issued")
        return signer.site_code


def _said(result: EntryResult) -> dict[str, Any]:
    """A record's line of the receipt; a refused one says why (its rule's code and the
    English text the operator reads, as the batch answer's OperationOutcome does)."""
    line: dict[str, Any] = {"type": result.type, "id": result.id, "status": result.status}
    issue = ((result.outcome or {}).get("issue") or [{}])[0]
    if result.status >= 300 and issue:
        codes = (issue.get("details") or {}).get("coding") or [{}]
        line.update(code=codes[0].get("code"), reason=issue.get("diagnostics"))
    return line


def _iso(moment: datetime) -> str:
    return moment.isoformat() + "Z"
