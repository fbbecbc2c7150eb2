"""The police's new ID numbers asked of a real central server before Apply (two site
laptops, one live server process): a CCCD the platform holds for a person of another site
was written without a word, synced, and the platform then held one number for two people.
Now such a row goes back to the supervisor with the holder named, as a number another
person holds on this laptop does; the same citizen recorded at the other site is applied;
and a platform out of reach is said, the rows applied all the same. The app's preview
and a dry run of the command ask nothing: they say how many numbers Apply asks."""

from __future__ import annotations

import openpyxl
import pytest

from desktop_app import cli
from desktop_app.db.models import CleaningCase, Person
from desktop_app.importers.police_file import WRITTEN
from desktop_app.progress import Cancelled
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import police_apply, police_elsewhere, police_export, police_returned
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.ui.cleaning import police_preview
from desktop_app.ui.cleaning.counts_bar import CountsBar
from desktop_app.ui.cleaning.police_buttons import PoliceButtons
from desktop_app.ui.context import AppContext
from desktop_app.ui.tasks import TaskRunner
from tests.cleaning.people import TODAY, paper
from tests.keys import raw_connect
from tests.wired import lookups_logged

RESULT, ID_VERIFIED = WRITTEN.index("Kết quả xác minh"), WRITTEN.index("Số giấy tờ (xác minh)")
EM = make_cccd("001", Sex.FEMALE, 1985, 14)  # Hồ Thị Em's, at site B
BICH = make_cccd("001", Sex.FEMALE, 1985, 15)  # Lê Thị Bích's, at site B and here
NEW = make_cccd("001", Sex.FEMALE, 1985, 16)  # nobody's yet


@pytest.fixture
def answered(wired, wired_b, boss, tmp_path):
    """Site B synced Em and Bích; here, Dung, Bích and Cúc have no ID and the police give
    Dung Em's number, Bích her own and Cúc a new one."""
    paper(wired_b.db, full_name="Hồ Thị Em", id_number=EM)
    paper(wired_b.db, full_name="Lê Thị Bích", id_number=BICH)
    assert wired_b.sync().rejected == 0
    db = wired.db
    people = {"dung": paper(db, full_name="Vũ Thị Dung", id_number=""),
              "bich": paper(db, full_name="Lê Thị Bích", id_number=""),
              "cuc": paper(db, full_name="Đỗ Thị Cúc", id_number="")}
    given = {people["dung"]: EM, people["bich"]: BICH, people["cuc"]: NEW}
    out = tmp_path / "xac-minh.xlsx"
    police_export.export_for_police(db, out, actor=boss)
    book = openpyxl.load_workbook(out)
    for row in book.active.iter_rows(min_row=2):
        row[ID_VERIFIED].value, row[RESULT].value = given[row[0].value], "sai thông tin"
    book.save(tmp_path / "tra-ve.xlsx")
    return people, tmp_path / "tra-ve.xlsx"


def test_a_number_another_sites_person_holds_goes_back_to_the_supervisor(wired, boss,
                                                                           answered):
    people, back = answered
    db = wired.db
    returned = police_returned.read_returned(db, back, today=TODAY)
    assert [r.kind for r in returned.rows] == ["sai thông tin"] * 3  # this laptop sees none
    checked = police_elsewhere.check_elsewhere(db, returned, actor=boss)
    by_id = {r.person_id: r for r in checked.rows}
    assert by_id[people["dung"]].kind == "refused"
    said = by_id[people["dung"]].elsewhere
    assert "điểm tiêm HN-0002" in said and "Hồ Thị Em" in said and EM in said
    assert by_id[people["bich"]].kind == by_id[people["cuc"]].kind == "sai thông tin"
    assert checked.unchecked == 0

    outcome = police_apply.apply_returned(db, checked, actor=boss, today=TODAY)
    assert (outcome.corrected, outcome.fixed, len(outcome.refused)) == (2, 2, 1)
    with db.reading() as s:
        assert s.get(Person, people["dung"]).id_number is None  # not written
        assert s.get(CleaningCase, people["dung"]).status == "returned"
        assert s.get(Person, people["bich"]).id_number == BICH
    assert "Hồ Thị Em" in police_apply.police_notes(db, [people["dung"]])[people["dung"]]


def _results(dialog) -> dict[str, str]:
    return {dialog.changes.item(r, 1).text(): dialog.changes.item(r, 4).text()
            for r in range(dialog.changes.rowCount())}


def _asked_by(wired) -> list[str]:
    """What this laptop's site asked the platform, as the platform logged it (each look-up
    counted in the site's hourly limit)."""
    code = police_elsewhere.current_site(wired.db).code
    return [asked for site, _type, asked, _n, _refused in lookups_logged(wired.server)
            if site == code]


def _preview(qtbot, wired, boss, back):
    ctx = AppContext(wired.db, TaskRunner(), "en")
    ctx.actor = boss
    buttons = PoliceButtons(ctx, CountsBar(ctx))
    qtbot.addWidget(buttons)
    buttons.allow(True, 3)
    buttons.import_from(back)
    qtbot.waitUntil(lambda: buttons.dialog is not None, timeout=20000)
    ctx.runner.wait_idle()
    return ctx, buttons  # the preview is buttons.dialog, theirs: kept alive with them


