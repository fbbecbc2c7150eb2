"""Sites and their bearer tokens. A token is shown once when issued; only its hash is kept,
and its fingerprint (the start of that hash) names it afterwards, to list or revoke it.

A central staff token is labelled with its holder (``central:<holder>``): that label goes
with every version it writes (``fhir/store.py``) and every complaint event, so two staff
members' changes are told apart. Tokens issued before carry the bare label ``central``.
A holder is one person whatever the case it is typed in: the label is stored as given, and
revoking or listing a holder's tokens matches it case-folded (``Lan.Nguyen`` is
``lan.nguyen``).

A site has one laptop, so one token in use at a time. The platform keeps everything by site
code alone (what a laptop pulls, the site's report, its audit anchors, its signer, the
issuer part of its certificates' UVCIs), and two laptops under one code corrupt each other's
records, figures and certificates. A second token for a site is refused
(``SiteHasLaptop``); a big site gives each laptop its own site code, and a laptop replaced
(lost, broken, a new one) gets its token by ``replace_site_token``, which revokes the old.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from central_server.db.models import Site, Token
from central_server.fhir.store import Principal, utc_now
from desktop_app.rules.site_code import site_problems
from desktop_app.wire.revocations import site_part

CENTRAL = "central"  # the label of every central token issued before holders were named
_HOLDER = CENTRAL + ":"
_LABEL_LENGTH = 100  # a complaint event keeps at most this much of it


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class NoSuchSite(LookupError):
    """No site of that code: told in both languages (``cli.refused_in_words``)."""

    def __init__(self, site_code: str) -> None:
        super().__init__(f"no site {site_code!r}; create it first")
        self.site_code = site_code


class SiteExists(ValueError):
    """The code is another site's already (a token made for it would be that site's), or
    not a site code at all."""


def create_site(engine: Engine, code: str, name: str) -> None:
    """Register a site; the same code and name again is a no-op (scripts re-run). The code
    of a site named otherwise is refused: a mistyped code gave the new site's laptop a token
    for another site's records. So is a code that differs from a site's only in case or
    punctuation (HN0001 beside HN-0001): a certificate's identifier carries the code's
    letters and digits alone, and who may revoke a certificate is decided by them."""
    problems = site_problems(code, name)  # the laptop's own rules (setup-site)
    if problems:
        raise SiteExists(problems[0].message("en"))
    with Session(engine) as s, s.begin():
        site = s.get(Site, code)
        if site is not None:
            if site.name != name:
                raise SiteExists(f"site {code} exists already, named {site.name!r}; "
                                 f"'issue-token {code} --replace' gives its laptop a new "
                                 f"token")
            return
        taken = issuer_sites(s, site_part(code))
        if taken:
            raise SiteExists(
                f"site code {code} reads as site {taken[0]}'s in certificates (both are "
                f"{site_part(code)} in a certificate's identifier, and either could revoke "
                f"the other's); choose a code that differs in its letters or digits, or "
                f"'issue-token {taken[0]} --replace' if that site's laptop is replaced")
        s.add(Site(code=code, name=name, created_at=utc_now()))


def issuer_sites(s: Session, part: str) -> list[str]:
    """The registered sites whose code reads as ``part`` in a certificate's identifier
    (``wire.revocations.site_part``), the first registered first. LIKE with a wildcard
    between the letters finds the few candidates without reading every site."""
    if not part:
        return []
    pattern = "%" + "%".join(part) + "%"
    found = s.execute(select(Site.code).where(func.upper(Site.code).like(pattern))
                      .order_by(Site.created_at, Site.code)).scalars()
    return [code for code in found if site_part(code) == part]


@dataclass(frozen=True)
class Issued:
    """A token as the platform keeps it: never the token itself."""

    fingerprint: str
    site_code: str | None
    label: str
    created_at: datetime
    revoked_at: datetime | None


def central_label(holder: str) -> str:
    """The label of a central token held by ``holder`` (whoever will use it).

    >>> central_label(" lan.nguyen "), central_label("Central:Lan.Nguyen")
    ('central:lan.nguyen', 'central:Lan.Nguyen')
    """
    named = " ".join(holder.split())
    if folded(named[:len(_HOLDER)]) == _HOLDER:
        named = named[len(_HOLDER):].strip()
    if not named:
        raise ValueError("a central token names who holds it (--label NAME)")
    return (_HOLDER + named)[:_LABEL_LENGTH]


def folded(label: str) -> str:
    """A label as holders are compared: case-folded (Vietnamese letters too, which SQL's
    ``lower`` leaves as they are), one Unicode form.

    >>> folded("central:NGUYỄN Thị Lan") == folded("central:nguyễn thị lan")
    True
    """
    return unicodedata.normalize("NFC", label).casefold()


def _holders_labels(holder: str) -> frozenset[str]:
    """The labels ``holder`` names (as ``revoke-token --label`` or ``list-tokens --label``
    give it: ``lan.nguyen``, ``central:lan.nguyen``), case-folded; none for no holder.
    ``central`` names both the unnamed tokens issued before holders were named and one
    issued to a holder called "central" (``list-tokens`` shows both as "central": revoked
    as one, the second kept working).

    >>> sorted(_holders_labels("central")), sorted(_holders_labels("Lan"))
    (['central', 'central:central'], ['central:lan'])
    """
    named = " ".join(holder.split())
    try:
        labels = {folded(central_label(named))}
    except ValueError:
        return frozenset()
    return frozenset(labels | {CENTRAL} if folded(named) == CENTRAL else labels)


def holder_of(label: str) -> str:
    """Who holds a central token, from its label (a token from before: ``central``).

    >>> holder_of("central:lan.nguyen"), holder_of("central")
    ('lan.nguyen', 'central')
    """
    return label.removeprefix(_HOLDER) or CENTRAL


def fingerprint(hashed: str) -> str:
    """How a token is named once issued: the first 64 bits of its SHA-256, in four groups
    (as signing keys' fingerprints are read out); nothing to sign in with.

    >>> fingerprint(token_hash("x"))
    '2D71 1642 B726 B044'
    """
    head = hashed[:16].upper()
    return " ".join(head[i:i + 4] for i in range(0, 16, 4))


def fingerprint_digits(typed: str) -> str | None:
    """A fingerprint as typed, as the start of a stored hash; None if it is not one.

    >>> fingerprint_digits("2d71:1642 b726b044"), fingerprint_digits("2D71 1642")
    ('2d711642b726b044', None)
    """
    head = re.sub(r"[\s:]", "", typed).lower()
    return head if re.fullmatch(r"[0-9a-f]{16}", head) else None


class SiteHasLaptop(ValueError):
    """The site has a token in use: its laptop. Another would be a second laptop under the
    same site code (see the module); ``in_use``: those tokens' fingerprints."""

    def __init__(self, site_code: str, in_use: list[str]) -> None:
        super().__init__(f"site {site_code} has a token in use already "
                         f"({', '.join(in_use)}): one laptop per site code")
        self.site_code = site_code
        self.in_use = in_use


def issue_token(engine: Engine, site_code: str | None, label: str = "") -> str:
    """A new token for a site (``None``: central staff, ``label`` from ``central_label``
    naming its holder). Returns the token itself. A site's first, or its first since its
    tokens were revoked: ``SiteHasLaptop`` while one is in use (``replace_site_token``)."""
    return _issue(engine, site_code, label, replace=False)[0]


def replace_site_token(engine: Engine, site_code: str) -> tuple[str, list[Issued]]:
    """The site's laptop replaced (lost, broken, a new one): every token of the site in use
    revoked and a new one issued, in one transaction. Returns the new token and those
    revoked now."""
    return _issue(engine, site_code, "", replace=True)


def _issue(engine: Engine, site_code: str | None, label: str, *, replace: bool
           ) -> tuple[str, list[Issued]]:
    if site_code is None and not label.startswith(_HOLDER):
        raise ValueError("a central token names who holds it (central_label)")
    token = secrets.token_urlsafe(32)
    while token.startswith("-"):  # read as an option, `vaxdesk sync --token -x…` fails
        token = secrets.token_urlsafe(32)
    revoked: list[Issued] = []
    with Session(engine) as s, s.begin():
        if site_code is not None:
            # The site's row locked (PostgreSQL): two issued at once cannot both find none.
            if s.get(Site, site_code, with_for_update=True) is None:
                raise NoSuchSite(site_code)
            in_use = s.scalars(select(Token).where(Token.site_code == site_code,
                                                   Token.revoked_at.is_(None))
                               .order_by(Token.created_at)).all()
            if in_use and not replace:
                raise SiteHasLaptop(site_code, [fingerprint(t.token_hash) for t in in_use])
            now = utc_now()
            for old in in_use:
                old.revoked_at = now
            revoked = [_issued(t) for t in in_use]
        s.add(Token(token_hash=token_hash(token), site_code=site_code,
                    label=label or site_code, created_at=utc_now()))
    return token, revoked


def site_exists(engine: Engine, site_code: str) -> bool:
    with Session(engine) as s:
        return s.get(Site, site_code) is not None


def revoke_site_tokens(engine: Engine, site_code: str) -> int:
    """Every token of a site stops working at once (a lost laptop); returns how many."""
    with Session(engine) as s, s.begin():
        found = s.scalars(select(Token).where(Token.site_code == site_code,
                                              Token.revoked_at.is_(None))).all()
        for token in found:
            token.revoked_at = utc_now()
        return len(found)


def revoke_tokens(engine: Engine, *, fingerprint_given: str | None = None,
                  holder: str | None = None) -> list[Issued]:
    """Stop tokens in use: the one with this fingerprint (any token; case, spaces and
    colons as typed), or every central token of this holder (``lan.nguyen`` or
    ``central:lan.nguyen``, in any case: ``Lan.Nguyen`` is the same holder; ``central``:
    the unnamed ones issued before, and any issued to "central"). Returns those revoked
    now."""
    query = select(Token).where(Token.revoked_at.is_(None))
    labels: frozenset[str] = frozenset()
    if fingerprint_given is not None:
        head = fingerprint_digits(fingerprint_given)
        if head is None:
            return []
        query = query.where(Token.token_hash.like(head + "%"))
    elif holder is not None:
        labels = _holders_labels(holder)
        if not labels:
            return []
        # Compared here, not in SQL: lower() there folds ASCII letters only. Central
        # tokens are a few dozen.
        query = query.where(Token.site_code.is_(None))
    else:
        raise ValueError("revoke by fingerprint or by holder")
    with Session(engine) as s, s.begin():
        found = [t for t in s.scalars(query.order_by(Token.created_at))
                 if holder is None or folded(t.label) in labels]
        now = utc_now()
        for token in found:
            token.revoked_at = now
        return [_issued(t) for t in found]


def tokens(engine: Engine, central_only: bool = False,
           holder: str | None = None) -> list[Issued]:
    """Every token issued (revoked ones too), central staff's first, the oldest first;
    with ``holder``, only that holder's central tokens, whatever the case (as
    ``revoke_tokens`` matches them)."""
    query = select(Token).order_by(Token.site_code.is_not(None), Token.site_code,
                                   Token.created_at)
    labels = _holders_labels(holder) if holder is not None else frozenset()
    if central_only or holder is not None:
        query = query.where(Token.site_code.is_(None))
    if holder is not None and not labels:
        return []
    with Session(engine) as s:
        return [_issued(t) for t in s.scalars(query)
                if holder is None or folded(t.label) in labels]


def _issued(t: Token) -> Issued:
    return Issued(fingerprint(t.token_hash), t.site_code, t.label, t.created_at, t.revoked_at)


def principal_for(engine: Engine, token: str) -> Principal | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(Token.site_code, Token.label, Token.revoked_at)
            .where(Token.token_hash == token_hash(token))
        ).first()
    if row is None or row.revoked_at is not None:
        return None
    return Principal(row.site_code, row.label)
