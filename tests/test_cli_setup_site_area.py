"""``vaxdesk setup-site`` and the site's area. Run again with the same code and name (the
README has it once per laptop, and a script may repeat it), it erased the province and
commune set in the app's setup: the cleaning worklist lost its communes and the site's
reports their area. Now an area left out is kept as recorded for the site, and
``--province``/``--commune`` set it, checked as the setup dialog checks a choice (a province
of the GSO list, a commune of that province). The real command (``cli.main``) on a real
database file."""

from __future__ import annotations

import pytest

from desktop_app import cli, exit_codes
from desktop_app.db.database import open_database
from desktop_app.rules.messages import text
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.site import current_site, set_up_site
from tests.keys import TEST_PASSPHRASE, ensure_test_supervisor, raw_connect

NAME = "Trạm Y tế Phường Láng Hạ"


def _area(db_path) -> tuple:
    with open_database(db_path, TEST_PASSPHRASE) as db:
        site = current_site(db)
        return site.code, site.name, site.province_code, site.district_code, site.commune_code


def _setup_site(capsys, db_path, *args: str) -> tuple[int, str]:
    code = cli.main(["--db", str(db_path), "setup-site", *args])
    said = capsys.readouterr()
    return code, said.out + said.err


def _site_entries(db_path) -> int:
    with raw_connect(db_path) as conn:
        return conn.execute("SELECT count(*) FROM audit_entry WHERE entity_id = "
                            "'current_site_id'").fetchone()[0]


@pytest.fixture
def set_up_in_the_app(db_path):
    """The site as the setup dialog saved it: its province and commune chosen."""
    ensure_test_supervisor(db_path)
    with open_database(db_path, TEST_PASSPHRASE) as db:
        set_up_site(db, "HN-0001", NAME, province_code="01", commune_code="00070",
                    actor=AT_THIS_LAPTOP)
    return db_path


def test_running_setup_site_again_keeps_the_area_set_in_the_app(capsys, set_up_in_the_app):
    db_path = set_up_in_the_app
    before = _site_entries(db_path)
    code, said = _setup_site(capsys, db_path, "HN-0001", NAME)
    assert code == 0, said
    assert _area(db_path) == ("HN-0001", NAME, "01", None, "00070")
    assert _site_entries(db_path) == before  # nothing changed: nothing audited


def test_the_area_is_given_by_its_codes_and_a_new_province_drops_the_old_commune(
        capsys, set_up_in_the_app):
    db_path = set_up_in_the_app
    code, said = _setup_site(capsys, db_path, "HN-0001", NAME, "--province", "79",
                             "--commune", "27316")
    assert code == 0, said
    assert _area(db_path) == ("HN-0001", NAME, "79", None, "27316")
    code, said = _setup_site(capsys, db_path, "HN-0001", NAME, "--province", "1")
    assert code == 0, said
    # the commune was Hồ Chí Minh City's: not kept under Hà Nội; codes written as the GSO does
    assert _area(db_path) == ("HN-0001", NAME, "01", None, None)
    code, said = _setup_site(capsys, db_path, "HN-0001", NAME, "--commune", "70")
    assert code == 0, said  # the commune of the province recorded for this site
    assert _area(db_path) == ("HN-0001", NAME, "01", None, "00070")


@pytest.mark.parametrize("args, message, params", [
    (["--province", "99"], "SITE_PROVINCE_UNKNOWN", {"code": "99"}),
    (["--province", "79", "--commune", "00070"], "SITE_COMMUNE_UNKNOWN",
     {"code": "00070", "province": "Thành phố Hồ Chí Minh"}),
    (["--commune", "27316"], "SITE_COMMUNE_UNKNOWN",  # the recorded province is Hà Nội
     {"code": "27316", "province": "Thành phố Hà Nội"}),
    (["--commune", "abc"], "SITE_COMMUNE_UNKNOWN",
     {"code": "abc", "province": "Thành phố Hà Nội"}),
])
def test_an_unknown_code_is_refused_in_words_and_nothing_changes(capsys, set_up_in_the_app,
                                                                args, message, params):
    db_path = set_up_in_the_app
    before = _site_entries(db_path)
    code, said = _setup_site(capsys, db_path, "HN-0001", "Tên khác", *args)
    assert code == exit_codes.CANNOT_START
    assert said.strip() == text(message, "vi", **params)
    assert _area(db_path) == ("HN-0001", NAME, "01", None, "00070")
    assert _site_entries(db_path) == before


