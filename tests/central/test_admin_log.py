"""The administrator's commands at the server leave a trail: who (the operator named, or
the server's login), which command, about what, and how it ended, refusals included; never
the token a command printed. Through ``vaxdesk-central`` itself on a real SQLite store."""

from __future__ import annotations

import getpass
import json

import pytest

from central_server.admin_log import entries
from central_server.cli import main
from central_server.db.engine import make_engine


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.delenv("VAXDESK_CENTRAL_OPERATOR", raising=False)
    monkeypatch.setenv("VAXDESK_CENTRAL_ALLOW_PLAIN_CSCA", "1")
    return f"sqlite:///{tmp_path / 'central.db'}"


def run(store, *args):
    return main(["--database-url", store, *args])


def logged(store):
    engine = make_engine(store)
    try:
        return [(e.operator, e.command, e.subject, json.loads(e.details))
                for e in entries(engine)]
    finally:
        engine.dispose()


def test_each_change_is_recorded_with_its_operator_and_outcome(store, capsys, monkeypatch):
    assert run(store, "--operator", "Nguyễn Văn An (Sở Y tế)", "create-site", "HN-0001",
               "Trạm Y tế Láng Hạ", "--province", "01", "--commune", "00070") == 0
    created = capsys.readouterr()
    token = created.out.strip().splitlines()[-1]
    first = created.err.split("fingerprint ", 1)[1][:19]
    monkeypatch.setenv("VAXDESK_CENTRAL_OPERATOR", "ops-team")
    assert run(store, "issue-token", "HN-0001", "--replace") == 0  # its laptop replaced
    issued = capsys.readouterr()
    second = issued.out.strip()
    fingerprint = issued.err.split("fingerprint ", 1)[1][:19]  # what names it from now on
    monkeypatch.delenv("VAXDESK_CENTRAL_OPERATOR")
    assert run(store, "link", "Patient/a", "Patient/b") == 2  # refused: no such Patients
    assert run(store, "list-signers") == 0  # reads only: not recorded
    login = f"login:{getpass.getuser()}"
    assert logged(store) == [
        (login, "link", "Patient/a Patient/b", {"outcome": 2}),
        ("ops-team", "issue-token", "HN-0001", {"fingerprint": fingerprint, "replace": True,
                                                "revoked": [first], "outcome": 0}),
        ("Nguyễn Văn An (Sở Y tế)", "create-site", "HN-0001",
         {"name": "Trạm Y tế Láng Hạ", "province": "01", "district": None,
          "commune": "00070", "outcome": 0})]
    capsys.readouterr()
    assert run(store, "admin-log") == 0
    printed = capsys.readouterr().out
    assert printed.index("link") < printed.index("issue-token") < printed.index("create-site")
    assert token not in printed and second not in printed


def test_a_command_that_crashes_is_recorded_as_an_error(store, monkeypatch):
    """No command crashes on what an administrator types (the next test); a bug would. One
    is made here by replacing the site registration with a failure: the attempt stays."""
    from central_server import auth

    def broken(*_args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(auth, "create_site", broken)
    with pytest.raises(RuntimeError):
        run(store, "create-site", "HN-0009", "Trạm")
    [(_, command, subject, details)] = logged(store)
    assert (command, subject, details["outcome"]) == ("create-site", "HN-0009", "error")


def test_mistakes_are_refused_in_words_and_recorded(store, tmp_path, capsys):
    """Each of these printed a traceback, or was taken: a lot of a product no site knows,
    and a second site's code typed for a new one (its token was the first site's)."""
    assert run(store, "create-site", "HN-0001", "Trạm Y tế Láng Hạ") == 0
    capsys.readouterr()
    for args, said in (
            # Run again: the site is as it was, and its laptop has its token (one laptop
            # per site code; tests/central/test_one_laptop_per_site.py).
            (("create-site", "HN-0001", "Trạm Y tế Láng Hạ"), "one laptop per site code"),
            (("issue-token", "HN-0001"), "one laptop per site code"),
            (("create-site", "HN-0001", "Trạm Y tế Kim Liên"), "exists already"),
            (("set-area", "HN-0404", "--province", "01"), "no site 'HN-0404'"),
            (("import-outbox", str(tmp_path / "missing.vaxdesk")), "cannot read"),
            (("add-lot", "NOPE", "L1", "--expiry", "2027-03-31"), "no product 'NOPE'"),
            (("issue-token", "HN-0404"), "no site 'HN-0404'")):
        assert run(store, *args) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("refused: ") and said in err and "Traceback" not in err, err
    assert [(c, d["outcome"]) for _, c, _, d in logged(store)][:5] == [
        ("issue-token", 2), ("add-lot", 2), ("import-outbox", 2), ("set-area", 2),
        ("create-site", 2)]


def test_a_lot_needs_its_expiry_and_empty_listings_say_so(store, capsys):
    """Before: a lot released with no expiry (one the desk cannot refuse once expired),
    nothing printed when it was released, and nothing at all for an empty log."""
    assert run(store, "create-site", "HN-0001", "Trạm Y tế Láng Hạ") == 0
    with pytest.raises(SystemExit) as refused:  # argparse: --expiry is required
        run(store, "add-lot", "COMIRNATY", "FL0001")
    assert refused.value.code == 2
    capsys.readouterr()
    assert run(store, "add-lot", "COMIRNATY", "FL0001", "--expiry", "2027-03-31") == 0
    assert capsys.readouterr().out.strip() == \
        "released lot FL0001 of COMIRNATY, expiring 2027-03-31"
    for command, said in (("audit-alarms", "0 alarm(s)"), ("lookup-log", "0 lookup(s)")):
        assert run(store, command) == 0
        printed = capsys.readouterr()
        assert (printed.out, printed.err.strip()) == ("", said)
