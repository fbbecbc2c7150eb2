"""A server whose search is not sorted and whose ``next`` links expire (review, item 2).

HAPI pages a search by a cursor it forgets after a while or once the results change; an old
``next`` link is then answered 410 Gone (some servers: 404). The pull searches again from
its saved cursor, which never passed a change it did not see, so nothing is lost or applied
twice and the round goes on. The server is ``tests/sync/hapi_like.py`` in front of the plain
FHIR server, both real HTTP servers on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app import settings
from desktop_app.db.models import Person
from tests.sync.hapi_like import HapiLike
from tests.sync.helpers import make_people, reconcile
from tests.sync.test_plain_fhir import plain  # noqa: F401 - the fixture

pytestmark = pytest.mark.slow

# Never one make_people gives (its names all hold "Văn"): each is a change.
NAMES = ["Trần Thị Bích", "Lê Thị Ánh", "Phạm Thị Chi", "Đặng Thị Dung", "Nguyễn Thị Hoa",
         "Lê Thị Lan"]


@pytest.fixture
def unsorted(plain) -> Iterator[HapiLike]:  # noqa: F811
    """A server that ignores ``_sort`` and pages by id, two at a time."""
    front = HapiLike(plain.server.url, order=lambda r: r["id"])
    yield front
    front.close()


def _renamed_elsewhere(plain, ids: list[str]) -> dict[str, tuple[str, str]]:  # noqa: F811
    """Another tool renames each person, in this order (so their ``lastUpdated`` rise in
    it): {id: (new name, lastUpdated)}."""
    done = {}
    for pid, name in zip(ids, NAMES, strict=False):
        copy = plain.server_copy("Patient", pid)
        body = {**copy.json(), "name": [{"text": name}]}
        r = plain.server.session().put(f"{plain.server.url}/Patient/{pid}", json=body,
                                       headers={"If-Match": copy.headers["ETag"]})
        assert r.status_code == 200, r.text
        done[pid] = (name, r.json()["meta"]["lastUpdated"])
    return done


def _names(db, ids) -> dict[str, str]:
    with db.reading() as s:
        return {pid: s.get(Person, pid).full_name for pid in ids}


def _cursor(db) -> str:
    with db.reading() as s:
        return settings.read(s, settings.pull_cursor("Patient"))


@pytest.mark.parametrize("gone", [410, 404])
def test_an_expired_next_link_of_an_unsorted_search_loses_nothing(plain, unsorted,  # noqa: F811
                                                                  gone):
    people = sorted(make_people(plain.db, 6, doses_each=1))
    plain.sync()
    start = _cursor(plain.db)
    # By id, the first page holds the last two renames, in time order: it looks sorted,
    # but the older four wait on the pages after it.
    renamed = _renamed_elsewhere(plain, people[2:] + people[:2])
    unsorted.gone, unsorted.expire = gone, 1
    summary = plain.sync(unsorted.url)
    assert unsorted.expired == 1
    assert unsorted.searched[:2] == [f"ge{start}", f"ge{start}"]  # searched again from it
    assert (summary.pulled, summary.conflicts) == (6, 0)
    assert _names(plain.db, people) == {pid: name for pid, (name, _at) in renamed.items()}
    assert _cursor(plain.db) == max(at for _name, at in renamed.values())
    again = plain.sync(unsorted.url)
    assert (again.pulled, again.conflicts) == (0, 0)  # nothing twice
    reconcile(plain.db, plain.server.url, plain.token)


def test_a_server_that_keeps_forgetting_its_pages_holds_the_cursor_back(plain,  # noqa: F811
                                                                        unsorted):
    people = sorted(make_people(plain.db, 6, doses_each=1))
    plain.sync()
    start = _cursor(plain.db)
    renamed = _renamed_elsewhere(plain, people[2:] + people[:2])
    unsorted.expire = 1000  # every next link of this round
    summary = plain.sync(unsorted.url)  # the round ends, with what it could read
    assert summary.pulled == 2 and unsorted.expired >= 2
    assert _cursor(plain.db) == start  # never past the four it did not see
    # Said to the person, not only logged: the rest comes next round.
    assert summary.skipped == [("pull", "SYNC_STEP_PROBLEM_PAGES_EXPIRED")]
    assert "chưa nhận hết thay đổi" in summary.skipped_messages("vi")[0]
    unsorted.expire = 0
    after = plain.sync(unsorted.url)
    assert after.pulled == 4 and after.skipped == []
    assert _names(plain.db, people) == {pid: name for pid, (name, _at) in renamed.items()}
    reconcile(plain.db, plain.server.url, plain.token)


def test_a_sorted_search_starts_again_where_its_cursor_stopped(plain):  # noqa: F811
    front = HapiLike(plain.server.url, order=lambda r: (r["meta"]["lastUpdated"], r["id"]),
                     sorts=True)
    try:
        people = make_people(plain.db, 6, doses_each=1)
        plain.sync()
        start = _cursor(plain.db)
        renamed = _renamed_elsewhere(plain, people)
        front.expire = 1
        summary = plain.sync(front.url)
        page_one = sorted(at for _name, at in renamed.values())[1]
        assert front.searched[:2] == [f"ge{start}", f"ge{page_one}"]
        assert (summary.pulled, summary.conflicts) == (6, 0)
        assert _names(plain.db, people) == {pid: name for pid, (name, _at) in renamed.items()}
        assert plain.sync(front.url).pulled == 0
    finally:
        front.close()
