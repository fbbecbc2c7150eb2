"""A certificate's identifier holds its site code whole: a 30-letter code (the setup took
up to 32) made a UVCI over the EU's 80 characters, which was cut, losing its check
character, and editions 1, 10 and 11 of a dose became one identifier (revoking one revoked
them all). The longest code a site may now have gives whole, valid UVCIs to edition 999;
a longer one is refused by the laptop's setup and by the platform's create-site alike."""

from __future__ import annotations

import uuid

import pytest

from central_server.auth import SiteExists, create_site
from central_server.db.engine import make_engine
from desktop_app.certificates.uvci import MAX_LENGTH, is_valid_uvci, make_uvci
from desktop_app.rules.site_code import SITE_CODE_MAX, site_problems


def test_the_longest_site_code_gives_whole_distinct_uvcis():
    code = "HN-" + "7" * (SITE_CODE_MAX - 3)
    dose = str(uuid.uuid4())
    made = [make_uvci(code, dose, edition) for edition in (0, 1, 10, 11, 999)]
    assert all(is_valid_uvci(u) and len(u) <= MAX_LENGTH for u in made)
    assert len(set(made)) == 5


def test_a_longer_code_is_refused_everywhere_and_never_cut():
    code = "TRAMYTEPHUONGLANGHADONGDA-01"  # 28 characters
    assert [p.code for p in site_problems(code, "Trạm")] == ["SITE_CODE_TOO_LONG"]
    with pytest.raises(ValueError):
        make_uvci("X" * 40, str(uuid.uuid4()), 11)


def test_the_platform_registers_no_site_the_laptop_could_not_be_set_up_as(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    try:
        with pytest.raises(SiteExists) as refused:
            create_site(engine, "TRAMYTEPHUONGLANGHADONGDA-01", "Trạm")
        assert "at most 24 characters" in str(refused.value)
        with pytest.raises(SiteExists):
            create_site(engine, "HN 0001", "Trạm")
        create_site(engine, "HN-0001", "Trạm")  # a site code as sites have them
    finally:
        engine.dispose()
