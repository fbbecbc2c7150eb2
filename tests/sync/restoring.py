"""A site laptop that syncs, has its disk die and its backup restored, against either kind
of platform: the plain FHIR R4 server (``tests/plain_fhir``) or VaxDesk's own
(``central_server``), both real processes on 127.0.0.1. The ``restoring`` fixture
(``conftest.py``) gives one of each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import requests
from sqlalchemy import select

from desktop_app.db.database import Database, open_database
from desktop_app.db.models import SyncRecord
from desktop_app.progress import drain
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services import backups, restore
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER


@dataclass
class Restoring:
    db: Database
    url: str
    token: str  # one that reads every record the site wrote

    def sync(self, **options):  # noqa: ANN201
        options.setdefault("backoff_base", 0.05)
        options.setdefault("backoff_cap", 0.5)
        client = syncing.make_client(syncing.load_config(self.db), **options)
        return drain(syncing.sync_round(self.db, client, actor=AT_THIS_LAPTOP))

    def on_server(self, type_: str, id_: str) -> dict:
        r = requests.get(f"{self.url}/{type_}/{id_}", timeout=10,
                         headers={"Authorization": f"Bearer {self.token}"})
        assert r.ok, r.text
        return r.json()

    def backup(self) -> Path:
        return backups.make_backup(self.db, backups.ON_REQUEST).path

    def restore(self, copy: Path) -> Database:
        """The laptop's database replaced by ``copy`` (its disk died), reopened as the app
        would."""
        path = self.db.path
        self.db.close()
        restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                               password=TEST_PASSWORD)
        self.db = open_database(path, TEST_PASSPHRASE)
        return self.db

    def states(self) -> dict[tuple[str, str], str]:
        with self.db.reading() as s:
            return {(r.entity, r.record_id): r.state
                    for r in s.execute(select(SyncRecord)).scalars()}

    def issues(self) -> dict[str, list[str]]:
        return {i.record_id: [x["code"] for x in i.issues]
                for i in syncing.sync_issues(self.db)}


def person(name: str, dob: date, sex: Sex, serial: int | None = None) -> PersonInput:
    """A person with a CCCD (``serial``), or with none (homeless, no card)."""
    if serial is None:
        return PersonInput(name, dob, sex, IdType.NONE, no_id_reason="HOMELESS_OR_ITINERANT")
    return PersonInput(name, dob, sex, IdType.CCCD, make_cccd("001", sex, dob.year, serial))


def dose(db: Database, number: int, when: date, *, person: PersonInput | None = None,
         person_id: str | None = None):  # noqa: ANN201
    """A dose recorded at the desk (of a new ``person``, or of ``person_id``)."""
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", number, when, "Y tá Lan"),
                      person=person, person_id=person_id, today=date(2022, 6, 1),
                      confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out
