"""A foreign server's refusal reaches the clerk in Vietnamese (review_sync, item 7).

HAPI (or a Ministry profile on it) refuses a record with an OperationOutcome that has no
``details.text``, only English ``diagnostics`` for developers. That text was the whole
reason shown in the Sync area and by ``vaxdesk sync``, to a Vietnamese clerk. Now a sentence
of ours for the issue's type comes first, in the clerk's language, and the server's words
follow as the detail. The server is the plain FHIR server behind ``tests/sync/hapi_like.py``:
one PUT a record, then with batch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app.rules.messages import text
from desktop_app.services import sync as syncing
from tests.sync.hapi_like import HapiLike
from tests.sync.helpers import make_people
from tests.sync.test_plain_fhir import plain  # noqa: F401 - the fixture

pytestmark = pytest.mark.slow

PROFILE = ("HAPI-0450: Profile http://moh.gov.vn/fhir/StructureDefinition/VNPatient: "
           "Patient.address.district: minimum required = 1, but only found 0")


@pytest.fixture
def front(plain) -> Iterator[HapiLike]:  # noqa: F811
    server = HapiLike(plain.server.url, order=lambda r: r["id"])
    yield server
    server.close()


def _said(issue: syncing.SyncIssue) -> dict[str, str]:
    return {lang: issue.reason(lang) for lang in ("vi", "en")}


@pytest.mark.parametrize("batch", [False, True], ids=["one PUT a record", "batch"])
def test_a_profile_refusal_is_said_in_vietnamese_with_the_servers_words_after(
        plain, front, batch):  # noqa: F811
    if batch:
        plain.server.batch = True
        plain.server.restart()
    people = make_people(plain.db, 3, doses_each=1)
    front.invalid = {people[0]: PROFILE}
    summary = plain.sync(front.url)
    assert summary.rejected == 1
    [issue] = syncing.sync_issues(plain.db)
    assert (issue.record_id, issue.state) == (people[0], "rejected")
    said = _said(issue)
    assert said["vi"] == text("SYNC_ISSUE_REFUSED", "vi") + \
        " Chi tiết từ hệ thống trung tâm: " + PROFILE
    assert said["vi"].startswith("Hệ thống trung tâm không nhận hồ sơ này.")
    assert said["en"] == text("SYNC_ISSUE_REFUSED", "en") + \
        " The central platform's detail: " + PROFILE


def test_an_invalid_value_with_only_diagnostics_points_at_the_detail():
    """An ``invalid`` issue said as found invalid, not as "did not say which"."""
    from desktop_app.sync.push import issues_of

    stored = issues_of({"resourceType": "OperationOutcome", "issue": [{
        "severity": "error", "code": "value",
        "diagnostics": "Patient.birthDate: '1990-13-01' is not a valid date"}]})
    [one] = stored
    assert (one["vi"], one["type"]) == ("", "value")
    [issue] = [syncing.SyncIssue("person", "p", "rejected", "Lê Văn Tám", "", stored, None,
                                 None, None)]
    vi = issue.reason("vi")
    assert vi.startswith(text("SYNC_ISSUE_INVALID_DETAILED", "vi"))
    assert vi.endswith("Chi tiết từ hệ thống trung tâm: Patient.birthDate: '1990-13-01' is "
                       "not a valid date")
    assert "không nói rõ" not in vi


def test_a_servers_own_sentence_is_still_said_as_it_gave_it():
    """Our platform gives its Vietnamese in ``details.text``: that stays the reason."""
    from desktop_app.sync.push import issues_of

    stored = issues_of({"resourceType": "OperationOutcome", "issue": [{
        "severity": "error", "code": "invalid",
        "details": {"coding": [{"code": "ID_SEX_MISMATCH"}], "text": "Số CCCD không khớp."},
        "diagnostics": "The ID does not match."}]})
    issue = syncing.SyncIssue("person", "p", "rejected", "", "", stored, None, None, None)
    assert _said(issue) == {"vi": "Số CCCD không khớp.", "en": "The ID does not match."}
