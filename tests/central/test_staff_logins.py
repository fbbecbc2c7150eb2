"""The dashboard's staff logins on a real SQLite store: wrong passwords are counted and
slow the next try down (they were rolled back with the refusal and never did), and the slow
password check holds no write lock while the sites push."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from central_server.dashboard import staff
from central_server.db.engine import make_engine
from central_server.db.models import StaffUser
from central_server.fhir.store import utc_now

PASSWORD = "mật khẩu của tỉnh 01"


@pytest.fixture
def engine(tmp_path):
    made = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    staff.add_staff(made, "tinh01", "province", "01", PASSWORD)
    yield made
    made.dispose()


def _row(engine):
    with Session(engine) as s:
        user = s.scalar(select(StaffUser).where(StaffUser.username == "tinh01"))
        return user.failed, user.locked_until


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
