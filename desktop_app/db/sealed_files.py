"""Small files kept beside the database that hold what only its passphrase may read (the
desk's kept form, a passphrase change's unfinished work): a JSON body sealed with a key
taken from the database's own (AES-256-GCM, the key derived by HKDF for each use alone),
written private and whole (``paths.private_output``). One that does not open (the
passphrase changed since, a damaged file) is removed and read as none, never half."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop_app.db.cipher import FileKey
from desktop_app.paths import private_output

_NONCE_BYTES = 12


def seal(path: Path, key: FileKey, use: bytes, body: dict[str, Any]) -> None:
    """``body`` sealed at ``path`` under ``key`` for ``use`` (a label of its own)."""
    plain = json.dumps(body, ensure_ascii=False).encode("utf-8")
    nonce = os.urandom(_NONCE_BYTES)
    with private_output(path) as part:
        part.write_bytes(nonce + AESGCM(_key(key, use)).encrypt(nonce, plain, use))


def unseal(path: Path, key: FileKey, use: bytes) -> dict[str, Any] | None:
    """What ``seal`` wrote, or None (none there, or one that does not open: removed)."""
    try:
        sealed = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        body = json.loads(AESGCM(_key(key, use)).decrypt(
            sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], use))
        if not isinstance(body, dict):
            raise ValueError("not an object")
        return body
    except Exception:  # noqa: BLE001 - any damage or another key: nothing to give back
        path.unlink(missing_ok=True)
        return None


def _key(key: FileKey, use: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=key.salt, info=use).derive(key.key)
