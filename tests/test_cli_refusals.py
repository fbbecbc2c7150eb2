"""What ``vaxdesk`` says when it cannot do what was asked: a role that may not, a central
platform that refuses or cannot be reached, records the platform sent back. The catalogue's
sentences and the refusal's exit code, never a traceback, a server's page or a library's
English; the real command, on a real database."""

from __future__ import annotations

import os
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from desktop_app import exit_codes
from desktop_app.db.database import open_database
from desktop_app.rules.messages import text
from desktop_app.services import accounts
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.site import current_site, set_up_site
from tests import forked
from tests.importers.sheets import person_row, write_xlsx
from tests.keys import TEST_PASSPHRASE, ensure_test_supervisor

CLERK, CLERK_PASSWORD = "thuky", "mật khẩu thư ký"


def _vaxdesk(db_path, *args, user=None, password=None, **more_env):
    env = {**os.environ, **more_env}
    if user is not None:
        env.update(VAXDESK_USER=user, VAXDESK_PASSWORD=password)
    return forked.vaxdesk("--db", str(db_path), *args, env=env, timeout=180)


def _with_site(db_path):
    ensure_test_supervisor(db_path)
    with open_database(db_path, TEST_PASSPHRASE) as db:
        set_up_site(db, "HN-0001", "Trạm Y tế Phường Láng Hạ", province_code="01",
                    actor=AT_THIS_LAPTOP)


@pytest.fixture
def clerk_db(db_path):
    """A database with the test supervisor and a clerk, no site yet."""
    ensure_test_supervisor(db_path)
    with open_database(db_path, TEST_PASSPHRASE) as db:
        accounts.add_user(db, CLERK, "Thư ký", "clerk", CLERK_PASSWORD, actor=AT_THIS_LAPTOP)
    return db_path


@pytest.mark.parametrize("lang, said", [
    ("vi", "Việc này cần vai trò"), ("en", "This needs the role of")])
def test_a_role_that_may_not_is_told_so_and_nothing_changes(clerk_db, tmp_path, lang, said):
    sheet = write_xlsx(tmp_path / "f.xlsx", [person_row(1)])
    audit_out = tmp_path / "audit.csv"
    for command in (["setup-site", "HN-9", "Trạm"],
                    ["sync", "--server", "http://127.0.0.1:9/fhir", "--save"],
                    ["import", str(sheet), "--site", "HN-1:Trạm"],
                    ["audit", "export", "--out", str(audit_out)],
                    # Refused before the signing passphrase is asked (it asked it first).
                    ["signing-key", "create"]):
        out = _vaxdesk(clerk_db, "--lang", lang, *command, user=CLERK, password=CLERK_PASSWORD,
                       VAXDESK_SYNC_TOKEN="t")  # the code as scripts give it: no warning
        assert out.returncode == exit_codes.CANNOT_START, (command, out.stderr)
        assert "Traceback" not in out.stderr and "NotAllowed" not in out.stderr, command
        assert out.stderr.startswith(said), (command, out.stderr)
    assert not audit_out.exists()
    with open_database(clerk_db, TEST_PASSPHRASE) as db:
        assert current_site(db) is None
        assert syncing.load_config(db) is None  # --save was refused before saving


class _Refusing(BaseHTTPRequestHandler):
    """What a proxy in front of the platform answers: a status and its HTML page."""

    status = 401

    def _any(self) -> None:
        if n := int(self.headers.get("Content-Length") or 0):
            self.rfile.read(n)
        body = (f"<html><head><title>{self.status}</title></head><body><center><h1>"
                f"{self.status} Error</h1></center><hr><center>nginx/1.18.0</center>"
                "</body></html>").encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _any

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


