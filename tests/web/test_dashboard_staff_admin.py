"""Dashboard logins the administrator ends, through the real server and its command line:
a disabled login's open session is refused at its next page and it signs in no more; a new
password ends the sessions too; each command is in the admin log with its operator, and
every sign-in and refusal is kept (a name nobody has only as its fingerprint)."""

from __future__ import annotations

import time

import requests

from central_server.dashboard.login_names import login_name_key, name_key
from central_server.db.engine import make_engine
from tests.central.dashboard_world import PASSWORD, root, staff_session
from tests.live_server import LiveServer

NEW_PASSWORD = "mat-khau-moi-2026"


def _dashboard(session: requests.Session, server: LiveServer) -> requests.Response:
    return session.get(f"{root(server)}/dashboard", allow_redirects=False, timeout=10)


def _sign_in(server: LiveServer, username: str, password: str) -> requests.Response:
    return requests.post(f"{root(server)}/login", data={"username": username,
                                                        "password": password},
                         allow_redirects=False, timeout=10)


def test_an_officer_who_left_is_disabled_at_once_and_a_leaked_password_replaced(
        central: LiveServer, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    central.cli("staff", "add", "tinh02", "--level", "province", "--area", "01")
    officer, colleague = staff_session(central, "tinh01"), staff_session(central, "tinh02")
    assert _dashboard(officer, central).status_code == 200

    said = central.cli("--operator", "quan-tri-a", "staff", "disable", "tinh01")
    assert said == "disabled tinh01: 1 session(s) ended"
    gone = _dashboard(officer, central)  # the session open in the officer's browser
    assert gone.status_code == 303 and gone.headers["location"].startswith("/login")
    assert _dashboard(colleague, central).status_code == 200  # nobody else's
    refused = _sign_in(central, "tinh01", PASSWORD)
    assert refused.status_code == 401 and "Tài khoản này đã bị khóa" in refused.text
    wrong = _sign_in(central, "tinh01", "doan-mo")  # a guess is told nothing more
    assert wrong.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu." in wrong.text
    assert "bị khóa" not in wrong.text

    central.cli("--operator", "quan-tri-a", "staff", "enable", "tinh01")
    time.sleep(1.1)  # the wait after one wrong password
    again = staff_session(central, "tinh01")
    monkeypatch.setenv("VAXDESK_CENTRAL_NEW_PASSWORD", NEW_PASSWORD)
    said = central.cli("--operator", "quan-tri-b", "staff", "reset-password", "tinh01")
    assert said == "new password set for tinh01: 1 session(s) ended"
    assert _dashboard(again, central).status_code == 303
    assert _sign_in(central, "tinh01", PASSWORD).status_code == 401
    time.sleep(1.1)
    assert _dashboard(staff_session(central, "tinh01", NEW_PASSWORD), central).status_code == 200

    log = central.cli("admin-log").splitlines()
    assert [line.split("  ")[1:4] for line in log if "  staff  " in line][:3] == [
        ["quan-tri-b", "staff", "tinh01"], ["quan-tri-a", "staff", "tinh01"],
        ["quan-tri-a", "staff", "tinh01"]]
    assert '"action": "reset-password"' in log[0] and NEW_PASSWORD not in "\n".join(log)

    assert _sign_in(central, "Mat-Khau-Go-Nham", "x").status_code == 401
    kept = central.cli("staff", "sign-ins", "--limit", "20")
    assert "mat-khau-go-nham" not in kept.lower()
    engine = make_engine(central.database_url)
    try:  # the key the server made at its start
        assert name_key("mat-khau-go-nham", login_name_key(engine)) in kept
    finally:
        engine.dispose()
    outcomes = [line.split("  ", 1)[1] for line in reversed(kept.splitlines())]
    assert outcomes[:5] == ["tinh01  signed-in", "tinh02  signed-in", "tinh01  disabled",
                            "tinh01  wrong-password", "tinh01  signed-in"]
    assert outcomes[-1].endswith("wrong-password") and "unknown name" in outcomes[-1]
    for secret in (PASSWORD, NEW_PASSWORD, "doan-mo"):
        assert secret not in kept
