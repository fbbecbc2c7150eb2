"""Review of the complaints desk and the police/cleaning round trip, as a site manager
answering citizens' complaints within 48 hours lives them (review "comprev").

Each test is a defect found by using the app: real SQLite files, a real central server
process on 127.0.0.1 where the platform is involved, real widgets for the desk. They FAIL
on the code as it is; each says what the user does, what happens and what should."""

from __future__ import annotations

import re

import requests
from sqlalchemy import select

from desktop_app.db.models import Dose, Person
from desktop_app.services import complaints
from desktop_app.services.doses import void_dose
from desktop_app.services.merges import unmerge_people
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, paper
from tests.complaints.people import arrived
from tests.sync.test_complaints_sync import file_on_central


def _status_page(wired, code: str) -> str:
    """The citizen's public status page for ``code``, as text."""
    base = wired.server.url.rsplit("/fhir", 1)[0]
    page = requests.get(f"{base}/complaints/status", params={"code": code}, timeout=30)
    assert page.status_code == 200, page.text
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))


# 3 ------------------------------------------------------------------------------------------
def test_a_dose_never_given_can_be_answered_without_telling_the_citizen_not_accepted(
        db, site, boss):
    """"I got a dose I never had": the record says Lan had dose 3 on 07/03/2022; she never
    did. The fix is to void that dose (Records area, supervisor, audited). The complaint has
    no way to say so: the four actions are add a dose, correct (the dose form has no void,
    and with nothing edited it refuses: COMPLAINT_NOTHING_CORRECTED), merge, reject. So the
    only way to close it is "Từ chối": the citizen reads "Tình trạng: Không chấp nhận" about
    a complaint that was upheld, the province counts it as rejected, and nothing tells the
    platform which dose the answer removed.

    Should: a complaint can be answered by the void that fixed it (the dose named, as a
    correction names its dose), not only rejected."""
    pid = paper(db)
    paper(db, dose_number="2", dose_date="07/10/2021")
    paper(db, dose_number="3", dose_date="07/03/2022")
    code = arrived(db, GOOD_ID, kind=wire.DETAILS_WRONG, dose_number=3, dose_date=None,
                   text="Tôi chưa tiêm mũi 3 nhưng hệ thống ghi tôi đã tiêm.")
    with db.reading() as s:
        third = s.scalar(select(Dose.id).where(Dose.person_id == pid, Dose.dose_number == 3))
    void_dose(db, third, "Người dân chưa tiêm mũi 3 (phản ánh)", actor=boss)

    complaints.resolve_correct(db, code, {}, note="Đã hủy mũi 3 ghi nhầm trong hồ sơ.",
                               actor=boss)
    item = complaints.complaint(db, code)
    assert (item.status, item.action) == (wire.RESOLVED, wire.CORRECT)


# 4 ------------------------------------------------------------------------------------------
def test_a_merge_split_again_no_longer_tells_the_citizen_the_records_were_merged(
        wired, boss):
    """A complaint resolved by "Gộp hồ sơ"; the merge was a mistake and the supervisor
    splits it again ("Tách lại hai hồ sơ", from the complaint). The records stand apart,
    the moved dose goes back, the platform is told (the folded Patient active again)...
    but the complaint stays "Đã giải quyết / Đã gộp hai hồ sơ của cùng một người" at the
    site and on the citizen's status page, and nothing can reopen or answer it again
    (a second answer is refused as "resolved otherwise").

    Should: once the merge that answered it is undone, the complaint is open again at the
    site (to be answered anew) and the citizen no longer reads that the records were
    merged."""
    keep = paper(wired.db)
    fold = paper(wired.db, id_number="", dose_number="2", dose_date="07/10/2021",
                 address="12 Láng Hạ, Hà Nội")
    wired.sync()
    code = file_on_central(wired)["code"]
    wired.sync()
    complaints.resolve_merge(wired.db, code, keep, fold, actor=boss,
                             note="Đã gộp hai hồ sơ của chị.")
    wired.sync()
    unmerge_people(wired.db, fold, actor=boss, kept_id=keep)
    wired.sync()

    with wired.db.reading() as s:
        assert s.get(Person, fold).merged_into is None  # apart again, on both sides
    item = complaints.complaint(wired.db, code)
    page = _status_page(wired, code)
    assert item.is_open() and "Đã gộp hai hồ sơ" not in page, (
        f"site: {item.status}/{item.action}; the citizen reads: {page[-260:]}")


