"""Review of the complaints desk and the police/cleaning round trip, as a site manager
answering citizens' complaints within 48 hours lives them (review "comprev").

Each test is a defect found by using the app: real SQLite files, a real central server
process on 127.0.0.1 where the platform is involved, real widgets for the desk. They FAIL
on the code as it is; each says what the user does, what happens and what should."""

from __future__ import annotations

import re

import requests

from desktop_app.db.models import Person
from desktop_app.services import complaints
from desktop_app.services.merges import unmerge_people
from tests.cleaning.people import paper
from tests.sync.test_complaints_sync import file_on_central


def _status_page(wired, code: str) -> str:
    """The citizen's public status page for ``code``, as text."""
    base = wired.server.url.rsplit("/fhir", 1)[0]
    page = requests.get(f"{base}/complaints/status", params={"code": code}, timeout=30)
    assert page.status_code == 200, page.text
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))


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


