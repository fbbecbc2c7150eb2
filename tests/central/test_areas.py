"""Where a site is: central's word (``set_area``) stands; a site's report only fills what
central left unset (``fill_area``). On a real SQLite file and a real PostgreSQL."""

from __future__ import annotations

import pytest

from central_server import areas
from central_server.auth import create_site
from central_server.db.engine import make_engine


@pytest.fixture
def engine(any_store):  # noqa: ANN001, ANN201
    url = any_store
    made = make_engine(url)
    create_site(made, "HN-0001", "Trạm Y tế Láng Hạ")
    yield made
    made.dispose()


def test_a_report_fills_only_what_central_left_unset(engine):
    areas.set_area(engine, "HN-0001", areas.Area("01", None, None))
    areas.fill_area(engine, "HN-0001", areas.Area("79", "760", "26734"))
    assert areas.area_of(engine, "HN-0001") == areas.Area("01", "760", "26734")
    areas.fill_area(engine, "HN-0001", areas.Area("01", "001", "00001"))  # moves nothing
    assert areas.area_of(engine, "HN-0001") == areas.Area("01", "760", "26734")
    areas.set_area(engine, "HN-0001", areas.Area(None, None, "00004"))  # central's word
    assert areas.area_of(engine, "HN-0001") == areas.Area("01", "760", "00004")


def test_no_site_no_area(engine):
    with pytest.raises(LookupError):
        areas.fill_area(engine, "XX-9999", areas.Area("01", None, None))
    assert areas.area_of(engine, "XX-9999") is None



def test_central_setting_the_commune_while_a_report_fills_it_stands(engine):
    """Central holds the site's row, mid-change, when a report arrives: the report waits
    and then fills nothing central set. Before, on PostgreSQL, the report read the row
    unlocked, then wrote its commune over the one central had just committed."""
    import threading
    import time

    from sqlalchemy import select, update

    from central_server.db.models import SiteArea

    areas.set_area(engine, "HN-0001", areas.Area("01", None, None))
    with engine.connect() as central:
        central.begin()  # BEGIN IMMEDIATE on SQLite: the one writer
        central.execute(select(SiteArea).where(SiteArea.site_code == "HN-0001")
                        .with_for_update())
        report = threading.Thread(target=areas.fill_area, args=(
            engine, "HN-0001", areas.Area("01", None, "26734")))
        report.start()
        time.sleep(0.5)  # the report is under way, held up by central's transaction
        central.execute(update(SiteArea).where(SiteArea.site_code == "HN-0001")
                        .values(commune_code="00004"))
        central.commit()
    report.join(timeout=30)
    assert not report.is_alive()
    assert areas.area_of(engine, "HN-0001") == areas.Area("01", None, "00004")
