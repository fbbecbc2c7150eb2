"""Who may use the laptop is not rolled back by a restore: the accounts of the file a
restore replaces are carried into the restored copy.

A copy holds the accounts as they were when it was made. Put back as they were, a clerk
disabled since (they left the site) could log in again, a supervisor made a clerk since
would be a supervisor again, and a password changed since (perhaps because it was seen)
would be the old one again. So, when the replaced file opens with the passphrase, each of
its accounts is written into the copy as it is there: enabled or disabled, its role, its
name, its password (and whether that is a temporary one, which lives in the audit trail:
``accounts.must_change_password``). An account made after the copy is added (the
supervisor who restores may be one of them). An account the copy has and the replaced file
lacks (another database's copy) stays as the copy has it. Each change is audited in the
restored copy, under the supervisor who restored it, with the same action a supervisor's
own change writes (``disable``, ``role``, ``password_reset``, ...), so the account's history
and the temporary-password rule read it as any other.

The data the copy holds is what the restore is for; the accounts are the site's decision
about people, which the restore has no reason to undo.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.db import cipher
from desktop_app.db.bulk_sql import AUDIT_INSERT
from desktop_app.db.ids import new_id
from desktop_app.rules.messages import Part, text
from desktop_app.services.accounts import PASSWORD_CHANGED, PASSWORD_RESET

# What a carried account's change is called (the restore's message and audit say it).
DISABLED, ENABLED, ROLE, PASSWORD, ADDED = "disabled", "enabled", "role", "password", "added"
_SAID = {DISABLED: "RESTORED_ACCOUNT_DISABLED", ENABLED: "RESTORED_ACCOUNT_ENABLED",
         ROLE: "RESTORED_ACCOUNT_ROLE", PASSWORD: "RESTORED_ACCOUNT_PASSWORD",
         ADDED: "RESTORED_ACCOUNT_ADDED"}


@dataclass(frozen=True)
class Account:
    """An account of the replaced file, as the copy is to hold it."""

    id: str
    username: str
    full_name: str
    role: str
    active: bool
    created_at: str
    password_hash: str | None
    temporary: bool  # its password is one a supervisor set, to be changed at next login


@dataclass(frozen=True)
class Carried:
    """An account of the restored copy changed to be as the replaced file had it."""

    username: str
    change: str  # DISABLED | ENABLED | ROLE | PASSWORD | ADDED
    role: str | None = None  # its role now (ROLE, ADDED)

    def words(self, lang: str) -> str:
        """The change in a few words.

        >>> Carried("minh", DISABLED).words("en")
        'minh stays disabled'
        """
        role = Part(f"ROLE_{self.role.upper()}") if self.role else ""
        return text(_SAID[self.change], lang, username=self.username, role=role)


def carried_text(carried: Sequence[Carried], lang: str) -> str:
    """What a restore says of the accounts it kept (empty: none differed).

    >>> said = carried_text([Carried("minh", DISABLED), Carried("cu", ROLE, "clerk")], "en")
    >>> said.partition(": ")[2]
    'minh stays disabled; cu keeps the role of clerk.'
    """
    if not carried:
        return ""
    return text("RESTORED_ACCOUNTS", lang,
                accounts="; ".join(c.words(lang) for c in carried))


def accounts_of(path: Path, passphrase: str) -> list[Account] | None:
    """The accounts of the file at ``path``; None when there is no file, it does not open
    with this passphrase, is too damaged to read them, or is from before accounts (then
    the copy's accounts stand as they are)."""
    return cipher.read_other(path, passphrase, _accounts)


def _accounts(conn: Any) -> list[Account]:
    rows = conn.execute("SELECT id, username, full_name, role, active, created_at,"
                        " password_hash FROM app_user ORDER BY username").fetchall()
    temporary = _temporary(conn)
    return [Account(i, username, full_name, role, bool(active), str(created), digest,
                    i in temporary)
            for i, username, full_name, role, active, created, digest in rows]


def _temporary(conn: Any) -> set[str]:
    """The accounts whose last password event is a supervisor's reset."""
    last: dict[str, str] = {}
    for user_id, action in conn.execute(
            "SELECT entity_id, action FROM audit_entry WHERE entity = 'user' AND action IN"
            " (?, ?) ORDER BY id", (PASSWORD_CHANGED, PASSWORD_RESET)):
        last[user_id] = action
    return {u for u, action in last.items() if action == PASSWORD_RESET}


Entry = tuple[str, str, dict[str, Any]]  # an audit entry to write: action, user id, details


def carry(conn: Any, accounts: Sequence[Account]) -> tuple[list[Carried], list[Entry]]:
    """Make the copy open on ``conn`` (in the caller's transaction) hold ``accounts`` as
    they are. Returns what changed, disabled accounts first, and the audit entries that say
    it (``audit``: written once the restore's own entry is)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(app_user)")}
    if not columns:
        return [], []  # a copy from before accounts: its first opening makes the table
    entries: list[Entry] = []
    carried: list[Carried] = []
    for account in accounts:
        here = conn.execute("SELECT id, full_name, role, active, password_hash FROM app_user"
                            " WHERE username = ?", (account.username,)).fetchone()
        if here is None:
            user_id = _add(conn, account, columns)
            entries.append(("create", user_id, {"username": account.username,
                                                "role": account.role}))
            entries += _password_entries(user_id, account, added=True)
            if not account.active:
                entries.append(("disable", user_id, {"username": account.username}))
            carried.append(Carried(account.username, ADDED, account.role))
            continue
        user_id, full_name, role, active, digest = here
        if bool(active) != account.active:
            conn.execute("UPDATE app_user SET active = ? WHERE id = ?",
                         (int(account.active), user_id))
            entries.append(("enable" if account.active else "disable", user_id,
                            {"username": account.username}))
            carried.append(Carried(account.username,
                                   ENABLED if account.active else DISABLED))
        if role != account.role:
            conn.execute("UPDATE app_user SET role = ? WHERE id = ?", (account.role, user_id))
            entries.append(("role", user_id, {"username": account.username,
                                              "role": [role, account.role]}))
            carried.append(Carried(account.username, ROLE, account.role))
        if full_name != account.full_name:
            conn.execute("UPDATE app_user SET full_name = ? WHERE id = ?",
                         (account.full_name, user_id))
        if digest != account.password_hash:
            _set_password(conn, user_id, account.password_hash, columns)
            entries += _password_entries(user_id, account)
            carried.append(Carried(account.username, PASSWORD))
    order = [DISABLED, ROLE, PASSWORD, ENABLED, ADDED]
    return sorted(carried, key=lambda c: (order.index(c.change), c.username)), entries


def audit(conn: Any, entries: Sequence[Entry], who: str | None, at: str) -> None:
    """Write ``carry``'s entries, each under the supervisor who restored."""
    for action, user_id, details in entries:
        conn.execute(AUDIT_INSERT, (at, who, action, "user", user_id,
                                    json.dumps(details, ensure_ascii=False)))


def _password_entries(user_id: str, account: Account, *, added: bool = False
                      ) -> list[Entry]:
    """The entry that makes the copy's trail say what the replaced file's says of the
    password: a temporary one (to be changed at the next login) or the person's own."""
    if account.temporary:
        return [(PASSWORD_RESET, user_id, {"username": account.username})]
    return [] if added else [(PASSWORD_CHANGED, user_id, {"username": account.username})]


def _add(conn: Any, account: Account, columns: set[str]) -> str:
    """Insert an account the copy lacks, under its own id unless the copy uses that id for
    another account (another database's copy); returns the id it has in the copy."""
    taken = conn.execute("SELECT 1 FROM app_user WHERE id = ?", (account.id,)).fetchone()
    user_id = new_id() if taken else account.id
    values = {"id": user_id, "username": account.username, "full_name": account.full_name,
              "role": account.role, "active": int(account.active),
              "created_at": account.created_at, "password_hash": account.password_hash,
              "failed_logins": 0}
    values = {k: v for k, v in values.items() if k in columns}
    conn.execute(f"INSERT INTO app_user ({', '.join(values)}) VALUES"
                 f" ({', '.join('?' * len(values))})", tuple(values.values()))
    return user_id


def _set_password(conn: Any, user_id: str, digest: str | None, columns: set[str]) -> None:
    """The replaced file's password, with the pause of the copy's failed logins lifted (they
    were tries at the other password)."""
    extra = ", failed_logins = 0, last_failed_at = NULL" \
        if {"failed_logins", "last_failed_at"} <= columns else ""
    conn.execute(f"UPDATE app_user SET password_hash = ?{extra} WHERE id = ?",
                 (digest, user_id))


def id_in_copy(conn: Any, username: str | None) -> str | None:
    """The id ``username`` has in the copy open on ``conn`` (None: none, or no accounts)."""
    if not username:
        return None
    try:
        row = conn.execute("SELECT id FROM app_user WHERE username = ?",
                           (username.strip().lower(),)).fetchone()
    except cipher.OperationalError:  # a copy from before accounts
        return None
    return row[0] if row else None
