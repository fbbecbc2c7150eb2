"""A name no account has is refused, waits and is audited as an account's name is, so no
answer, wait or time taken tells a stranger which names exist; its count survives a restart
and the CLI beside the desk, and the counts of every name typed stay bounded."""

from __future__ import annotations

import json
import os
import re
from datetime import timedelta

import pytest
from argon2 import extract_parameters

from desktop_app.clock import utc_now
from desktop_app.db.database import open_database
from desktop_app.services import accounts, login_waits
from desktop_app.services.actor import Role
from tests import forked
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER, raw_connect

STRANGER = "khong-ai-co-ten-nay"  # no account has it


def _refusals(db, username, times):  # noqa: ANN001, ANN202
    """Each login's refusal (code, params), a wrong password at each of ``times``."""
    said = []
    for at in times:
        with pytest.raises(accounts.LoginRefused) as refused:
            accounts.login(db, username, "sai mật khẩu", now=at)
        said.append((refused.value.code, refused.value.params))
    return said


def _trail(db, action):  # noqa: ANN001, ANN202
    with raw_connect(db.path) as conn:
        return [(entity_id, user_id, json.loads(details)) for entity_id, user_id, details in
                conn.execute("SELECT entity_id, user_id, details FROM audit_entry "
                             "WHERE action = ? ORDER BY id", (action,))]


def test_a_name_no_account_has_waits_and_is_told_as_an_account_is(db, boss):
    """Three wrong passwords, then tries during the wait and after it: the same answers,
    word for word, for an account's name and a name no account has."""
    now = utc_now()
    times = [now + timedelta(minutes=m) for m in range(3)]
    # during the wait after the third failure (4 s), three times; then after it: 8 s
    times += [times[-1] + timedelta(seconds=s) for s in (1, 2, 3, 5, 6)]
    known = _refusals(db, TEST_USER, times)
    unknown = _refusals(db, STRANGER, times)
    assert known == unknown == [
        ("LOGIN_REFUSED", {})] * 3 + [("LOGIN_WAIT", {"seconds": s}) for s in (4, 3, 2)] + [
        ("LOGIN_REFUSED", {}), ("LOGIN_WAIT", {"seconds": 8})]
    # The same entries: four failed logins and one entry per wait, the typed name only as
    # its fingerprint (an account's name in full, as before).
    failed, waits = _trail(db, "login_failed"), _trail(db, "login_wait")
    mine = [e for e in failed if e[0] == boss.user_id]
    theirs = [e for e in failed if e[0] == login_waits.UNKNOWN_ACCOUNT]
    assert len(mine) == len(theirs) == 4 and len(failed) == 8
    [fingerprint] = {d["username_fingerprint"] for _, _, d in theirs}
    assert [d for _, _, d in theirs] == [{"username_fingerprint": fingerprint}] * 4
    first_wait, second_wait = times[2] + timedelta(seconds=4), times[6] + timedelta(seconds=8)
    assert waits == [
        (boss.user_id, None, {"username": TEST_USER, "failed_logins": n,
                              "wait_until": until.isoformat()})
        for n, until in ((3, first_wait), (4, second_wait))] + [
        ("unknown", None, {"username_fingerprint": fingerprint, "failed_logins": n,
                           "wait_until": until.isoformat()})
        for n, until in ((3, first_wait), (4, second_wait))]
    with raw_connect(db.path) as conn:
        kept = " ".join(str(v) for table in ("audit_entry", "login_name_wait", "setting")
                        for row in conn.execute(f"SELECT * FROM {table}") for v in row)
        assert conn.execute("SELECT name_key, failed_logins FROM login_name_wait"
                            ).fetchall() == [(fingerprint, 4)]
    assert STRANGER not in kept


