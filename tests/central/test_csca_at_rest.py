"""The central signing authority's key: encrypted at rest, and no server starts without
that unless told it is a throw-away."""

import os
import subprocess
import sys

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from central_server.db.models import Base, SigningAuthority
from central_server.signing.authority import load_authority


def test_the_server_refuses_to_start_with_a_plain_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "VAXDESK_CENTRAL_CSCA_PASSPHRASE"}
    out = subprocess.run([sys.executable, "-m", "central_server.cli", "--database-url",
                          f"sqlite:///{tmp_path / 'c.db'}", "serve", "--port", "1"], env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "VAXDESK_CENTRAL_CSCA_PASSPHRASE" in out.stderr


def test_the_key_is_stored_encrypted_and_an_old_plain_one_is_encrypted(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'c.db'}")
    Base.metadata.create_all(engine)
    first = load_authority(engine, None)  # as an earlier, unprotected run left it
    with Session(engine) as s:
        assert "BEGIN PRIVATE KEY" in s.get(SigningAuthority, 1).key_pem
    again = load_authority(engine, "mật khẩu csca")
    assert again.certificate_pem == first.certificate_pem
    with Session(engine) as s:
        assert "BEGIN ENCRYPTED PRIVATE KEY" in s.get(SigningAuthority, 1).key_pem
    assert load_authority(engine, "mật khẩu csca").certificate_pem == first.certificate_pem
