"""The population register and one citizen across sites, through the real CLI and a real
server process, on SQLite and on PostgreSQL. All people are synthetic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import requests

from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.wire import fhir
from desktop_app.wire.register import PATH, verdict_from_json
from tests.central.fhir_samples import batch, immunization, patient
from tests.live_server import LiveServer

CCCD = fhir.SYSTEM_CCCD
TAM = make_cccd("001", Sex.MALE, 1990, 1)  # Lê Văn Tám, 1990-01-01, M
HOA = make_cccd("079", Sex.FEMALE, 1985, 2)
LAN = make_cccd("038", Sex.FEMALE, 1972, 3)
NOBODY = make_cccd("001", Sex.MALE, 1990, 999)


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


def _verdicts(server: LiveServer, s: requests.Session, since: str | None = None,
              count: int | None = None) -> requests.Response:
    params = {k: v for k, v in (("since", since), ("_count", count)) if v is not None}
    return s.get(f"{server.url.removesuffix('/fhir')}/api/{PATH}", params=params)


def _by_patient(response: requests.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    return {v.patient_id: v for v in map(verdict_from_json, response.json()["verdicts"])}


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text("id_number,full_name,dob,sex\n" + "".join(r + "\n" for r in rows),
                    encoding="utf-8")
    return path


def _load(server: LiveServer, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "central_server.cli", "--database-url",
                           server.database_url, "load-register", str(path)],
                          capture_output=True, text=True)


def test_load_reports_bad_rows_and_patients_get_verdicts_for_their_own_site(
    any_central: LiveServer, tmp_path: Path,
) -> None:
    a, b = _site(any_central, "HN-0001"), _site(any_central, "HN-0002")
    assert _verdicts(any_central, a).status_code == 404  # no register yet
    register = _csv(tmp_path / "register.csv", [
        f"{TAM},Lê Văn Tám,1990-01-01,M",              # line 2
        f"{HOA},Trần Thị Hoa,15/06/1985,Nữ",           # line 3: dd/mm/yyyy, Nữ
        f"{LAN},Phạm Thị Lan,1972-03-04,female",       # line 4
        "12AB34,Nguyễn Văn An,1990-01-01,M",           # line 5: bad id_number
        f"{make_cccd('001', Sex.MALE, 1991, 5)},Đỗ Văn Bình,31/02/1991,M",  # line 6: bad dob
        f"{make_cccd('001', Sex.MALE, 1992, 6)},Hồ Văn Cường,1992-01-01,X",  # line 7: bad sex
        f"{make_cccd('001', Sex.MALE, 1993, 7)},,1993-01-01,M",  # line 8: no name
        f"{TAM},Lê Văn Tám Khác,1990-01-01,M",         # line 9: the same number again
        "001093000008,Vũ Văn Dũng",                     # line 10: too few fields
    ])
    out = _load(any_central, register)
    assert out.returncode == 0, out.stderr
    assert "loaded 3 rows" in out.stdout and "skipped 6" in out.stdout
    for expected in ("line 5: id_number", "line 6: dob", "line 7: sex", "line 8: full_name",
                     f"line 9: id_number: {TAM} already on line 2", "line 10: row"):
        assert expected in out.stdout, out.stdout

    verified = patient(id_number=TAM, full_name="LÊ VĂN TÁM")  # folded name agrees
    hoa = patient(full_name="Trần Thị Hồng", dob="1985-06-16", sex="F", id_number=HOA)
    unknown = patient(id_number=NOBODY)
    passport = patient(id_type="PASSPORT", id_number="B1234567", nationality="FRA")
    _push(any_central, a, verified, hoa, unknown, passport)
    lan = patient(site="HN-0002", full_name="Phạm Thị Lan", dob="1972-03-04", sex="M",
                  id_number=LAN, cleaning_reason="ID_SEX_MISMATCH")
    _push(any_central, b, lan)

    mine = _by_patient(_verdicts(any_central, a))
    assert set(mine) == {verified["id"], hoa["id"], unknown["id"]}  # a passport: no verdict
    assert (mine[verified["id"]].verdict, mine[verified["id"]].fields) == ("verified", ())
    assert (mine[hoa["id"]].verdict, mine[hoa["id"]].fields) == ("mismatch",
                                                                 ("full_name", "dob"))
    assert mine[unknown["id"]].verdict == "not_found"
    theirs = _by_patient(_verdicts(any_central, b))
    assert set(theirs) == {lan["id"]}
    assert (theirs[lan["id"]].verdict, theirs[lan["id"]].fields) == ("mismatch", ("sex",))

    # The desk corrects Hoa: the new version is checked again, with a later time.
    last = max(v.checked_at for v in mine.values())
    hoa.update(name=[{"text": "Trần Thị Hoa"}], birthDate="1985-06-15")
    _push(any_central, a, hoa, if_match={hoa["id"]: 1})
    since = last.isoformat() + "Z"
    newer = _by_patient(_verdicts(any_central, a, since=since))
    assert newer[hoa["id"]].verdict == "verified" and newer[hoa["id"]].version_id == 2
    assert newer[hoa["id"]].checked_at > last
    # Paging: one at a time, oldest first, next_since until the last page, nothing lost.
    seen, since_at = [], None
    while True:
        page = _verdicts(any_central, a, since=since_at, count=1).json()
        seen += [v["patient_id"] for v in page["verdicts"]]
        since_at = page["next_since"]
        if since_at is None:
            break
    assert sorted(seen) == sorted({verified["id"], hoa["id"], unknown["id"]})


def test_reload_replaces_the_register_and_rechecks_patients_already_received(
    any_central: LiveServer, tmp_path: Path,
) -> None:
    a = _site(any_central, "HN-0001")
    tam = patient(id_number=TAM)
    lan = patient(full_name="Phạm Thị Lan", dob="1972-03-04", sex="F", id_number=LAN)
    _push(any_central, a, tam, lan)  # before any register: no verdicts
    out = _load(any_central, _csv(tmp_path / "v1.csv", [
        f"{TAM},Lê Văn Tám,1990-01-01,M", f"{LAN},Phạm Thị Lan,1972-03-04,F"]))
    assert out.returncode == 0 and "re-checked 2 Patients" in out.stdout, out.stdout
    first = _by_patient(_verdicts(any_central, a))
    assert {v.verdict for v in first.values()} == {"verified"}

    out = _load(any_central, _csv(tmp_path / "v2.csv", [f"{TAM},Lê Văn Tám,1990-01-02,M"]))
    assert out.returncode == 0, out.stderr
    second = _by_patient(_verdicts(any_central, a))
    assert (second[tam["id"]].verdict, second[tam["id"]].fields) == ("mismatch", ("dob",))
    assert second[lan["id"]].verdict == "not_found"  # v1's rows are gone

    # A file with no good row is refused and the register in force stays.
    refused = _load(any_central, _csv(tmp_path / "bad.csv", ["x,y,z,w"]))
    assert refused.returncode == 2 and "register in force is kept" in refused.stderr
    since = max(v.checked_at for v in second.values()).isoformat() + "Z"
    assert list(_by_patient(_verdicts(any_central, a, since=since))) == [
        max(second.values(), key=lambda v: v.checked_at).patient_id]  # nothing new


def test_two_sites_with_one_citizen_are_linked_and_share_doses_but_not_contacts(
    any_central: LiveServer,
) -> None:
    a, b, c = (_site(any_central, code) for code in ("HN-0001", "HCM-0001", "DN-0001"))
    at_a = patient(id_number=TAM, address="12 đường số 3")
    at_b = patient(site="HCM-0001", id_number=TAM, full_name="LE VAN TAM",
                   phone="0987654321")
    dose_a = immunization(at_a["id"])
    dose_b = immunization(at_b["id"], site="HCM-0001", dose_number=2, dose_date="2021-10-01")
    _push(any_central, a, at_a, dose_a)
    _push(any_central, b, at_b, dose_b)

    token = f"{CCCD}|{TAM}"
    found = c.get(f"{any_central.url}/Patient", params={"identifier": token})
    assert found.status_code == 200, found.text
    people = {e["resource"]["id"]: e["resource"] for e in found.json()["entry"]}
    assert set(people) == {at_a["id"], at_b["id"]}
    for pid, other in ((at_a["id"], at_b["id"]), (at_b["id"], at_a["id"])):
        res = people[pid]
        assert res["link"] == [{"other": {"reference": f"Patient/{other}"}, "type": "seealso"}]
        assert not {"telecom", "address", "extension"} & set(res), res
        assert res["birthDate"] == "1990-01-01" and res["gender"] == "male"
        assert res["identifier"] == [{"system": CCCD, "value": TAM}]
    assert people[at_b["id"]]["managingOrganization"]["identifier"]["value"] == "HCM-0001"

    # The owning site still sees its own record whole; the other's reduced.
    own = {e["resource"]["id"]: e["resource"] for e in
           a.get(f"{any_central.url}/Patient", params={"identifier": token}).json()["entry"]}
    assert own[at_a["id"]]["address"] == [{"text": "12 đường số 3"}]
    assert "telecom" not in own[at_b["id"]]
    assert a.get(f"{any_central.url}/Patient/{at_b['id']}").status_code == 404

    doses = c.get(f"{any_central.url}/Immunization", params={"patient.identifier": token})
    assert doses.status_code == 200, doses.text
    got = {e["resource"]["id"]: e["resource"] for e in doses.json()["entry"]}
    assert set(got) == {dose_a["id"], dose_b["id"]}
    assert got[dose_b["id"]]["protocolApplied"] == [{"doseNumberPositiveInt": 2}]
    assert set(got[dose_a["id"]]) <= {"resourceType", "id", "status", "vaccineCode", "patient",
                                       "occurrenceDateTime", "protocolApplied", "location",
                                       "lotNumber"}
    bad = c.get(f"{any_central.url}/Immunization", params={"patient.identifier": TAM})
    assert bad.status_code == 400 and bad.json()["resourceType"] == "OperationOutcome"


def test_same_number_with_another_birth_date_goes_to_review_not_linked(
    any_central: LiveServer,
) -> None:
    a, b = _site(any_central, "HN-0001"), _site(any_central, "HCM-0001")
    at_a = patient(id_number=TAM)
    at_b = patient(site="HCM-0001", id_number=TAM, dob="1990-07-01")
    _push(any_central, a, at_a, immunization(at_a["id"]))
    _push(any_central, b, at_b)
    found = b.get(f"{any_central.url}/Patient", params={"identifier": f"{CCCD}|{TAM}"}).json()
    assert len(found["entry"]) == 2
    assert all("link" not in e["resource"] for e in found["entry"])
    review = any_central.cli("review-list")
    assert TAM in review and "differs: dob" in review
    assert "HN-0001" in review and "HCM-0001" in review

    # B corrects the date of birth: now one citizen, and off the review list.
    at_b["birthDate"] = "1990-01-01"
    _push(any_central, b, at_b, if_match={at_b["id"]: 1})
    found = b.get(f"{any_central.url}/Patient", params={"identifier": f"{CCCD}|{TAM}"}).json()
    assert all("link" in e["resource"] for e in found["entry"])
    assert TAM not in any_central.cli("review-list")


def test_a_record_a_site_folded_leaves_the_links_the_review_and_the_lookup(
        any_central: LiveServer) -> None:
    """Site A had the citizen twice, once with a wrong birth date (on the review list
    against site B's record), and merged them: the folded record, sent inactive and
    "replaced-by", stayed on the review list and in every cross-site lookup."""
    from desktop_app.services import sync as syncing
    from desktop_app.sync.lookup import look_up

    a, b = _site(any_central, "HN-0001"), _site(any_central, "HCM-0001")
    wrong = patient(id_number=TAM, dob="1990-07-01")
    at_b = patient(site="HCM-0001", id_number=TAM)
    _push(any_central, a, wrong)
    _push(any_central, b, at_b)
    assert TAM in any_central.cli("review-list")
    kept = patient(id_number=TAM)
    wrong.update(active=False, link=[{"other": {"reference": f"Patient/{kept['id']}"},
                                      "type": "replaced-by"}])
    _push(any_central, a, kept)
    _push(any_central, a, wrong, if_match={wrong["id"]: 1})
    assert TAM not in any_central.cli("review-list")
    token = b.headers["Authorization"].split()[1]
    client = syncing.make_client(syncing.SyncConfig(any_central.url, token))
    citizen = look_up(client, TAM)
    assert {p.id for p in citizen.patients} == {kept["id"], at_b["id"]}
    assert citizen.people == 1


def test_staff_decide_a_doubtful_pair_and_their_word_stands(any_central: LiveServer) -> None:
    a, b = _site(any_central, "HN-0001"), _site(any_central, "HCM-0001")
    at_a = patient(id_number=TAM)
    at_b = patient(site="HCM-0001", id_number=TAM, full_name="Lê Văn Tú")
    _push(any_central, a, at_a)
    _push(any_central, b, at_b)
    assert "differs: full_name" in any_central.cli("review-list")

    def linked() -> bool:
        found = a.get(f"{any_central.url}/Patient",
                      params={"identifier": f"{CCCD}|{TAM}"}).json()["entry"]
        return all("link" in e["resource"] for e in found)

    assert any_central.cli("link", at_a["id"], at_b["id"]).startswith("linked")
    assert linked() and TAM not in any_central.cli("review-list")
    # As review-list prints them: "Patient/<id>".
    any_central.cli("unlink", f"Patient/{at_b['id']}", f"Patient/{at_a['id']}")
    assert not linked() and TAM not in any_central.cli("review-list")
    at_b["telecom"] = [{"system": "phone", "value": "0911111111"}]  # a later edit at B
    _push(any_central, b, at_b, if_match={at_b["id"]: 1})
    assert not linked() and TAM not in any_central.cli("review-list")


def test_an_unlinked_pair_is_not_joined_again_through_a_third_sites_record(
        any_central: LiveServer) -> None:
    """Linking is transitive: a third site's record like both joined a pair staff had
    unlinked back into one citizen. It now links to one of them at most, and the pair that
    would join them goes to staff."""
    a, b, c = (_site(any_central, code) for code in ("HN-0001", "HCM-0001", "DN-0001"))
    at_a, at_b = patient(id_number=TAM), patient(site="HCM-0001", id_number=TAM)
    _push(any_central, a, at_a)
    _push(any_central, b, at_b)
    any_central.cli("unlink", at_a["id"], at_b["id"])
    at_c = patient(site="DN-0001", id_number=TAM)
    _push(any_central, c, at_c)
    found = c.get(f"{any_central.url}/Patient", params={"identifier": f"{CCCD}|{TAM}"})
    links = {e["resource"]["id"]: {link["other"]["reference"].rpartition("/")[2]
                                   for link in e["resource"].get("link", [])}
             for e in found.json()["entry"]}
    assert at_b["id"] not in links[at_a["id"]] and at_a["id"] not in links[at_b["id"]]
    assert links[at_c["id"]] in ({at_a["id"]}, {at_b["id"]})  # one of them, not both
    [line] = [x for x in any_central.cli("review-list").splitlines() if TAM in x]
    assert "differs: linked_elsewhere_unlinked" in line and at_c["id"] in line


OLD_CMND = "012345678"  # Lê Văn Tám's CMND before his CCCD


def _cmnd_holder_and_card_holder(server: LiveServer, dob_at_b: str = "1990-01-01"
                                 ) -> tuple[requests.Session, dict[str, Any], dict[str, Any]]:
    """Site A recorded Tám by his old CMND; site B by his CCCD, with the CMND the chip card
    names kept as a second identifier (the desk's old_id_number, FHIR use "old")."""
    a, b = _site(server, "HN-0001"), _site(server, "HCM-0001")
    at_a = patient(id_type="CMND", id_number=OLD_CMND)
    at_b = patient(site="HCM-0001", id_number=TAM, old_id_number=OLD_CMND, dob=dob_at_b)
    assert {"use": "old", "system": fhir.SYSTEM_CMND, "value": OLD_CMND} in at_b["identifier"]
    _push(server, a, at_a, immunization(at_a["id"]))
    _push(server, b, at_b, immunization(at_b["id"], site="HCM-0001", dose_number=2,
                                        dose_date="2021-10-01"))
    return _site(server, "DN-0001"), at_a, at_b


def test_a_citizen_recorded_by_his_old_cmnd_at_one_site_and_his_cccd_at_another_is_one(
    any_central: LiveServer,
) -> None:
    c, at_a, at_b = _cmnd_holder_and_card_holder(any_central)
    found = c.get(f"{any_central.url}/Patient", params={"identifier": f"{CCCD}|{TAM}"})
    assert found.status_code == 200, found.text
    assert [(e["resource"]["id"], e["resource"].get("link")) for e in found.json()["entry"]] \
        == [(at_b["id"], [{"other": {"reference": f"Patient/{at_a['id']}"}, "type": "seealso"}])]
    # the doses of both records answer a search by either number
    for token in (f"{CCCD}|{TAM}", f"{fhir.SYSTEM_CMND}|{OLD_CMND}"):
        doses = c.get(f"{any_central.url}/Immunization", params={"patient.identifier": token})
        assert doses.status_code == 200, doses.text
        assert {e["resource"]["patient"]["reference"] for e in doses.json()["entry"]} == {
            f"Patient/{at_a['id']}", f"Patient/{at_b['id']}"}, token
    assert OLD_CMND not in any_central.cli("review-list")


def test_a_search_by_an_old_cmnd_finds_whoever_holds_it_reduced_paged_and_counted(
    any_central: LiveServer,
) -> None:
    """The old CMND a card names finds its holder across sites as his own ID does: once,
    shown as any other site's record is (no phone, no vaccinator), page by page."""
    c, at_a, at_b = _cmnd_holder_and_card_holder(any_central)
    token = f"{fhir.SYSTEM_CMND}|{OLD_CMND}"
    url = f"{any_central.url}/Patient"
    found = c.get(url, params={"identifier": token}).json()
    assert {e["resource"]["id"] for e in found["entry"]} == {at_a["id"], at_b["id"]}
    assert all("telecom" not in e["resource"] for e in found["entry"])
    assert c.get(url, params={"identifier": token, "_count": "0"}).json()["total"] == 2
    first = c.get(url, params={"identifier": token, "_count": "1"}).json()
    [next_url] = [k["url"] for k in first["link"] if k["relation"] == "next"]
    second = c.get(next_url).json()
    assert [e["resource"]["id"] for e in first["entry"] + second["entry"]] \
        == [e["resource"]["id"] for e in found["entry"]]
    assert not second["link"]
    doses = c.get(f"{any_central.url}/Immunization",
                  params={"patient.identifier": token}).json()["entry"]
    assert len(doses) == 2 and all("performer" not in e["resource"] for e in doses)
    # Both numbers asked together: only a Patient holding both (B's, by its card).
    both = c.get(url, params=[("identifier", token), ("identifier", f"{CCCD}|{TAM}")]).json()
    assert [e["resource"]["id"] for e in both["entry"]] == [at_b["id"]]


def test_an_old_cmnd_shared_by_another_birth_date_goes_to_review_not_linked(
    any_central: LiveServer,
) -> None:
    c, at_a, at_b = _cmnd_holder_and_card_holder(any_central, dob_at_b="1990-07-01")

    def by_cmnd() -> dict[str, Any]:
        found = c.get(f"{any_central.url}/Patient",
                      params={"identifier": f"{fhir.SYSTEM_CMND}|{OLD_CMND}"}).json()
        return {e["resource"]["id"]: e["resource"].get("link") for e in found["entry"]}

    # Both hold the number (B's card names it as the old one), unlinked: two people, and a
    # desk asking by it is told so rather than given one of them.
    assert by_cmnd() == {at_a["id"]: None, at_b["id"]: None}
    review = any_central.cli("review-list")
    assert OLD_CMND in review and "differs: dob" in review
    # staff link them: their word stands, by the identifier the two share
    assert any_central.cli("link", at_a["id"], at_b["id"]).startswith("linked")
    assert by_cmnd() == {
        at_a["id"]: [{"other": {"reference": f"Patient/{at_b['id']}"}, "type": "seealso"}],
        at_b["id"]: [{"other": {"reference": f"Patient/{at_a['id']}"}, "type": "seealso"}]}


def test_a_store_from_before_old_cmnds_linked_is_relinked_at_start(central: LiveServer) -> None:
    import sqlite3

    c, at_a, at_b = _cmnd_holder_and_card_holder(central)
    central.stop()
    path = central.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:  # patient_link as that release made it: a row each
        conn.execute("DROP TABLE patient_link")
        conn.execute("CREATE TABLE patient_link (patient_id VARCHAR(64) PRIMARY KEY,"
                     " citizen_id VARCHAR(64), site_code VARCHAR(32), identifier_system"
                     " VARCHAR(200), identifier_value VARCHAR(64), name_key VARCHAR(200),"
                     " birth_date DATE)")
    central.start()
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT patient_id, identifier_value, old, citizen_id"
                            " FROM patient_link ORDER BY patient_id, old").fetchall()
    assert "linking every Patient again" in central.log_path.read_text()  # not silent
    citizen = min(at_a["id"], at_b["id"])
    assert sorted(rows) == sorted([(at_a["id"], OLD_CMND, 0, citizen),
                                   (at_b["id"], TAM, 0, citizen),
                                   (at_b["id"], OLD_CMND, 1, citizen)])


def _old_shaped_links(path: str) -> None:
    import sqlite3

    with sqlite3.connect(path) as conn:  # patient_link as the release before made it
        conn.execute("DROP TABLE patient_link")
        conn.execute("CREATE TABLE patient_link (patient_id VARCHAR(64) PRIMARY KEY,"
                     " citizen_id VARCHAR(64), site_code VARCHAR(32), identifier_system"
                     " VARCHAR(200), identifier_value VARCHAR(64), name_key VARCHAR(200),"
                     " birth_date DATE)")


def test_a_rebuild_stopped_part_way_leaves_the_old_table_and_the_next_start_finishes(
    central: LiveServer, monkeypatch: Any,
) -> None:
    import sqlite3

    import pytest

    from central_server.db.engine import make_engine
    from central_server.register import links

    _c, at_a, at_b = _cmnd_holder_and_card_holder(central)
    central.stop()
    path = central.database_url.removeprefix("sqlite:///")
    _old_shaped_links(path)

    def columns() -> set[str]:
        with sqlite3.connect(path) as conn:
            return {r[1] for r in conn.execute("PRAGMA table_info(patient_link)")}

    def killed(conn: Any, pages: Any, now: Any) -> None:
        list(pages)
        raise RuntimeError("killed part-way")

    monkeypatch.setattr(links, "relink_all", killed)
    with pytest.raises(RuntimeError):
        make_engine(central.database_url)  # a start that dies while it relinks
    assert "old" not in columns()  # the drop and the new table were rolled back with it
    monkeypatch.undo()
    make_engine(central.database_url).dispose()  # the next start does it whole
    make_engine(central.database_url).dispose()  # and one after finds it done
    assert "old" in columns()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT citizen_id) FROM patient_link"
                            ).fetchone() == (3, 1)


