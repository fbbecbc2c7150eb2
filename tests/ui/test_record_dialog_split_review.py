"""Review 32b: the record window's "Split a merged record" and the merged person's history.
Real database and widgets; only the split's modal question (``merge_records.confirm``) is
answered by a stub, as the merge tests do."""

from __future__ import annotations

import re
from datetime import date

from desktop_app.services import accounts
from desktop_app.services.actor import Role
from desktop_app.services.merges import merge_people, unmerge_people
from desktop_app.ui import merge_records
from tests.ui.merge_helpers import record_window, recorded

TODAY = date(2022, 6, 1)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _history(dialog) -> list[tuple[str, str]]:  # noqa: ANN001
    """(Action, Details) of each history row."""
    return [(dialog.audit.item(r, 2).text(), dialog.audit.item(r, 4).text())
            for r in range(dialog.audit.rowCount())]


def test_two_namesakes_without_id_are_told_apart_in_the_split_menu(qtbot, db, site, boss):
    """The namesakes a mistaken merge is made of: two records of one name and birth date,
    neither with an ID. The menu must let the supervisor pick the right one to split off."""
    kept = recorded(db, boss, "Trần Thị Bích", "001190000102", 3, date(2021, 12, 1))
    first = recorded(db, boss, "Trần Thị Bích", None, 1, date(2021, 8, 1))
    second = recorded(db, boss, "Trần Thị Bích", None, 2, date(2021, 8, 29))
    merge_people(db, kept.person_id, first.person_id, actor=boss, confirm_differences=True)
    merge_people(db, kept.person_id, second.person_id, actor=boss, confirm_differences=True)
    dialog = record_window(qtbot, db, boss, kept.dose_id)
    try:
        texts = [a.text() for a in dialog.split_menu.actions()]
        assert len(texts) == 2
        assert texts[0] != texts[1], texts
    finally:
        dialog.ctx.runner.wait_idle()


def test_the_split_question_and_its_outcome_name_the_record_split_off(
        qtbot, db, site, boss, monkeypatch):
    """With several records in the menu, the one question asked (default: do not split)
    is the last chance to catch a slip of the mouse: it must name the record to split off,
    as the merge's last word names both."""
    kept = recorded(db, boss, "Trần Thị Bích", "001190000102", 3, date(2021, 12, 1))
    first = recorded(db, boss, "Lê Văn Nam", None, 1, date(2021, 8, 1))
    second = recorded(db, boss, "Phạm Thu Hà", None, 2, date(2021, 8, 29))
    merge_people(db, kept.person_id, first.person_id, actor=boss, confirm_differences=True)
    merge_people(db, kept.person_id, second.person_id, actor=boss, confirm_differences=True)
    asked: list[str] = []
    monkeypatch.setattr(merge_records, "confirm",
                        lambda _p, _t, said, *_a: asked.append(said) or True)
    dialog = record_window(qtbot, db, boss, kept.dose_id)
    try:
        dialog.split_menu.actions()[1].trigger()
        qtbot.waitUntil(lambda: len(dialog.split_menu.actions()) == 1)
        assert "Phạm Thu Hà" in asked[0], asked[0]
        assert "Phạm Thu Hà" in dialog.message.text(), dialog.message.text()
    finally:
        dialog.ctx.runner.wait_idle()


def _merged_and_split(qtbot, db, boss, monkeypatch, lang):  # noqa: ANN001
    kept = recorded(db, boss, "Trần Thị Bích", "001190000102", 3, date(2021, 12, 1))
    first = recorded(db, boss, "Trần Thị Bíc", None, 1, date(2021, 8, 1))
    merge_people(db, kept.person_id, first.person_id, actor=boss, confirm_differences=True)
    monkeypatch.setattr(merge_records, "confirm", lambda *_a: True)
    dialog = record_window(qtbot, db, boss, kept.dose_id, lang=lang)
    dialog.split_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: not dialog.split_button.isVisible())
    return dialog


def test_the_merge_and_its_undoing_name_no_uuid_in_the_history(qtbot, db, site, boss,
                                                                monkeypatch):
    """The commit says the merged person's history reads in words (a moved dose no longer
    shows its UUIDs); the merge's own entry and the split's still name both records by
    UUID, in the very window that now offers the split."""
    dialog = _merged_and_split(qtbot, db, boss, monkeypatch, "vi")
    try:
        rows = _history(dialog)
        merged = [d for _a, d in rows if d.startswith(("Gộp hồ sơ", "Tách lại hồ sơ"))]
        assert len(merged) == 2, rows  # the merge, and its undoing
        for details in merged:
            assert not UUID.search(details), details
    finally:
        dialog.ctx.runner.wait_idle()


def test_the_merge_and_its_undoing_have_a_word_in_the_action_column(qtbot, db, site, boss,
                                                                     monkeypatch):
    """Every other row's Action reads "Đã tạo", "Đã sửa"…; the merge's and the split's read
    the stored codes "merge" and "unmerge", English in the Vietnamese window."""
    dialog = _merged_and_split(qtbot, db, boss, monkeypatch, "vi")
    try:
        actions = [a for a, _d in _history(dialog)]
        assert "merge" not in actions and "unmerge" not in actions, actions
    finally:
        dialog.ctx.runner.wait_idle()


