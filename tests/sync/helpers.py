"""Synthetic site data and the reconciliation every sync scenario ends with."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import requests
from sqlalchemy import select, text

from desktop_app.clock import local_today, utc_now
from desktop_app.db.database import Database, open_database
from desktop_app.db.models import Dose, Person, SyncRecord
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.reactions import ReactionInput, record_reaction
from desktop_app.sync.outbox import _rows
from desktop_app.wire import fhir
from tests.keys import TEST_PASSPHRASE

GIVEN = ["An", "Bình", "Chi", "Dũng", "Hoa", "Lan", "Minh", "Nga", "Phúc", "Tâm"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng"]


def make_people(db: Database, n: int, doses_each: int = 2, seed: int = 1) -> list[str]:
    """``n`` people with ``doses_each`` doses each, through the desk's own service."""
    rng = random.Random(seed)
    ids = []
    for i in range(n):
        sex = rng.choice([Sex.MALE, Sex.FEMALE])
        dob = date(1950 + rng.randrange(50), rng.randrange(1, 13), rng.randrange(1, 28))
        person = PersonInput(
            f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)}", dob, sex, IdType.CCCD,
            make_cccd("001", sex, dob.year, 100000 + seed * 10000 + i),
        )
        first = date(2021, 8, 1) + timedelta(days=rng.randrange(60))
        out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, first, "Y tá Lan"),
                          person=person, today=date(2022, 6, 1), actor=AT_THIS_LAPTOP)
        assert out.saved, out.problems
        for k in range(2, doses_each + 1):
            when = first + timedelta(days=35 * (k - 1) + (90 if k > 2 else 0) * (k - 2))
            more = record_dose(db, DoseInput("COMIRNATY", "FK1234", k, when, "Y tá Lan"),
                               person_id=out.person_id, today=date(2022, 6, 1),
                               confirm_warnings=True, actor=AT_THIS_LAPTOP)
            assert more.saved, more.problems
        ids.append(out.person_id)
    return ids


def make_every_shape(db: Database) -> None:
    """People and doses of every shape the laptop sends: CCCD with an old CMND, passport,
    no ID with its reason, a flagged identity, a voided dose, a reaction."""
    make_people(db, 3, doses_each=2)
    shapes = [
        PersonInput("Trần Thị Mai", date(1985, 3, 12), Sex.FEMALE, IdType.CCCD, "001185000777",
                    phone="0912345678", address="Phường Láng, Đống Đa, Hà Nội",
                    old_id_number="012345678"),
        PersonInput("John Smith", date(1979, 1, 20), Sex.MALE, IdType.PASSPORT, "C1234567",
                    nationality="GBR"),
        PersonInput("Vũ Văn Hùng", date(1960, 6, 1), Sex.MALE, IdType.NONE,
                    no_id_reason="HOMELESS_OR_ITINERANT"),
    ]
    doses = []
    for n, person in enumerate(shapes):
        out = record_dose(db, DoseInput("COMIRNATY", f"FK{n}", 1, local_today(), "Y tá Lan"),
                          person=person, confirm_warnings=True, actor=AT_THIS_LAPTOP)
        assert out.saved, out.problems
        doses.append(out.dose_id)
    void_dose(db, doses[0], "Nhập nhầm người", actor=AT_THIS_LAPTOP)
    _rid, problems = record_reaction(db, doses[1], ReactionInput(
        "serious", utc_now() - timedelta(minutes=1), "Khó thở", "Chuyển viện"),
        actor=AT_THIS_LAPTOP)
    assert problems == []


def outbox_rows(db: Database) -> dict[str, SyncRecord]:
    """The outbox by record id, read as the sync left it."""
    with db.reading() as s:
        return {r.record_id: r for r in s.execute(select(SyncRecord)).scalars()}


def server_copies(url: str, token: str, type_: str) -> list[dict[str, Any]]:
    """Every resource of ``type_`` the site can see on the server, all pages."""
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    found, next_url, params = [], f"{url}/{type_}", {"_count": "1000"}
    while next_url:
        page = s.get(next_url, params=params, timeout=30).json()
        # A server may leave out an empty page's entry (HAPI does) and a last page's link.
        found += [e["resource"] for e in page.get("entry", ())]
        next_url = next((k["url"] for k in page.get("link", ()) if k["relation"] == "next"),
                        None)
        params = None
    return found


