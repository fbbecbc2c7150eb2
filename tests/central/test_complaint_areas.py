"""Where nobody closer holds a complaint or a site, someone still sees it: a complaint keeps
the province the citizen chose, one with no area at all is the national scope's, a site is
created with its area, and central staff answer a complaint from ``vaxdesk-central``. On a
real SQLite store, through the real store and CLI."""

from __future__ import annotations

import json
from datetime import date

import pytest

from central_server.admin_log import entries
from central_server.cli import main
from central_server.complaints import store
from central_server.dashboard import open_complaints
from central_server.dashboard.scope import Scope
from central_server.dashboard.tables import View
from central_server.db.engine import make_engine
from central_server.fhir.store import utc_now
from desktop_app.rules.messages import text
from desktop_app.wire.complaints import NOT_ON_SYSTEM, Submission

WITHOUT_AREA = "VAXDESK_CENTRAL_ALLOW_SITE_WITHOUT_AREA"


@pytest.fixture
def url(tmp_path, monkeypatch):
    monkeypatch.delenv("VAXDESK_CENTRAL_OPERATOR", raising=False)
    monkeypatch.delenv(WITHOUT_AREA, raising=False)
    return f"sqlite:///{tmp_path / 'central.db'}"


@pytest.fixture
def engine(url):
    made = make_engine(url)
    yield made
    made.dispose()


def _view(engine, level: str, area: str) -> View:
    today = date.today()
    return View(engine, Scope(level, area), today, today, "vi")


def _citizen(number: str, commune: str | None = None) -> Submission:
    return Submission(NOT_ON_SYSTEM, number, "Hoàng Thị Tỉnh", date(1996, 5, 1),
                      commune_code=commune)


def test_the_province_the_citizen_chose_is_kept_and_its_officers_see_it(engine):
    filed, _ = store.file(engine, _citizen("001096234567"), "web", utc_now(),
                          province_code="01")
    assert (filed.route, filed.site_code, filed.province_code) == ("province", None, "01")
    hanoi, saigon = _view(engine, "province", "01"), _view(engine, "province", "79")
    assert open_complaints.one(hanoi, filed.code) == filed
    assert open_complaints.holds(hanoi, filed)
    assert open_complaints.counts(hanoi).open == 1
    assert open_complaints.one(saigon, filed.code) is None
    # A province no list has is no area: nobody is told a made-up code holds it.
    odd, _ = store.file(engine, _citizen("001096234568"), "web", utc_now(),
                        province_code="99")
    assert odd.province_code is None


def test_the_commune_chosen_decides_the_province(engine):
    filed, _ = store.file(engine, _citizen("001096234569", "00070"), "web", utc_now(),
                          province_code="79")  # a commune of Hà Nội, Saigon chosen
    assert (filed.province_code, filed.commune_code) == ("01", "00070")


def test_a_complaint_with_no_area_is_the_national_scopes(engine):
    filed, _ = store.file(engine, _citizen("001096234570"), "api", utc_now())
    assert (filed.site_code, filed.province_code, filed.commune_code) == (None, None, None)
    country = _view(engine, "national", "VN")
    assert open_complaints.one(country, filed.code) == filed
    assert open_complaints.holds(country, filed)
    assert open_complaints.counts(country).open == 1
    for level, area in (("province", "01"), ("commune", "00070"), ("district", "001")):
        assert open_complaints.one(_view(engine, level, area), filed.code) is None
    # Every complaint is someone's: no open one that no scope of the country reads.
    listed = store.listing(engine, utc_now(), open_only=True)
    assert listed and all(open_complaints.in_scope(country, country.site_codes(), c)
                          for c in listed)


def test_a_site_is_created_with_its_area(url, capsys, monkeypatch):
    assert main(["--database-url", url, "create-site", "HN-0004", "Trạm D"]) == 2
    said = capsys.readouterr().err
    assert text("SITE_AREA_REQUIRED", "vi", option="--province") in said
    assert text("SITE_AREA_REQUIRED", "en", option="--province") in said
    assert main(["--database-url", url, "create-site", "HN-0004", "Trạm D",
                 "--province", "01"]) == 2
    assert "--commune" in capsys.readouterr().err
    # A commune of another province, or one no list has, is no area either.
    assert main(["--database-url", url, "create-site", "HN-0004", "Trạm D",
                 "--province", "79", "--commune", "00070"]) == 2
    assert text("SITE_AREA_UNKNOWN", "en", option="--commune", code="00070") in \
        capsys.readouterr().err
    assert main(["--database-url", url, "create-site", "HN-0004", "Trạm D",
                 "--province", "01", "--commune", "00070"]) == 0
    monkeypatch.setenv(WITHOUT_AREA, "1")  # test fixtures: the site's report says it
    assert main(["--database-url", url, "create-site", "HN-0005", "Trạm E"]) == 0
    engine = make_engine(url)
    try:
        made = [(e.subject, json.loads(e.details)["outcome"]) for e in entries(engine)]
    finally:
        engine.dispose()
    assert made == [("HN-0005", 0), ("HN-0004", 0), *[("HN-0004", 2)] * 3]


