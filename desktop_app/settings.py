"""Every setting VaxDesk keeps, declared once: its key, type, default and where it is stored.

Two stores exist. Most settings belong to the site and live in the site database's
``setting`` table, written in the same transaction as the work they describe. The interface
language belongs to the person at the laptop and must be known before any database opens, so
it lives in ``preferences.json`` in the user data folder.

    with db.transaction() as s:
        settings.write(s, settings.SERVER_URL, "https://host/fhir")
    with db.reading() as s:
        url = settings.read(s, settings.SERVER_URL)

Below ``services`` and ``sync`` (both read and write through it); imports only ``db``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from sqlalchemy.orm import Session

from desktop_app.db.bulk_sql import NAME_WORDS_PENDING, TALLIES_PENDING
from desktop_app.db.interrupted_issues import BATCHES as BATCHES_BEING_MADE
from desktop_app.db.interrupted_issues import PENDING as PENDING_NAMINGS
from desktop_app.db.models import Setting as SettingRow
from desktop_app.db.restored_issues import AWAITING as AWAITING_DOSE
from desktop_app.paths import data_dir, private_output

T = TypeVar("T")
Store = Literal["database", "preferences"]
PREFERENCES_FILE = "preferences.json"
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type
    default: T
    store: Store = "database"
    doc: str = ""


# -- the site -----------------------------------------------------------------------------
CURRENT_SITE = Setting[str | None]("current_site_id", str, None,
                                   doc="the site this laptop records for (site.id)")
DAY_DEFAULTS = Setting[dict | None]("day_defaults", dict, None,
                                    doc="the day's vaccine, lot and vaccinator, dated")
IDLE_LOCK_MINUTES = Setting[float]("idle_lock_minutes", float, 10.0,
                                   doc="the app locks after this long without use")
LOGIN_NAME_KEY = Setting[str | None]("login_name_key", str, None,
                                     doc="keys the fingerprint of a user name no account has "
                                         "(services/accounts.py), made at its first use")
# Written and cleared by the bulk writer process in plain SQL (it imports no settings).
BULK_NAME_WORDS_FROM = Setting[str | None](NAME_WORDS_PENDING, str, None,
                                           doc="a big import's people from this id lack "
                                               "name words (bulk_sql.NAME_WORDS_PENDING)")
BULK_TALLIES_PENDING = Setting[str | None](TALLIES_PENDING, str, None,
                                           doc="a big import's report tallies are not yet "
                                               "added (bulk_sql.TALLIES_PENDING)")
# Written before a certificates' PDF takes its name, dropped once their recording is over;
# one a kill left is settled at the next opening (db/interrupted_issues.py).
CERTIFICATES_BEING_NAMED = Setting[dict | None](PENDING_NAMINGS, dict, None,
                                                doc="certificates whose PDF is being named "
                                                    "and recorded, by naming")
# Written as a certificate batch starts, dropped once it is over; one a kill left is settled
# at the next opening and kept until a start says it (db/interrupted_issues.py).
CERTIFICATE_BATCHES = Setting[dict | None](BATCHES_BEING_MADE, dict, None,
                                           doc="certificate batches being made, and those "
                                               "a kill stopped, not yet said, by batch")
# Written by a restore in plain SQL into a copy from before migration 0020, taken by its
# first opening (db/report_queries.mark_noted_days).
RESTORE_DAYS_NOTED = Setting[list | None]("restore_days_to_mark", list, None,
                                          doc="days the file a restore replaced had, to be "
                                              "sent again once the copy is migrated")
# -- sync ---------------------------------------------------------------------------------
SERVER_URL = Setting[str | None]("sync_server_url", str, None, doc="FHIR base URL")
SYNC_TOKEN = Setting[str | None]("sync_token", str, None,
                                 doc="the site's bearer token; never logged or audited")
SYNC_API_URL = Setting[str | None]("sync_api_url", str, None,
                                   doc="the VaxDesk API root, when the server does not say it")
SYNC_CA_BUNDLE = Setting[str | None]("sync_ca_bundle", str, None,
                                     doc="a CA file for a server with a private certificate")
LAST_SYNC = Setting[str | None]("last_sync_at", str, None,
                                doc="UTC ISO time of the last finished round")
CLOCK_OFFSET = Setting[float | None]("clock_offset_seconds", float, None,
                                     doc="server time minus laptop time at the last sync")
LAST_SERVER_TIME = Setting[str | None]("last_server_time", str, None,
                                       doc="the latest server time seen (UTC ISO)")
SYNC_BATCH_CEILING = Setting[int | None]("sync_batch_ceiling", int, None,
                                        doc="the most records a push batch carries, learned "
                                            "from batches the link left unanswered "
                                            "(rules/sync_pacing.py); None: no limit known")
SYNC_FLAGGABLE_SENT_AGAIN = Setting[list | None](
    "sync_flaggable_sent_again", list, None,
    doc="the identity errors the platform takes of a flagged person (rules.cleaning."
        "FLAGGABLE) when those it had refused for them were last queued again "
        "(sync/refused_flagged.py)")
PULLED_CATALOGUE = Setting[dict | None]("pulled_catalogue", dict, None,
                                        doc="the catalogue the central platform last served")
PULL_CURSOR_DEFAULT = "2000-01-01T00:00:00Z"
REGISTER_VERDICT_CURSOR = Setting[str]("register_verdict_cursor", str, PULL_CURSOR_DEFAULT,
                                       doc="the newest register verdict pulled (inclusive)")
REGISTER_VERDICT_HELD = Setting[str]("register_verdict_held", str, "",
                                     doc="the earliest verdict held back while its person "
                                         "was in a sync conflict, pulled again once settled")
COMPLAINT_CURSOR = Setting[str]("complaint_cursor", str, PULL_CURSOR_DEFAULT,
                                doc="the newest complaint change pulled (inclusive)")
DOSE_CLASH_CURSOR = Setting[str]("dose_clash_cursor", str, PULL_CURSOR_DEFAULT,
                                 doc="the newest dose-number clash the platform told "
                                     "(inclusive)")
ELSEWHERE_CURSOR = Setting[str]("elsewhere_cursor", str, PULL_CURSOR_DEFAULT,
                                doc="the newest word pulled that a person's records at "
                                    "another site changed (inclusive)")
AUDIT_ANCHOR_CHECKS = Setting[list]("audit_anchor_checks", list, [],
                                    doc="audit entry ids the platform asked to see next "
                                        "round (sync/audit_anchor.py)")
AUDIT_ANCHOR_SEGMENTS = Setting[list]("audit_anchor_segments", list, [],
                                      doc="audit segments the platform asked to walk next "
                                          "round, as it sent them (sync/audit_anchor.py)")
# Noted by the pull after a restore (sync/own_records.py), made by services/merges.py.
RESTORE_REFOLDS = Setting[list | None]("restore_refolds", list, None,
                                       doc="merges the platform holds and a restored copy "
                                           "lacks, as [kept, folded] ids, to be made again")
# Written by a restore in plain SQL, taken by the sync round that brings each dose back
# (db/restored_issues.py).
CERTIFICATES_AWAITING_DOSE = Setting[list | None](AWAITING_DOSE, list, None,
                                                  doc="certificates printed for a dose a "
                                                      "restored copy lacks, as issue rows")
LAST_BACKUP_MARK = Setting[int]("last_backup_mark", int, 0,
                                doc="the last data-changing audit entry the newest copy holds")
LAST_BACKUP_NUMBER = Setting[int]("last_backup_number", int, 0,
                                  doc="the newest copy's number: copies are ordered by it, "
                                      "not by a clock that can be set back (db/backups.py)")
# -- signing ------------------------------------------------------------------------------
SIGNING_KEY = Setting[str | None]("signing_key", str, None, doc="encrypted PKCS#8 PEM")
SIGNING_PUBLIC_KEY = Setting[str | None]("signing_public_key", str, None,
                                         doc="in clear, so sync can enrol without the passphrase")
SIGNING_CERTIFICATE = Setting[str | None]("signing_certificate", str, None,
                                          doc="the document signer certificate (PEM)")
CSCA_CERTIFICATE = Setting[str | None]("csca_certificate", str, None,
                                       doc="pinned at the first enrolment (PEM)")
TRUST_LIST = Setting[dict | None]("trust_list", dict, None)
TRUST_LIST_ETAG = Setting[str | None]("trust_list_etag", str, None)
TRUST_LIST_CONFIRMED = Setting[str | None](
    "trust_list_confirmed", str, None,
    doc="when the platform last said the kept list is its current one (UTC ISO)")
SIGNING_REVOKED = Setting[str | None]("signing_revoked", str, None,
                                      doc="when the platform refused our key (UTC ISO)")
SIGNING_PENDING = Setting[str | None](
    "signing_pending", str, None,
    doc="the fingerprint of a replacement key central staff have yet to approve")
# -- the person at the laptop -------------------------------------------------------------
LANGUAGE = Setting[str]("language", str, "vi", store="preferences",
                        doc="interface language: vi or en")
# Backups are kept outside the database (they are what is left when it is damaged).
BACKUP_FOLDER = Setting[str]("backup_folder", str, "", store="preferences",
                             doc="a second place for backups (a USB drive); empty: beside")
BACKUPS_KEPT = Setting[int]("backups_kept", int, 10, store="preferences",
                            doc="scheduled copies kept; older ones are removed")
BACKUP_EVERY_HOURS = Setting[float]("backup_every_hours", float, 2.0, store="preferences",
                                    doc="how often the app makes a copy while it runs")
FILE_FOLDERS = Setting[dict]("file_folders", dict, {}, store="preferences",
                             doc="the folder last saved in or opened from, by kind of file "
                                 "(ui/file_dialogs.py): where the next file dialog opens")


def pull_cursor(resource_type: str) -> Setting[str]:
    """The newest ``_lastUpdated`` pulled for one resource type."""
    return Setting(f"sync_pull_cursor_{resource_type}", str, PULL_CURSOR_DEFAULT)


def own_records_cursor(resource_type: str) -> Setting[str | None]:
    """Set by a restore (in plain SQL, ``sync/own_records.py``): from when the next pulls
    search this site's own records of one type, to bring back those the restored copy
    lacks; None once that search has read every page."""
    return Setting(f"sync_own_records_since_{resource_type}", str, None)


def read(session: Session, setting: Setting[T]) -> T:
    assert setting.store == "database", setting.key
    row = session.get(SettingRow, setting.key)
    return json.loads(row.value) if row else setting.default


def write(session: Session, setting: Setting[T], value: T) -> None:
    assert setting.store == "database", setting.key
    session.merge(SettingRow(key=setting.key, value=json.dumps(value, ensure_ascii=False)))


def read_preference(setting: Setting[T]) -> T:
    """A missing or unreadable preferences file, or a value of the wrong kind, is the
    default: a preference never stops the app from starting."""
    try:
        raw: dict[str, Any] = json.loads((data_dir() / PREFERENCES_FILE).read_text("utf-8"))
        value = raw.get(setting.key, setting.default)
    except (OSError, ValueError, AttributeError):
        return setting.default
    if setting is LANGUAGE and value not in LANGUAGES:
        return setting.default
    return value if isinstance(value, setting.type) else setting.default


def write_preference(setting: Setting[T], value: T) -> None:
    path = data_dir() / PREFERENCES_FILE
    try:
        current = json.loads(path.read_text("utf-8"))
        if not isinstance(current, dict):
            current = {}
    except (OSError, ValueError):
        current = {}
    current[setting.key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    with private_output(path) as part:  # atomic: a crash never leaves half a file
        part.write_text(json.dumps(current), encoding="utf-8")


def declared() -> list[Setting]:
    """Every declared setting (the per-type pull cursors aside), for docs and tests."""
    return [v for v in globals().values() if isinstance(v, Setting)]
