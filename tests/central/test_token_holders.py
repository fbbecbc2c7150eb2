"""Who did what with a central token, and who may revoke a site's certificates: through a
real server process and ``vaxdesk-central`` itself.

Before: every central token was labelled ``central`` and none could be revoked by any
command; a central write was stored as ``urn:vaxdesk:central`` alone, and an answer given
with one read as whoever the body named; a site registered as HN0001 beside HN-0001 could
revoke the other's certificates (a UVCI carries the code's letters and digits only)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import requests
from sqlalchemy import insert, text

from central_server.admin_log import entries
from central_server.auth import token_hash
from central_server.cli import main
from central_server.complaints import store
from central_server.db.engine import make_engine
from central_server.db.models import Site, Token
from central_server.fhir.store import utc_now
from desktop_app.certificates.uvci import make_uvci
from desktop_app.wire.complaints import DOSE_MISSING, Submission
from desktop_app.wire.revocations import uci_hash
from tests.central.fhir_samples import batch, immunization, patient
from tests.live_server import LiveServer

LAN, MINH = "Nguyễn Thị Lan (Cục YTDP)", "minh.tran"


@pytest.fixture
def central(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("VAXDESK_CENTRAL_OPERATOR", raising=False)
    server = LiveServer(f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "central.log")
    server.start()
    yield server
    server.stop()


def _run(server: LiveServer, *args: str) -> int:
    return main(["--database-url", server.database_url, *args])


def _session(token: str) -> requests.Session:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    return s


def _api(server: LiveServer) -> str:
    return server.url.rsplit("/fhir", 1)[0] + "/api"


def _reads(server: LiveServer, token: str) -> int:
    return _session(token).get(f"{server.url}/Patient", params={"_count": "0"}).status_code


def _logged(server: LiveServer) -> list[tuple[str, str, str, dict[str, Any]]]:
    engine = make_engine(server.database_url)
    try:
        return [(e.operator, e.command, e.subject, json.loads(e.details))
                for e in reversed(entries(engine))]
    finally:
        engine.dispose()


def test_a_central_token_is_revoked_by_its_holder_or_fingerprint_and_the_log_says_who(
        central: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(central, "--operator", "admin.hoa", "issue-token", "--central",
                "--label", LAN) == 0
    issued = capsys.readouterr()
    lan = issued.out.strip()  # the token alone on standard output, for scripts
    lan_print = issued.err.split("fingerprint ", 1)[1][:19]
    assert f"issued to central:{LAN}" in issued.err and lan not in issued.err
    assert _run(central, "--operator", MINH, "issue-token", "--central") == 0  # holds it
    minh = capsys.readouterr().out.strip()
    assert _reads(central, lan) == _reads(central, minh) == 200

    assert _run(central, "list-tokens", "--central") == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[:3] for line in listed] == [
        [lan_print, "central", f"central:{LAN}"],
        [listed[1][:19], "central", f"central:{MINH}"]]
    assert lan not in "".join(listed) and minh not in "".join(listed)
    minh_print = listed[1][:19]

    assert _run(central, "--operator", "admin.hoa", "revoke-token", "--label", LAN) == 0
    assert capsys.readouterr().out.startswith(f"revoked {lan_print}  central  central:{LAN}")
    assert (_reads(central, lan), _reads(central, minh)) == (401, 200)
    # As read out over the phone: case and spaces as typed.
    assert _run(central, "--operator", "admin.hoa", "revoke-token", "--fingerprint",
                minh_print.replace(" ", "").lower()) == 0
    assert _reads(central, minh) == 401

    capsys.readouterr()
    assert _run(central, "--operator", "admin.hoa", "revoke-token", "--label", MINH) == 1
    said = capsys.readouterr()
    assert said.out == "" and f"nothing revoked: no central token of {MINH} is in use" in \
        said.err
    assert _run(central, "revoke-site-token", "central") == 1  # what the reviewer tried
    assert "revoke-token --label HOLDER" in capsys.readouterr().err
    assert _run(central, "revoke-token", "--fingerprint", "2D71 1642") == 2
    assert "is not a token's fingerprint" in capsys.readouterr().err

    login = _logged(central)[-1][0]
    assert _logged(central)[-7:] == [
        ("admin.hoa", "issue-token", f"central:{LAN}", {"fingerprint": lan_print,
                                                          "outcome": 0}),
        (MINH, "issue-token", f"central:{MINH}", {"fingerprint": minh_print, "outcome": 0}),
        ("admin.hoa", "revoke-token", LAN, {"revoked": [lan_print], "outcome": 0}),
        ("admin.hoa", "revoke-token", minh_print.replace(" ", "").lower(),
         {"revoked": [minh_print], "outcome": 0}),
        ("admin.hoa", "revoke-token", MINH, {"revoked": [], "outcome": 1}),
        (login, "revoke-site-token", "central", {"outcome": 1}),
        (login, "revoke-token", "2D71 1642", {"revoked": [], "outcome": 2})]


def test_a_holder_is_one_person_whatever_the_case_it_was_typed_in(
        central: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    """Tokens issued as ``lan.nguyen`` and ``Lan.Nguyen`` (a login typed otherwise), and a
    Vietnamese name in capitals: each label is stored as given, and listing or revoking a
    holder in any case finds every token of theirs. Before, ``revoke-token --label
    lan.nguyen`` left ``Lan.Nguyen``'s token working, and said it revoked."""
    issued = {}
    for label in ("lan.nguyen", "Lan.Nguyen", "Nguyễn Thị Lan", "NGUYỄN THỊ LAN"):
        assert _run(central, "--operator", "admin.hoa", "issue-token", "--central",
                    "--label", label) == 0
        said = capsys.readouterr()
        issued[label] = (said.out.strip(), said.err.split("fingerprint ", 1)[1][:19])
    assert _run(central, "list-tokens", "--central") == 0
    assert [line.split("  ")[2] for line in capsys.readouterr().out.splitlines()] == [
        "central:lan.nguyen", "central:Lan.Nguyen", "central:Nguyễn Thị Lan",
        "central:NGUYỄN THỊ LAN"]  # as given
    assert _run(central, "list-tokens", "--label", "LAN.NGUYEN") == 0
    assert [line[:19] for line in capsys.readouterr().out.splitlines()] == [
        issued["lan.nguyen"][1], issued["Lan.Nguyen"][1]]

    assert {_reads(central, token) for token, _ in issued.values()} == {200}
    assert _run(central, "--operator", "admin.hoa", "revoke-token", "--label",
                "lan.nguyen") == 0
    assert [line.split("  ")[0] for line in capsys.readouterr().out.splitlines()] == [
        f"revoked {issued['lan.nguyen'][1]}", f"revoked {issued['Lan.Nguyen'][1]}"]
    assert _reads(central, issued["lan.nguyen"][0]) == _reads(
        central, issued["Lan.Nguyen"][0]) == 401
    assert _reads(central, issued["Nguyễn Thị Lan"][0]) == 200  # another holder
    assert _run(central, "revoke-token", "--label", "LAN.NGUYEN") == 1  # none left in use

    assert _run(central, "list-tokens", "--label", "central:nguyễn thị lan") == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert _run(central, "--operator", "admin.hoa", "revoke-token", "--label",
                "nguyễn  thị lan") == 0
    assert _reads(central, issued["Nguyễn Thị Lan"][0]) == _reads(
        central, issued["NGUYỄN THỊ LAN"][0]) == 401