@pytest.fixture
def proxy_answering():
    servers = []

    def start(status: int) -> str:
        handler = type("Handler", (_Refusing,), {"status": status})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/fhir"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _no_raw_detail(said: str) -> None:
    for raw in ("<html", "nginx", "HTTP 40", "HTTP 50", "HTTPConnectionPool", "Error",
                "Traceback"):
        assert raw not in said, said


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_refused_access_code_is_said_as_the_sync_says_it(db_path, proxy_answering, lang):
    _with_site(db_path)
    out = _vaxdesk(db_path, "--lang", lang, "sync", "--server", proxy_answering(401),
                   "--token", "ma-sai")
    assert out.returncode == exit_codes.SYNC_STOPPED, out.stderr
    last = out.stderr.strip().splitlines()[-1]
    assert last.endswith(text("SYNC_STOPPED", lang, detail=text(
        "SYNC_STEP_PROBLEM_REFUSED", lang) + " " + text("SYNC_CHECK_ACCESS_CODE", lang))), last
    _no_raw_detail(out.stderr)
    # the detail the person was spared is in the app's log, beside the database
    assert "sync stopped: AuthRefused" in (db_path.parent / "vaxdesk.log").read_text()


def test_an_unreachable_platform_is_said_as_the_sync_says_it(db_path, proxy_answering,
                                                            monkeypatch, capsys):
    """A 502 page from the proxy, and no answer at all. In this process (cli.main, the
    command's own entry) with the retries' backoff taken out: waited out, each is 20 s."""
    from desktop_app import cli
    from desktop_app.sync.client import SyncClient

    _with_site(db_path)
    monkeypatch.setattr(SyncClient, "_backoff", lambda self, attempt: 0.0)
    said = text("SYNC_STOPPED", "vi", detail=text("SYNC_STEP_PROBLEM_UNREACHABLE", "vi")
                + " " + text("SYNC_STILL_QUEUED", "vi"))
    for url in (proxy_answering(502), "http://127.0.0.1:9/fhir"):
        code = cli.main(["--db", str(db_path), "--lang", "vi", "sync", "--server", url,
                         "--token", "t"])
        err = capsys.readouterr().err
        assert code == exit_codes.SYNC_STOPPED, err
        assert err.strip().splitlines()[-1].endswith(said), err
        _no_raw_detail(err)


def test_records_the_platform_sent_back_are_listed_with_their_state_in_words(wired, boss):
    from desktop_app.services.doses import DoseInput, PersonInput, record_dose
    from desktop_app.sync import outbox
    from desktop_app.sync.push import _http_issue

    db = wired.db
    saved = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 1), "Lan",
                                      source="backfill"),
                        person=PersonInput(full_name="Phạm Thị Lan", dob=date(1985, 3, 12),
                                           sex="F", id_type="CCCD", id_number="001185012345"),
                        confirm_warnings=True, actor=boss, today=date(2021, 9, 1))
    assert saved.saved
    batch = outbox.claim(db, 10, "HN-0001")
    outbox.record(db, [(o, outbox.Refused([_http_issue(422)])) for o in batch
                       if o.entity == "dose"]
                  + [(o, outbox.Ack("1", None)) for o in batch if o.entity == "person"])
    path = db.path
    db.close()
    out = _vaxdesk(path, "sync")
    assert "[Bị hệ thống trung tâm từ chối] Phạm Thị Lan 01/09/2021 #1:" in out.stdout, \
        out.stdout
    assert "rejected" not in out.stdout
    # refused in an earlier round, still waiting for a person: not "everything synced"
    assert out.returncode == 1
    english = _vaxdesk(path, "--lang", "en", "sync")
    assert "[Rejected by the central platform] Phạm Thị Lan" in english.stdout