def test_a_doubtful_pair_keeps_its_age_when_the_links_are_rebuilt_page_by_page(
    tmp_path: Path,
) -> None:
    from datetime import date, datetime

    from sqlalchemy import delete, select

    from central_server.db.engine import make_engine
    from central_server.db.models import PatientLink, ReviewPair
    from central_server.register import links
    from central_server.register.facts import PatientFacts

    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    p = PatientFacts("p1", "HN-0001", 1, fhir.SYSTEM_CMND, OLD_CMND, "le van tam",
                     date(1990, 1, 1), "M")
    q = PatientFacts("q1", "HCM-0001", 1, CCCD, TAM, "le van tam", date(1990, 7, 1), "M",
                     old_cmnd=OLD_CMND)
    first, later = datetime(2025, 1, 1), datetime(2026, 1, 1)
    with engine.begin() as conn:
        links.relink(conn, [p], first)
        links.relink(conn, [q], first)
        assert conn.execute(select(ReviewPair.found_at)).scalars().all() == [first]
        conn.execute(delete(PatientLink))
        links.relink_all(conn, [[p], [q]], later)  # the two in different pages
        assert conn.execute(select(ReviewPair.found_at, ReviewPair.identifier_value)
                            ).all() == [(first, OLD_CMND)]
    engine.dispose()