def test_a_store_from_before_keeps_its_unnamed_tokens_working_until_revoked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store made before holders were named: no table of writers, a token labelled
    ``central``. The server starts on it, the old token writes (recorded as ``central``),
    and ``revoke-token --label central`` cuts the unnamed ones off."""
    monkeypatch.delenv("VAXDESK_CENTRAL_OPERATOR", raising=False)
    url = f"sqlite:///{tmp_path / 'central.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS fhir_version_writer"))
        conn.execute(insert(Site).values(code="HN-0001", name="Trạm", created_at=utc_now()))
        conn.execute(insert(Token).values(token_hash=token_hash("old-staff-token"),
                                          site_code=None, label="central",
                                          created_at=utc_now()))
    engine.dispose()
    server = LiveServer(url, tmp_path / "central.log").start()
    try:
        person = patient()
        sent = _session("old-staff-token").post(server.url, json=batch(person))
        assert sent.json()["entry"][0]["response"]["status"] == "201 Created", sent.text
        assert _writers(server, person["id"]) == [(1, "central")]
        assert _run(server, "revoke-token", "--label", "central") == 0
        assert _reads(server, "old-staff-token") == 401
    finally:
        server.stop()


def _writers(server: LiveServer, resource_id: str) -> list[tuple[int, str]]:
    engine = make_engine(server.database_url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(
                "SELECT version_id, label FROM fhir_version_writer WHERE id = :id "
                "ORDER BY version_id"), {"id": resource_id})]
    finally:
        engine.dispose()


class World(NamedTuple):
    site: requests.Session
    lan: requests.Session
    minh: requests.Session
    person: dict[str, Any]
    dose: dict[str, Any]


def _world(server: LiveServer) -> World:
    """Site HN-0001 with one Patient and a dose; two staff members' tokens, each issued by
    its holder (the operator names the holder)."""
    site = _session(server.cli("create-site", "HN-0001", "Trạm Y tế Phường Láng Hạ"))
    lan = _session(server.cli("--operator", LAN, "issue-token", "--central"))
    minh = _session(server.cli("--operator", MINH, "issue-token", "--central"))
    person = patient()
    dose = immunization(person["id"])
    sent = site.post(server.url, json=batch(person, dose)).json()
    assert [e["response"]["status"] for e in sent["entry"]] == ["201 Created"] * 2
    return World(site, lan, minh, person, dose)


def test_each_central_write_names_the_tokens_holder(any_central: LiveServer) -> None:
    _, lan, minh, person, dose = _world(any_central)
    url = f"{any_central.url}/Patient/{person['id']}"

    changed = dict(person, name=[{"text": "Lê Văn Tâm"}], birthDate="1990-01-02")
    put = lan.put(url, json=changed, headers={"If-Match": 'W/"1"'})
    assert put.status_code == 200, put.text
    again = dict(changed, birthDate="1990-02-02")
    assert minh.post(any_central.url, json=batch(again, if_match={person["id"]: 2})) \
        .json()["entry"][0]["response"]["status"] == "200 OK"
    # The laptops pull central edits by this source: it stays the platform's.
    assert minh.get(url).json()["meta"]["source"] == "urn:vaxdesk:central"
    assert _writers(any_central, person["id"]) == [(2, f"central:{LAN}"),
                                                   (3, f"central:{MINH}")]
    assert _writers(any_central, dose["id"]) == []  # a site's version names the site


def test_a_central_answer_is_given_as_the_tokens_holder(central: LiveServer) -> None:
    """The body named the site, which had not answered; the citizen and the site read the
    staff member's name, and the trail says whose token it was."""
    site, lan, minh, _, _ = _world(central)
    sub = Submission(DOSE_MISSING, "001090000001", "Lê Văn Tám", date(1990, 1, 1),
                     dose_number=2, text="Mũi 2 không có trên hệ thống", channel="hotline")
    filed = site.post(f"{_api(central)}/complaints", json=sub.as_json())
    code = filed.json()["code"]
    claim = {"action": "reject", "note": "Không có cơ sở",
             "resolved_by": "Trạm Y tế Phường Láng Hạ", "resolved_at": "2026-12-04T10:00:00Z"}
    answered = lan.post(f"{_api(central)}/complaints/{code}/resolution", json=claim)
    assert answered.status_code == 200, answered.text
    assert answered.json()["resolution"]["resolved_by"] == LAN
    retried = lan.post(f"{_api(central)}/complaints/{code}/resolution", json=claim)
    assert retried.status_code == 200  # the same answer again, not another one (409)
    pulled = site.get(f"{_api(central)}/complaints").json()["complaints"]
    assert [c["resolution"]["resolved_by"] for c in pulled] == [LAN]
    engine = make_engine(central.database_url)
    try:
        assert [(a, s, label) for a, s, label, _ in store.events(engine, code)] == [
            ("filed", "HN-0001", "HN-0001"), ("resolved", None, f"central:{LAN}")]
    finally:
        engine.dispose()
    other = minh.post(f"{_api(central)}/complaints/{code}/resolution", json=claim)
    assert other.status_code == 409  # another staff member's is another answer


