"""The dashboard's staff logins on a real SQLite store: wrong passwords are counted and
slow the next try down (they were rolled back with the refusal and never did), a name nobody
has is answered exactly as a real one, and the slow password check holds no write lock while
the sites push."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
import requests
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from central_server.dashboard import staff
from central_server.dashboard.login_names import login_name_key, name_key
from central_server.db.engine import make_engine
from central_server.db.models import LoginFailure
from central_server.fhir.store import utc_now

PASSWORD = "mật khẩu của tỉnh 01"


@pytest.fixture
def engine(tmp_path):
    made = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    staff.add_staff(made, "tinh01", "province", "01", PASSWORD)
    yield made
    made.dispose()


def _row(engine, name="tinh01"):
    with Session(engine) as s:
        row = s.get(LoginFailure, name_key(name, login_name_key(engine)))
        return (row.failed, row.locked_until) if row else (0, None)


def _answers(engine, name, start):
    """What each of five wrong tries with ``name`` is told, each just after the one before."""
    said = []
    for tries in range(5):
        with pytest.raises(staff.LoginRefused) as refused:
            staff.log_in(engine, name, "đoán", now=start + timedelta(milliseconds=tries))
        said.append((refused.value.code, refused.value.seconds))
    return said


def test_wrong_passwords_are_counted_and_make_the_next_try_wait(engine):
    start = utc_now()
    for tries in (1, 2):
        with pytest.raises(staff.LoginRefused) as wrong:
            staff.log_in(engine, "tinh01", f"đoán {tries}", now=start + timedelta(minutes=tries))
        assert wrong.value.args[0] == "DASH_LOGIN_WRONG"
    failed, locked_until = _row(engine)
    assert failed == 2 and locked_until is not None
    with pytest.raises(staff.LoginRefused) as waiting:  # even the right one waits its turn
        staff.log_in(engine, "tinh01", PASSWORD, now=locked_until - timedelta(seconds=1))
    assert waiting.value.args[0] == "DASH_LOGIN_LOCKED"
    assert staff.log_in(engine, "tinh01", PASSWORD, now=locked_until + timedelta(seconds=1))
    assert _row(engine) == (0, None)


def test_a_password_check_leaves_the_store_free_for_writes(engine):
    """Guesses at made-up names: each hash check took the one SQLite write lock with it."""
    guesses = [threading.Thread(target=lambda n=n: pytest.raises(
        staff.LoginRefused, staff.log_in, engine, f"ai-do-{n}", "đoán")) for n in range(4)]
    for guess in guesses:
        guess.start()
    time.sleep(0.05)
    t0 = time.perf_counter()
    with engine.begin() as conn:  # what a site's push does
        conn.execute(text("UPDATE staff_user SET area_code = area_code"))
    waited = time.perf_counter() - t0
    for guess in guesses:
        guess.join()
    assert waited < 0.2, f"a write waited {waited:.2f} s behind password checks"


def test_a_name_nobody_has_is_answered_and_locked_out_as_a_real_one(engine):
    start = utc_now() + timedelta(minutes=1)
    real = _answers(engine, "tinh01", start)
    assert real == [("DASH_LOGIN_WRONG", 0)] + [("DASH_LOGIN_LOCKED", 1)] * 4
    assert _answers(engine, "khong-co-ai", start) == real
    later = start + timedelta(seconds=2)  # the lock has passed: the next one lasts 2 s
    real = _answers(engine, "tinh01", later)
    assert real == [("DASH_LOGIN_WRONG", 0)] + [("DASH_LOGIN_LOCKED", 2)] * 4
    assert _answers(engine, "khong-co-ai", later) == real
    assert _row(engine, "khong-co-ai") == _row(engine, "tinh01")


def test_made_up_names_cannot_fill_the_database(engine, monkeypatch):
    monkeypatch.setattr(staff, "MAX_FAILURE_ROWS", 3)
    start = utc_now() + timedelta(minutes=1)
    for n in range(6):
        with pytest.raises(staff.LoginRefused):
            staff.log_in(engine, f"ai-do-{n}", "đoán", now=start + timedelta(seconds=n))
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(LoginFailure)) == 3
    assert _row(engine, "ai-do-5")[0] == 1 and _row(engine, "ai-do-0") == (0, None)


def test_the_sign_in_page_says_the_same_to_a_real_name_and_a_made_up_one(central,
                                                                         monkeypatch):
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    login = central.url.rsplit("/fhir", 1)[0] + "/login"
    said = {}
    for name in ("tinh01", "khong-co-ai"):
        answers = [requests.post(login, data={"username": name, "password": "sai"},
                                 timeout=10) for _ in range(2)]
        said[name] = [(a.status_code, a.text.replace(name, "NAME")) for a in answers]
    assert said["tinh01"] == said["khong-co-ai"]
    assert [status for status, _ in said["tinh01"]] == [401, 401]
    assert "Vừa đăng nhập sai" in said["tinh01"][1][1]


def test_guesses_sent_at_once_are_not_all_checked(engine):
    """The lock-out was read before the slow check and counted after it: thirty guesses
    sent together were all checked (a reviewer's burst). Now the first takes the name's
    turn and the others are told to wait, before any of their passwords is looked at."""
    answers: list[str] = []
    go = threading.Barrier(12)

    def guess(n: int) -> None:
        go.wait()
        try:
            staff.log_in(engine, "tinh01", f"đoán {n}")
        except staff.LoginRefused as refused:
            answers.append(refused.args[0])

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers.count("DASH_LOGIN_WRONG") == 1, answers
    assert answers.count("DASH_LOGIN_LOCKED") == 11
    assert _row(engine)[0] == 1  # one password checked, one counted


def test_staff_add_from_a_script_without_a_password_is_refused_not_a_traceback(tmp_path):
    """Before: getpass's EOFError traceback, exit 1."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "VAXDESK_CENTRAL_STAFF_PASSWORD"}
    ran = subprocess.run([sys.executable, "-m", "central_server.cli", "--database-url",
                          f"sqlite:///{tmp_path / 'central.db'}", "staff", "add", "tinh01",
                          "--level", "province", "--area", "01"], capture_output=True,
                         text=True, env=env, stdin=subprocess.DEVNULL, timeout=60)
    assert ran.returncode == 2 and "Traceback" not in ran.stderr
    assert ran.stderr.strip() == ("refused: no password; run it at a terminal, or set "
                                  "VAXDESK_CENTRAL_STAFF_PASSWORD")


def test_a_disabled_login_signs_in_no_more_and_its_sessions_end(engine):
    """An officer who left, or whose password leaked, kept the dashboard for good: no
    command changed a login, and an open session lasted its eight hours whatever happened."""
    from central_server.db.models import StaffDisabled

    first = staff.log_in(engine, "tinh01", PASSWORD)
    second = staff.log_in(engine, "tinh01", PASSWORD)
    assert staff.staff_for(engine, first) is not None
    assert staff.disable(engine, "TINH01") == 2
    assert staff.staff_for(engine, first) is None and staff.staff_for(engine, second) is None
    with pytest.raises(staff.LoginRefused) as refused:  # said only with the right password
        staff.log_in(engine, "tinh01", PASSWORD)
    assert refused.value.code == "DASH_LOGIN_DISABLED"
    with pytest.raises(staff.LoginRefused) as wrong:
        staff.log_in(engine, "tinh01", "đoán")
    assert wrong.value.code == "DASH_LOGIN_WRONG"
    assert staff.enable(engine, "tinh01") is True and staff.enable(engine, "tinh01") is False
    later = utc_now() + timedelta(seconds=5)  # past the wrong password's wait
    token = staff.log_in(engine, "tinh01", PASSWORD, now=later)
    assert staff.staff_for(engine, token, now=later) is not None
    # A session left behind by any other way is refused while the login is disabled.
    with Session(engine) as s, s.begin():
        s.add(StaffDisabled(username="tinh01", at=later))
    assert staff.staff_for(engine, token, now=later) is None
    with pytest.raises(LookupError):
        staff.disable(engine, "ai-do")


def test_a_new_password_ends_the_sessions_and_the_old_one_is_refused(engine):
    token = staff.log_in(engine, "tinh01", PASSWORD)
    with pytest.raises(ValueError):
        staff.reset_password(engine, "tinh01", "ngan")
    assert staff.staff_for(engine, token) is not None  # a refused reset changes nothing
    assert staff.reset_password(engine, "tinh01", "mật khẩu mới của tỉnh") == 1
    assert staff.staff_for(engine, token) is None
    with pytest.raises(staff.LoginRefused):
        staff.log_in(engine, "tinh01", PASSWORD)
    later = utc_now() + timedelta(seconds=5)
    assert staff.log_in(engine, "tinh01", "mật khẩu mới của tỉnh", now=later)


def test_every_sign_in_and_refusal_is_kept_without_a_stranger_name_or_a_password(engine):
    """Nothing recorded a sign-in: a guessing campaign, or a former officer using the
    login, left no trace but a counter. A name no one has (often a password typed in the
    wrong box) is kept only as its fingerprint."""
    start = utc_now()
    staff.log_in(engine, "tinh01", PASSWORD, now=start)
    with pytest.raises(staff.LoginRefused):
        staff.log_in(engine, "tinh01", "đoán-sai-1", now=start)
    for n in range(3):  # while the name waits: kept once
        with pytest.raises(staff.LoginRefused):
            staff.log_in(engine, "tinh01", "đoán-sai-2", now=start + timedelta(milliseconds=n))
    with pytest.raises(staff.LoginRefused):
        staff.log_in(engine, "Mat-Khau-Bi-Mat-99", "x", now=start)
    staff.disable(engine, "tinh01")
    with pytest.raises(staff.LoginRefused):
        staff.log_in(engine, "tinh01", PASSWORD, now=start + timedelta(minutes=1))
    kept = [(e.username, e.outcome) for e in reversed(staff.sign_ins(engine))]
    assert kept == [("tinh01", staff.SIGNED_IN), ("tinh01", staff.WRONG),
                    ("tinh01", staff.LOCKED), (None, staff.WRONG), ("tinh01", staff.DISABLED)]
    stranger = staff.sign_ins(engine)[1]
    assert stranger.name_key == name_key("mat-khau-bi-mat-99", login_name_key(engine))
    with engine.connect() as conn:
        dump = " ".join(str(v) for row in conn.execute(text("SELECT * FROM staff_sign_in"))
                        for v in row)
    for secret in ("mat-khau-bi-mat-99", PASSWORD, "đoán"):
        assert secret not in dump.lower()


@pytest.mark.parametrize(("level", "area"), [("province", "99"), ("commune", "99999")])
def test_a_login_for_an_area_the_gso_list_lacks_is_refused_by_the_service(engine, level, area):
    """The check was the command line's only: a login added another way (a script over the
    service) for a code no site carries would see nothing and say nothing of it."""
    with pytest.raises(ValueError, match="GSO list"):
        staff.add_staff(engine, "nowhere", level, area, PASSWORD)
    with pytest.raises(staff.LoginRefused):
        staff.log_in(engine, "nowhere", PASSWORD)
