"""``vaxdesk --self-test``: does this copy of the app work on this machine?

A site copies the bundle onto a bare laptop; before a clerk records the first dose, one
command proves every part the day needs, on a throw-away data folder (the site's own data is
never touched): the database opens and migrates (SQLCipher, Alembic and the migration scripts
shipped as files), a dose is recorded and read back (the rules, the catalogue), a certificate
is signed, printed to PDF and verified by reading its QR back from the rendered page
(cryptography, reportlab, pdfium, zxing), and the main window opens offscreen through the
app's real launch path (Qt, its plugins, translations). Exit 0, or the failed step named with
the reason and exit 1.

A throw-away signing authority stands in for the central platform, which certifies a real
site's key at its first sync: the self-test must run offline.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

from desktop_app.rules.messages import text

#: The steps in order; each needs the ones before it.
STEPS = ("SELF_TEST_DATABASE", "SELF_TEST_DOSE", "SELF_TEST_CERTIFICATE", "SELF_TEST_WINDOW")
FAILED = 1
USER = "tu-kiem-tra"
PERSON_ID_NUMBER = "001190012345"


@dataclass
class _State:
    folder: Path
    passphrase: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    password: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    db_path: Path = field(init=False)
    person_id: str | None = None

    def __post_init__(self) -> None:
        self.db_path = self.folder / "vaxdesk.db"


def run(lang: str = "vi", out: TextIO | None = None,
        only: tuple[str, ...] = STEPS) -> int:
    """Run the steps on a fresh temporary data folder; print one line a step. 0 when all
    passed, else ``FAILED`` after naming the step that failed and why."""
    out = out or sys.stdout
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="vaxdesk-self-test-") as tmp:
        state = _State(Path(tmp))
        with _environment(state):
            for code in only:
                step = text(code, lang)
                try:
                    _STEP_RUNNERS[code](state)
                except BaseException as exc:  # noqa: BLE001 - the report is the point
                    if isinstance(exc, KeyboardInterrupt):
                        raise
                    print(text("SELF_TEST_STEP_FAILED", lang, step=step,
                               detail=f"{type(exc).__name__}: {exc}"), file=out, flush=True)
                    traceback.print_exc(file=sys.stderr)
                    print(text("SELF_TEST_FAILED", lang, step=step), file=out, flush=True)
                    return FAILED
                print(text("SELF_TEST_STEP_OK", lang, step=step), file=out, flush=True)
    print(text("SELF_TEST_PASSED", lang, seconds=f"{time.monotonic() - started:.1f}"),
          file=out, flush=True)
    return 0


@contextmanager
def _environment(state: _State) -> Iterator[None]:
    """The app's own ways of being told where its data is and who is at the laptop (the
    variables scripts and kiosks use), pointed at the throw-away folder, then put back."""
    values = {
        "VAXDESK_DATA_DIR": str(state.folder),
        "VAXDESK_DB_PASSPHRASE": state.passphrase,
        "VAXDESK_USER": USER,
        "VAXDESK_PASSWORD": state.password,
    }
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _database(state: _State) -> None:
    from desktop_app.db.migrate import current_revision, head_revision
    from desktop_app.services import accounts
    from desktop_app.services.actor import AT_THIS_LAPTOP
    from desktop_app.services.database import open_database
    from desktop_app.services.site import set_up_site

    with open_database(state.db_path, state.passphrase) as db:
        revision, head = current_revision(db.engine), head_revision()
        if revision != head:
            raise AssertionError(f"database at revision {revision}, expected {head}")
        accounts.add_user(db, USER, "Tự kiểm tra", "supervisor", state.password,
                          actor=AT_THIS_LAPTOP)
        set_up_site(db, "SELFTEST", "Tự kiểm tra", actor=_actor(db, state))


def _actor(db, state: _State):  # noqa: ANN001, ANN202
    from desktop_app.services import accounts

    return accounts.login(db, USER, state.password)


def _dose(state: _State) -> None:
    from desktop_app.rules.identity import IdType, Sex
    from desktop_app.services.database import open_database
    from desktop_app.services.doses import DoseInput, PersonInput, record_dose
    from desktop_app.services.search import search_people

    with open_database(state.db_path, state.passphrase) as db:
        product = "COMIRNATY"  # one with EU DCC codes: the certificate needs them
        outcome = record_dose(
            db, DoseInput(product, "SELFTEST-1", 1, date.today() - timedelta(days=1), "Lan"),
            person=PersonInput("Nguyễn Thị Ánh Tuyết", date(1990, 5, 9), Sex.FEMALE,
                               IdType.CCCD, PERSON_ID_NUMBER),
            confirm_warnings=True, actor=_actor(db, state))
        if not outcome.saved:
            raise AssertionError("; ".join(p.code for p in outcome.problems))
        hits = search_people(db, "nguyen thi anh tuyet", limit=5)
        if [h.id for h in hits] != [outcome.person_id]:
            raise AssertionError(f"the dose was saved but search finds {hits!r}")
        state.person_id = outcome.person_id


def _certificate(state: _State) -> None:
    from desktop_app.certificates.verify import Verdict
    from desktop_app.services import certificates, signing
    from desktop_app.services.database import open_database

    with open_database(state.db_path, state.passphrase) as db:
        actor = _actor(db, state)
        signing.create_signing_key(db, state.passphrase, actor=actor)
        certificate_pem, trust_list = _stand_in_authority(signing.public_key(db) or "")
        signing.save_trust_list(db, trust_list, None)
        signing.save_enrolment(db, certificate_pem, trust_list["csca"])
        signer = signing.unlock_signer(db, state.passphrase)
        assert state.person_id is not None
        issued = certificates.issue_certificate(db, signer, state.person_id, actor=actor)
        pdf, _ = certificates.render_certificate(issued, "a5", 100)
        pdf_path = state.folder / "certificate.pdf"
        pdf_path.write_bytes(pdf)
        # Read back from the printed page, as a verifier's scan would: the QR drawn by
        # reportlab, rendered by pdfium, decoded by zxing, then the signature checked.
        [result] = certificates.verify_file(db, pdf_path)
        if result.verdict is not Verdict.VALID:
            raise AssertionError(result.message("en"))
        if (result.payload or {}).get("dob") != "1990-05-09":
            raise AssertionError(f"the verified certificate says {result.payload!r}")


def _stand_in_authority(public_key_pem: str) -> tuple[str, dict]:
    """A CSCA made here and now, the site key certified under it, and the trust list that
    names it: what the central platform gives a site at its first sync."""
    import base64

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from desktop_app.clock import utc_now
    from desktop_app.wire.trust_list import FORMAT, kid_of

    now = utc_now().replace(microsecond=0)
    csca_key = ec.generate_private_key(ec.SECP256R1())
    csca_name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                           x509.NameAttribute(NameOID.COMMON_NAME, "VaxDesk self-test CSCA")])
    csca = (x509.CertificateBuilder().subject_name(csca_name).issuer_name(csca_name)
            .public_key(csca_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(csca_key, hashes.SHA256()))
    site_key = serialization.load_pem_public_key(public_key_pem.encode("ascii"))
    dsc = (x509.CertificateBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                                    x509.NameAttribute(NameOID.COMMON_NAME, "DSC SELFTEST")]))
           .issuer_name(csca_name).public_key(site_key)  # type: ignore[arg-type]
           .serial_number(x509.random_serial_number())
           .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
           .sign(csca_key, hashes.SHA256()))
    trust_list = {
        "format": FORMAT, "generated_at": now.isoformat() + "Z",
        "csca": csca.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        "signers": [{
            "kid": base64.b64encode(kid_of(dsc)).decode("ascii"), "site_code": "SELFTEST",
            "certificate": base64.b64encode(dsc.public_bytes(serialization.Encoding.DER))
            .decode("ascii"),
            "revoked_at": None,
        }],
    }
    return dsc.public_bytes(serialization.Encoding.PEM).decode("ascii"), trust_list


def _window(state: _State) -> None:
    """The app's real launch path (unlock, login, the main window, its first checks), with
    the passphrase and the login from the environment, until the search box has focus."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a check, not a session: no display
    from desktop_app.ui.app import run_app

    seen: list[str] = []

    def ready(window) -> None:  # noqa: ANN001
        box = window.areas["record"].search.box
        QApplication.processEvents()
        if window.isVisible() and box.isVisible():
            seen.append(window.windowTitle())
        QApplication.quit()

    code = run_app(state.db_path, ready=ready)
    if code != 0 or not seen:
        raise AssertionError(f"the main window did not come up (exit code {code})")


_STEP_RUNNERS: dict[str, Callable[[_State], None]] = {
    "SELF_TEST_DATABASE": _database,
    "SELF_TEST_DOSE": _dose,
    "SELF_TEST_CERTIFICATE": _certificate,
    "SELF_TEST_WINDOW": _window,
}
