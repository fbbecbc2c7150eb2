"""The site report reaching a real central server (runs once the platform's site-report
route is merged: until then the server answers 404, which the round skips, see
tests/reports/test_site_report_build.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop_app.sync import site_report
from desktop_app.wire.site_report import PATH
from tests.sync.helpers import make_people

# The platform's route reads the contract from the wire package, as every route does.
_USES_CONTRACT = re.compile(r"wire\.site_report|wire import [^\n]*site_report|/" + PATH)
HAS_ROUTE = any(_USES_CONTRACT.search(p.read_text(encoding="utf-8")) for p in
                (Path(__file__).resolve().parents[2] / "central_server").rglob("*.py"))

pytestmark = pytest.mark.skipif(not HAS_ROUTE, reason="the central site-report route is "
                                "not on this branch yet")


def test_each_round_sends_the_sites_figures(wired):
    make_people(wired.db, 3)
    first = wired.sync()
    assert first.site_report is True
    # Sent again whole next round (the platform replaces the days it names).
    assert wired.sync().site_report is True
    sent = site_report.build_report(wired.db)
    assert sum(d.synced for d in sent.days) == 6 and sum(d.pending for d in sent.days) == 0
