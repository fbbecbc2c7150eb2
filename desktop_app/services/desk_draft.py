"""The desk's form as typed and not yet saved, kept beside the database until it is saved or
given up: a laptop that loses its power (or an app killed) in the middle of a visit gives
the clerk back what was typed at the next start, where the form came back empty and the
citizen in front of the desk was asked everything again.

A file of its own, not a row: kept a second or two after each edit, a row would be a write
(and an audit entry) per pause in typing, queued behind the day's saves. It holds names and
ID numbers, so it is sealed with a key taken from the database's own (AES-256-GCM, the key
derived by HKDF for this use alone) and written private and whole (``paths.private_output``):
no one reads it without the passphrase, as no one reads the database. One that does not open
(the passphrase changed since, a damaged file) is given up, never shown half.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop_app.clock import utc_now
from desktop_app.paths import private_output
from desktop_app.services.actor import RECORDERS, Actor, require
from desktop_app.services.database import Database

T = TypeVar("T")
SUFFIX = ".desk-draft"
_INFO = b"vaxdesk desk draft v1"
_NONCE_BYTES = 12


@dataclass(frozen=True)
class Draft:
    """What the form held: the returning person's id (None: a new person, ``person`` the
    fields typed), the dose's fields, who typed it and when (UTC)."""

    person_id: str | None
    person: dict[str, Any]
    dose: dict[str, Any]
    user_id: str | None
    at: datetime


def path_of(db: Database) -> Path:
    return Path(f"{db.path}{SUFFIX}")


def keep(db: Database, person_id: str | None, person: dict[str, Any], dose: dict[str, Any],
         *, actor: Actor) -> None:
    """The form as it stands, in place of the last one kept."""
    require(actor, *RECORDERS)
    _seal(db, Draft(person_id, person, dose, actor.user_id, utc_now()))


def seal_again(db: Database, draft: Draft) -> None:
    """``draft`` as ``read`` gave it (who typed it, when), sealed under the database's key
    as it is now: after a passphrase change, the old passphrase no longer opens it and the
    new one gives it back to the clerk."""
    _seal(db, draft)


def _seal(db: Database, draft: Draft) -> None:
    body = json.dumps({"person_id": draft.person_id, "person": draft.person,
                       "dose": draft.dose, "user_id": draft.user_id,
                       "at": draft.at.isoformat()}, ensure_ascii=False).encode("utf-8")
    nonce = os.urandom(_NONCE_BYTES)
    with private_output(path_of(db)) as part:
        part.write_bytes(nonce + AESGCM(_key(db)).encrypt(nonce, body, _INFO))


def read(db: Database) -> Draft | None:
    """The form kept, or None (none, or one that does not open: it is removed)."""
    path = path_of(db)
    try:
        sealed = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        body = AESGCM(_key(db)).decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], _INFO)
        data = json.loads(body)
        return Draft(data.get("person_id"), dict(data.get("person") or {}),
                     dict(data.get("dose") or {}), data.get("user_id"),
                     datetime.fromisoformat(data["at"]))
    except Exception:  # noqa: BLE001 - any damage or another key: nothing to give back
        path.unlink(missing_ok=True)
        return None


def drop(db: Database) -> None:
    """Saved, or given up: nothing to give back any more."""
    path_of(db).unlink(missing_ok=True)


def saved(db: Database, outcome: T) -> T:
    """``outcome`` of a desk save, the form kept for it dropped if it was saved: at once,
    on the same thread as the save's commit. Dropped by a second write queued after the
    screen said "saved", a power cut between the two gave the visit back at the next start
    as "not saved", and the clerk, saving it again, recorded the dose twice."""
    if getattr(outcome, "saved", False):
        drop(db)
    return outcome


def _key(db: Database) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=db.key.salt,
                info=_INFO).derive(db.key.key)
