"""The one message catalogue: every code in both languages with the same placeholders, and
every code the code base names is in it."""

import ast
import re
from pathlib import Path

import pytest

import desktop_app
from desktop_app.rules.messages import CATALOGUE, LANGUAGES, Part, UserError, placeholders, text

ROOT = Path(desktop_app.__file__).parent
SOURCES = [*ROOT.rglob("*.py"), *(ROOT.parent / "central_server").rglob("*.py")]


def test_every_message_has_both_languages_with_the_same_placeholders():
    for code, texts in CATALOGUE.items():
        assert set(texts) == set(LANGUAGES), code
        assert texts["vi"].strip() and texts["en"].strip(), code
        assert placeholders(texts["vi"]) == placeholders(texts["en"]), code


def test_codes_are_stable_upper_case_names():
    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*", code) for code in CATALOGUE)


def _string_first_args(names: set[str]) -> set[str]:
    """The literal first argument of every call to one of ``names`` (functions or classes)."""
    found = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in names:
                found.add(node.args[0].value)
    return found


def test_every_code_the_code_names_has_a_message():
    emitted = _string_first_args({"error", "warning", "text", "Part", "UserError",
                                  "CertificateError", "ImportRefused", "outcome", "FhirError",
                                  "SignerRefused", "fail", "say", "MalformedCertificate"})
    emitted = {c for c in emitted if re.fullmatch(r"[A-Z][A-Z0-9_]+", c)}
    assert len(emitted) > 60, "found few codes: the scan is broken"
    assert emitted - set(CATALOGUE) == set()


def test_a_message_can_hold_a_part_in_the_same_language():
    ages = Part("AGES_BETWEEN", min_age=5, max_age=11)
    assert "từ 5 đến 11 tuổi" in text("DOSE_AGE_OUTSIDE", "vi", product="X", ages=ages, age=30)
    assert "aged 5 to 11" in text("DOSE_AGE_OUTSIDE", "en", product="X", ages=ages, age=30)


def test_a_user_error_carries_its_code_and_speaks_both_languages():
    err = UserError("SYNC_NOT_CONFIGURED")
    assert err.code == "SYNC_NOT_CONFIGURED"
    assert err.message("vi").startswith("Chưa cấu hình hệ thống trung tâm")
    # The app's words name its Sync area; a command names what to type.
    assert "mục Đồng bộ" in err.message("vi") and "--server" not in err.message("vi")
    assert "vaxdesk sync --server" in err.on_command_line("vi")
    assert UserError("SYNC_NO_SITE").on_command_line("en") == UserError(
        "SYNC_NO_SITE").message("en")
    assert str(err) == err.message("en")
    with pytest.raises(KeyError):
        UserError("NO_SUCH_CODE")


def test_a_placeholder_may_be_named_like_the_arguments():
    """`vaxdesk info` crashed on a site's {code} before the code became positional-only."""
    assert text("CLI_SITE", "en", code="HN-1", name="Trạm") == "site: HN-1 Trạm"
    assert UserError("NOT_FOUND", ref="x").message("en") == "x not found."


def test_no_code_is_written_twice_in_one_part():
    # A dict literal keeps the last of two equal keys silently: a second "DASH_COL_RECEIVED"
    # once replaced the first's words on every page that used it.
    for part in (ROOT / "rules" / "messages").glob("*.py"):
        for node in ast.walk(ast.parse(part.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                twice = {k for k in keys if keys.count(k) > 1}
                assert not twice, f"{part.name}: {sorted(twice)}"


def test_an_english_noun_after_a_number_agrees_with_it():
    from desktop_app.rules.numbers import Count

    assert text("LOGIN_WAIT", "en", seconds=1).startswith("A login just failed: wait 1 second ")
    assert "wait 4 seconds" in text("LOGIN_WAIT", "en", seconds=4)
    assert "1 entry," in text("AUDIT_INTACT", "en", entries=Count(1))
    assert "1,001 entries" in text("AUDIT_INTACT", "en", entries=Count(1001))
    assert "1.001 mục" in text("AUDIT_INTACT", "vi", entries=Count(1001))
    # No English message keeps a hand-written "(s)".
    assert not [code for code, texts in CATALOGUE.items() if "(s)" in texts["en"]]