def test_an_address_that_sends_records_in_clear_is_refused_before_anything_goes(
        db_path, capsys):
    """http:// to another machine carried names, CCCDs and the access code readable on
    every network between (a reviewer's capture); this machine's own address stays open
    for test servers and tunnels. Nothing listens at 192.0.2.2 (TEST-NET): refused before
    a connection is tried, as the refused input it is (exit 2, like a malformed address),
    saying why."""
    from desktop_app import cli

    _with_site(db_path)
    code = cli.main(["--db", str(db_path), "--lang", "vi", "sync", "--server",
                     "http://192.0.2.2/fhir", "--token", "t"])
    err = capsys.readouterr().err
    assert code == exit_codes.CANNOT_START, err
    assert err.strip().splitlines()[-1] == text("SYNC_ADDRESS_REFUSED", "vi", why=text(
        "SYNC_IN_CLEAR", "vi", address="http://192.0.2.2/fhir"))
    with open_database(db_path, TEST_PASSPHRASE) as db:
        with pytest.raises(syncing.UserError) as refused:
            syncing.save_config(db, "http://192.0.2.2/fhir", "t", actor=AT_THIS_LAPTOP)
        assert refused.value.code == "SYNC_SETTINGS_REFUSED"
        assert "https://" in refused.value.message("vi")
        assert syncing.load_config(db) is None  # nothing saved
        syncing.save_config(db, "http://127.0.0.1:8000/fhir", "t", actor=AT_THIS_LAPTOP)


def test_an_address_typed_without_https_is_refused_not_saved_as_an_unreachable_platform(
        db, db_path, site, central):
    """The platform's address typed as people say it, without ``https://`` (or another
    scheme), is refused before it is saved, with the scheme it needs: saved, every later
    round would say the platform cannot be reached, sending the manager to the network."""
    from tests.sync.helpers import make_people

    ensure_test_supervisor(db_path)
    token = central.cli("create-site", site.code, site.name)
    make_people(db, 1, doses_each=1)
    db.close()
    typed = central.url.removeprefix("http://")  # 127.0.0.1:PORT/fhir
    for address in (typed, "ftp://" + typed):
        out = _vaxdesk(db_path, "sync", "--server", address, "--save", VAXDESK_SYNC_TOKEN=token)
        assert "không kết nối được" not in out.stderr, out.stderr  # the address, not the network
        assert "https://" in out.stderr, out.stderr
        assert out.returncode == exit_codes.CANNOT_START, (out.returncode, out.stderr)
    with open_database(db_path, TEST_PASSPHRASE) as again:
        assert syncing.load_config(again) is None


@pytest.mark.parametrize("typed", [
    "htp:/x", "https://", "https:///fhir", "http://127.0.0.1:{port}/f hir",
    "https://127.0.0.1:{port} /fhir", "https://h:abc/fhir", "https://[::1/fhir",
    "https://h:99999/fhir", "https://a..b/fhir"])
@pytest.mark.parametrize("save", [False, True])
def test_a_malformed_address_is_refused_as_input_before_anything_is_tried(
        db_path, monkeypatch, capsys, typed, save):
    """An address mistyped on the command line (a scheme misspelt, no host, a space, a
    port that is no number) went to the network or crashed, and ended "sync stopped"
    (exit 3) or "an unexpected error" (12): the README's table says refused input is 2.
    Refused with the address named, before a connection is tried (a listener on this
    machine, where the space's address leads, takes none) and with nothing saved."""
    import socket

    from desktop_app import cli
    from desktop_app.sync.client import SyncClient

    _with_site(db_path)
    monkeypatch.setenv("VAXDESK_SYNC_TOKEN", "t")
    # Were it tried, the round would not wait out its retries' backoff (unreachable: 20 s).
    monkeypatch.setattr(SyncClient, "_backoff", lambda self, attempt: 0.0)
    came = []

    def answer(listener: socket.socket) -> None:  # a connection counted, then hung up on
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return  # closed: the test is over
            came.append(conn)
            conn.close()

    with socket.create_server(("127.0.0.1", 0)) as listener:
        threading.Thread(target=answer, args=(listener,), daemon=True).start()
        address = typed.format(port=listener.getsockname()[1])
        code = cli.main(["--db", str(db_path), "--lang", "vi", "sync", "--server", address,
                         *(["--save"] if save else [])])
        err = capsys.readouterr().err
    assert came == [], err  # nothing was tried
    assert code == exit_codes.CANNOT_START, err
    assert "Traceback" not in err and "Đồng bộ dừng" not in err, err
    assert address in err, err
    assert err.startswith("Chưa đồng bộ"), err
    with open_database(db_path, TEST_PASSPHRASE) as db:
        assert syncing.load_config(db) is None
