"""A database as the first release left it: schema 0001 and one site, product, person and
dose written in that schema's own columns. Upgrade tests start from it, so the records an
old laptop holds are written in one place and every upgrade path is checked against the
same ones."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

FIRST_RELEASE_AT = "2021-09-01 08:00:00"  # stored UTC naive, as that release wrote times


def first_release_database(path: Path, lot_number: str = "L1") -> Engine:
    """An engine on a new file at ``path`` at revision 0001 holding person 'p1' (Lê Thị Hoa,
    CCCD 001170000001) with dose 'd1' (VAXZEVRIA, lot ``lot_number``) at site 's1'."""
    from desktop_app.db.engine import make_engine
    from desktop_app.db.migrate import upgrade
    from tests.keys import key_of

    engine = make_engine(path, key_of(path))
    upgrade(engine, "0001")
    now = {"now": FIRST_RELEASE_AT}
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO site VALUES ('s1', 'HN-1', 'Trạm Y tế', NULL, NULL, "
                          "NULL, :now)"), now)
        conn.execute(text(
            "INSERT INTO vaccine_product VALUES ('VAXZEVRIA', 'AZ', 'AstraZeneca AB', "
            "'EU/1/21/1529', 'ORG-100001699', 'J07BX03', 2, 1)"))
        conn.execute(text(
            "INSERT INTO person (id, site_id, full_name, name_key, dob, sex, id_type, id_number,"
            " created_at, updated_at) VALUES ('p1', 's1', 'Lê Thị Hoa', 'le thi hoa',"
            " '1970-02-03', 'F', 'CCCD', '001170000001', :now, :now)"), now)
        conn.execute(text(
            "INSERT INTO dose (id, person_id, site_id, product_code, lot_number, dose_number,"
            " dose_date, source, status, entered_at, updated_at) VALUES ('d1', 'p1', 's1',"
            " 'VAXZEVRIA', :lot, 1, '2021-08-30', 'desk', 'active', :now, :now)"),
            {**now, "lot": lot_number})
    return engine
