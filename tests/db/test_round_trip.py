"""Every model survives a write, a close, and a re-open of the real file, value for value."""

from datetime import date, datetime

from sqlalchemy import select

from desktop_app.db.database import open_database
from desktop_app.db.ids import new_id
from desktop_app.db.models import (
    AuditEntry,
    Dose,
    Lot,
    Person,
    Setting,
    Site,
    SyncRecord,
    User,
    VaccineProduct,
)
from tests.keys import TEST_PASSPHRASE

NOW = datetime(2022, 1, 5, 7, 30, 15)


def test_round_trip_of_every_model(db_path):
    ids = {k: new_id() for k in ("site", "user", "lot", "person", "dose")}
    with open_database(db_path, TEST_PASSPHRASE) as db, db.transaction() as s:
        s.add(Site(id=ids["site"], code="HN-1", name="Trạm Y tế Láng Hạ", province_code="01",
                   commune_code="00166", created_at=NOW))
        s.add(User(id=ids["user"], username="lan", full_name="Phạm Thị Lan", role="clerk",
                   created_at=NOW))
        s.flush()  # parents first: the models declare no relationships to order the flush
        s.add(Lot(id=ids["lot"], product_code="SPIKEVAX", lot_number="MD-0042",
                  expiry_date=date(2022, 3, 1)))
        s.add(Person(id=ids["person"], site_id=ids["site"], full_name="Đỗ Văn Hùng",
                     name_key="do van hung", dob=date(1960, 2, 29), sex="M", id_type="PASSPORT",
                     id_number="B1234567", nationality="KOR", phone="0912345678",
                     address="Số 1, ngõ 2", created_at=NOW, updated_at=NOW))
        s.flush()
        s.add(Dose(id=ids["dose"], person_id=ids["person"], site_id=ids["site"],
                   product_code="SPIKEVAX", lot_number="MD-0042", dose_number=3,
                   dose_date=date(2022, 1, 5), vaccinator="Y tá Hoa", recorded_by=ids["user"],
                   source="desk", status="voided", void_reason="Nhầm người", entered_at=NOW,
                   updated_at=NOW))
        s.add(AuditEntry(at=NOW, user_id=ids["user"], action="void", entity="dose",
                         entity_id=ids["dose"], details='{"reason": "Nhầm người"}'))
        s.add(SyncRecord(entity="dose", record_id=ids["dose"], state="rejected", local_version=3,
                         synced_version=2, server_version="W/\"7\"", last_error="400: bad lot",
                         attempts=4, changed_at=NOW, server_received_at=NOW))
        s.add(Setting(key="day_defaults", value='{"lot": "MD-0042"}'))

    with open_database(db_path, TEST_PASSPHRASE) as db, db.reading() as s:
        assert s.get(Site, ids["site"]).commune_code == "00166"
        assert s.get(User, ids["user"]).active is True
        assert s.get(Lot, ids["lot"]).expiry_date == date(2022, 3, 1)
        p = s.get(Person, ids["person"])
        assert (p.full_name, p.dob, p.id_type, p.nationality, p.created_at) == (
            "Đỗ Văn Hùng", date(1960, 2, 29), "PASSPORT", "KOR", NOW)
        d = s.get(Dose, ids["dose"])
        assert (d.dose_number, d.dose_date, d.status, d.void_reason, d.recorded_by) == (
            3, date(2022, 1, 5), "voided", "Nhầm người", ids["user"])
        a = s.scalar(select(AuditEntry).where(AuditEntry.entity_id == ids["dose"]))
        assert (a.action, a.details, a.at) == ("void", '{"reason": "Nhầm người"}', NOW)
        r = s.get(SyncRecord, ("dose", ids["dose"]))
        assert (r.state, r.local_version, r.server_version, r.last_error, r.attempts) == (
            "rejected", 3, 'W/"7"', "400: bad lot", 4)
        assert s.get(Setting, "day_defaults").value == '{"lot": "MD-0042"}'
        assert s.get(VaccineProduct, "SPIKEVAX").eu_mp == "EU/1/20/1507"
