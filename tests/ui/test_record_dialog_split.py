"""A merge split again from the kept record's window (Records area), whenever it was made
and from wherever (a complaint, the worklist): the worklist's "Split the records again"
only lasts until its next merge or the app's next start. Real database and widgets; the
one modal question (``merge_records.confirm``) answered by a stub, as the merge tests do."""

from __future__ import annotations

from datetime import date

from desktop_app.clock import local_time, utc_now
from desktop_app.db.models import Person
from desktop_app.services import accounts
from desktop_app.services.actor import Role
from desktop_app.services.merges import merge_people
from desktop_app.ui import merge_records
from tests.ui.merge_helpers import record_window, recorded

TODAY = date(2022, 6, 1)


def test_each_record_merged_in_is_named_and_split_off_again_alone(
        qtbot, db, site, boss, monkeypatch):
    kept = recorded(db, boss, "Trần Thị Bích", "001190000102", 3, date(2021, 12, 1))
    first = recorded(db, boss, "Trần Thị Bích", None, 1, date(2021, 8, 1))
    second = recorded(db, boss, "Trần Thị Bíc", None, 2, date(2021, 8, 29))
    merge_people(db, kept.person_id, first.person_id, actor=boss, confirm_differences=True)
    merge_people(db, kept.person_id, second.person_id, actor=boss, confirm_differences=True)
    asked: list[str] = []
    monkeypatch.setattr(merge_records, "confirm",
                        lambda _p, _t, said, *_a: asked.append(said) or True)

    dialog = record_window(qtbot, db, boss, kept.dose_id)
    try:
        said = dialog.person.text()
        today = local_time(utc_now()).split()[0]  # the merges were made just now
        first_said = f"Trần Thị Bích (born 05/06/1990, ID: none), merged on {today}, " \
            "doses moved: dose 1 on 01/08/2021"
        second_said = f"Trần Thị Bíc (born 05/06/1990, ID: none), merged on {today}, " \
            "doses moved: dose 2 on 29/08/2021"
        assert f"Merged into this record: {first_said}<br>" \
               f"Merged into this record: {second_said}" in said
        assert dialog.split_button.isVisible() and dialog.split_button.isEnabled()
        actions = dialog.split_menu.actions()
        assert [a.text() for a in actions] == [first_said, second_said]

        actions[0].trigger()  # the first merge split, the second stands
        qtbot.waitUntil(lambda: len(dialog.split_menu.actions()) == 1)
        assert len(asked) == 1 and asked[0].startswith(
            "Split the record Trần Thị Bích (born 05/06/1990, ID: none) off the record "
            "Trần Thị Bích (born 05/06/1990, ID: 001190000102)?")
        with db.reading() as s:
            assert s.get(Person, first.person_id).merged_into is None
            assert s.get(Person, second.person_id).merged_into == kept.person_id
        assert dialog.message.text().startswith(
            "The record Trần Thị Bích (born 05/06/1990, ID: none) is apart from the record "
            "Trần Thị Bích (born 05/06/1990, ID: 001190000102) again: 1 dose went back")
        assert [a.text() for a in dialog.split_menu.actions()] == [second_said]
    finally:
        dialog.ctx.runner.wait_idle()


def test_a_clerk_sees_the_merge_but_may_not_split_it(qtbot, db, site, boss):
    kept = recorded(db, boss, "Trần Thị Bích", "001190000102", 2, date(2021, 12, 1))
    first = recorded(db, boss, "Trần Thị Bích", None, 1, date(2021, 8, 1))
    merge_people(db, kept.person_id, first.person_id, actor=boss)
    accounts.add_user(db, "lan", "Y tá Lan", Role.CLERK, "mật khẩu 123", actor=boss)
    clerk = accounts.login(db, "lan", "mật khẩu 123")
    dialog = record_window(qtbot, db, clerk, kept.dose_id)
    try:
        assert "Merged into this record" in dialog.person.text()
        assert dialog.split_button.isVisible() and not dialog.split_button.isEnabled()
    finally:
        dialog.ctx.runner.wait_idle()


def test_a_record_nothing_was_merged_into_offers_no_split(qtbot, db, site, boss):
    alone = recorded(db, boss, "Trần Thị Bích", "001190000102", 1, date(2021, 12, 1))
    dialog = record_window(qtbot, db, boss, alone.dose_id)
    try:
        assert not dialog.split_button.isVisible()
        assert "Merged into" not in dialog.person.text()
    finally:
        dialog.ctx.runner.wait_idle()