def test_a_register_saved_by_excel_in_the_windows_code_page_is_refused_naming_its_line(
    any_central: LiveServer, tmp_path: Path,
) -> None:
    """Excel's plain "CSV" on a Vietnamese Windows writes the ANSI code page (cp1258), not
    UTF-8. The loader died mid-file with a Python traceback (UnicodeDecodeError), the line
    never named. The operator now reads which line is not UTF-8 and to save the file as
    "CSV UTF-8"; the register in force is kept, as for a wrong header."""
    small = tmp_path / "register.csv"
    small.write_bytes(("id_number,full_name,dob,sex\n"
                       f"{TAM},Lê Văn Tám,1990-01-01,Nam\n"
                       f"{HOA},Lê Văn Hà,1985-01-01,F\n").encode("cp1258"))
    out = _load(any_central, small)
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert "line 2 is not UTF-8" in out.stderr and "CSV UTF-8" in out.stderr, out.stderr
    assert "register in force is kept" in out.stderr

    # Far into the file, past what a first read decodes: the same words, its own line.
    rows = [f"{make_cccd('001', Sex.MALE, 1990, n)},Lê Văn Tám,1990-01-01,M"
            for n in range(1, 3001)]
    big = _csv(tmp_path / "big.csv", rows)
    big.write_bytes(big.read_bytes() + f"{HOA},Lê Văn Hà,1985-01-01,F\n".encode("cp1258"))
    out = _load(any_central, big)
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode == 2 and "line 3002 is not UTF-8" in out.stderr, out.stderr


