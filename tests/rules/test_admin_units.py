"""Vietnam's administrative units as the setup form uses them: from the maintained package,
with GSO codes, found by typing without accents."""

import subprocess
import sys

from desktop_app.rules.admin_units import (
    commune,
    communes,
    find_one,
    province,
    provinces,
    search,
)
from desktop_app.rules.names import fold


def test_the_34_provinces_of_the_2025_reorganisation_are_loaded_with_two_digit_codes():
    units = provinces()
    assert len(units) == 34
    assert all(len(p.code) == 2 and p.code.isdigit() for p in units)
    assert {"01", "79"} <= {p.code for p in units}  # Hà Nội, Hồ Chí Minh City
    assert [p.name for p in units] == sorted(  # alphabetical, ignoring "Thành phố"
        (p.name for p in units), key=lambda n: fold(n).removeprefix("thanh pho "))


def test_communes_hang_directly_under_their_province_with_five_digit_codes():
    hanoi = communes("01")
    assert len(hanoi) > 100
    assert all(c.province_code == "01" and len(c.code) == 5 and c.code.isdigit() for c in hanoi)
    assert {c.kind for c in hanoi} <= {"xã", "phường", "đặc khu"}  # no districts any more
    total = sum(len(communes(p.code)) for p in provinces())
    assert total > 3000
    assert communes("99") == () and communes(None) == ()


def test_a_ward_is_found_by_typing_without_accents_or_capitals():
    found = search(communes("01"), "lang")
    assert found[0].name == "Phường Láng"
    assert all(c.matches("LÁNG") for c in found)
    assert [c.name for c in search(communes("01"), "  PHUONG   lang ")][0] == "Phường Láng"


def test_typed_text_names_a_unit_only_when_unambiguous():
    assert find_one(provinces(), "ha noi").name == "Thành phố Hà Nội"
    assert find_one(provinces(), "lang son").code == "20"
    assert find_one(communes("01"), "lang").name == "Phường Láng"  # exact beats "Yên Lãng"
    assert find_one(communes("01"), "phuong") is None  # dozens of wards
    assert find_one(communes("01"), "xyz") is None
    assert find_one(provinces(), "") is None


def test_lookup_by_code_pads_like_the_statistics_office_and_keeps_levels_apart():
    assert province("1").name == "Thành phố Hà Nội"
    assert province("01") is province("1")
    ward = commune("187")
    assert ward is not None and ward.name == "Phường Láng" and ward.code == "00187"
    assert province("00187") is None and commune("01") is None
    assert commune("99999") is None and province(None) is None


def test_the_package_is_imported_on_first_use_not_with_the_app():
    code = (
        "import sys\n"
        "import desktop_app.rules.admin_units as a\n"
        "assert 'vietnam_provinces' not in sys.modules\n"
        "assert len(a.provinces()) == 34 and 'vietnam_provinces' in sys.modules\n"
        "assert a.provinces() is a.provinces()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
