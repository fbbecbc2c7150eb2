"""The audit trail as people read it: checked for tampering, told in words, exported.

``verify_audit`` walks the hash chain (``db/audit_chain.py``) and names every entry that was
changed, every place entries were deleted or moved, and a deleted tail. ``describe`` turns
an entry's details into a sentence in the reader's language, with local times; ``export``
writes the whole trail as a CSV that Excel and LibreOffice open.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy import text as sql

from desktop_app.clock import local_time, utc_now, utc_to_local
from desktop_app.db import store
from desktop_app.db.audit_chain import HEAD_SQL, ROWS_SQL, ChainBreak, find_breaks
from desktop_app.db.database import Database
from desktop_app.paths import private_output
from desktop_app.rules.catalogue import Catalogue
from desktop_app.rules.certificates import revoke_reason_text
from desktop_app.rules.field_values import account_words, field_label, shown_value
from desktop_app.rules.messages import CATALOGUE, says_alone, text
from desktop_app.rules.numbers import Count
from desktop_app.rules.safe_cells import csv_cell
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.demo_guard import export_mark

ACTIONS = {"create": "AUDIT_CREATED", "update": "AUDIT_CORRECTED", "void": "AUDIT_VOIDED",
           "certificate": "AUDIT_CERTIFICATE", "revoke": "AUDIT_REVOKED",
           "import": "AUDIT_IMPORTED", "undo_import": "AUDIT_IMPORT_UNDONE",
           "import_answer": "AUDIT_IMPORT_ANSWER",
           "undo_began": "AUDIT_IMPORT_UNDO_BEGAN",
           "sync": "AUDIT_SYNCED", "sync_failed": "AUDIT_SYNC_FAILED", "login": "AUDIT_LOGIN",
           "login_failed": "AUDIT_LOGIN_FAILED", "login_wait": "AUDIT_LOGIN_WAIT",
           "backup": "AUDIT_BACKUP",
           "export": "AUDIT_EXPORT", "output": "AUDIT_OUTPUT", "cleaning": "AUDIT_CLEANING",
           "bring": "AUDIT_BROUGHT",
           "merge": "AUDIT_MERGED", "complaint": "AUDIT_COMPLAINT",
           "screening": "AUDIT_SCREENING", "screening_withdrawn": "AUDIT_SCREENING_WITHDRAWN",
           "reaction": "AUDIT_REACTION", "reaction_moved": "AUDIT_REACTION_MOVED",
           "observation": "AUDIT_OBSERVATION", "lot": "AUDIT_LOT",
           "resolve": "AUDIT_RESOLVED", "retry": "AUDIT_RETRIED", "restore": "AUDIT_RESTORED",
           "restore_refused": "AUDIT_RESTORE_REFUSED",
           "passphrase": "AUDIT_PASSPHRASE",
           "central": "AUDIT_CENTRAL", "unvoid": "AUDIT_UNVOIDED",
           "unmerge": "AUDIT_UNMERGED", "disable": "AUDIT_DISABLED", "enable": "AUDIT_ENABLED",
           "role": "AUDIT_ROLE_CHANGED", "password": "AUDIT_PASSWORD_CHANGED",
           "password_reset": "AUDIT_PASSWORD_RESET", "refused": "AUDIT_REFUSED",
           "lookup": "AUDIT_LOOKUP", "link": "AUDIT_COMPLAINT_LINKED",
           "doubled": "AUDIT_DOUBLED", "batch_told": "AUDIT_BATCH_TOLD"}

# Ids the record's history already stands for: no one reads a UUID.
UNSHOWN = ("person_id", "origin", "reaction_id", "to_dose_id", "from_dose_id")
_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?")


@dataclass(frozen=True)
class AuditCheck:
    entries: int
    breaks: list[ChainBreak]

    @property
    def intact(self) -> bool:
        return not self.breaks

    def messages(self, lang: str) -> list[str]:
        return [text(b.code, lang, **b.params) for b in self.breaks]


def verify_audit(db: Database) -> AuditCheck:
    """Walk the whole chain (streamed: a site's millions of entries in constant memory)."""
    with db.engine.connect() as conn:
        head = conn.execute(sql(HEAD_SQL)).one_or_none()
        counted: list[int] = [0]

        def rows() -> Iterator[tuple]:
            for row in conn.execution_options(yield_per=5000).execute(sql(ROWS_SQL)):
                counted[0] += 1
                yield tuple(row)

        breaks = find_breaks(rows(), None if head is None else tuple(head))
    return AuditCheck(counted[0], breaks)


def action_words(action: str, lang: str) -> str:
    """What an entry's action did, in words ("merge": "Gộp hồ sơ")."""
    return text(ACTIONS.get(action, "AUDIT_OTHER"), lang, action=action)


def describe(action: str, details: Mapping[str, Any], lang: str,
             catalogue: Catalogue | None = None) -> str:
    """An entry's details in words: what was done and, for a correction, each field's
    old and new value, every value as a clerk reads it (``rules/field_values.py``; the
    products named by ``catalogue``, the shipped one when not given).

    >>> describe("update", {"phone": ["0912", "0913"]}, "en")
    'Corrected: Phone “0912” → “0913”'
    >>> describe("void", {"reason": "Nhập nhầm"}, "vi")
    'Đánh dấu mũi tiêm nhập nhầm: lý do “Nhập nhầm”'
    """
    what = action_words(action, lang)
    if action in ("update", "central"):
        changes = describe_changes(details, lang, catalogue)
        if details.get("own_records"):  # the sync set up afresh (services.sync.save_config)
            changes = "; ".join(filter(None, [changes, text("AUDIT_OWN_RECORDS", lang)]))
        if isinstance(undone := details.get("undo_of"), dict):  # services/import_undo.py
            changes += " " + text("AUDIT_UNDO_OF", lang, file=undone.get("file", ""))
        return f"{what}: {changes}" if changes else what
    if action == "void":
        return f"{what}: {text('AUDIT_REASON', lang, reason=details.get('reason', ''))}"
    if action == "screening_withdrawn":  # with a dose given to another person (doses.py)
        visit = text("AUDIT_SCREENING_WITHDRAWN_WHAT", lang,
                     at=_value("screened_at", str(details.get("screened_at", "")), lang,
                               catalogue),
                     outcome=_value("outcome", details.get("outcome"), lang, catalogue))
        return f"{what}: {visit}: {text('AUDIT_REASON', lang, reason=details.get('reason'))}"
    if action == "role":  # the account's name, then its role's change
        return f"{what}: {field_label('username', lang)} “{details.get('username', '')}”; " \
            + describe_changes({"role": details.get("role")}, lang)
    if action == "refused":
        return f"{what}: {_refused(details, lang)}"
    if action == "restore_refused":
        return f"{what}: {_restore_refused(details, lang)}"
    if action == "cleaning" and isinstance(details.get("status"), list):
        old, new = (text(f"CLEANING_STATUS_{v.upper()}", lang) for v in details["status"])
        note = f" ({details['note']})" if details.get("note") else ""
        if details.get("why") == "central":  # no one here: the platform's copy (sync/inbox)
            note = f" ({text('CLEANING_BY_CENTRAL', lang)})"
        return f"{what}: “{old}” → “{new}”{note}"
    if action == "cleaning" and isinstance(details.get("sent_again"), list):
        # services/police_export._resend: the two days for the police start again
        before, again = (_value("", v, lang, None) if v else "—"
                         for v in details["sent_again"])
        return f"{what}: " + text("AUDIT_SENT_AGAIN", lang, before=before, at=again)
    if action == "resolve":
        return f"{what}: " + text(f"AUDIT_KEPT_{str(details.get('kept', '')).upper()}", lang)
    if action == "certificate":
        return f"{what}: {details.get('uvci', '')}"
    if action == "batch_told":  # services/stopped_batches.py
        return f"{what}: " + text("AUDIT_BATCH_TOLD_WHAT", lang, file=details.get("file", ""),
                                  count=details.get("count", 0), people=details.get("people", 0))
    if action == "revoke":
        why = revoke_reason_text(str(details.get("reason", "")), lang)
        return f"{what}: {', '.join(details.get('uvcis') or ())} ({why})"
    if action == "import":
        counts = _import_counts(details.get("counts") or {}, lang)
        if details.get("failed"):  # a failure part-way says how much was stored, and why
            counts = text("AUDIT_IMPORT_FAILED_PART", lang,
                          committed=details.get("committed")) + _import_failure(details, lang)
        return f"{what}: {details.get('file', '')} ({counts})"
    if action == "import_answer":  # services/backfill_corrections.py
        source = details.get("file") or text("AUDIT_PAPER_FORM", lang)
        if "declined" in details:
            return f"{what}: " + text("AUDIT_IMPORT_ANSWER_NO", lang, file=source,
                                      declined=details.get("declined", 0))
        return f"{what}: " + text("AUDIT_IMPORT_ANSWER_YES", lang, file=source,
                                  applied=details.get("applied", 0),
                                  stale=details.get("stale", 0))
    if action == "undo_import":  # the reason names the file and when it was imported
        return f"{what}: {details.get('reason', '')} (" + text(
            "AUDIT_UNDO_VOIDED", lang, voided=details.get("voided") or 0) + ")"
    if action == "undo_began":
        return f"{what}: {details.get('reason', '')}"
    if action == "bring":
        return f"{what}: {_origin(details, lang)}"
    if action == "lookup":
        return f"{what}: {_looked_up(details, lang)}"
    if action == "doubled":  # this site's doses held as another site's too (sync/doubled_doses)
        return f"{what}: " + text("AUDIT_DOUBLED_WHAT", lang,
                                  doses=_listed(details.get("doses")))
    if action == "passphrase":  # the file re-encrypted (copies to come), then the copies
        unfinished = details.get("unfinished")
        done = text("AUDIT_PASSPHRASE_FILE", lang, count=details["copies_to_change"]) \
            if "copies_to_change" in details else \
            text("AUDIT_PASSPHRASE_WHAT", lang, copies=details.get("copies"),
                 kept=details.get("kept"))
        return f"{what}: " + done + \
            (text("AUDIT_PASSPHRASE_UNFINISHED", lang, count=unfinished) if unfinished else "")
    if action in ("merge", "unmerge"):  # the records by name, never by UUID
        return f"{what}: " + text(f"AUDIT_{action.upper()}_WHAT", lang,
                                  folded=_merged_name(details, "folded", lang),
                                  kept=_merged_name(details, "kept", lang),
                                  doses=len(details.get("doses", ())))
    if action == "reaction_moved":  # services/reactions.move_reactions, told on each dose
        return f"{what}: " + text(
            "AUDIT_REACTION_MOVED_TO" if "to_dose_id" in details else
            "AUDIT_REACTION_MOVED_FROM", lang, count=Count(details.get("count") or 0),
            name=details.get("full_name", ""))
    if action == "link":  # a complaint linked by hand to the record it is about
        return f"{what} {details.get('code') or ''}: " + text(
            "AUDIT_LINK_WHAT" if not details.get("before") else "AUDIT_RELINK_WHAT", lang,
            name=details.get("full_name", ""), id_number=details.get("id_number") or "—")
    if action == "sync_failed":  # where to, and why in words (not the program's name)
        return f"{what}: " + text("AUDIT_SYNC_FAILED_WHAT", lang,
                                  server=details.get("server_url", ""),
                                  why=text(_sync_problem(details), lang))
    if action == "complaint":
        code = f"COMPLAINT_ACTION_{str(details.get('action', '')).upper()}"
        label = text(code, lang) if code in CATALOGUE else ""
        return f"{what} {details.get('code') or ''}: {label} “{details.get('note') or ''}”"
    # Nothing said of a value there is not (an eligible screening's "yes" answers: none).
    shown = [f"{field_label(k, lang)} “{_value(k, v, lang, catalogue)}”"
             for k, v in details.items() if v not in (None, "", []) and k not in UNSHOWN]
    if details.get("origin"):
        shown.append(_origin(details["origin"], lang))
    return f"{what}: {'; '.join(shown)}" if shown else what


# What entries written before they kept their problem's code stored: the error's class.
_SYNC_ERRORS = {"ServerUnavailable": "SYNC_STEP_PROBLEM_UNREACHABLE",
                "RateLimited": "SYNC_STEP_PROBLEM_BUSY",
                "AuthRefused": "SYNC_STEP_PROBLEM_REFUSED",
                "Cancelled": "SYNC_STEP_PROBLEM_STOPPED",
                "GeneratorExit": "SYNC_STEP_PROBLEM_STOPPED"}


def _sync_problem(details: Mapping[str, Any]) -> str:
    code = details.get("problem") or _SYNC_ERRORS.get(str(details.get("error")))
    return code if says_alone(code) else "SYNC_STEP_PROBLEM_UNEXPECTED"


def _merged_name(details: Mapping[str, Any], side: str, lang: str) -> str:
    """One side of a merge's entry by name and ID number: kept with the entry (``names``),
    or in the kept record's facts after the merge (entries written before the names were).

    >>> _merged_name({"folded": "01a2-…", "names": {"folded": {
    ...     "full_name": "Trần Thị Bích", "id_number": None}}}, "folded", "vi")
    '“Trần Thị Bích” (không có số giấy tờ)'
    >>> _merged_name({"kept": "01a2-…"}, "kept", "en")
    'another record'
    """
    facts = (details.get("names") or {}).get(side) \
        or (details.get("after") or {}).get(side) or {}
    if not isinstance(facts, Mapping) or not facts.get("full_name"):
        return text("AUDIT_ANOTHER_RECORD", lang)
    return person_words(facts["full_name"], facts.get("id_number"), lang)


def _import_failure(details: Mapping[str, Any], lang: str) -> str:
    """Why an import stopped part-way, in ``lang``: its audit entry keeps the catalogue's
    code (entries written before that keep the words they were written in).

    >>> print(_import_failure({"failed": "IMPORT_WRITER_DIED", "failed_params": {"code": -9}},
    ...                       "vi"))
    : tiến trình ghi dữ liệu đã dừng đột ngột (mã -9).
    >>> print(_import_failure({"failed": "interrupted"}, "en"))
    : VaxDesk was closed (a power cut, a forced quit) before the import had finished.
    """
    why = str(details.get("failed"))
    if why == "interrupted":  # what a killed import's entry said before it was a code
        why = "IMPORT_INTERRUPTED"
    if why in CATALOGUE:
        try:
            return ": " + text(why, lang, **(details.get("failed_params") or {}))
        except (KeyError, IndexError, ValueError):  # a code whose words changed since
            return ""
    return f": {why}"


def _refused(details: Mapping[str, Any], lang: str) -> str:
    """What a refused action asked and the roles it needed, in words.

    >>> _refused({"asked": "doses.void_dose", "roles": ["supervisor"], "role": "clerk"}, "en")
    '“void a dose” needs the role of supervisor; this person is a clerk'
    """
    roles = [shown_value("role", r, lang) for r in details.get("roles") or ()]
    return text("AUDIT_REFUSED_WHAT", lang, asked=asked_words(str(details.get("asked", "")),
                                                               lang),
                roles=text("ROLES_EITHER", lang, first=roles[0], second=roles[1])
                if len(roles) == 2 else ", ".join(roles),
                role=shown_value("role", details.get("role"), lang))


def asked_words(asked: str, lang: str) -> str:
    """What a refused action asked (``actor.require``: the service function's
    ``module.name``), in words; a name with none (from an older version) as it is.

    >>> asked_words("records.correct_person", "vi"), asked_words("old.gone", "en")
    ('sửa thông tin người được tiêm', 'old.gone')
    """
    code = "ASKED_" + asked.upper().replace(".", "_")
    return text(code, lang) if code in CATALOGUE else asked


def _restore_refused(details: Mapping[str, Any], lang: str) -> str:
    """A restore refused (``restore_refused``): the copy, why, and who tried.

    >>> print(_restore_refused({"copy": "a.bak", "why": "DB_LOCKED", "username": "lan"}, "en"))
    copy a.bak: VaxDesk had the database open; Username “lan”
    """
    why = f"AUDIT_RESTORE_WHY_{details.get('why', '')}"
    said = text(why, lang) if why in CATALOGUE else str(details.get("why", ""))
    login = f"AUDIT_RESTORE_LOGIN_{str(details.get('login', '')).upper()}"
    if details.get("login") and login in CATALOGUE:
        said += f" ({text(login, lang)})"
    who = [f"{field_label(k, lang)} “{details[k]}”"
           for k in ("username", "username_fingerprint") if details.get(k)]
    return "; ".join([text("AUDIT_RESTORE_REFUSED_WHAT", lang, copy=details.get("copy", ""),
                           why=said), *who])


def _looked_up(details: Mapping[str, Any], lang: str) -> str:
    """A look-up on the central platform: the number asked and the records it returned.

    >>> _looked_up({"id_number": "001185004242", "patients": [{"id": "p1", "site": "HN-1"}],
    ...             "doses": [{"id": "i1", "site": "HN-1"}]}, "en")
    'number 001185004242: records HN-1/p1; doses HN-1/i1'
    >>> _looked_up({"id_number": "012345678", "patients": [], "doses": [],
    ...             "refreshed": "0190a1"}, "vi")
    'số 012345678: không có ai (hỏi lại cho người đã có trên máy này)'
    """
    number = details.get("id_number", "")
    again = text("AUDIT_LOOKUP_REFRESHED", lang) if details.get("refreshed") else ""
    if details.get("limited"):
        return text("AUDIT_LOOKUP_LIMITED", lang, number=number) + again
    if not details.get("patients"):
        return text("AUDIT_LOOKUP_NOBODY", lang, number=number) + again
    return text("AUDIT_LOOKUP_WHAT", lang, number=number,
                patients=_listed(details.get("patients")),
                doses=_listed(details.get("doses"))) + again


def _listed(records: Any) -> str:
    """Records of other sites as site/id, or a dash for none."""
    return ", ".join(f"{r.get('site') or '?'}/{r.get('id')}" for r in records or ()) or "—"


def _import_counts(counts: Mapping[str, Any], lang: str) -> str:
    """An import's outcome counts in words; an entry from before a kind existed counts 0."""
    keys = ("imported", "flagged", "duplicate", "rejected", "corrected")
    return text("AUDIT_IMPORT_COUNTS", lang, **{k: counts.get(k, 0) for k in keys})


# The entries written under an id of the program's own, not a record's, each said in
# words (tests/services/test_audit_record_words_fixed_ids.py finds them in the source).
FIXED_IDS = {("user", "unknown"): "AUDIT_ENTITY_USER_UNKNOWN",  # login_waits.who_tried
             ("site", "sync"): "AUDIT_ENTITY_SITE_SYNC",  # a sync round
             ("site", "call_backs"): "CALLBACK_TITLE",  # callbacks.export_call_backs
             ("outbox", "all"): "AUDIT_ENTITY_OUTBOX_ALL",  # sync.send_all_again
             ("file", "paper"): "AUDIT_PAPER_FORM"}  # backfill_corrections: no file


def record_words(entity: str, entity_id: str, lang: str) -> str:
    """What an entry is about, as the export's record column says it: the kind in words and
    its id (a setting by its name).

    >>> record_words("person", "0190a1", "vi"), record_words("setting", "current_site_id", "en")
    ('Người được tiêm 0190a1', "Setting: This laptop's site")
    >>> record_words("user", "unknown", "vi")  # a failed login with a name no account has
    'Tài khoản không có trên máy'
    >>> record_words("site", "call_backs", "en")  # an id of the program's own: in words
    'Call-back list for the next dose'
    """
    if (entity, entity_id) in FIXED_IDS:
        return text(FIXED_IDS[entity, entity_id], lang)
    kind = kind_words(entity, lang)
    if entity == "setting":
        return f"{kind}: {field_label(entity_id, lang)}"
    return f"{kind} {entity_id}".strip()


def kind_words(entity: str, lang: str) -> str:
    """The kind of record an entry is about, in words (an unknown kind as it is)."""
    code = f"AUDIT_ENTITY_{entity.upper()}"
    return text(code, lang) if code in CATALOGUE else entity


def _origin(origin: Mapping[str, Any], lang: str) -> str:
    """Where a person or doses brought from the central platform came from: site/id."""
    def listed(key: str) -> str:
        return _listed(origin.get(key))

    # Told by the platform in a round (``lookup_answer.take_told``): doses only, no record.
    said = text("AUDIT_ORIGIN_TOLD", lang, doses=listed("external_doses")) \
        if origin.get("told") else text("AUDIT_ORIGIN", lang, patients=listed("patients"),
                                        doses=listed("external_doses"))
    if origin.get("refused"):
        said += "; " + text("AUDIT_ORIGIN_REFUSED", lang)
    dropped = origin.get("dropped_doses") or ()
    gone = [r for r in dropped if not r.get("unlinked")]
    unlinked = [r for r in dropped if r.get("unlinked")]
    if gone:
        said += "; " + text("AUDIT_ORIGIN_DROPPED", lang, doses=_listed(gone))
    if unlinked:
        said += "; " + text("AUDIT_ORIGIN_UNLINKED", lang, doses=_listed(unlinked))
    if origin.get("updated_doses"):
        said += "; " + text("AUDIT_ORIGIN_UPDATED", lang, doses=", ".join(
            f"{r.get('site') or '?'}/{r.get('id')} "
            f"({describe_changes(r.get('changes') or {}, lang)})"
            for r in origin["updated_doses"]))
    if origin.get("number_clash"):
        said += "; " + text("AUDIT_ORIGIN_CLASH", lang, doses=", ".join(
            text("AUDIT_CLASH_DOSE", lang, dose=_listed([r]), dose_number=r.get("dose_number"))
            for r in origin["number_clash"]))
    return said


def describe_changes(details: Mapping[str, Any], lang: str,
                     catalogue: Catalogue | None = None) -> str:
    """Each field's old and new value of a correction's ``{field: [old, new]}``.

    >>> describe_changes({"dob": [None, "1990-03-12"], "sex": ["M", "F"]}, "en")
    'Date of birth “—” → “12/03/1990”; Sex “male” → “female”'
    >>> describe_changes({"person_id": ["01a2-…", "01a3-…"]}, "en")  # a merge moved the dose
    'moved to another record (records merged or split)'
    """
    return "; ".join(filter(None, (_change(k, v, lang, catalogue) for k, v in details.items()
                                   if isinstance(v, list | tuple) and len(v) == 2)))


def _change(key: str, values: Sequence[Any], lang: str, catalogue: Catalogue | None
            ) -> str | None:
    if key == "person_id":  # a dose a merge (or its undoing) moved: no one reads its UUIDs
        return text("AUDIT_DOSE_MOVED", lang)
    if key in UNSHOWN:
        return None
    return text("AUDIT_CHANGE", lang, field=field_label(key, lang),
                old=_value(key, values[0], lang, catalogue),
                new=_value(key, values[1], lang, catalogue))


def export(db: Database, out: Path, lang: str = "vi", *, actor: Actor) -> int:
    """Write the whole trail to ``out`` as CSV (UTF-8 with a BOM, so Excel reads the
    diacritics); returns the number of entries. No cell can run as a formula. The export
    itself is audited, and a supervisor's (it carries names and ID numbers out of the
    encrypted file)."""
    require(actor, *SUPERVISORS)

    from desktop_app.db.models import AuditEntry, User

    count = 0
    mark = export_mark(db, lang)
    with private_output(out) as part, db.reading() as s, \
            open(part, "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        if mark:  # the demo's trail: its line above the header
            writer.writerow([mark])
        writer.writerow([text(c, lang) for c in ("AUDIT_COL_NO", "AUDIT_COL_TIME",
                                                   "AUDIT_COL_USER", "AUDIT_COL_RECORD",
                                                   "AUDIT_COL_WHAT", "AUDIT_COL_HASH")])
        query = (select(AuditEntry, User.username, User.full_name)
                 .outerjoin(User, User.id == AuditEntry.user_id).order_by(AuditEntry.id)
                 .execution_options(yield_per=_PAGE))
        for page in s.execute(query).partitions():
            named = record_names(s, [entry for entry, *_user in page], lang)
            for entry, username, full_name in page:
                details = json.loads(entry.details) if entry.details else {}
                # yyyy-mm-dd: what every Excel reads as the same date; a dd/mm text became 11
                # May in a US-set Excel for the 5th of November, and stayed text past the 12th.
                at = utc_to_local(entry.at).strftime("%Y-%m-%d %H:%M")
                # The same words as the record's history: the CSV is read by people (in
                # Excel); the hash column is what a program checks.
                record = record_words(entry.entity, entry.entity_id, lang)
                name = named.get((entry.entity, entry.entity_id))
                row = [entry.id, at, account_words(username, full_name),
                       f"{record}: {name}" if name else record,
                       describe(entry.action, details, lang, db.catalogue), entry.hash or ""]
                writer.writerow([csv_cell(v) for v in row])
                count += 1
    with db.transaction() as s:
        s.add(store.audit_entry("export", "audit", out.name, {"entries": count},
                                utc_now(), actor.user_id))
    return count


_PAGE = 2000  # entries read at a time, and their records named in one query a kind


def record_names(s: Any, entries: Sequence[Any], lang: str) -> dict[tuple[str, str], str]:
    """Whom the entries are about, in words, by (entity, id): a person by name and ID
    number, a dose as its number and its person's, an account by its login and name, a
    site by its code and name.
    The export's record column showed only the ids (a person's and an account's UUID),
    which a supervisor reading the trail in Excel cannot follow; an imported file is
    named, where its id is its content's hash. A record no longer here (a person an undone
    import removed) has none."""
    from desktop_app.db.models import Complaint, Dose, Person, Site, User
    from desktop_app.services.site import site_words

    def ids(entity: str) -> set[str]:
        return {e.entity_id for e in entries if e.entity == entity}

    doses = {d.id: d for d in s.query(Dose.id, Dose.person_id, Dose.dose_number)
             .filter(Dose.id.in_(ids("dose")))}
    people = {p.id: person_words(p.full_name, p.id_number, lang) for p in s.query(
        Person.id, Person.full_name, Person.id_number).filter(Person.id.in_(
            ids("person") | {d.person_id for d in doses.values()}))}
    named = {("person", pid): words for pid, words in people.items()}
    named.update((("dose", d.id), text("AUDIT_DOSE_OF", lang, dose_number=d.dose_number,
                                        person=people.get(d.person_id, "?")))
                 for d in doses.values())
    named.update((("user", u.id), account_words(u.username, u.full_name)) for u in s.query(
        User.id, User.username, User.full_name).filter(User.id.in_(ids("user"))))
    # A site made for an import's records: its id is a UUID (services/site.site_for_records).
    named.update((("site", site.id), site_words(site)) for site in s.scalars(
        select(Site).where(Site.id.in_(ids("site")))))
    # A complaint by its code, as the citizen and the list know it (its id is the laptop's).
    named.update((("complaint", c.local_id), c.code) for c in s.query(
        Complaint.local_id, Complaint.code).filter(Complaint.local_id.in_(ids("complaint")),
                                                   Complaint.code.is_not(None)))
    for e in entries:  # an import's file is kept by its content's hash: its name is told
        name = json.loads(e.details or "{}").get("file") if e.entity == "file" else None
        if isinstance(name, str) and name != e.entity_id:
            named[("file", e.entity_id)] = name
    return named


def person_words(full_name: str, id_number: str | None, lang: str) -> str:
    """A person by name and ID number (``AUDIT_RECORD_NAMED``)."""
    if id_number:
        return text("AUDIT_RECORD_NAMED", lang, name=full_name, id_number=id_number)
    return text("AUDIT_RECORD_NAMED_NO_ID", lang, name=full_name)


def _value(field: str, value: Any, lang: str, catalogue: Catalogue | None) -> str:
    """A value in words; a stored moment (a reaction's onset) in local time."""
    if isinstance(value, str) and _MOMENT.fullmatch(value):
        try:
            return local_time(datetime.fromisoformat(value))
        except ValueError:
            return value
    return shown_value(field, value, lang, catalogue)
