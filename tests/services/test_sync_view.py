"""What the sync area is given for the records that need a person, on a real SQLite file:
why each waits, in a sentence for every code the sync can store, and a conflict's two
versions as ready rows (the UI parses no FHIR and formats no value)."""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desktop_app.clock import utc_now
from desktop_app.db.models import Dose, Person
from desktop_app.rules.identity import IdType, NoIdReason, Sex
from desktop_app.rules.messages import CATALOGUE
from desktop_app.rules.messages import text as catalogue_text
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.sync.inbox import Applied, apply_central
from desktop_app.sync.push import issues_of
from desktop_app.wire import fhir

ROOT = Path(__file__).resolve().parents[2]
# FHIR R4's IssueType value set: what a plain FHIR server may answer with no sentence.
FHIR_ISSUE_TYPES = (
    "invalid", "structure", "required", "value", "invariant", "security", "login", "unknown",
    "expired", "forbidden", "suppressed", "processing", "not-supported", "duplicate",
    "multiple-matches", "not-found", "deleted", "too-long", "code-invalid", "extension",
    "too-costly", "business-rule", "conflict", "transient", "lock-error", "no-store",
    "exception", "timeout", "incomplete", "throttled", "informational")
# Calls whose code argument the sync stores as a record's issue (sync/push.py, sync/inbox.py).
STORING_CALLS = {"_issue", "_in_conflict", "RestoreClash", "NumberClash"}


def _codes_in(folder: Path, calls: set[str], position: int | None = None) -> set[str]:
    """Catalogue-like string constants passed to ``calls`` (at ``position``, or any), and
    the values of ``"code":`` keys, in every module of ``folder``."""
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name in calls:
                    args = node.args if position is None else node.args[position:position + 1]
                    found |= {a.value for a in args if isinstance(a, ast.Constant)
                              and isinstance(a.value, str) and a.value.isupper()}
            elif isinstance(node, ast.Dict) and folder.name == "sync":
                found |= {v.value for k, v in zip(node.keys, node.values, strict=True)
                          if isinstance(k, ast.Constant) and k.value == "code"
                          and isinstance(v, ast.Constant) and isinstance(v.value, str)}
    return found


def _stored(db, state: str, issues: list[dict]) -> syncing.SyncIssue:
    """A record left as the sync leaves one it could not settle: its issues as stored."""
    with db.transaction() as s:
        s.execute(text("UPDATE sync_record SET state = :st, last_error = :e WHERE rowid = "
                       "(SELECT min(rowid) FROM sync_record WHERE entity = 'person')"),
                  {"st": state, "e": json.dumps(issues, ensure_ascii=False)})
    [issue] = syncing.sync_issues(db)
    return issue


@pytest.fixture
def person(db, site) -> str:
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, date(2021, 8, 2), "Y tá Lan"),
                      person=PersonInput("Nguyễn Thị Nhung", date(1990, 1, 2), Sex.FEMALE,
                                         IdType.CCCD, "001190000123", phone="0912345678"),
                      actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.person_id


def test_every_code_the_sync_stores_has_a_sentence_in_vi_and_en(db, person):
    own = _codes_in(ROOT / "desktop_app" / "sync", STORING_CALLS)
    assert {"CENTRAL_EDIT_CONFLICT", "CENTRAL_DELETED", "CENTRAL_UNREADABLE",
            "CENTRAL_RESTORE_CLASH", "SYNC_RETRY_NEXT_ROUND", "SYNC_REFUSED_HTTP"} <= own
    # Our platform's answers carry its catalogue code (central_server/fhir/outcome.py).
    central = _codes_in(ROOT / "central_server", {"FhirError"}, 1) | \
        _codes_in(ROOT / "central_server", {"outcome"}, 0)
    assert {"UNAUTHORIZED", "BAD_JSON"} <= central
    for code in own | central:
        assert CATALOGUE[code]["vi"] and CATALOGUE[code]["en"], code
    # Even stored without its sentence, a code is said in words, never shown as it is.
    for code in own | set(FHIR_ISSUE_TYPES) | {"HAPI-0450", ""}:
        for state in ("rejected", "conflict"):
            issue = _stored(db, state, [{"code": code, "vi": "", "en": "", "where": None}])
            for lang in ("vi", "en"):
                said = issue.reason(lang)
                assert said and said != code, (code, state, lang)
                assert said in {entry[lang] for entry in CATALOGUE.values()}, said


