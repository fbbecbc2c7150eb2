"""``vaxdesk`` speaks one language at a time, as the app does: Vietnamese by default (or the
saved preference), English with ``--lang en``. Its help (argparse's own words too), its
argument errors, and what its commands print. Before, the help was English with a Vietnamese
exit-code table, and a trust list's refusal, the police file's refused rows, a day's held-back
certificates and an unreachable lookup each kept one language whatever ``--lang``."""

from __future__ import annotations

import argparse
import inspect
import json
import re

import pytest

from desktop_app import cli, settings
from desktop_app.cli_parser import _ERRORS
from desktop_app.rules.messages import CATALOGUE, text
from desktop_app.rules.messages import cli_help as help_messages
from tests.keys import ensure_test_supervisor

COMMANDS = [[], ["import"], ["verify"], ["sync"], ["cleaning", "import"], ["user", "add"],
            ["report", "daily"], ["certificate"], ["passphrase", "change"], ["setup-site"]]
# English words a Vietnamese help never holds (option names, metavars, choices and
# command names are taken out first: scripts type those in either language)
ENGLISH = re.compile(r"\b(the|of|and|or|with|this|show|write|default|usage|options|"
                     r"arguments|exit|error|required|invalid|choose)\b", re.IGNORECASE)
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", re.IGNORECASE)


def _words(said: str) -> str:
    """What a person reads, without what they type: options, {choices}, METAVARS."""
    said = re.sub(r"--?[\w-]+|\{[^}]*\}|\b[A-Z][A-Z0-9_]+\b", " ", said)
    return said.replace("'Lỗi'", "")  # the fix file's column is called that in English too


def _help(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        cli.main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def _in_vietnamese(said: str) -> None:
    assert not re.search(r"\b(HELP|ARGS)_[A-Z_]+", said), said  # a code, not its text
    assert not ENGLISH.search(_words(said)), ENGLISH.search(_words(said))
    assert VIETNAMESE.search(said), said


def _in_english(said: str) -> None:
    assert not re.search(r"\b(HELP|ARGS)_[A-Z_]+", said), said
    assert not VIETNAMESE.search(_words(said)), VIETNAMESE.search(_words(said))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "vaxdesk")
def test_the_help_is_wholly_vietnamese_by_default_and_wholly_english_when_asked(capsys,
                                                                              command):
    vi = _help(capsys, *command)
    assert vi.startswith("cách dùng: vaxdesk") and "tùy chọn:" in vi
    _in_vietnamese(vi)
    assert _help(capsys, "--lang", "vi", *command) == vi
    en = _help(capsys, "--lang", "en", *command)
    assert en.startswith("usage: vaxdesk") and "options:" in en
    _in_english(en)
    assert "show this help message and exit" in en


def test_the_top_help_lists_every_command_and_the_exit_codes_in_its_language(capsys):
    vi = _help(capsys)
    assert "đối số theo vị trí:" in vi and "hiện hướng dẫn này rồi thoát" in vi
    assert "mã thoát:" in vi and "nhật ký thao tác đã bị sửa" in vi
    assert "hệ thống trung tâm" in vi and "máy chủ" not in vi
    en = _help(capsys, "--lang", "en")
    assert "positional arguments:" in en and "exit codes:" in en
    assert "the audit trail was tampered with" in en


def _every_parser(parser: argparse.ArgumentParser):  # noqa: ANN202
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _every_parser(child)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_command_and_argument_says_what_it_is_in_the_language(lang):
    checked = 0
    for parser in _every_parser(cli._parser(lang)):
        said = parser.format_help()
        (_in_vietnamese if lang == "vi" else _in_english)(said)
        for action in parser._actions:
            if not isinstance(action, argparse._SubParsersAction):
                assert action.help, (parser.prog, action.dest)
                checked += 1
    assert checked > 60, "the walk is broken"


def test_every_help_entry_has_both_languages_with_the_same_placeholders():
    from desktop_app.rules.messages import placeholders

    for code, texts in help_messages.MESSAGES.items():
        assert CATALOGUE[code] is texts  # registered in the one catalogue
        assert texts["vi"].strip() and texts["en"].strip(), code
        assert placeholders(texts["vi"]) == placeholders(texts["en"]), code
        assert "%" not in texts["vi"] + texts["en"], code  # argparse formats help with %


