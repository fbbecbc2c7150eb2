"""Search as clerks speak (issue #19): name words in any order, with or without accents, the
given name alone, a phone's last digits, an ID while it is typed, a scanned chip card."""

from datetime import date

import pytest

from desktop_app.rules.cccd_qr import CccdQr, format_cccd_qr
from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.messages import UserError
from desktop_app.services import search
from desktop_app.services.search import find_card_holder, search_people
from tests.services.test_search import add


def names(db, query, **kw):
    return [h.full_name for h in search_people(db, query, **kw)]


@pytest.fixture
def people(db, site):
    return {
        "nhung": add(db, "Nguyễn Thị Nhung", date(1990, 5, 1), Sex.FEMALE, "001190000123",
                     phone="0912345678"),
        "nhung_le": add(db, "Lê Nhung Anh", date(1991, 1, 1), Sex.FEMALE, "001191000124"),
        "nhung_tran": add(db, "Trần Thị Nhung", date(1985, 1, 1), Sex.FEMALE, "001185000125",
                          phone="0987005678"),
        "nhan": add(db, "Nguyễn Thị Nhàn", date(1985, 1, 1), Sex.FEMALE, "001185000126"),
        "nhung_start": add(db, "Nhung Văn Tài", date(1970, 1, 1), Sex.MALE, "001070000127"),
    }


def test_the_given_name_alone_finds_everyone_called_so_given_names_first(people, db):
    # The name that starts so first; then given names, by name; then the name's other words.
    assert names(db, "nhung") == ["Nhung Văn Tài", "Nguyễn Thị Nhung", "Trần Thị Nhung",
                                  "Lê Nhung Anh"]
    assert names(db, "Nhung") == names(db, "nhưng") == names(db, "NHUNG")


def test_a_given_name_is_found_among_a_page_of_family_names_starting_so(db, site):
    for i in range(25):
        add(db, f"Hoàng Văn Bình {chr(ord('a') + i)}", date(1980, 1, 1 + i % 28), Sex.MALE,
            f"0010800{i:05d}")
    add(db, "Nguyễn Văn Hoàng", date(1990, 1, 1), Sex.MALE, "001090000999")
    found = names(db, "hoang")
    assert len(found) == 20 and found[-1] == "Nguyễn Văn Hoàng"
    assert all(n.startswith("Hoàng") for n in found[:-1])


def test_words_in_any_order_with_or_without_accents(people, db):
    for query in ("nguyen nhung", "nhung nguyen", "Nguyễn Nhung", "nhung   NGUYỄN", "ng nhu"):
        assert names(db, query) == ["Nguyễn Thị Nhung"], query
    assert names(db, "thi nguyen") == ["Nguyễn Thị Nhàn", "Nguyễn Thị Nhung"]
    assert names(db, "nguyen thi") == ["Nguyễn Thị Nhàn", "Nguyễn Thị Nhung"]  # as typed
    assert names(db, "nhung hoa") == []


def test_a_renamed_or_merged_person_is_found_by_their_new_words_only(people, db, boss):
    from desktop_app.services.records import correct_person

    out = correct_person(db, people["nhung_le"], {"full_name": "Lê Hồng Anh"}, actor=boss)
    assert out.saved, out.problems
    assert "Lê Hồng Anh" in names(db, "hong le") and "Lê Hồng Anh" not in names(db, "nhung")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE person SET merged_into = ? WHERE id = ?",
                             (people["nhung"], people["nhung_tran"]))
    assert "Trần Thị Nhung" not in names(db, "nhung")
    with db.engine.connect() as conn:
        (left,) = conn.exec_driver_sql(
            "SELECT count(*) FROM person_name_word WHERE person_id = ?",
            (people["nhung_tran"],)).one()
    assert left == 0


def test_common_words_read_in_index_order_and_bounded(people, db, monkeypatch):
    # Every word "common": the search reads entries in stored order (given names first).
    monkeypatch.setattr(search, "COMMON", 0)
    assert names(db, "nhung") == ["Nhung Văn Tài", "Nguyễn Thị Nhung", "Trần Thị Nhung",
                                  "Lê Nhung Anh"]
    assert names(db, "nhung nguyen") == ["Nguyễn Thị Nhung"]
    # From the rarest word ("thi": 3 people), its entries by name: the Nhàn first.
    assert names(db, "nhung thi") == ["Nguyễn Thị Nhung", "Trần Thị Nhung"]
    monkeypatch.setattr(search, "SCAN_CAP", 1)  # the bound: only the Nhàn read
    assert names(db, "nhung thi") == []