def reconcile(db: Database, url: str, token: str, site_code: str = "HN-0001") -> None:
    """Every local record is on the server exactly once, with its latest version."""
    with db.reading() as s:
        states = s.execute(select(SyncRecord)).scalars().all()
        not_synced = [(r.entity, r.record_id, r.state, r.last_error) for r in states
                      if r.state != "synced" or r.local_version != r.synced_version]
        assert not_synced == [], not_synced[:5]
        server_version = {(r.entity, r.record_id): r.server_version for r in states}
        people = _rows(s, "person", list(s.execute(select(Person.id)).scalars()))
        doses = _rows(s, "dose", list(s.execute(select(Dose.id)).scalars()))
    for type_, entity, local in (("Patient", "person", people),
                                 ("Immunization", "dose", doses)):
        copies = server_copies(url, token, type_)
        ids = [c["id"] for c in copies]
        assert len(ids) == len(set(ids)) == len(local), (type_, len(ids), len(local))
        assert set(ids) == set(local)
        for copy in copies:
            row = local[copy["id"]]
            mine = (fhir.patient(row, site_code, 1) if entity == "person"
                    else fhir.immunization(row, site_code, 1, "EU/1/20/1528"))
            assert fhir.content_of(copy) == fhir.content_of(mine), copy["id"]
            assert copy["meta"]["versionId"] == server_version[(entity, copy["id"])]


def central_edit(wired, pid: str, **changes) -> requests.Response:
    """Central staff correct a person on the platform (a real PUT with If-Match)."""
    with wired.db.reading() as s:
        row = _rows(s, "person", [pid])[pid]
    row.update(changes)
    body = fhir.patient(row, "HN-0001", 1)
    current = requests.get(f"{wired.server.url}/Patient/{pid}",
                           headers={"Authorization": f"Bearer {wired.central_token}"})
    r = requests.put(f"{wired.server.url}/Patient/{pid}", json=body, headers={
        "Authorization": f"Bearer {wired.central_token}", "If-Match": current.headers["ETag"]})
    assert r.status_code == 200, r.text
    return r


def sync_killed_mid_round(db_path, proxy, server_url: str, after_bytes: int) -> None:  # type: ignore[no-untyped-def]
    """``vaxdesk sync`` as a real process through ``proxy``, SIGKILLed once ``after_bytes``
    have gone upstream (the link slowed so that happens mid-round)."""
    import os
    import signal
    import subprocess
    import sys

    proxy.up.rate = 20_000
    cli = subprocess.Popen(
        [sys.executable, "-m", "desktop_app.cli", "--db", str(db_path), "sync",
         "--server", server_url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))

    def kill_once(sent: int) -> None:
        if sent > after_bytes and cli.poll() is None:
            os.kill(cli.pid, signal.SIGKILL)

    proxy.on_upstream = kill_once
    try:
        assert cli.wait(120) == -signal.SIGKILL
    finally:
        proxy.on_upstream = None
        proxy.up.rate = None


def upgraded_from_0023(wired, db_path) -> None:  # noqa: ANN001
    """``wired``'s file as the release before migration 0024 left it (no ``foreign_body``,
    nor the index on it, nor what later migrations add), opened again by this one: 0024
    and what follows run."""
    with wired.db.engine.begin() as conn:
        for column in ("reopen", "reopen_state", "reopen_problem", "reopened_at"):  # 0033
            conn.execute(text(f"ALTER TABLE complaint DROP COLUMN {column}"))
        conn.execute(text("ALTER TABLE screening DROP COLUMN void_reason"))  # 0032
        conn.execute(text("ALTER TABLE complaint DROP COLUMN moved_here"))  # 0031
        conn.execute(text("ALTER TABLE complaint DROP COLUMN answer_reached_at"))  # 0030
        conn.execute(text("DROP INDEX ix_audit_user"))  # 0029
        for column in ("hand_back", "hand_back_state", "hand_back_problem"):  # 0028
            conn.execute(text(f"ALTER TABLE complaint DROP COLUMN {column}"))
        conn.execute(text("ALTER TABLE certificate_issue DROP COLUMN printed_at"))  # 0027
        conn.execute(text("ALTER TABLE complaint DROP COLUMN central_resolution"))  # 0026
        conn.execute(text("DROP INDEX ix_sync_record_foreign_unknown"))
        conn.execute(text("ALTER TABLE sync_record DROP COLUMN foreign_body"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0023'"))
    wired.db.close()
    wired.db = open_database(db_path, TEST_PASSPHRASE)


def reads_passed(proxy: Any, base: str) -> int:
    """The single-record reads a fault proxy passed on to the server at ``base`` (a
    search's path names no id)."""
    return sum(n for what, n in proxy.requests_made.items()
               if what.startswith((f"GET {base}/Patient/", f"GET {base}/Immunization/")))