def test_a_register_saved_through_excel_keeps_its_citizens_and_a_cut_one_is_refused(
    central: LiveServer, tmp_path: Path,
) -> None:
    """A province reloaded the register from a CSV that went through Excel: every CCCD had
    lost its leading zero(s) (they all start with 0), the rows were skipped as "not a 9- or
    12-digit number", the load exited 0 and every site's verified people came back "not in
    the register". The zeros are put back where a real province code says so; a register
    far smaller than the one in force (cut, or mostly bad) is refused unless --force."""
    a = _site(central, "HN-0001")
    tam = patient(id_number=TAM)
    hoa = patient(full_name="Lý Thị Hoa", dob="1985-02-02", sex="F", id_number=HOA)
    _push(central, a, tam, hoa)
    excel = [f"{int(TAM)},Lê Văn Tám,1990-01-01,M", f"{int(HOA)},Lý Thị Hoa,1985-02-02,F",
             f"{int(LAN)},Phạm Thị Lan,1972-03-04,F"]
    assert [len(r.split(",")[0]) for r in excel] == [10, 11, 11]
    out = _load(central, _csv(tmp_path / "excel.csv", excel))
    assert out.returncode == 0 and "3 ID numbers had lost their leading zeros" in out.stdout, \
        out.stdout + out.stderr
    assert {v.verdict for v in _by_patient(_verdicts(central, a)).values()} == {"verified"}

    cut = _csv(tmp_path / "cut.csv", [f"{TAM},Lê Văn Tám,1990-01-01,M"])
    refused = _load(central, cut)
    assert refused.returncode == 2 and "register in force is kept" in refused.stderr
    assert {v.verdict for v in _by_patient(_verdicts(central, a)).values()} == {"verified"}
    forced = subprocess.run([sys.executable, "-m", "central_server.cli", "--database-url",
                             central.database_url, "load-register", str(cut), "--force"],
                            capture_output=True, text=True)
    assert forced.returncode == 0, forced.stderr
    assert _by_patient(_verdicts(central, a))[hoa["id"]].verdict == "not_found"
