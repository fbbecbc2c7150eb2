"""Two supervisors (or one, in two windows) work the Complaints area: one answers a
complaint, the other then acts on it too, or the platform's answer (the province's) came in
meanwhile. The desk refuses, saying how the complaint stands in the user's language, in
the words its list uses; it said the raw status code ("đã được xử lý (rejected)")."""

from __future__ import annotations

from datetime import datetime

import pytest

from desktop_app.db import complaint_store
from desktop_app.rules.messages import UserError
from desktop_app.services import complaints
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, paper
from tests.complaints.people import CODE, arrived

REASON = "Không tiêm ở trạm này."


def _refusal(act) -> UserError:  # noqa: ANN001
    with pytest.raises(UserError) as said:
        act()
    assert said.value.code == "COMPLAINT_ALREADY_CLOSED"
    return said.value


def test_answering_a_complaint_answered_meanwhile_says_its_status_in_vietnamese(
        db, site, boss):
    """From a provincial officer's review: the province's figures hang on that answer,
    and the supervisor was told its status in English."""
    paper(db)
    arrived(db, GOOD_ID)
    complaints.resolve_reject(db, CODE, "Hồ sơ đã đúng.", actor=boss)
    for act in (lambda: complaints.hand_back(db, CODE, REASON, actor=boss),  # still there
                lambda: complaints.resolve_reject(db, CODE, "Lần nữa.", actor=boss)):
        refused = _refusal(act)
        assert refused.message("vi") == \
            f"Phản ánh {CODE} đã được xử lý (Không chấp nhận); không xử lý lại."
        assert refused.message("en") == \
            f"Complaint {CODE} was already dealt with (Not accepted); it is not resolved again."


def test_a_complaint_the_platform_resolved_meanwhile_says_resolved(db, site, boss):
    """Resolved on the platform (as the pull keeps it), in the list's word for it."""
    arrived(db, GOOD_ID)
    answered = wire.Resolution(wire.ADD_DOSE, "", "Hoa", datetime(2026, 11, 23, 9, 0))
    sub = wire.Submission(wire.DOSE_MISSING, GOOD_ID, "Phạm Thị Lan", None)
    with db.transaction() as s:
        complaint_store.keep_pulled(s, wire.Complaint(
            CODE, sub, datetime(2026, 11, 23, 8, 0), wire.ROUTE_SITE, "HN-0001", "01", None,
            status=wire.RESOLVED, changed_at=datetime(2026, 11, 23, 9, 0),
            resolution=answered))
    refused = _refusal(lambda: complaints.hand_back(db, CODE, REASON, actor=boss))
    assert refused.message("vi") == f"Phản ánh {CODE} đã được xử lý (Đã giải quyết); " \
        "không xử lý lại."
