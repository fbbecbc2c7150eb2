"""The VaxDesk-only steps after the push (the site's report figures, the audit anchor) that
fail are told in the round's summary, the records synced all the same. Each is made to fail
for real: sent to the other's route on the real central server, which answers 400."""

from __future__ import annotations

from desktop_app.sync import audit_anchor, site_report
from tests.sync.helpers import make_people


def test_a_failed_report_and_anchor_are_told_and_the_records_still_sync(wired, monkeypatch):
    make_people(wired.db, 2)
    monkeypatch.setattr(site_report, "PATH", "audit-anchor")
    monkeypatch.setattr(audit_anchor, "PATH", "site-report")

    summary = wired.sync()

    assert summary.synced == summary.sent == 6 and summary.waiting == 0  # 2 people, 4 doses
    assert summary.site_report is False and summary.audit_anchor is False
    assert [name for name, _problem in summary.skipped] == ["site_report", "audit_anchor"]
    said = summary.skipped_messages("vi")
    assert any("gửi số liệu báo cáo của điểm tiêm" in line for line in said)
    assert any("gửi mốc nhật ký thao tác" in line for line in said)
    assert all("lần đồng bộ sau sẽ thử lại" in line for line in said)
    english = summary.skipped_messages("en")
    assert any("send the site's report figures" in line for line in english)


def test_taken_again_the_next_round_nothing_is_told(wired, monkeypatch):
    make_people(wired.db, 1)
    monkeypatch.setattr(site_report, "PATH", "audit-anchor")
    assert wired.sync().skipped == [("site_report", "SYNC_STEP_PROBLEM_UNEXPECTED")]
    monkeypatch.undo()

    again = wired.sync()

    assert again.site_report is True and again.audit_anchor is True and again.skipped == []


def test_a_failed_elsewhere_step_is_told_in_its_own_words(wired, monkeypatch):
    """The step that takes our people's doses at other sites (sent to a route that answers
    405 to a GET) is told as the others are; the round's records still sync."""
    from desktop_app.wire import elsewhere

    make_people(wired.db, 1)
    monkeypatch.setattr(elsewhere, "PATH", "site-report")
    summary = wired.sync()
    assert summary.synced == 3 and summary.skipped == [
        ("elsewhere", "SYNC_STEP_PROBLEM_UNEXPECTED")]
    assert "nhận mũi tiêm của người dân tại điểm tiêm khác" in summary.skipped_messages("vi")[0]


def test_every_step_a_round_may_skip_has_words():
    """A step's name is said through SYNC_STEP_<NAME>: one without (the clash-settling step
    was "clashes") raised a KeyError where the round's outcome was shown."""
    import re
    from pathlib import Path

    from desktop_app.rules.messages import text

    root = Path(__file__).resolve().parents[2] / "desktop_app"
    names = {m for f in root.rglob("*.py")
             for m in re.findall(r'step\(summary, "(\w+)"', f.read_text(encoding="utf-8"))}
    assert {"elsewhere", "dose_clashes", "site_report"} <= names
    for name in sorted(names):
        assert text(f"SYNC_STEP_{name.upper()}", "vi") and text(f"SYNC_STEP_{name.upper()}", "en")