def test_a_site_is_moved_only_to_an_area_create_site_would_take(url, engine, capsys):
    """``set-area`` took any code: a commune typed short ("7") took the site out of every
    commune officer's sight, and a province changed alone left a Hà Nội commune's site, and
    its complaints, with Hồ Chí Minh City's officers. Now checked as ``create-site`` checks,
    the parts given over those recorded; an unknown site is said in both languages too."""
    set_area = ["--database-url", url, "set-area"]
    assert main(["--database-url", url, "create-site", "HN-0002", "Trạm Y tế Ba Đình",
                 "--province", "01", "--commune", "00004"]) == 0
    capsys.readouterr()
    for given, province, commune in ((["--commune", "7"], "01", "7"),
                                     (["--province", "79"], "79", "00004"),
                                     (["--province", "99"], "99", "00004"),
                                     (["--province", "79", "--commune", "00070"], "79",
                                      "00070")):
        assert main([*set_area, "HN-0002", *given]) == 2, given
        said = capsys.readouterr().err
        for lang in ("vi", "en"):
            assert text("SITE_MOVE_UNKNOWN", lang, site="HN-0002", province=province,
                        commune=commune) in said, said
    assert main([*set_area, "NOPE", "--province", "01"]) == 2
    said = capsys.readouterr().err
    assert said.startswith("refused: ") and "NOPE" in said
    assert text("SITE_MOVE_NO_SITE", "vi", site="NOPE") in said
    assert text("SITE_MOVE_NO_SITE", "en", site="NOPE") in said
    filed, _ = store.file(engine, _citizen("001096234572", "00004"), "web", utc_now())
    assert (filed.site_code, filed.province_code) == ("HN-0002", "01")  # nothing moved
    # A site with no area yet is given both parts; a true move is taken.
    with pytest.MonkeyPatch.context() as env:
        env.setenv(WITHOUT_AREA, "1")
        assert main(["--database-url", url, "create-site", "HN-0009", "Trạm"]) == 0
    assert main([*set_area, "HN-0009", "--commune", "00070"]) == 2
    assert text("SITE_MOVE_REQUIRED", "en", site="HN-0009", option="--province") in \
        capsys.readouterr().err
    assert main([*set_area, "HN-0002", "--province", "79", "--commune", "27316"]) == 0
    assert capsys.readouterr().out.strip() == "HN-0002: province 79, commune 27316"
    assert [json.loads(e.details)["outcome"] for e in entries(engine)][:7] == \
        [0, 2, 0, 2, 2, 2, 2]


def test_central_staff_answer_a_complaint_from_the_command_line(url, engine, capsys):
    filed, _ = store.file(engine, _citizen("001096234571"), "api", utc_now(),
                          province_code="01")
    run = ["--database-url", url, "--operator", "Nguyễn Văn An", "complaints", "resolve"]
    assert main([*run, filed.code, "--action", "reject"]) == 2
    assert text("COMPLAINT_REJECT_NEEDS_REASON", "en") in capsys.readouterr().err
    assert store.get(engine, filed.code).status == "open"
    assert main([*run, filed.code.lower(), "--action", "reject",
                 "--note", "Chưa tiêm tại Hà Nội."]) == 0
    assert filed.code in capsys.readouterr().out
    answered = store.get(engine, filed.code)
    assert (answered.status, answered.resolution.resolved_by) == ("rejected", "Nguyễn Văn An")
    assert store.events(engine, filed.code)[-1][2] == "cli:Nguyễn Văn An"
    assert main([*run, "PA-00000000", "--action", "reject", "--note", "x"]) == 2
    # The listing still lists, and changes nothing worth a log entry.
    assert main(["--database-url", url, "complaints"]) == 0
    assert "1 complaint(s)" in capsys.readouterr().out
    assert [(e.command, e.subject) for e in entries(engine)] == [
        ("complaints", "PA-00000000"), ("complaints", filed.code.lower()),
        ("complaints", filed.code)]
