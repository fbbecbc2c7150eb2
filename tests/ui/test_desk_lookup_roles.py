"""At the desk, the central platform is asked as the account logged in: a volunteer is told
in Vietnamese why nobody from other sites is offered (and the platform is not asked), a
clerk's lookup and bring are audited under the clerk's name. Real widgets offscreen, a
real central server process, two laptops at two sites."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from desktop_app.services import accounts
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import make_screen, rows, type_into


def _known_at_a(wired) -> str:
    (pid,) = make_people(wired.db, 1, doses_each=2)
    wired.sync()
    return rows(wired.db, "SELECT id_number FROM person WHERE id = :p", p=pid)[0][0]


def _logged_in(db, username, role, password):
    accounts.add_user(db, username, username.title(), role, password, actor=AT_THIS_LAPTOP)
    return accounts.login(db, username, password)


def test_a_volunteer_at_the_desk_is_told_why_and_the_platform_is_not_asked(
        qtbot, wired, wired_b):
    cccd = _known_at_a(wired)
    screen = make_screen(qtbot, wired_b.db)
    screen.ctx.actor = _logged_in(wired_b.db, "tnv", "volunteer", "tình nguyện viên 123")
    panel = screen.search
    type_into(qtbot, panel.box, cccd)
    qtbot.waitUntil(lambda: "tình nguyện viên" in panel.remote_hint.text(), timeout=10000)
    assert panel.remote_hint.isVisible() and not panel.bring_button.isVisible()
    assert panel.remote_hint.text().startswith(
        "Tra cứu người đã tiêm ở điểm tiêm khác trên hệ thống trung tâm cần vai trò")
    qtbot.wait(600)  # past the pause after which the platform would be asked
    screen.ctx.runner.wait_idle()
    assert panel._remote_job is None and not panel._remote_timer.isActive()
    assert rows(wired_b.db, "SELECT count(*) FROM audit_entry WHERE action IN "
                            "('lookup', 'refused')") == [(0,)]


def test_a_clerks_lookup_and_bring_at_the_desk_are_audited_as_the_clerk(
        qtbot, wired, wired_b):
    cccd = _known_at_a(wired)
    screen = make_screen(qtbot, wired_b.db)
    clerk = _logged_in(wired_b.db, "lan", "clerk", "mật khẩu của Lan")
    screen.ctx.actor = clerk
    panel = screen.search
    type_into(qtbot, panel.box, cccd)
    qtbot.waitUntil(lambda: panel.bring_button.isVisible(), timeout=10000)
    [(user_id, entity_id, details)] = rows(
        wired_b.db, "SELECT user_id, entity_id, details FROM audit_entry "
                    "WHERE action = 'lookup'")
    assert (user_id, entity_id) == (clerk.user_id, cccd)
    assert [p["site"] for p in json.loads(details)["patients"]] == ["HN-0001"]

    qtbot.mouseClick(panel.bring_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.entry.isVisible() and screen.person is not None)
    assert rows(wired_b.db, "SELECT user_id FROM audit_entry WHERE action = 'create' "
                            "AND entity = 'person'") == [(clerk.user_id,)]
    screen.ctx.runner.wait_idle()
