"""Accounts and roles: the first supervisor, logins that slow down, and every role checked in
the services themselves, whatever calls them."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest

from desktop_app.clock import utc_now
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import accounts
from desktop_app.services.actor import AT_THIS_LAPTOP, NotAllowed, Role
from desktop_app.services.backfill import import_file
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.records import correct_dose, correct_person
from desktop_app.services.sync import save_config
from tests import forked
from tests.keys import TEST_PASSWORD, TEST_USER, raw_connect

TODAY = date(2022, 6, 1)


def person(n: int = 1) -> PersonInput:
    return PersonInput(f"Lê Thị Hoa {'ABC'[n]}", date(1990, 2, 3), Sex.FEMALE, IdType.CCCD,
                       f"00119000055{n}")


@pytest.fixture
def staff(db, site):
    boss = accounts.login(db, TEST_USER, TEST_PASSWORD)
    made = {role: accounts.add_user(db, role.value, role.value.title(), role, "mật khẩu 123",
                                    actor=boss) for role in (Role.CLERK, Role.VOLUNTEER)}
    return {role: accounts.login(db, a.username, "mật khẩu 123") for role, a in made.items()} \
        | {Role.SUPERVISOR: boss}


def test_the_first_account_must_be_a_supervisor_and_then_only_a_supervisor_adds(tmp_path):
    from desktop_app.db.database import open_database
    from tests.keys import TEST_PASSPHRASE

    with open_database(tmp_path / "new.db", TEST_PASSPHRASE) as db:
        assert not accounts.has_accounts(db)
        with pytest.raises(accounts.UserError) as refused:
            accounts.add_user(db, "lan", "Lan", Role.CLERK, "mật khẩu 123", actor=AT_THIS_LAPTOP)
        assert refused.value.code == "FIRST_USER_SUPERVISOR"
        accounts.add_user(db, "quanly", "Quản lý", Role.SUPERVISOR, "mật khẩu 123",
                          actor=AT_THIS_LAPTOP)
        clerk_maker = accounts.login(db, "quanly", "mật khẩu 123")
        accounts.add_user(db, "lan", "Lan", Role.CLERK, "mật khẩu 123", actor=clerk_maker)
        lan = accounts.login(db, "lan", "mật khẩu 123")
        with pytest.raises(NotAllowed):
            accounts.add_user(db, "hoa", "Hoa", Role.CLERK, "mật khẩu 123", actor=lan)


def test_passwords_are_kept_as_argon2id_hashes(db):
    with raw_connect(db.path) as conn:
        (digest,) = conn.execute("SELECT password_hash FROM app_user").fetchone()
    assert digest.startswith("$argon2id$") and TEST_PASSWORD not in digest


def test_failed_logins_slow_down_and_are_audited(db):
    now = utc_now()
    for attempt in range(3):
        with pytest.raises(accounts.LoginRefused) as refused:
            accounts.login(db, TEST_USER, "sai", now=now + timedelta(minutes=attempt))
        assert refused.value.code == "LOGIN_REFUSED"
    later = now + timedelta(minutes=2, seconds=1)  # 1 s after the third failure: wait 4 s
    with pytest.raises(accounts.LoginRefused) as wait:
        accounts.login(db, TEST_USER, TEST_PASSWORD, now=later)
    assert wait.value.code == "LOGIN_WAIT" and wait.value.params["seconds"] == 4
    actor = accounts.login(db, TEST_USER, TEST_PASSWORD, now=later + timedelta(seconds=5))
    assert actor.role is Role.SUPERVISOR
    with raw_connect(db.path) as conn:
        actions = [r[0] for r in conn.execute(
            "SELECT action FROM audit_entry WHERE entity = 'user' ORDER BY id")]
    assert actions == ["create", "login_failed", "login_failed", "login_failed", "login_wait",
                       "login"]


def test_tries_while_an_account_waits_are_audited_once_a_wait(db, boss):
    """A supervisor saw the failed logins but not that someone kept trying meanwhile. The
    first try of each wait is audited; the next of the same wait are not (they cost no
    password hash: a script could fill the disk with them), nor do they count as a change
    the next backup must hold."""
    import json

    from desktop_app.clock import local_time
    from desktop_app.services import audit, backups

    now = utc_now()
    for attempt in range(3):
        with pytest.raises(accounts.LoginRefused):
            accounts.login(db, TEST_USER, "sai", now=now + timedelta(minutes=attempt))
    backups.make_backup(db)
    first_wait = now + timedelta(minutes=2, seconds=4)  # 4 s after the third failure
    for n in range(200):
        with pytest.raises(accounts.LoginRefused) as wait:
            accounts.login(db, TEST_USER, TEST_PASSWORD if n % 2 else "sai",
                           now=first_wait - timedelta(seconds=3, milliseconds=-n))
        assert wait.value.code == "LOGIN_WAIT"
    assert not backups.changed_since_backup(db)
    with pytest.raises(accounts.LoginRefused):  # after the wait: a fourth failure, 8 s
        accounts.login(db, TEST_USER, "sai", now=first_wait + timedelta(seconds=1))
    for n in range(3):
        with pytest.raises(accounts.LoginRefused) as wait:
            accounts.login(db, TEST_USER, TEST_PASSWORD,
                           now=first_wait + timedelta(seconds=2 + n))
        assert wait.value.code == "LOGIN_WAIT"
    with raw_connect(db.path) as conn:
        rows = conn.execute("SELECT action, entity_id, user_id, details FROM audit_entry "
                            "WHERE entity = 'user' ORDER BY id").fetchall()
    assert [r[0] for r in rows] == ["create", "login_failed", "login_failed", "login_failed",
                                    "login_wait", "login_failed", "login_wait"]
    waits = [(entity, user, json.loads(details))
             for action, entity, user, details in rows if action == "login_wait"]
    second_wait = first_wait + timedelta(seconds=9)
    assert waits == [
        (boss.user_id, None, {"username": TEST_USER, "failed_logins": 3,
                              "wait_until": first_wait.isoformat()}),
        (boss.user_id, None, {"username": TEST_USER, "failed_logins": 4,
                              "wait_until": second_wait.isoformat()})]
    assert audit.describe("login_wait", waits[0][2], "vi") == (
        f"Thử đăng nhập khi đang phải chờ (bị từ chối): Tên đăng nhập “{TEST_USER}”; "
        f"Số lần đăng nhập sai liên tiếp “3”; Phải chờ đến “{local_time(first_wait)}”")
    assert audit.describe("login_wait", waits[1][2], "en").startswith(
        f"Login tried during the wait (refused): Username “{TEST_USER}”; "
        "Failed logins in a row “4”; Waiting until")


def test_a_clock_set_back_during_a_wait_starts_a_wait_of_its_own_audited_once(db):
    import json

    now = utc_now()
    with pytest.raises(accounts.LoginRefused):
        accounts.login(db, TEST_USER, "sai", now=now)
    back = now - timedelta(days=365)
    for n in range(3):  # the failure counts from the clock set back: one wait, one entry
        with pytest.raises(accounts.LoginRefused) as wait:
            accounts.login(db, TEST_USER, TEST_PASSWORD, now=back + timedelta(seconds=n / 4))
        assert wait.value.code == "LOGIN_WAIT"
    assert accounts.login(db, TEST_USER, TEST_PASSWORD, now=back + timedelta(seconds=2))
    with raw_connect(db.path) as conn:
        waits = [json.loads(d) for (d,) in conn.execute(
            "SELECT details FROM audit_entry WHERE action = 'login_wait'")]
    assert [w["wait_until"] for w in waits] == [(back + timedelta(seconds=1)).isoformat()]


def test_a_name_no_account_has_is_audited_only_as_a_fingerprint(db, boss, tmp_path):
    """A password typed into the user-name box must not reach the trail (never edited,
    in every backup) nor its CSV export: an unknown name is kept as a fingerprint. A known
    account's failed login still names the account."""
    import csv
    import hashlib
    import json

    from desktop_app.services import audit

    typed = "Bí-Mật-Của-Lan-2026"
    for n, name in enumerate((typed, typed, TEST_USER)):  # a minute apart: past each wait
        with pytest.raises(accounts.LoginRefused):
            accounts.login(db, name, "sai", now=utc_now() + timedelta(minutes=10 + n))
    with raw_connect(db.path) as conn:
        rows = conn.execute("SELECT entity_id, details FROM audit_entry "
                            "WHERE action = 'login_failed' ORDER BY id").fetchall()
        everything = " ".join(str(r) for r in conn.execute("SELECT * FROM audit_entry"))
    (first, one), (second, again), (known, named) = ((e, json.loads(d)) for e, d in rows)
    assert typed.lower() not in everything
    assert first == second == "unknown" and one == again  # one name tried twice is told
    assert set(one) == {"username_fingerprint"} and len(one["username_fingerprint"]) == 12
    # Keyed by this database: a copy of the trail is no hash to test password guesses on.
    guessed = {hashlib.sha256(f"{prefix}{typed.lower()}".encode()).hexdigest()[:12]
               for prefix in ("", "desk-login:")}
    assert one["username_fingerprint"] not in guessed
    assert known == boss.user_id and named == {"username": TEST_USER}
    out = tmp_path / "audit.csv"
    audit.export(db, out, "vi", actor=boss)
    with open(out, encoding="utf-8-sig", newline="") as f:
        failed = [r for r in csv.reader(f) if r[4].startswith("Đăng nhập sai")]
    assert typed.lower() not in out.read_text(encoding="utf-8-sig")
    assert failed[0][3] == "Tài khoản không có trên máy"
    assert failed[0][4] == f"Đăng nhập sai: Tên đăng nhập đã gõ (mã nhận dạng) " \
        f"“{one['username_fingerprint']}”"
    assert failed[2][4] == f"Đăng nhập sai: Tên đăng nhập “{TEST_USER}”"


