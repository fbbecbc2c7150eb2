"""What the dashboard's sign-in log keeps of a name no staff user has (often a password typed
into the name box): a fingerprint keyed by a secret of the server, no longer a bare SHA-256
that anyone could test guesses against. Rows kept before the key still show, re-keyed."""

from __future__ import annotations

import hashlib
import threading
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from central_server.dashboard import staff
from central_server.dashboard.login_names import login_name_key, name_key
from central_server.db.engine import make_engine
from central_server.db.models import LoginFailure, ServerKey, StaffSignIn
from central_server.fhir.store import utc_now
from tests.live_server import LiveServer

PASSWORD = "mật khẩu của tỉnh 01"
TYPED = "mat-khau-go-nham"  # a password typed into the name box


def _unkeyed(name: str) -> str:
    """The fingerprint as it was kept before: what a guesser computes for each guess."""
    return hashlib.sha256(f"dashboard-login:{name}".encode()).hexdigest()[:12]


def _kept(database_url: str) -> str:
    """Every value of the two tables that keep names, as one text."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            return " ".join(str(v) for table in ("staff_sign_in", "login_failure")
                            for row in conn.execute(text(f"SELECT * FROM {table}"))
                            for v in row)
    finally:
        engine.dispose()


def _sign_in(server: LiveServer, username: str, password: str) -> int:
    return requests.post(server.url.rsplit("/fhir", 1)[0] + "/login", timeout=10,
                         data={"username": username, "password": password},
                         allow_redirects=False).status_code


def test_a_name_nobody_has_is_kept_under_the_servers_key_not_a_guessable_hash(
        tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """The key set for the server (VAXDESK_CENTRAL_LOGIN_NAME_KEY) keys it; another
    server, with a key of its own made at its first start, keeps the same name otherwise."""
    monkeypatch.setenv("VAXDESK_CENTRAL_LOGIN_NAME_KEY", "khoá riêng của máy chủ")
    keyed = LiveServer(f"sqlite:///{tmp_path / 'keyed.db'}", tmp_path / "keyed.log").start()
    monkeypatch.delenv("VAXDESK_CENTRAL_LOGIN_NAME_KEY")
    made = LiveServer(f"sqlite:///{tmp_path / 'made.db'}", tmp_path / "made.log").start()
    try:
        shown = []
        for server in (keyed, made):
            assert _sign_in(server, "Mat-Khau-Go-Nham", "x") == 401
            shown.append(server.cli("staff", "sign-ins"))
            assert "unknown name" in shown[-1]
            assert _unkeyed(TYPED) not in shown[-1] + _kept(server.database_url)
            assert TYPED not in (shown[-1] + _kept(server.database_url)).lower()
        engine = make_engine(made.database_url)
        try:
            own = login_name_key(engine)  # made at its first start, kept in its database
        finally:
            engine.dispose()
        assert name_key(TYPED, "khoá riêng của máy chủ") in shown[0]
        assert name_key(TYPED, own) in shown[1]
        assert name_key(TYPED, own) != name_key(TYPED, "khoá riêng của máy chủ")
    finally:
        keyed.stop()
        made.stop()


def test_rows_from_before_the_key_are_re_keyed_at_the_first_start_and_still_show(
        tmp_path) -> None:  # noqa: ANN001
    """An earlier server's log: an officer's sign-in, a password typed as a name and that
    name's wait for its third wrong try. After the first start with a key the officer
    reads as before, the typed name as its keyed fingerprint, its wait goes on, and its
    bare hash is gone; a later start changes nothing more."""
    url = f"sqlite:///{tmp_path / 'central.db'}"
    engine = make_engine(url)
    staff.add_staff(engine, "tinh01", "province", "01", PASSWORD)
    now = utc_now()
    with Session(engine) as s, s.begin():
        s.add_all([
            StaffSignIn(at=now - timedelta(minutes=5), name_key=_unkeyed("tinh01"),
                        username="tinh01", outcome=staff.SIGNED_IN),
            StaffSignIn(at=now, name_key=_unkeyed(TYPED), username=None, outcome=staff.WRONG),
            LoginFailure(name_key=_unkeyed(TYPED), failed=3,
                         locked_until=now + timedelta(minutes=4))])
    with Session(engine) as s:
        assert s.get(ServerKey, "login-name") is None  # the earlier server had no key
    engine.dispose()

    server = LiveServer(url, tmp_path / "central.log")
    server.start()
    try:
        engine = make_engine(url)
        key = login_name_key(engine)
        shown = server.cli("staff", "sign-ins")
        assert [line.split("  ", 1)[1] for line in shown.splitlines()] == [
            f"(unknown name, fingerprint {name_key(TYPED, key)})  wrong-password",
            "tinh01  signed-in"]
        for name in ("tinh01", TYPED):
            assert _unkeyed(name) not in _kept(url)
        server.stop()
        server.start()
        assert server.cli("staff", "sign-ins") == shown
        with Session(engine) as s:
            assert s.scalars(select(LoginFailure.name_key)).all() == [name_key(TYPED, key)]
        with pytest.raises(staff.LoginRefused) as waiting:  # its wait still runs
            staff.log_in(engine, TYPED, "x")
        assert waiting.value.code == "DASH_LOGIN_LOCKED"
        engine.dispose()
    finally:
        server.stop()


def test_first_starts_at_once_agree_on_one_key_and_re_key_once(any_store: str) -> None:
    """Several server processes starting together on one database: one key, each old row
    keyed once (keyed twice, it would match no later try)."""
    engine = make_engine(any_store)
    with Session(engine) as s, s.begin():
        s.add(StaffSignIn(at=utc_now(), name_key=_unkeyed(TYPED), username=None,
                          outcome=staff.WRONG))
    keys: list[str] = []
    go = threading.Barrier(4)

    def start() -> None:
        go.wait()
        keys.append(login_name_key(engine))

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 4 and len(set(keys)) == 1
    with Session(engine) as s:
        assert s.scalars(select(StaffSignIn.name_key)).all() == [name_key(TYPED, keys[0])]
    engine.dispose()
