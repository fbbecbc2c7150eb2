"""ICAO 9303 names and UVCIs: what a verifier abroad compares against a passport."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.certificates.names import icao_transliterate, split_name
from desktop_app.certificates.uvci import check_character, is_valid_uvci, make_uvci

VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữự"
    "vxyỳýỷỹỵ"
)


def test_vietnamese_names_lose_every_tone_mark_and_d_stroke():
    assert icao_transliterate("Đặng Thị Ngọc Hưởng") == "DANG<THI<NGOC<HUONG"
    assert icao_transliterate("Nguyễn") == "NGUYEN"
    assert icao_transliterate("Lê Trần Ưng") == "LE<TRAN<UNG"


def test_the_same_name_in_nfd_and_capitals_gives_the_same_icao_form():
    nfd = unicodedata.normalize("NFD", "Phạm  Quỳnh   Anh")
    assert icao_transliterate(nfd) == icao_transliterate("PHẠM QUỲNH ANH") == "PHAM<QUYNH<ANH"


def test_icao_spells_out_the_letters_it_names():
    assert icao_transliterate("Müller-Lüdenscheidt") == "MUELLER<LUEDENSCHEIDT"
    assert icao_transliterate("Øster Ångström") == "OESTER<AANGSTROEM"
    assert icao_transliterate("O'Brien") == "OBRIEN"


@given(st.lists(st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " -",
                        min_size=1, max_size=12), min_size=1, max_size=5))
def test_any_vietnamese_name_gives_what_the_dcc_schema_accepts(words):
    out = icao_transliterate(" ".join(words))
    assert re.fullmatch(r"[A-Z<]*", out)
    assert "<<" not in out and not out.startswith("<") and not out.endswith("<")


def test_vietnamese_family_name_comes_first():
    name = split_name("Nguyễn Thị Ánh Tuyết")
    assert (name.family, name.given) == ("Nguyễn", "Thị Ánh Tuyết")
    assert (name.family_icao, name.given_icao) == ("NGUYEN", "THI<ANH<TUYET")


def test_one_word_name_is_a_family_name_only():
    name = split_name("Hùng")
    assert (name.family, name.given, name.family_icao, name.given_icao) == ("Hùng", "", "HUNG", "")


def test_uvci_check_character_matches_the_eu_test_certificate():
    # From the EU's dgc-testdata (AT/2DCode/raw/1.json): "...BD813#B".
    assert check_character("URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813") == "B"
    assert is_valid_uvci("URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B")
    assert not is_valid_uvci("URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#C")


def test_uvci_is_stable_per_dose_and_valid():
    dose = "5f0e8a56-2b1c-4d3e-8f9a-0b1c2d3e4f5a"
    first, again = make_uvci("HN-0001", dose), make_uvci("HN-0001", dose)
    assert first == again and is_valid_uvci(first) and len(first) <= 80
    assert first.startswith("URN:UVCI:01:VN:HN0001/")
    assert make_uvci("HN-0001", "6f0e8a56-2b1c-4d3e-8f9a-0b1c2d3e4f5a") != first