def test_a_name_no_account_has_costs_a_password_check_as_an_account_does(db, monkeypatch):
    """Refused without a check, a name no account has came back in a millisecond and an
    account's in a tenth of a second: the time told which names exist."""
    checked = []

    class Counting(type(accounts._hasher)):
        def verify(self, digest, password):  # noqa: ANN001, ANN202
            checked.append(extract_parameters(digest))
            return super().verify(digest, password)

    hasher = Counting(time_cost=2, memory_cost=2048, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", hasher)
    own = hasher.hash("mật khẩu của ai đó")
    with raw_connect(db.path) as conn:  # the account's hash, made with these parameters
        conn.execute("UPDATE app_user SET password_hash = ?", (own,))
        conn.commit()
    now = utc_now()
    for n, name in enumerate((TEST_USER, STRANGER)):
        _refusals(db, name, [now + timedelta(minutes=n)])
    assert len(checked) == 2 and checked[0] == checked[1] == extract_parameters(own)
    # The production hasher's digest of no password has the production parameters.
    real = accounts.PasswordHasher()
    monkeypatch.setattr(accounts, "_hasher", real)
    assert extract_parameters(accounts._digest_of_no_password()) == \
        extract_parameters(real.hash("x"))


def test_the_wait_survives_a_restart_and_the_cli_is_told_the_same(db):
    """Counted in the database: reopened, and from a CLI process beside it, a name no
    account has still waits, in the words an account's name gets."""
    now = utc_now()
    # Eight failures, each after the wait before it, the last now: the next waits 128 s.
    times = [now - timedelta(minutes=3 * (7 - k)) for k in range(8)]
    for name in (TEST_USER, STRANGER):
        _refusals(db, name, times)
    path = db.path
    db.close()
    with open_database(path, TEST_PASSPHRASE) as again:
        for name in (TEST_USER, STRANGER):
            with pytest.raises(accounts.LoginRefused) as wait:
                accounts.login(again, name, TEST_PASSWORD, now=now + timedelta(seconds=1))
            assert (wait.value.code, wait.value.params) == (
                "LOGIN_WAIT_MINUTES", {"minutes": 2, "seconds": 8})
    said = []
    for name in (TEST_USER, STRANGER):
        out = forked.vaxdesk("--db", str(path), "--lang", "en", "info",
                             env=dict(os.environ, VAXDESK_USER=name, VAXDESK_PASSWORD="sai"),
                             timeout=120)
        assert out.returncode == 2, out.stderr
        said.append(re.sub(r"\d+ (minute|second)s?", r"N \1", out.stderr))
    assert said[0] == said[1] and "Too many failed logins: wait N minute N second" in said[0]


def test_the_counts_are_bounded_and_forgotten_oldest_first_accounts_and_names_alike(
        db, monkeypatch):
    """A script trying a million names must not leave a million rows. Past the bound the
    oldest counts are forgotten, an account's as well as a name's, so what is forgotten
    tells nothing either."""
    monkeypatch.setattr(login_waits, "MAX_COUNTED", 5)
    now = utc_now()
    _refusals(db, TEST_USER, [now, now + timedelta(minutes=10)])  # 2 failures: waits 2 s
    _refusals(db, STRANGER, [now + timedelta(minutes=1), now + timedelta(minutes=11)])
    later = now + timedelta(minutes=20)

    def counted():  # noqa: ANN202
        with raw_connect(db.path) as conn:
            return (conn.execute("SELECT count(*) FROM login_name_wait").fetchone()[0]
                    + conn.execute("SELECT count(*) FROM app_user WHERE failed_logins > 0"
                                   ).fetchone()[0])

    for n in range(3):  # 5 names counted: the bound
        _refusals(db, f"ten-{n}", [later + timedelta(minutes=n)])
        assert counted() == 3 + n
    _refusals(db, "ten-3", [later + timedelta(minutes=3)])  # the account's count goes
    assert counted() == 5
    _refusals(db, "ten-4", [later + timedelta(minutes=4)])  # then the stranger's
    assert counted() == 5
    for n in range(5, 40):
        _refusals(db, f"ten-{n}", [later + timedelta(minutes=n)])
    assert counted() == 5
    # Both start over: one failure, one second's wait, as for a name never tried.
    again = later + timedelta(hours=1)
    for name in (TEST_USER, STRANGER):
        assert _refusals(db, name, [again, again + timedelta(milliseconds=500)]) == [
            ("LOGIN_REFUSED", {}), ("LOGIN_WAIT", {"seconds": 1})]


def test_a_name_that_becomes_an_account_keeps_its_wait(db, boss):
    """Counted while no account had it, the name goes on waiting once one has: a count
    cleared at that moment would tell that the name had just become an account."""
    now = utc_now()
    _refusals(db, "lan", [now, now + timedelta(minutes=1), now + timedelta(minutes=2)])
    accounts.add_user(db, "lan", "Lan", Role.CLERK, "mật khẩu 123", actor=boss)
    with pytest.raises(accounts.LoginRefused) as wait:
        accounts.login(db, "lan", "mật khẩu 123", now=now + timedelta(minutes=2, seconds=1))
    assert (wait.value.code, wait.value.params) == ("LOGIN_WAIT", {"seconds": 4})
    lan = accounts.login(db, "lan", "mật khẩu 123", now=now + timedelta(minutes=3))
    assert lan.role is Role.CLERK
    with raw_connect(db.path) as conn:
        assert conn.execute("SELECT count(*) FROM login_name_wait").fetchone() == (0,)


def test_a_name_tried_all_day_waits_five_minutes_and_never_fails_otherwise(db):
    """The wait's exponent grew with every failure: the 48th made a timedelta too large,
    and the login raised OverflowError instead of a refusal."""
    now = utc_now()
    for name in (TEST_USER, STRANGER):
        said = _refusals(db, name, [now + timedelta(minutes=6 * n) for n in range(60)])
        assert said == [("LOGIN_REFUSED", {})] * 60
        with pytest.raises(accounts.LoginRefused) as wait:
            accounts.login(db, name, "sai", now=now + timedelta(minutes=6 * 59, seconds=1))
        assert (wait.value.code, wait.value.params) == (
            "LOGIN_WAIT_MINUTES", {"minutes": 5, "seconds": 0})