def test_a_clerk_records_but_cannot_correct_void_or_change_settings(db, staff):
    clerk = staff[Role.CLERK]
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"),
                      person=person(), today=TODAY, actor=clerk)
    assert out.saved
    for attempt in (
        lambda: void_dose(db, out.dose_id, "nhầm", actor=clerk),
        lambda: correct_person(db, out.person_id, {"phone": "0912"}, actor=clerk),
        lambda: correct_dose(db, out.dose_id, {"lot_number": "X"}, actor=clerk),
        lambda: save_config(db, "https://x/fhir", "t", actor=clerk),
    ):
        with pytest.raises(NotAllowed) as refused:
            attempt()
        assert "supervisor" in refused.value.message("en")
    with raw_connect(db.path) as conn:
        assert conn.execute("SELECT status FROM dose").fetchone() == ("active",)
        (who,) = conn.execute("SELECT user_id FROM audit_entry WHERE entity = 'dose'").fetchone()
    assert who == clerk.user_id  # the dose's audit names the clerk who recorded it


def test_a_volunteer_backfills_but_does_not_record_at_the_desk(db, staff, tmp_path):
    from desktop_app.progress import drain
    from tests.importers.sheets import person_row, write_xlsx

    volunteer, clerk = staff[Role.VOLUNTEER], staff[Role.CLERK]
    with pytest.raises(NotAllowed):
        record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"),
                    person=person(), today=TODAY, actor=volunteer)
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(1)])
    assert drain(import_file(db, path, today=TODAY, actor=volunteer)).counts["imported"] == 1
    with pytest.raises(NotAllowed):
        drain(import_file(db, path, today=TODAY, actor=clerk))


