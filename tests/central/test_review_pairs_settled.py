"""Pairs of two sites' records that the province settles by hand: a pair a correction
parted (it stays on the review list until staff decide it), and one citizen under two
numbers no rule links (an old CMND, a new CCCD), linked by an officer giving why. Through
the real CLI and a real server process, on SQLite and on PostgreSQL. All people are
synthetic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.wire import fhir
from tests.central.fhir_samples import batch, patient
from tests.live_server import LiveServer

CCCD = fhir.SYSTEM_CCCD
TAM = make_cccd("001", Sex.MALE, 1990, 1)  # Lê Văn Tám, 1990-01-01, M
TAM_FIXED = make_cccd("001", Sex.MALE, 1990, 7)  # the number on his card, as A corrects it


def _site(server: LiveServer, code: str) -> requests.Session:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {server.cli('create-site', code, f'Trạm {code}')}"
    return s


def _push(server: LiveServer, s: requests.Session, *resources: dict[str, Any],
          if_match: dict[str, int] | None = None) -> None:
    r = s.post(server.url, json=batch(*resources, if_match=if_match))
    assert r.status_code == 200, r.text
    statuses = [e["response"]["status"] for e in r.json()["entry"]]
    assert all(st.startswith(("200", "201")) for st in statuses), r.text


def _linked(server: LiveServer, s: requests.Session, pid: str, number: str) -> set[str]:
    """The Patients the platform links to ``pid``, as a lookup by its number shows them."""
    found = s.get(f"{server.url}/Patient", params={"identifier": f"{CCCD}|{number}"})
    assert found.status_code == 200, found.text
    [res] = [e["resource"] for e in found.json()["entry"] if e["resource"]["id"] == pid]
    return {link["other"]["reference"].removeprefix("Patient/")
            for link in res.get("link", [])}


def _parted(server: LiveServer) -> tuple[requests.Session, requests.Session,
                                         dict[str, Any], dict[str, Any]]:
    """Tám recorded at A and at B under one CCCD (one citizen); A's supervisor then
    corrects the number from his card, so the two records share no number now."""
    a, b = _site(server, "HN-0001"), _site(server, "HCM-0001")
    at_a, at_b = patient(id_number=TAM), patient(site="HCM-0001", id_number=TAM)
    _push(server, a, at_a)
    _push(server, b, at_b)
    assert _linked(server, a, at_a["id"], TAM) == {at_b["id"]}
    at_a = patient(id=at_a["id"], id_number=TAM_FIXED)
    _push(server, a, at_a, if_match={at_a["id"]: 1})
    assert _linked(server, a, at_a["id"], TAM_FIXED) == set()
    return a, b, at_a, at_b


def _pair_line(server: LiveServer, one: str, other: str) -> str | None:
    found = [x for x in server.cli("review-list").splitlines() if one in x and other in x]
    return found[0] if found else None


def test_a_parted_pair_stays_on_the_review_list_through_later_writes_until_staff_decide(
        any_central: LiveServer, tmp_path: Path) -> None:
    """The pair a correction parted went off the province's review list as soon as either
    record was written again (a phone number changed at B, synced), though nobody had
    looked at it: both sites still had it flagged, the province had nothing to settle."""
    _a, b, at_a, at_b = _parted(any_central)
    line = _pair_line(any_central, at_a["id"], at_b["id"])
    assert line is not None and TAM in line and "differs: id_number" in line

    at_b["telecom"] = [{"system": "phone", "value": "0911111111"}]  # a later edit at B
    _push(any_central, b, at_b, if_match={at_b["id"]: 1})
    assert _pair_line(any_central, at_a["id"], at_b["id"]) == line  # its age kept too
    # A register load checks and relinks every record again: nothing settled by that.
    register = tmp_path / "register.csv"
    register.write_text(f"id_number,full_name,dob,sex\n{TAM_FIXED},Lê Văn Tám,1990-01-01,M\n",
                        encoding="utf-8")
    any_central.cli("load-register", str(register))
    assert _pair_line(any_central, at_a["id"], at_b["id"]) == line

    # The province's officer finds they are two people: off the list, and it stays off.
    any_central.cli("unlink", at_a["id"], f"Patient/{at_b['id']}")
    assert _pair_line(any_central, at_a["id"], at_b["id"]) is None
    at_b["telecom"] = [{"system": "phone", "value": "0922222222"}]
    _push(any_central, b, at_b, if_match={at_b["id"]: 2})
    assert _pair_line(any_central, at_a["id"], at_b["id"]) is None


def test_a_parted_pair_leaves_the_review_list_when_a_correction_undone_links_them_again(
        any_central: LiveServer) -> None:
    """A's supervisor typed the wrong number and puts the old one back: one citizen again,
    so nothing is left for the province to settle."""
    a, _b, at_a, at_b = _parted(any_central)
    assert _pair_line(any_central, at_a["id"], at_b["id"]) is not None
    _push(any_central, a, patient(id=at_a["id"], id_number=TAM), if_match={at_a["id"]: 2})
    assert _linked(any_central, a, at_a["id"], TAM) == {at_b["id"]}
    assert _pair_line(any_central, at_a["id"], at_b["id"]) is None


OLD_CMND = "012345678"  # Lê Văn Tám's CMND before his CCCD


def _by_cmnd_and_cccd(server: LiveServer, dob_at_b: str = "1990-01-01"
                      ) -> tuple[requests.Session, dict[str, Any], dict[str, Any]]:
    """Site A recorded Tám by his old CMND; site B by his new CCCD, the desk not told the
    CMND his card replaced: the two records share no number, so no rule links them."""
    a, b = _site(server, "HN-0001"), _site(server, "HCM-0001")
    at_a = patient(id_type="CMND", id_number=OLD_CMND)
    at_b = patient(site="HCM-0001", id_number=TAM, dob=dob_at_b)
    _push(server, a, at_a)
    _push(server, b, at_b)
    return b, at_a, at_b


def _cli_refused(server: LiveServer, capsys: Any, *args: str) -> str:
    from central_server.cli import main

    capsys.readouterr()
    assert main(["--database-url", server.database_url, *args]) == 2
    return capsys.readouterr().err


def _lookup_links(server: LiveServer, s: requests.Session, system: str, number: str
                  ) -> dict[str, set[str]]:
    found = s.get(f"{server.url}/Patient", params={"identifier": f"{system}|{number}"})
    assert found.status_code == 200, found.text
    return {e["resource"]["id"]: {link["other"]["reference"].removeprefix("Patient/")
                                  for link in e["resource"].get("link", [])}
            for e in found.json()["entry"]}


def test_staff_link_two_records_sharing_no_number_giving_why_and_it_is_audited(
        any_central: LiveServer, capsys: Any) -> None:
    """`link` refused two records that share no identity number, though one citizen under
    an old CMND at one site and his new CCCD at another is the pair that most needs a
    hand-made link. It is taken now, with the officer's reason, and kept as the two sites
    write their records again; the admin log says who linked them and why."""
    b, at_a, at_b = _by_cmnd_and_cccd(any_central)
    said = _cli_refused(any_central, capsys, "link", at_a["id"], at_b["id"])
    assert "--reason" in said and "vì sao" in said and "Say why" in said
    assert _lookup_links(any_central, b, CCCD, TAM) == {at_b["id"]: set()}

    why = "CMND 012345678 on his CCCD's paper notice, seen at HCM-0001"
    out = any_central.cli("--operator", "Phạm Thu Hà", "link", "--reason", why,
                          at_a["id"], f"Patient/{at_b['id']}")
    assert out.startswith("linked")
    assert _lookup_links(any_central, b, CCCD, TAM) == {at_b["id"]: {at_a["id"]}}
    assert _lookup_links(any_central, b, fhir.SYSTEM_CMND, OLD_CMND) == {
        at_a["id"]: {at_b["id"]}}
    log = any_central.cli("admin-log", "--limit", "1")
    assert "Phạm Thu Hà  link" in log and why in log and at_a["id"] in log

    # Later writes at either site relink their records: staff's word stands.
    at_b["telecom"] = [{"system": "phone", "value": "0911111111"}]
    _push(any_central, b, at_b, if_match={at_b["id"]: 1})
    assert _lookup_links(any_central, b, CCCD, TAM) == {at_b["id"]: {at_a["id"]}}
    assert at_a["id"] not in any_central.cli("review-list")
    # And staff may take it back.
    any_central.cli("unlink", at_a["id"], at_b["id"])
    assert _lookup_links(any_central, b, CCCD, TAM) == {at_b["id"]: set()}


def test_a_link_across_numbers_with_another_birth_date_needs_force(
        any_central: LiveServer, capsys: Any) -> None:
    """Nothing but the officer's reading ties two records sharing no number: a different
    date of birth is refused (in both languages) unless the officer insists."""
    b, at_a, at_b = _by_cmnd_and_cccd(any_central, dob_at_b="1990-07-01")
    why = "the same mother's name and address at both sites"
    said = _cli_refused(any_central, capsys, "link", "--reason", why, at_a["id"], at_b["id"])
    assert "--force" in said and "01/07/1990" in said and "ngày sinh" in said
    assert _lookup_links(any_central, b, CCCD, TAM) == {at_b["id"]: set()}
    any_central.cli("link", "--reason", why, "--force", at_a["id"], at_b["id"])
    assert _lookup_links(any_central, b, CCCD, TAM) == {at_b["id"]: {at_a["id"]}}
    assert '"force": true' in any_central.cli("admin-log", "--limit", "1")


def test_a_parted_pair_linked_again_by_staff_leaves_the_review_list(
        any_central: LiveServer) -> None:
    a, _b, at_a, at_b = _parted(any_central)
    any_central.cli("link", "--reason", "one man: B keeps the number A corrected",
                    at_a["id"], at_b["id"])
    assert _linked(any_central, a, at_a["id"], TAM_FIXED) == {at_b["id"]}
    assert _pair_line(any_central, at_a["id"], at_b["id"]) is None


def test_a_link_across_numbers_comes_before_the_rule_when_they_cannot_both_stand(
        any_central: LiveServer) -> None:
    """B and C hold one CCCD and would be one citizen by the rule; staff found A (old
    CMND) and C two people, and then A and B one. Both cannot stand: staff's link does,
    and the rule's pair B-C goes to staff as one that would join a pair they unlinked."""
    b, at_a, at_b = _by_cmnd_and_cccd(any_central)
    c = _site(any_central, "DN-0001")
    at_c = patient(site="DN-0001", id_number=TAM)
    _push(any_central, c, at_c)
    any_central.cli("unlink", at_a["id"], at_c["id"])
    any_central.cli("link", "--reason", "his CMND on B's paper notice", at_a["id"], at_b["id"])
    assert _lookup_links(any_central, b, CCCD, TAM) == {
        at_b["id"]: {at_a["id"]}, at_c["id"]: set()}
    line = _pair_line(any_central, at_b["id"], at_c["id"])
    assert line is not None and "differs: linked_elsewhere_unlinked" in line
