"""Doses voided on the laptop before they were ever sent reach the platform entered in error
and count on neither side of completeness: a site voiding its unsent backlog read complete,
and nobody saw how many it voided. The platform now counts, per site and day of injection,
the Immunizations whose first version arrived voided (``tally.record_voided``), shows the
number beside each site's share, and counts them once from the kept versions for a store
made before (``tally.count_voided_on_arrival``)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy
from sqlalchemy import select

from central_server.auth import create_site
from central_server.dashboard import figures, tables
from central_server.dashboard.scope import Scope
from central_server.db.engine import make_engine
from central_server.fhir.store import Principal, WriteRequest, write
from desktop_app.db.models import Dose
from desktop_app.rules.catalogue import default_catalogue
from desktop_app.services import doses
from tests.central.fhir_samples import immunization, patient
from tests.cleaning.people import paper

SEPTEMBER = (date(2021, 9, 1), date(2021, 9, 30))


def _send(engine, site: str, *resources, if_match: int | None = None) -> None:  # noqa: ANN001
    results = write(engine, default_catalogue(), Principal(site),
                    [WriteRequest(r["resourceType"], r["id"], r, if_match) for r in resources])
    assert all(r.status in (200, 201) for r in results), results


def _voided(engine, site: str = "HN-A") -> int:  # noqa: ANN001
    [found] = [s for s in figures.site_figures(engine, Scope("national", "VN"), *SEPTEMBER)
               if s.site_code == site]
    return found.voided_on_arrival


@pytest.fixture
def engine(any_store: str):  # noqa: ANN201 - on SQLite and PostgreSQL (any_store)
    made = make_engine(any_store)
    create_site(made, "HN-A", "Trạm Y tế A")
    yield made
    made.dispose()


def test_a_dose_that_arrives_voided_is_counted_beside_the_share_and_in_no_share(engine):
    person = patient("HN-A")
    given = immunization(person["id"], "HN-A", dose_date="2021-09-03")
    voided = immunization(person["id"], "HN-A", dose_number=2, dose_date="2021-09-24",
                          status="voided", void_reason="Nhập nhầm người")
    later = immunization(person["id"], "HN-A", dose_number=2, dose_date="2021-09-25")
    _send(engine, "HN-A", person, given, voided)
    _send(engine, "HN-A", voided)  # the same sent again (a lost answer): counted once
    _send(engine, "HN-A", later)
    # A dose received and voided afterwards is not one the platform never had: not counted.
    _send(engine, "HN-A", immunization(person["id"], "HN-A", id=later["id"], dose_number=2,
                                       dose_date="2021-09-25", status="voided",
                                       void_reason="Tiêm nhầm ngày"), if_match=1)
    [site] = [s for s in figures.site_figures(engine, Scope("national", "VN"), *SEPTEMBER)
              if s.site_code == "HN-A"]
    assert (site.received, site.voided_on_arrival) == (1, 1)
    assert _voided(engine) == 1
    assert [s.voided_on_arrival for s in figures.site_figures(
        engine, Scope("national", "VN"), date(2021, 10, 1), date(2021, 10, 31))
        if s.site_code == "HN-A"] == [0]  # by the day of injection, as the shares


def test_a_store_from_before_counts_them_once_from_the_kept_first_versions(any_store):
    engine = make_engine(any_store)
    create_site(engine, "HN-A", "Trạm Y tế A")
    person = patient("HN-A")
    _send(engine, "HN-A", person, immunization(person["id"], "HN-A", dose_date="2021-09-03",
                                               status="voided", void_reason="Trùng"))
    with engine.begin() as conn:  # as a store made before the tally was kept
        conn.exec_driver_sql("DROP TABLE voided_unsent_day")
    engine.dispose()
    engine = make_engine(any_store)
    try:
        assert _voided(engine) == 1
        engine.dispose()
        engine = make_engine(any_store)  # made once: not counted again
        assert _voided(engine) == 1
    finally:
        engine.dispose()


def test_a_laptop_that_voids_before_its_first_sync_is_seen_in_the_sites_table(
        wired, boss):
    """Two doses recorded offline, one voided before the round: the platform receives one,
    and its sites table says one more was voided before it was sent."""
    paper(wired.db, dose_date="05/09/2021")
    wrong = paper(wired.db, id_number="001190000210", full_name="Lò Văn Pá",
                  dose_date="06/09/2021")
    with wired.db.reading() as s:
        dose = s.scalar(select(Dose.id).where(Dose.person_id == wrong))
    doses.void_dose(wired.db, dose, "Nhập nhầm người", actor=boss)
    wired.sync()
    engine = sqlalchemy.create_engine(wired.server.database_url)
    try:
        view = tables.View(engine, Scope("national", "VN"), *SEPTEMBER, "vi")
        [sites] = [t for t in tables.completeness(view) if t.key == "sites"]
        column = [c.label for c in sites.columns].index("Hủy trước khi gửi")
        [row] = sites.rows
        assert row[column] == 1
    finally:
        engine.dispose()


def test_a_write_while_a_store_from_before_is_counted_is_counted_once(any_store,
                                                                      monkeypatch):
    """A site's write between the table's making and its count (a CLI command started with
    the upgrade, a second server) was counted by its own tally and again by the count,
    which added to what was there (found by a reviewer, on both databases)."""
    from central_server.dashboard import tally

    engine = make_engine(any_store)
    create_site(engine, "HN-A", "Trạm Y tế A")
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE voided_unsent_day")
    engine.dispose()
    counting = tally.count_voided_on_arrival
    person = patient("HN-A")

    def beside(made):  # noqa: ANN001, ANN202 - the write lands before the count starts
        _send(made, "HN-A", person, immunization(person["id"], "HN-A", dose_date="2021-09-03",
                                                 status="voided", void_reason="Trùng"))
        return counting(made)

    monkeypatch.setattr(tally, "count_voided_on_arrival", beside)
    engine = make_engine(any_store)
    try:
        assert _voided(engine) == 1
    finally:
        engine.dispose()


def test_one_restored_counts_as_received_only_and_voided_again_counts_again(any_store):
    """A dose that arrived voided and was restored through the API (a third-party client;
    laptops never do) counted in both figures; its day changed while voided left it on the
    old day. Each change now moves it, and a count from nothing agrees with the running
    tally."""
    from central_server.dashboard import tally

    engine = make_engine(any_store)
    create_site(engine, "HN-A", "Trạm Y tế A")
    person = patient("HN-A")
    dose = immunization(person["id"], "HN-A", dose_date="2021-09-03", status="voided",
                        void_reason="Trùng")
    try:
        _send(engine, "HN-A", person, dose)
        assert _voided(engine) == 1
        restored = immunization(person["id"], "HN-A", id=dose["id"], dose_date="2021-09-03")
        _send(engine, "HN-A", restored, if_match=1)
        [site] = [s for s in figures.site_figures(engine, Scope("national", "VN"), *SEPTEMBER)
                  if s.site_code == "HN-A"]
        assert (site.received, site.voided_on_arrival) == (1, 0)
        _send(engine, "HN-A", dose | {"id": dose["id"]}, if_match=2)  # voided again
        assert _voided(engine) == 1
        moved = immunization(person["id"], "HN-A", id=dose["id"], dose_date="2021-10-02",
                             status="voided", void_reason="Trùng")
        _send(engine, "HN-A", moved, if_match=3)
        assert _voided(engine) == 0  # its day is in October now
        october = [s.voided_on_arrival for s in figures.site_figures(
            engine, Scope("national", "VN"), date(2021, 10, 1), date(2021, 10, 31))
            if s.site_code == "HN-A"]
        assert october == [1]
        assert tally.count_voided_on_arrival(engine) == 1
        assert october == [s.voided_on_arrival for s in figures.site_figures(
            engine, Scope("national", "VN"), date(2021, 10, 1), date(2021, 10, 31))
            if s.site_code == "HN-A"]
    finally:
        engine.dispose()


def test_restored_in_the_batch_it_arrived_in_counts_as_received_only(engine):
    """Sent voided and then restored in one batch: received, never voided before sending."""
    person = patient("HN-A")
    dose = immunization(person["id"], "HN-A", dose_date="2021-09-03", status="voided",
                        void_reason="Trùng")
    restored = immunization(person["id"], "HN-A", id=dose["id"], dose_date="2021-09-03")
    results = write(engine, default_catalogue(), Principal("HN-A"), [
        WriteRequest("Patient", person["id"], person, None),
        WriteRequest("Immunization", dose["id"], dose, None),
        WriteRequest("Immunization", dose["id"], restored, 1)])
    assert [r.status for r in results] == [201, 201, 200]
    [site] = [s for s in figures.site_figures(engine, Scope("national", "VN"), *SEPTEMBER)
              if s.site_code == "HN-A"]
    assert (site.received, site.voided_on_arrival) == (1, 0)


def test_a_store_counted_under_the_old_rule_is_counted_again(any_store):
    """A dose restored before the upgrade stayed in the old table's count, and voided again
    counted twice (a reviewer): the table counted under the rule before restores took a
    dose out is dropped and the count made again from the kept versions."""
    engine = make_engine(any_store)
    create_site(engine, "HN-A", "Trạm Y tế A")
    person = patient("HN-A")
    dose = immunization(person["id"], "HN-A", dose_date="2021-09-03", status="voided",
                        void_reason="Trùng")
    _send(engine, "HN-A", person, dose)
    _send(engine, "HN-A", immunization(person["id"], "HN-A", id=dose["id"],
                                       dose_date="2021-09-03"), if_match=1)  # restored
    with engine.begin() as conn:  # as the old rule left it: the restored dose counted
        conn.exec_driver_sql("DROP TABLE voided_unsent_day")
        conn.exec_driver_sql("CREATE TABLE voided_on_arrival_day (site_code VARCHAR(32), "
                             "day DATE, count INTEGER, PRIMARY KEY (site_code, day))")
        conn.exec_driver_sql("INSERT INTO voided_on_arrival_day VALUES "
                             "('HN-A', '2021-09-03', 1)")
    engine.dispose()
    engine = make_engine(any_store)
    try:
        assert _voided(engine) == 0
        assert not sqlalchemy.inspect(engine).has_table("voided_on_arrival_day")
        _send(engine, "HN-A", dose | {"id": dose["id"]}, if_match=2)  # voided again: once
        assert _voided(engine) == 1
    finally:
        engine.dispose()