def test_the_preview_asks_nothing_and_apply_asks_each_new_number(qtbot, wired, boss, answered,
                                                                  monkeypatch):
    """The app's preview once looked every new number up while only showing the file: a
    citizen's data disclosed and the site's hourly limit spent before anyone chose to
    apply. It now says how many Apply will ask, as ``vaxdesk cleaning import`` does."""
    people, back = answered
    ctx, buttons = _preview(qtbot, wired, boss, back)
    dialog = buttons.dialog
    assert _asked_by(wired) == []
    said = dialog.summary.text()
    assert "3 new ID numbers are checked against other sites when Apply is pressed" in said
    assert "--apply" not in said
    assert _results(dialog)["Vũ Thị Dung"] == "Wrong details"  # nothing known of site B yet

    monkeypatch.setattr(police_preview, "confirm", lambda *a: True)
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20000)
    assert len(_asked_by(wired)) == 3  # one look-up each, at Apply
    assert _results(dialog)["Vũ Thị Dung"] == "Not applied: Number held at another site"
    why = [dialog.unused.item(r, 1).text() for r in range(dialog.unused.rowCount())]
    assert any("site HN-0002 holds ID number" in w for w in why), why
    assert (dialog.outcome.corrected, len(dialog.outcome.refused)) == (2, 1)
    assert "when Apply is pressed" not in dialog.summary.text()
    with wired.db.reading() as s:
        assert s.get(Person, people["dung"]).id_number is None
        assert s.get(Person, people["bich"]).id_number == BICH
    dialog.close()
    ctx.runner.wait_idle()


def test_a_stop_while_apply_asks_applies_nothing(qtbot, wired, boss, answered, monkeypatch):
    """Stop pressed on "Checking the new ID numbers…" stops Apply, not only the check: the
    numbers left unasked are not written unseen."""
    people, back = answered
    ctx, buttons = _preview(qtbot, wired, boss, back)
    dialog = buttons.dialog

    def stopped(_db, _number, *, actor, cancel):  # Stop pressed during the first look-up
        cancel.cancel()
        raise Cancelled()

    monkeypatch.setattr(police_elsewhere, "look_up", stopped)
    monkeypatch.setattr(police_preview, "confirm", lambda *a: True)
    dialog.apply_button.click()
    qtbot.waitUntil(dialog.apply_button.isEnabled, timeout=20000)
    ctx.runner.wait_idle()
    assert dialog.outcome is None
    assert dialog.outcome_label.text().startswith("Stopped while checking the new ID numbers")
    with wired.db.reading() as s:
        assert {s.get(Person, pid).id_number for pid in people.values()} == {None}
        assert {s.get(CleaningCase, pid).status for pid in people.values()} == {"sent"}
    dialog.close()
    ctx.runner.wait_idle()


def test_out_of_reach_the_numbers_not_asked_are_said_and_applied(wired, boss, answered):
    people, back = answered
    db = wired.db
    syncing.save_config(db, "http://127.0.0.1:9", wired.token, actor=AT_THIS_LAPTOP)
    checked = police_elsewhere.check_elsewhere(
        db, police_returned.read_returned(db, back, today=TODAY), actor=boss)
    assert checked.unchecked == 3 and not any(r.elsewhere for r in checked.rows)
    assert "3 số giấy tờ mới chưa được đối chiếu với các điểm tiêm khác (không kết nối " \
        "được hệ thống trung tâm)" in checked.summary("vi")
    outcome = police_apply.apply_returned(db, checked, actor=boss, today=TODAY)
    assert outcome.corrected == 3


def lookups(path) -> int:
    """The look-ups this laptop made: each is audited, and counted in the site's hourly
    limit on the platform."""
    with raw_connect(path) as conn:
        return conn.execute("SELECT count(*) FROM audit_entry WHERE action = 'lookup'"
                            ).fetchone()[0]


def test_a_dry_run_of_vaxdesk_cleaning_import_asks_the_platform_nothing(wired, answered,
                                                                          capsys):
    """A look-up discloses a citizen's data and spends the site's hourly limit: the dry run
    says the numbers are asked with --apply, and asks none; --apply asks them."""
    people, back = answered
    path = wired.db.path
    wired.db.close()
    command = ["--db", str(path), "--lang", "en", "cleaning", "import", str(back)]
    assert cli.main(command) == 0
    said = capsys.readouterr().out
    assert lookups(path) == 0
    assert "3 new ID numbers are checked against other sites with --apply" in said, said
    assert "HN-0002" not in said  # nothing known of the other site's holder yet

    assert cli.main([*command, "--apply"]) == 1  # Dung's row back to the supervisor
    said = capsys.readouterr().out
    assert lookups(path) == 3 and "site HN-0002 holds ID number" in said, said
    assert "with --apply" not in said


def test_a_clerks_apply_asks_the_platform_nothing(wired, boss, answered, monkeypatch, capsys):
    """``vaxdesk cleaning import FILE --apply`` run by a clerk: Apply is a supervisor's, yet
    every new ID number was first looked up on the central platform (citizens' data
    disclosed to the laptop, the site's hourly limit spent) for an Apply then refused. The
    clerk now sees only the refusal, and nothing is asked."""
    from desktop_app.services import accounts
    from desktop_app.services.actor import Role

    _people, back = answered
    accounts.add_user(wired.db, "lan", "Thư ký Lan", Role.CLERK, "mật khẩu 123", actor=boss)
    path = wired.db.path
    wired.db.close()
    monkeypatch.setenv("VAXDESK_USER", "lan")
    monkeypatch.setenv("VAXDESK_PASSWORD", "mật khẩu 123")
    code = cli.main(["--db", str(path), "--lang", "en", "cleaning", "import", str(back),
                     "--apply"])
    said = capsys.readouterr()
    assert code == 2 and "supervisor" in said.err, (code, said.out, said.err)
    assert lookups(path) == 0  # refused before a single look-up