ERRORS = [  # argv, the error in Vietnamese, in English
    (["info", "--bogus"], "không hiểu các đối số: --bogus", "unrecognized arguments: --bogus"),
    (["signing-key", "foo"], "đối số action: lựa chọn không hợp lệ: 'foo' (chọn một trong",
     "argument action: invalid choice: 'foo' (choose from"),
    (["report", "daily"], "còn thiếu đối số bắt buộc: --from, --to",
     "the following arguments are required: --from, --to"),
    (["search", "--limit", "abc", "lan"], "đối số --limit: 'abc' không phải số nguyên lớn hơn 0",
     "argument --limit: 'abc' is not a whole number above zero"),
    (["certificate", "x", "--out", "a.pdf", "--qr-text"],
     "đối số --qr-text: không dùng được cùng với --out",
     "argument --qr-text: not allowed with argument --out"),
    (["certificate", "x"], "cần một trong các đối số --out --qr-text",
     "one of the arguments --out --qr-text is required"),
    (["sync", "--server"], "đối số --server: cần một giá trị",
     "argument --server: expected one argument"),
    (["nosuch"], "đối số command: lựa chọn không hợp lệ: 'nosuch'",
     "argument command: invalid choice: 'nosuch'"),
]


@pytest.mark.parametrize("argv, vi, en", ERRORS, ids=lambda v: " ".join(v)
                         if isinstance(v, list) else "")
def test_argument_errors_are_said_in_the_language(capsys, argv, vi, en):
    for lang, expected, check in (("vi", vi, _in_vietnamese), ("en", en, _in_english)):
        with pytest.raises(SystemExit) as done:
            cli.main(["--lang", lang, *argv])
        assert done.value.code == 2
        err = capsys.readouterr().err
        assert expected in err, err
        assert err.startswith("cách dùng: " if lang == "vi" else "usage: "), err
        assert (": lỗi: " if lang == "vi" else ": error: ") in err, err
        check(err)


def test_every_argparse_sentence_matched_is_argparse_s_own():
    """The sentences are matched as this Python's argparse words them: a new wording (a
    Python upgrade) fails here rather than leaving the message in English."""
    source = inspect.getsource(argparse)
    for template in _ERRORS:
        assert f"'{template}'" in source, template


def test_no_other_parser_changes_language():
    cli._parser("vi")
    plain = argparse.ArgumentParser(prog="x").format_help()
    assert plain.startswith("usage: x") and "options:" in plain


def test_the_language_is_the_one_asked_before_the_command_else_the_saved_one(tmp_path,
                                                                          monkeypatch):
    monkeypatch.setenv("VAXDESK_DATA_DIR", str(tmp_path))
    asked = cli._language_asked
    assert asked(["import", "--help"]) == "vi"
    for argv in (["--lang", "en", "import"], ["--lang=en", "import"], ["--la", "en"],
                 ["--db", "x.db", "--user", "lan", "--lang", "en", "import", "--help"]):
        assert asked(argv) == "en", argv
    assert asked(["--db", "--lang", "import"]) == "vi"  # a file named --lang
    (tmp_path / settings.PREFERENCES_FILE).write_text('{"language": "en"}')  # the app's
    assert asked(["import", "--help"]) == "en"
    assert asked(["--lang", "vi", "import"]) == "vi"
    assert asked(["--lang", "fr", "import"]) == "en"  # refused by argparse, in English


def test_the_parser_is_built_once_in_the_language_asked(monkeypatch, capsys):
    built = []
    real = cli._parser
    monkeypatch.setattr(cli, "_parser", lambda lang: built.append(lang) or real(lang))
    with pytest.raises(SystemExit):
        cli.main(["--db", "x.db", "--lang", "en", "audit", "--help"])
    assert built == ["en"]
    assert capsys.readouterr().out.startswith("usage: vaxdesk audit")


# What the commands print


@pytest.fixture
def logged_in(db_path):
    ensure_test_supervisor(db_path)
    return db_path


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_trust_list_that_cannot_be_used_is_said_wholly_in_the_language(logged_in, tmp_path,
                                                                         capsys, lang):
    no_keys = tmp_path / "eu.json"
    no_keys.write_text(json.dumps([{"kid": "AA==", "certificateType": "DSC",
                                    "rawData": "bm90IGEgY2VydA=="}]))
    not_json = tmp_path / "list.json"
    not_json.write_text("<html>gateway</html>")
    for path, why in ((no_keys, "TRUST_LIST_NO_USABLE_DSC"), (not_json, "TRUST_LIST_NOT_JSON"),
                      (tmp_path / "missing.json", "TRUST_LIST_FILE_MISSING"),
                      (tmp_path, "TRUST_LIST_FILE_IS_FOLDER")):
        code = cli.main(["--db", str(logged_in), "--lang", lang, "verify", "HC1:6BF",
                         "--trust-list", str(path)])
        err = capsys.readouterr().err
        assert code == 2
        (_in_vietnamese if lang == "vi" else _in_english)(err.replace(str(path), ""))
        assert err.strip() == text("CLI_FILE_UNREADABLE", lang, path=path,
                                   detail=text(why, lang)), err
    cli.main(["--db", str(logged_in), "--lang", lang, "verify", "HC1:6BF", "--json",
              "--trust-list", str(no_keys)])
    said = json.loads(capsys.readouterr().out)
    assert said["message"].endswith(f"({text('TRUST_LIST_NO_USABLE_DSC', lang)})")


