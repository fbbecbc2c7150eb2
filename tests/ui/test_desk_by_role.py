"""What a role may not do is not offered as if it might (review 6 Dec 2026): a volunteer at
the desk saw "Set for today", "Done: may leave", "Reaction…" and Save enabled, a clerk in
Certificates "Create signing key…", and learnt otherwise only by clicking. The services
refuse them all the same (their own tests); here the screens say so first."""

from __future__ import annotations

import pytest

from desktop_app.services import accounts
from desktop_app.services.actor import Actor, Role
from tests.ui.desk_helpers import open_area


def _actor(db, boss, role: Role) -> Actor:
    account = accounts.add_user(db, f"user-{role.value}", "Người Dùng Thử", role.value,
                                "mật khẩu thử nghiệm 1", actor=boss)
    return Actor(account.id, account.full_name, role)


def _desk_buttons(desk) -> list:
    return [desk.today.apply_button, desk.observation.done_button,
            desk.observation.reaction_button, desk.save_button, desk.screening_button]


@pytest.mark.parametrize("role, records", [(Role.VOLUNTEER, False), (Role.CLERK, True)])
def test_the_desk_offers_recording_only_to_those_who_record(qtbot, db, site, boss, role,
                                                            records):
    _ctx, window, desk = open_area(qtbot, db, "record", lang="vi", actor=_actor(db, boss, role))
    assert [b.isEnabled() for b in _desk_buttons(desk)] == [records] * 5
    assert desk.role_note.isVisible() is not records
    assert desk.today.isVisible() is records  # today's lot is not asked of a volunteer
    if not records:
        assert "mục Hồi cứu" in desk.role_note.text()
    window.ctx.runner.wait_idle()


def test_a_supervisor_signing_in_at_the_lock_gets_the_desk_back(qtbot, db, site, boss):
    ctx, window, desk = open_area(qtbot, db, "record", actor=_actor(db, boss, Role.VOLUNTEER))
    ctx.actor = boss
    ctx.data_changed.emit("actor")
    assert all(b.isEnabled() for b in _desk_buttons(desk)) and desk.role_note.isHidden()
    ctx.runner.wait_idle()


def test_creating_the_signing_key_is_a_supervisors_and_says_so(qtbot, db, site, boss):
    ctx, window, screen = open_area(qtbot, db, "certificates", lang="vi",
                                    actor=_actor(db, boss, Role.CLERK))
    qtbot.waitUntil(lambda: screen.key_state.text() != "")
    assert not screen.create_button.isEnabled()
    assert screen.create_button.toolTip() == "Việc của người giám sát."
    ctx.actor = boss
    ctx.data_changed.emit("actor")
    qtbot.waitUntil(screen.create_button.isEnabled)
    ctx.runner.wait_idle()


def test_a_save_landing_after_a_volunteer_signed_in_at_the_lock_leaves_save_off(
        qtbot, db, site, boss):
    """A clerk's save still in flight, the screen locked, a volunteer signs in: the save
    landing re-enabled Save and the checklist for them (review of 6 Dec 2026)."""
    ctx, window, desk = open_area(qtbot, db, "record", actor=_actor(db, boss, Role.CLERK))
    desk._saving = object()  # as save() holds its flight until it lands
    desk._lock_entry(True)
    assert not desk.save_button.isEnabled()
    ctx.actor = _actor(db, boss, Role.VOLUNTEER)
    ctx.data_changed.emit("actor")
    desk._saving = None  # the clerk's save lands (``_landed``)
    desk._lock_entry(False)
    assert not desk.save_button.isEnabled() and not desk.screening_button.isEnabled()
    desk.start_new_person("")  # a form open, as Ctrl+S and F2 would find it
    before = getattr(desk, "screening", None)
    desk.save()  # Ctrl+S, and F2, as the buttons: nothing
    desk.screen_person()
    assert desk._saving is None and getattr(desk, "screening", None) is before
    ctx.runner.wait_idle()
