"""What the dashboard keeps of a sign-in name: a fingerprint keyed by a secret of the server.

A name no staff user has is kept in ``staff_sign_in`` and ``login_failure`` only as its
fingerprint: people type their password into the name box. An unkeyed SHA-256 was
reversed by guessing: likely names and passwords hashed the same way found themselves in a
printed sign-in log. The fingerprint is now the desk's rule for its own sign-in names
(``keyed_fingerprint``) under a key the server keeps: ``VAXDESK_CENTRAL_LOGIN_NAME_KEY``
(``Settings.login_name_key``) where the operator keeps secrets apart from the database,
else one made on the server's first start and kept in the database (``server_key``), as the
signing authority's key is. Without the key a copy of the log gives nothing to test
guesses against.

The key is applied to the name's old unkeyed fingerprint, so the rows from before there
was a key are re-keyed exactly, once, in the transaction that makes it: they still show
(a known name in full, as always; another name as its new fingerprint), still match the
same name's later tries (a wait for a wrong password goes on), and no longer tell a name.
"""

from __future__ import annotations

import secrets

from sqlalchemy import Engine, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central_server.db.models import LoginFailure, ServerKey, StaffSignIn
from central_server.fhir.store import utc_now
from desktop_app.rules.fingerprints import fingerprint, keyed_fingerprint

KEY_NAME = "login-name"  # its row in ``server_key``


def name_key(name: str, key: str) -> str:
    """What the sign-in tables keep of a name (an empty one has one too).

    >>> name_key("tinh01", "k1") == name_key("tinh01", "k1") != name_key("tinh01", "k2")
    True
    >>> len(name_key("", "k1"))
    12
    """
    return keyed_fingerprint(_unkeyed(name), key)


def _unkeyed(name: str) -> str:
    """What was kept before there was a key."""
    return fingerprint(f"dashboard-login:{name}") or ""


def login_name_key(engine: Engine, configured: str | None = None) -> str:
    """The key: ``configured`` when set, else the database's. The database's is made on
    the first call (``create_app``, the central CLI's ``staff`` commands), the rows from
    before re-keyed in the same transaction; two first callers agree on one."""
    with Session(engine) as s:
        row = s.get(ServerKey, KEY_NAME)
    if row is None:
        made = secrets.token_urlsafe(32)
        try:
            with Session(engine) as s, s.begin():
                s.add(ServerKey(name=KEY_NAME, value=made, created_at=utc_now()))
                s.flush()  # another first start waits here, then fails and takes this one
                _rekey(s, configured or made)
        except IntegrityError:
            pass  # made elsewhere first, the rows re-keyed there
        with Session(engine) as s:
            row = s.get(ServerKey, KEY_NAME)
    assert row is not None
    return configured or row.value


def _rekey(s: Session, key: str) -> None:
    """Every name fingerprint kept before there was a key, keyed."""
    conn = s.connection()
    for table in (StaffSignIn.__table__, LoginFailure.__table__):
        old = conn.execute(select(table.c.name_key).distinct()).scalars().all()
        if old:
            conn.execute(update(table).where(table.c.name_key == bindparam("was"))
                         .values(name_key=bindparam("now")),
                         [{"was": v, "now": keyed_fingerprint(v, key)} for v in old])
