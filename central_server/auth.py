"""Sites and their bearer tokens. A token is shown once when issued; only its hash is kept."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from central_server.db.models import Site, Token
from central_server.fhir.store import Principal, utc_now


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SiteExists(ValueError):
    """The code is another site's already: a token made for it would be that site's."""


def create_site(engine: Engine, code: str, name: str) -> None:
    """Register a site; the same code and name again is a no-op (scripts re-run). The code
    of a site named otherwise is refused: a mistyped code gave the new site's laptop a token
    for another site's records."""
    with Session(engine) as s, s.begin():
        site = s.get(Site, code)
        if site is None:
            s.add(Site(code=code, name=name, created_at=utc_now()))
        elif site.name != name:
            raise SiteExists(f"site {code} exists already, named {site.name!r}; "
                             f"'issue-token {code}' gives it a new token")


def issue_token(engine: Engine, site_code: str | None, label: str = "") -> str:
    """A new token for a site (``None``: central staff). Returns the token itself."""
    token = secrets.token_urlsafe(32)
    while token.startswith("-"):  # read as an option, `vaxdesk sync --token -x…` fails
        token = secrets.token_urlsafe(32)
    with Session(engine) as s, s.begin():
        if site_code is not None and s.get(Site, site_code) is None:
            raise LookupError(f"no site {site_code!r}; create it first")
        s.add(Token(token_hash=token_hash(token), site_code=site_code,
                    label=label or (site_code or "central"), created_at=utc_now()))
    return token


def revoke_site_tokens(engine: Engine, site_code: str) -> int:
    """Every token of a site stops working at once (a lost laptop); returns how many."""
    with Session(engine) as s, s.begin():
        tokens = s.scalars(select(Token).where(Token.site_code == site_code,
                                               Token.revoked_at.is_(None))).all()
        for token in tokens:
            token.revoked_at = utc_now()
        return len(tokens)


def principal_for(engine: Engine, token: str) -> Principal | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(Token.site_code, Token.label, Token.revoked_at)
            .where(Token.token_hash == token_hash(token))
        ).first()
    if row is None or row.revoked_at is not None:
        return None
    return Principal(row.site_code, row.label)