def test_a_record_with_many_merges_fits_the_screen(qtbot, db, site, boss):
    """Five records merged into one (a returning citizen registered at each visit): the
    "Merged into this record" line is one unwrapped line, and the window grows past the
    screen's width: Close and the buttons are out of sight on a laptop's screen."""
    kept = recorded(db, boss, "Nguyễn Thị Phương Thảo", "001190000102", 5, date(2022, 2, 1))
    for n in range(1, 5):
        other = recorded(db, boss, "Nguyễn Thị Phương Thảo", None, n, date(2021, 6 + n, 1))
        merge_people(db, kept.person_id, other.person_id, actor=boss, confirm_differences=True)
    dialog = record_window(qtbot, db, boss, kept.dose_id)
    try:
        assert len(dialog.split_menu.actions()) == 4
        room = dialog.screen().availableGeometry().width()
        assert dialog.minimumSizeHint().width() <= room, (dialog.minimumSizeHint(), room)
        assert dialog.frameGeometry().width() <= room, (dialog.frameGeometry(), room)
    finally:
        dialog.ctx.runner.wait_idle()


def test_a_merge_of_a_merge_names_each_record_whose_doses_are_here(qtbot, db, site, boss):
    """A folded into B, then B into C: C holds A's dose too, but its window names only B.
    The supervisor looking for A's mistaken merge is not told it is here (nor that B must
    be split off first)."""
    c = recorded(db, boss, "Trần Thị Bích", "001190000102", 3, date(2021, 12, 1))
    b = recorded(db, boss, "Trần Thị Bích", None, 2, date(2021, 8, 29))
    a = recorded(db, boss, "Lê Thị Bích", None, 1, date(2021, 8, 1))
    merge_people(db, b.person_id, a.person_id, actor=boss, confirm_differences=True)
    merge_people(db, c.person_id, b.person_id, actor=boss, confirm_differences=True)
    dialog = record_window(qtbot, db, boss, a.dose_id)  # A's dose, now C's
    try:
        assert dialog.detail.person.id == c.person_id
        assert "Merged into this record" in dialog.person.text()
        assert "Lê Thị Bích" in dialog.person.text(), dialog.person.text()
    finally:
        dialog.ctx.runner.wait_idle()


def test_split_from_a_folded_records_dose_leaves_the_window_on_the_kept_record(
        qtbot, db, site, boss, monkeypatch):
    """The window opened (from the Records list) on a dose the merge moved: after splitting
    its record off, the window jumps to that other person, "the record" the supervisor was
    working on gone, and with it the menu of the other record still merged there."""
    kept = recorded(db, boss, "Trần Thị Bích", "001190000102", 3, date(2021, 12, 1))
    first = recorded(db, boss, "Lê Văn Nam", None, 1, date(2021, 8, 1))
    second = recorded(db, boss, "Phạm Thu Hà", None, 2, date(2021, 8, 29))
    merge_people(db, kept.person_id, first.person_id, actor=boss, confirm_differences=True)
    merge_people(db, kept.person_id, second.person_id, actor=boss, confirm_differences=True)
    monkeypatch.setattr(merge_records, "confirm", lambda *_a: True)
    dialog = record_window(qtbot, db, boss, first.dose_id)
    try:
        assert dialog.detail.person.id == kept.person_id
        dialog.split_menu.actions()[0].trigger()  # Lê Văn Nam split off
        qtbot.waitUntil(lambda: "went back" in dialog.message.text())
        qtbot.wait(200)
        dialog.ctx.runner.wait_idle()
        qtbot.waitUntil(lambda: dialog.detail.person.id != kept.person_id
                        or len(dialog.split_menu.actions()) == 1)
        assert dialog.detail.person.id == kept.person_id, dialog.person.text()
        [left] = [a.text() for a in dialog.split_menu.actions()]
        assert left.startswith("Phạm Thu Hà (born 05/06/1990, ID: none), merged on ")
    finally:
        dialog.ctx.runner.wait_idle()


def test_a_clerk_is_told_why_the_split_is_greyed(qtbot, db, site, boss):
    """A clerk's greyed button says why: the split button's tooltip speaks of corrections
    and voids, not of splitting a merge."""
    kept = recorded(db, boss, "Trần Thị Bích", "001190000102", 3, date(2021, 12, 1))
    first = recorded(db, boss, "Lê Văn Nam", None, 1, date(2021, 8, 1))
    merge_people(db, kept.person_id, first.person_id, actor=boss, confirm_differences=True)
    accounts.add_user(db, "lan", "Y tá Lan", Role.CLERK, "mật khẩu 123", actor=boss)
    clerk = accounts.login(db, "lan", "mật khẩu 123")
    dialog = record_window(qtbot, db, clerk, kept.dose_id)
    try:
        assert not dialog.split_button.isEnabled()
        assert "split" in dialog.split_button.toolTip().lower(), dialog.split_button.toolTip()
    finally:
        dialog.ctx.runner.wait_idle()


def test_a_record_split_off_without_an_id_names_its_kind_of_id_in_words(
        qtbot, db, site, boss):
    """(Older code, met at once after a split.) The split-off record, without an ID, opens
    on its header reading "Số giấy tờ: NONE": the stored code, English, in the Vietnamese
    window; the history beside it says "Không có giấy tờ tùy thân" for the same value."""
    kept = recorded(db, boss, "Trần Thị Bích", "001190000102", 3, date(2021, 12, 1))
    first = recorded(db, boss, "Lê Văn Nam", None, 1, date(2021, 8, 1))
    merge_people(db, kept.person_id, first.person_id, actor=boss, confirm_differences=True)
    unmerge_people(db, first.person_id, actor=boss)
    dialog = record_window(qtbot, db, boss, first.dose_id, lang="vi")
    try:
        assert dialog.detail.person.id == first.person_id
        assert "NONE" not in dialog.person.text(), dialog.person.text()
    finally:
        dialog.ctx.runner.wait_idle()