def test_the_word_counts_follow_every_change(people, db, boss):
    from desktop_app.services.records import correct_person

    def counts():
        with db.engine.connect() as conn:
            return dict(conn.exec_driver_sql(
                "SELECT word, n FROM person_name_word_count WHERE n > 0").all())

    def recount():
        with db.engine.connect() as conn:
            return dict(conn.exec_driver_sql(
                "SELECT word, count(DISTINCT person_id) FROM person_name_word GROUP BY word"
            ).all())

    assert counts() == recount() and counts()["nhung"] == 4
    assert correct_person(db, people["nhung_le"], {"full_name": "Lê Lê Anh"},
                          actor=boss, confirm_warnings=True).saved
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE person SET merged_into = ? WHERE id = ?",
                             (people["nhung"], people["nhung_tran"]))
    assert counts() == recount() and counts()["nhung"] == 2 and counts()["le"] == 1


def test_a_person_without_a_date_of_birth_is_found_by_words(db, site):
    from datetime import datetime

    from desktop_app.db import store

    with db.transaction() as s:  # as a backfilled paper record may be
        store.add_person(s, site.id, {"full_name": "Vô Danh Thị", "id_type": "NONE"},
                         now=datetime(2022, 1, 1))
    assert names(db, "thi danh") == ["Vô Danh Thị"]


def test_a_phone_by_its_last_digits_and_an_id_by_its_first(people, db):
    assert names(db, "5678") == ["Nguyễn Thị Nhung", "Trần Thị Nhung"]
    assert names(db, "345678") == ["Nguyễn Thị Nhung"]
    assert names(db, "005678") == ["Trần Thị Nhung"]
    assert names(db, "0011850") == ["Trần Thị Nhung", "Nguyễn Thị Nhàn"]  # by ID
    assert names(db, "001190000123") == ["Nguyễn Thị Nhung"]  # exact first
    assert names(db, "001") == ["Nhung Văn Tài", "Trần Thị Nhung", "Nguyễn Thị Nhàn",
                                "Nguyễn Thị Nhung", "Lê Nhung Anh"]  # by ID, as typed
    assert names(db, "12") == []  # too short to mean anything


def test_a_scanned_card_finds_its_holder_by_the_new_or_the_old_number(people, db, site):
    card = CccdQr("001190000123", None, "Nguyễn Thị Nhung", date(1990, 5, 1), Sex.FEMALE,
                  "Hà Nội", date(2021, 5, 10))
    assert names(db, format_cccd_qr(card)) == ["Nguyễn Thị Nhung"]
    assert find_card_holder(db, card).id == people["nhung"]
    # Registered years ago under the old CMND: the new card's QR names it.
    cmnd = add_cmnd(db, "Phạm Văn Cũ", "012345678")
    new_card = card._replace(id_number="001080000999", old_id_number="012345678",
                             full_name="Phạm Văn Cũ")
    assert find_card_holder(db, new_card).id == cmnd
    assert find_card_holder(db, card._replace(id_number="001190009999")) is None
    with pytest.raises(UserError) as damaged:
        search_people(db, "00119000012|x|Nguyễn Thị Nhung|01051990|Nữ|Hà Nội|10052021")
    assert damaged.value.code == "CCCD_QR_INVALID"


def add_cmnd(db, name, number):
    from desktop_app.services.actor import AT_THIS_LAPTOP
    from desktop_app.services.doses import DoseInput, PersonInput, record_dose

    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 1), "Lan"),
                      person=PersonInput(name, date(1980, 1, 1), Sex.MALE, IdType.CMND,
                                         number), today=date(2022, 1, 1), actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.person_id


def test_the_old_cmnd_is_kept_and_found(db, site):
    from desktop_app.services.actor import AT_THIS_LAPTOP
    from desktop_app.services.doses import DoseInput, PersonInput, record_dose

    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 1), "Lan"),
                      person=PersonInput("Đỗ Thị Hai", date(1990, 2, 2), Sex.FEMALE,
                                         IdType.CCCD, "001190000222",
                                         old_id_number="123456789"),
                      today=date(2022, 1, 1), actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    assert [h.id for h in search_people(db, "123456789")] == [out.person_id]
