"""Who did what at the server: each ``vaxdesk-central`` command that changes the platform
is recorded with its operator, what it was about and how it ended (refusals too: a wrong
fingerprint tried on ``approve-key`` is worth knowing about).

The operator is who ran the command: ``--operator``, else ``$VAXDESK_CENTRAL_OPERATOR``,
else the server's login name. The entry is written when the command has ended, in its own
transaction: a command that crashed half-way is recorded as "error" with what it was given.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, insert, select

from central_server.db.models import AdminAction
from central_server.fhir.store import utc_now

OPERATOR_ENV = "VAXDESK_CENTRAL_OPERATOR"

# Each command that changes the platform, and what its entry names: the subject and the
# options given. No token, password or register row is ever among them.
Args = Any
WRITES: dict[str, Callable[[Args], tuple[str, dict[str, Any]] | None]] = {
    "create-site": lambda a: (a.code, {"name": a.name, "province": a.province,
                                       "district": a.district, "commune": a.commune}),
    "set-area": lambda a: (a.code, {"province": a.province, "district": a.district,
                                    "commune": a.commune}),
    "issue-token": lambda a: (_token_for(a), _fingerprint(a)),
    "revoke-site-token": lambda a: (a.site_code, {}),
    "revoke-token": lambda a: (a.label if a.fingerprint is None else a.fingerprint,
                               {"revoked": getattr(a, "revoked", [])}),
    "add-lot": lambda a: (f"{a.product_code} {a.lot_number}",
                          {"expiry": a.expiry.isoformat() if a.expiry else None}),
    "revoke-signer": lambda a: (a.site or a.kid, {"reason": a.reason}),
    "approve-key": lambda a: (a.site_code, {"fingerprint": a.fingerprint}),
    "import-outbox": lambda a: (a.file.name, {}),
    "load-register": lambda a: (a.file.name, {}),
    # Staff's reason: the only record of why two Patients sharing no number are one.
    # The officer's reason is the one record of why two Patients sharing no number are one.
    "link": lambda a: (" ".join(a.patient_ids), _given(reason=a.reason, force=a.force)),
    "unlink": lambda a: (" ".join(a.patient_ids), _given(reason=a.reason)),
    # Only a scan records anything; the listing is a read.
    "dose-clashes": lambda a: ("scan", {"site": a.site}) if a.scan else None,
    # The listing of sign-ins is a read; never the password of add or reset-password.
    "staff": lambda a: None if a.staff_command == "sign-ins" else (
        a.username, {"action": a.staff_command}
        | ({"level": a.level, "area": a.area} if a.staff_command == "add" else {})),
    # Only an answer or a move changes anything; the listing is a read. The note is the
    # citizen's to read, kept with the complaint, as a move's reason is: not here.
    "complaints": lambda a: (a.code, {"action": a.action})
    if a.complaints_command == "resolve" else (a.code, {"action": "route", "site": a.site})
    if a.complaints_command == "route" else None,
}


def _given(**options: Any) -> dict[str, Any]:
    """The options given (a reason typed, a flag set), not those left at their default."""
    return {name: value for name, value in options.items() if value}


def _token_for(args: Args) -> str:
    """The site, or the holder a central token is labelled with (``auth.central_label``)."""
    if not args.central:
        return args.site_code
    from central_server.auth import central_label

    try:
        return central_label(args.label or operator(args.operator))
    except ValueError:  # refused: no holder named
        return "central"


def _fingerprint(args: Args) -> dict[str, Any]:
    """The token issued, by its fingerprint (``token_cli.issue_command``): revoked by it;
    with ``--replace``, the site's tokens it revoked, by theirs."""
    issued = getattr(args, "issued", None)
    said: dict[str, Any] = {"fingerprint": issued} if issued else {}
    if getattr(args, "replace", False):
        said.update(replace=True, revoked=getattr(args, "revoked", []))
    return said


def operator(given: str | None = None) -> str:
    named = (given or os.environ.get(OPERATOR_ENV) or "").strip()
    if named:
        return named[:100]
    try:
        return f"login:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name for this process's user
        return "login:unknown"


def record(engine: Engine, args: Args, outcome: int | str) -> None:
    """Record ``args.command`` if it is one that changes the platform."""
    describe = WRITES.get(args.command)
    described = describe(args) if describe is not None else None
    if described is None:
        return
    subject, details = described
    with engine.begin() as conn:
        conn.execute(insert(AdminAction).values(
            at=utc_now(), operator=operator(args.operator), command=args.command,
            subject=str(subject or "")[:200],
            details=json.dumps({**details, "outcome": outcome}, ensure_ascii=False)))


def entries(engine: Engine, limit: int = 50) -> list[Any]:
    """The latest first, as rows."""
    with engine.connect() as conn:
        return list(conn.execute(select(AdminAction).order_by(AdminAction.id.desc())
                                 .limit(limit)))