def test_the_police_file_s_refused_rows_are_said_in_the_language(db, site, boss, tmp_path,
                                                                capsys):
    from desktop_app.rules.messages import Part
    from desktop_app.rules.problems import Problem
    from desktop_app.services.records import correct_person
    from tests.cleaning.people import TODAY
    from tests.cleaning.test_police_results_guarded import HOA, _answer, _sent

    lan, hoa, out = _sent(db, boss, tmp_path)
    assert correct_person(db, lan, {"full_name": "Phạm Thị Lanh"}, actor=boss,
                          today=TODAY).saved  # since the export: her row is not applied
    back = _answer(out, tmp_path / "tra-ve.xlsx", {
        lan: ("Phạm Thị Lành", "12/03/1985", "sai thông tin"),
        hoa: (HOA.replace("Hoa", "Hòa"), "", "khớp")})  # a match with another name: refused
    db.close()
    code = cli.main(["--db", str(db.path), "--lang", "en", "cleaning", "import", str(back),
                     "--apply"])
    said = capsys.readouterr().out
    assert code == 1, said
    assert "2 rows not applied" in said  # Hoa's, refused; Lan's, skipped when read
    changed = text("POLICE_ROW_CHANGED", "en", fields=Part("FIELD_FULL_NAME"))
    differs = Problem("POLICE_ROW_MATCH_DIFFERS", "result").message("en")
    assert f": {changed}" in said and said.count(differs) == 2, said  # preview, then refused
    for vi in (text("POLICE_ROW_CHANGED", "vi", fields=Part("FIELD_FULL_NAME")),
               Problem("POLICE_ROW_MATCH_DIFFERS", "result").message("vi")):
        assert vi not in said


def test_a_day_s_held_back_certificates_are_said_in_the_language(db, site, capsys, tmp_path):
    from desktop_app.rules.identity import Sex, make_cccd
    from tests.cleaning.people import paper

    paper(db, full_name="Trần Thị Mai", id_number=make_cccd("001", Sex.MALE, 1985, 777))
    db.close()
    code = cli.main(["--db", str(db.path), "--lang", "en", "certificates", "--day",
                     "2021-09-02", "--out", str(tmp_path / "day.pdf")])
    err = capsys.readouterr().err
    assert code == 1, err
    held, nothing = err.strip().splitlines()
    assert "Trần Thị Mai" in held
    _in_english(held.replace("Trần Thị Mai", ""))
    assert nothing == text("CLI_DAY_ALL_HELD_BACK", "en")  # not "no doses that day"


def test_an_unreachable_platform_is_said_in_the_language_on_lookup(logged_in, monkeypatch,
                                                                    capsys):
    from desktop_app.db.database import open_database
    from desktop_app.rules.identity import Sex, make_cccd
    from desktop_app.services import sync as syncing
    from desktop_app.services.actor import AT_THIS_LAPTOP
    from desktop_app.services.site import set_up_site
    from desktop_app.sync.client import SyncClient
    from tests.keys import TEST_PASSPHRASE

    with open_database(logged_in, TEST_PASSPHRASE) as db:
        set_up_site(db, "HN-0001", "Trạm Y tế Láng Hạ", province_code="01",
                    actor=AT_THIS_LAPTOP)
        syncing.save_config(db, "http://127.0.0.1:9/fhir", "t", actor=AT_THIS_LAPTOP)
    monkeypatch.setattr(SyncClient, "_backoff", lambda self, attempt: 0.0)
    for lang in ("vi", "en"):
        code = cli.main(["--db", str(logged_in), "--lang", lang, "lookup",
                         make_cccd("001", Sex.MALE, 1980, 3)])
        err = capsys.readouterr().err
        assert code == 2
        assert err.strip() == text("LOOKUP_UNREACHABLE", lang, detail=text(
            "SYNC_STEP_PROBLEM_UNREACHABLE", lang)), err


def test_a_lookup_with_no_platform_set_says_what_to_type(logged_in, capsys):
    """It said "give --server and --token", options `lookup` does not take."""
    from desktop_app.rules.identity import Sex, make_cccd

    for lang in ("vi", "en"):
        code = cli.main(["--db", str(logged_in), "--lang", lang, "lookup",
                         make_cccd("001", Sex.MALE, 1980, 3)])
        err = capsys.readouterr().err
        assert code == 2 and err.strip() == text("CLI_SYNC_NOT_CONFIGURED", lang), err
        assert "vaxdesk sync --server" in err


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_setting_up_the_site_says_so_in_the_language(logged_in, capsys, lang):
    code = cli.main(["--db", str(logged_in), "--lang", lang, "setup-site", "HN-0001",
                     "Trạm Y tế Láng Hạ"])
    said = capsys.readouterr().out.splitlines()
    assert code == 0
    assert said == [text("CLI_SITE", lang, code="HN-0001", name="Trạm Y tế Láng Hạ"),
                    text("CLI_NO_SIGNING_KEY", lang)]
