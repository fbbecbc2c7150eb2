"""The site report reaching a real central server (runs once the platform's site-report
route is merged: until then the server answers 404, which the round skips, see
tests/reports/test_site_report_build.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop_app.sync import site_report
from desktop_app.wire.site_report import PATH
from tests.reports.pending_import import import_in_progress
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


def test_no_figures_are_sent_while_a_big_import_counts_its_doses(wired, site):
    """A big import's doses are in the upload states from its first chunk but counted as
    recorded only at its end (bulk_sql.TALLIES_PENDING): a round in between sends no
    figures, and the next one after the end sends them whole."""
    make_people(wired.db, 2)
    with import_in_progress(wired.db, site.id, count=3):
        during = wired.sync()
        assert during.site_report is None
    after = wired.sync()
    assert after.site_report is True
    sent = site_report.build_report(wired.db)
    assert sum(d.recorded for d in sent.days) == 4 + 3