def test_a_code_that_reads_as_another_sites_in_certificates_is_refused(
        any_central: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    any_central.cli("create-site", "HN-0001", "Trạm Y tế Phường Láng Hạ")
    capsys.readouterr()
    for code in ("HN0001", "hn-0001"):
        assert _run(any_central, "create-site", code, "Trạm Y tế Xã Khác") == 2, code
        said = capsys.readouterr().err
        assert said.startswith(f"refused: site code {code} reads as site HN-0001's"), said
    # One with a space is no site code at all (the laptop's setup refuses it too).
    assert _run(any_central, "create-site", "HN 0001", "Trạm Y tế Xã Khác") == 2
    assert "only letters, digits and hyphens" in capsys.readouterr().err
    assert _run(any_central, "create-site", "HN-0010", "Trạm Y tế Xã Khác") == 0
    capsys.readouterr()
    # Its own code again is no clash: refused only as a second laptop's token.
    assert _run(any_central, "create-site", "HN-0001", "Trạm Y tế Phường Láng Hạ") == 2
    said = capsys.readouterr().err
    assert "one laptop per site code" in said and "reads as" not in said, said


def test_of_two_such_sites_registered_before_the_later_cannot_revoke(
        any_central: LiveServer) -> None:
    """A store from before the refusal may hold both: the issuer part in a UVCI is the
    first registered site's."""
    first = _session(any_central.cli("create-site", "HN-0001", "Trạm Y tế Phường Láng Hạ"))
    engine = make_engine(any_central.database_url)
    with engine.begin() as conn:
        conn.execute(insert(Site).values(code="HN0001", name="Trạm Y tế Xã Khác",
                                         created_at=utc_now()))
    engine.dispose()
    later = _session(any_central.cli("issue-token", "HN0001"))
    uvci = make_uvci("HN-0001", "01a24180-86c4-7f7a-b58a-938319000001")
    body = {"revocations": [{"uvci": uvci, "revoked_at": "2026-12-04T10:00:00Z",
                             "reason": "dose_voided"}]}
    refused = later.post(f"{_api(any_central)}/certificates/revocations", json=body)
    assert refused.status_code == 403, refused.text
    assert refused.json()["issue"][0]["details"]["coding"][0]["code"] == \
        "REVOCATION_NOT_YOURS"
    assert _revoked(any_central) == []
    done = first.post(f"{_api(any_central)}/certificates/revocations", json=body)
    assert done.json() == {"accepted": 1, "already": 0}
    assert _revoked(any_central) == [uci_hash(uvci)]


def _revoked(server: LiveServer) -> list[str]:
    listed = requests.get(f"{_api(server)}/trust-list", timeout=10).json()
    return [h["hash"] for h in listed["revoked_certificates"]["hashes"]]
