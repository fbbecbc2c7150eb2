"""The same Vietnamese passphrase or password typed composed ("ế" one character, as most
keyboards give it) or decomposed ("e" and its marks: Unikey's "Unicode tổ hợp", text pasted
from some documents) is the same secret: byte for byte, a laptop set up the other way was
locked out of its own data and backups ("the passphrase is wrong"). Real encrypted files,
the real account store and the central dashboard's staff store; the command as a process."""

from __future__ import annotations

import os
import unicodedata

import pytest
from argon2 import PasswordHasher
from sqlalchemy import update

from central_server.dashboard import staff
from central_server.db.engine import make_engine
from desktop_app.db import cipher
from desktop_app.db.database import open_database
from desktop_app.db.errors import WrongPassphrase
from desktop_app.db.models import User
from desktop_app.rules.passphrase import check_new_passphrase
from desktop_app.services import accounts
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests import forked

PASSPHRASE = "mật khẩu trạm y tế"
PASSWORD = "Lan ơi 2026"


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    return decomposed


def test_a_database_and_an_account_made_composed_open_typed_decomposed(tmp_path):
    path = tmp_path / "vaxdesk.db"
    with open_database(path, PASSPHRASE) as db:
        accounts.add_user(db, "lan", "Nguyễn Thị Lan", "supervisor", PASSWORD,
                          actor=AT_THIS_LAPTOP)
    with open_database(path, nfd(PASSPHRASE)) as db:
        assert accounts.login(db, "lan", nfd(PASSWORD)).user_id
    env = {**os.environ, "VAXDESK_DB_PASSPHRASE": nfd(PASSPHRASE), "VAXDESK_USER": "lan",
           "VAXDESK_PASSWORD": nfd(PASSWORD)}
    listed = forked.vaxdesk("--db", str(path), "user", "list", env=env, timeout=180)
    assert listed.returncode == 0, listed.stderr
    assert "lan\tNguyễn Thị Lan" in listed.stdout
    # Chosen twice in two forms, it is one passphrase.
    assert check_new_passphrase(PASSPHRASE, nfd(PASSPHRASE)) == []


def test_a_file_and_a_password_kept_decomposed_before_still_open_as_typed(tmp_path):
    """Made by the version before, from a decomposed passphrase and password, kept as
    typed: they open typed so (the second try), and only so, as before."""
    path = tmp_path / "vaxdesk.db"
    with open_database(path, PASSPHRASE) as db:
        accounts.add_user(db, "lan", "Nguyễn Thị Lan", "supervisor", PASSWORD,
                          actor=AT_THIS_LAPTOP)
        with db.transaction() as s:
            s.execute(update(User).values(password_hash=PasswordHasher().hash(nfd(PASSWORD))))
    conn = cipher.connect(path, cipher.key_for(path, PASSPHRASE), isolation_level=None)
    try:  # the file's key as the version before derived it
        cipher.change_key(conn, cipher._derive(nfd(PASSPHRASE), cipher.file_salt(path)))
    finally:
        conn.close()
    with pytest.raises(WrongPassphrase):
        open_database(path, PASSPHRASE)
    with open_database(path, nfd(PASSPHRASE)) as db:
        assert accounts.login(db, "lan", nfd(PASSWORD)).user_id
        with pytest.raises(accounts.LoginRefused):
            accounts.login(db, "lan", "Lan oi 2026")


def test_a_dashboard_password_is_one_whichever_form_it_is_typed_in(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    try:
        staff.add_staff(engine, "tinh01", "province", "01", nfd("mật khẩu của tỉnh 01"))
        assert staff.log_in(engine, "tinh01", "mật khẩu của tỉnh 01")
        assert staff.log_in(engine, "tinh01", nfd("mật khẩu của tỉnh 01"))
    finally:
        engine.dispose()