@pytest.mark.parametrize("issue_type", FHIR_ISSUE_TYPES)
def test_a_plain_servers_bare_issue_type_reads_as_a_sentence(db, person, issue_type):
    """As ``push.issues_of`` stores an OperationOutcome with no text: the code alone."""
    stored = issues_of({"resourceType": "OperationOutcome",
                        "issue": [{"severity": "error", "code": issue_type}]})
    issue = _stored(db, "rejected", stored)
    for lang in ("vi", "en"):
        said = issue.reason(lang)
        assert said in {entry[lang] for entry in CATALOGUE.values()}, said
        assert said.startswith(("Hệ thống trung tâm", "The central platform"))


def test_a_stated_reason_is_shown_as_the_platform_said_it(db, person):
    issue = _stored(db, "rejected", [{"code": "ID_SEX_MISMATCH", "where": None,
                                      "vi": "Số CCCD không khớp.", "en": "No match."}])
    assert (issue.reason("vi"), issue.reason("en")) == ("Số CCCD không khớp.", "No match.")


def test_a_code_with_no_sentence_and_no_type_is_said_generically(db, person):
    issue = _stored(db, "rejected", [{"code": "HAPI-0450", "vi": "", "en": ""}])
    assert issue.reason("vi") == catalogue_text("SYNC_REASON_UNSTATED", "vi")
    assert issue.reason("en") == catalogue_text("SYNC_REASON_UNSTATED", "en")


def _central_copy(db, person_id: str, **changes) -> dict:
    with db.reading() as s:
        row = {c.key: getattr(p := s.get(Person, person_id), c.key)
               for c in Person.__table__.columns} | changes
        del p
    body = fhir.patient(row, "HN-0001", 1)
    body["meta"]["versionId"] = "7"
    return body


def _apply(db, body: dict) -> None:
    with db.transaction() as s:
        assert apply_central(s, body, utc_now()) is Applied.CONFLICT


def test_a_person_conflict_is_given_as_rows_read_as_a_clerk_reads_them(db, person):
    _apply(db, _central_copy(db, person, id_type="PASSPORT", id_number="M1234567",
                             nationality="KOR", dob=date(1990, 2, 1)))
    rows = {r.label: r for r in syncing.compare_versions(db, "person", person, "vi")}
    assert (rows["Ngày sinh"].mine, rows["Ngày sinh"].theirs) == ("02/01/1990", "01/02/1990")
    assert (rows["Loại giấy tờ"].mine, rows["Loại giấy tờ"].theirs) == (
        "Căn cước công dân (CCCD)", "Hộ chiếu")
    assert (rows["Quốc tịch"].mine, rows["Quốc tịch"].theirs) == ("—", "KOR")
    assert rows["Giới tính"].mine == rows["Giới tính"].theirs == "Nữ"
    assert {label for label, r in rows.items() if r.differs} == {
        "Ngày sinh", "Loại giấy tờ", "Số CCCD/CMND", "Quốc tịch"}


def test_no_document_is_said_with_its_reason(db, person):
    _apply(db, _central_copy(db, person, id_type="NONE", id_number=None,
                             no_id_reason=NoIdReason.HOMELESS_OR_ITINERANT.value))
    rows = {r.field: r for r in syncing.compare_versions(db, "person", person, "en")}
    assert rows["id_type"].theirs == "No identity document"
    assert (rows["no_id_reason"].label, rows["no_id_reason"].mine,
            rows["no_id_reason"].theirs) == ("Reason for no ID", "—", "Homeless or itinerant")
    assert rows["id_number"].theirs == "—" and rows["id_number"].differs


def test_a_copy_deleted_there_or_unreadable_here_is_said_so(db, person):
    with db.transaction() as s:
        s.execute(text("UPDATE sync_record SET state = 'conflict', server_body = NULL "
                       "WHERE entity = 'person'"))
    rows = syncing.compare_versions(db, "person", person, "vi")
    assert {r.theirs for r in rows} == {"(đã bị xóa)"} and not any(r.differs for r in rows)

    with db.reading() as s:
        dose = s.execute(select(Dose).where(Dose.person_id == person)).scalar_one()
    body = {"resourceType": "Immunization", "id": dose.id, "meta": {"versionId": "3"},
            "status": "completed", "vaccineCode": {"coding": [{"system": "other", "code": "X"}]},
            "occurrenceDateTime": "2021-08-02", "protocolApplied": [{"doseNumberString": "1"}]}
    _apply(db, body)
    rows = {r.field: r for r in syncing.compare_versions(db, "dose", dose.id, "en")}
    assert rows["product_code"].mine == db.catalogue.name_of("COMIRNATY", "en")
    assert rows["dose_date"].mine == "02/08/2021" and rows["voided"].mine == "Active"
    assert {r.theirs for r in rows.values()} == {"(cannot be read)"}