def test_the_cli_logs_in_and_a_clerk_cannot_add_accounts(db, staff):
    path = db.path
    db.close()
    env = dict(os.environ, VAXDESK_USER="clerk", VAXDESK_PASSWORD="mật khẩu 123",
               VAXDESK_NEW_PASSWORD="mật khẩu 456")
    run = [sys.executable, "-m", "desktop_app.cli", "--db", str(path), "--lang", "en"]
    refused = subprocess.run([*run, "user", "add", "hoa", "--role", "clerk"], env=env,
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "needs the role of supervisor" in refused.stderr
    wrong = subprocess.run([*run, "info"], env=dict(env, VAXDESK_PASSWORD="sai"),
                           capture_output=True, text=True, timeout=120)
    assert wrong.returncode == 2 and "wrong" in wrong.stderr
    nobody = {k: v for k, v in env.items() if k != "VAXDESK_USER"}
    missing = subprocess.run([*run, "info"], env=nobody, capture_output=True, text=True,
                             timeout=120, stdin=subprocess.DEVNULL)
    assert missing.returncode == 2 and "VAXDESK_USER" in missing.stderr
    # A supervisor's script that gives no password for the new account is told where one
    # goes (before: "The password needs at least 8 characters", for none at all).
    boss = {k: v for k, v in env.items() if k != "VAXDESK_NEW_PASSWORD"} | {
        "VAXDESK_USER": TEST_USER, "VAXDESK_PASSWORD": TEST_PASSWORD}
    no_password = subprocess.run([*run, "user", "add", "hoa", "--role", "clerk"], env=boss,
                                 capture_output=True, text=True, timeout=120,
                                 stdin=subprocess.DEVNULL)
    assert no_password.returncode == 2 and "VAXDESK_NEW_PASSWORD" in no_password.stderr


def test_the_idle_lock_is_a_supervisors_setting(db, staff):
    import json

    from sqlalchemy import text as sql

    accounts.set_idle_lock_minutes(db, 5, actor=staff[Role.SUPERVISOR])
    assert accounts.idle_lock_minutes(db) == 5.0
    accounts.set_idle_lock_minutes(db, 5, actor=staff[Role.SUPERVISOR])  # the same again
    with db.reading() as s:
        said = [json.loads(d)["idle_lock_minutes"] for (d,) in s.execute(sql(
            "SELECT details FROM audit_entry WHERE details LIKE '%idle_lock_minutes%'"))]
    assert said == [[10, 5]]  # once, and "5", not "5.0"; the same again is no change
    with pytest.raises(NotAllowed):
        accounts.set_idle_lock_minutes(db, 60, actor=staff[Role.CLERK])
    with pytest.raises(accounts.UserError) as refused:
        accounts.set_idle_lock_minutes(db, 0.0, actor=staff[Role.SUPERVISOR])
    assert refused.value.code == "IDLE_LOCK_RANGE"
    assert refused.value.message("vi").endswith("(đã nhập 0).")  # as typed, not "0.0"
    path = db.path
    db.close()
    out = forked.vaxdesk("--db", str(path), "--lang", "en", "user", "idle-lock", "15",
                         env=dict(os.environ), timeout=120)
    assert out.returncode == 0 and "locks after 15 minutes" in out.stdout