def test_a_new_site_needs_its_province_before_its_commune(capsys, db_path):
    ensure_test_supervisor(db_path)
    code, said = _setup_site(capsys, db_path, "HN-0002", "Trạm Y tế Xã Đông Anh",
                             "--commune", "00070")
    assert code == exit_codes.CANNOT_START
    assert said.strip() == text("SITE_COMMUNE_NEEDS_PROVINCE", "vi", code="00070")
    code = cli.main(["--db", str(db_path), "--lang", "en", "setup-site", "HN-0002", "Trạm",
                     "--province", "01", "--commune", "00070"])
    assert code == 0, capsys.readouterr().err
    assert _area(db_path) == ("HN-0002", "Trạm", "01", None, "00070")


@pytest.mark.parametrize(("given", "message", "params"), [
    ("HN 0001", "SETUP_CODE_CHARS", {"chars": "dấu cách"}),
    ("HN/0001", "SETUP_CODE_CHARS", {"chars": "“/”"}),
    ("79-00123?", "SETUP_CODE_CHARS", {"chars": "“?”"}),
    ("X" * 40, "SITE_CODE_TOO_LONG", {"most": 24, "length": 40}),
])
def test_a_site_code_the_setup_form_refuses_is_refused_by_the_command_too(
        capsys, db_path, given, message, params):
    """The setup form refuses spaces and other characters in the site code (it goes into
    every certificate's UVCI and every message to the platform) and more than 32 of them;
    `vaxdesk setup-site "HN 0001" …` stored it as given. Now the command says what the
    form says, and no site is set up."""
    ensure_test_supervisor(db_path)
    code, said = _setup_site(capsys, db_path, given, NAME)
    assert code == exit_codes.CANNOT_START
    assert said.strip() == text(message, "vi", **params)
    with open_database(db_path, TEST_PASSPHRASE) as db:
        assert current_site(db) is None


@pytest.mark.parametrize(("given", "name", "message"), [
    ("   ", NAME, "SITE_CODE_REQUIRED"), ("HN-0001", "   ", "SITE_NAME_REQUIRED")])
def test_a_blank_site_code_or_name_is_refused_in_words_not_a_traceback(
        capsys, db_path, given, name, message):
    """`vaxdesk setup-site "" "Trạm"` ended in a Python traceback (ValueError); now it
    names the missing field."""
    ensure_test_supervisor(db_path)
    code, said = _setup_site(capsys, db_path, given, name)
    assert code == exit_codes.CANNOT_START
    assert said.strip() == text(message, "vi")
    with open_database(db_path, TEST_PASSPHRASE) as db:
        assert current_site(db) is None


@pytest.mark.parametrize("passphrase_given", [False, True])
def test_setting_up_the_site_again_does_not_say_its_signing_key_is_missing(
        capsys, monkeypatch, set_up_in_the_app, passphrase_given):
    """README: running setup-site again never erases anything. With the key made, it said
    "No certificate-signing key yet: run `vaxdesk signing-key create`" (which then refuses:
    the site has a key); now it keeps the key and says nothing of one."""
    from desktop_app.services import signing
    from tests.certificates.signed import PASSPHRASE

    with open_database(set_up_in_the_app, TEST_PASSPHRASE) as db:
        signing.create_signing_key(db, PASSPHRASE, actor=AT_THIS_LAPTOP)
        fingerprint = signing.signer_state(db).fingerprint
    if passphrase_given:
        monkeypatch.setenv("VAXDESK_SIGNING_PASSPHRASE", PASSPHRASE)
    else:
        monkeypatch.delenv("VAXDESK_SIGNING_PASSPHRASE", raising=False)
    code, said = _setup_site(capsys, set_up_in_the_app, "HN-0001", NAME)
    assert code == exit_codes.DONE, said
    assert text("CLI_NO_SIGNING_KEY", "vi") not in said, said
    with open_database(set_up_in_the_app, TEST_PASSPHRASE) as db:
        assert signing.signer_state(db).fingerprint == fingerprint


def test_a_site_set_up_without_an_area_is_told_where_the_platform_lists_it(capsys, db_path):
    """A site set up with a new code and no --province/--commune was left with no area and
    no word: the province's dashboard then counts it in no area's share (setuprev)."""
    ensure_test_supervisor(db_path)
    code, said = _setup_site(capsys, db_path, "HN-0003", "Trạm Y tế Xã Mai Lâm")
    assert code == 0, said
    assert text("CLI_SITE_NO_AREA", "vi") in said and "--province" in said
    code, said = _setup_site(capsys, db_path, "HN-0003", "Trạm Y tế Xã Mai Lâm",
                             "--province", "01", "--commune", "00070")
    assert code == 0 and text("CLI_SITE_NO_AREA", "vi") not in said
