"""``vaxdesk-central issue-token``, ``revoke-token`` and ``list-tokens``: access codes for the
sites and for central staff, named afterwards by their fingerprint (never the token).

A site has one laptop, so one token in use (``auth.SiteHasLaptop``): a second is refused,
saying why and what to do instead (``SITE_ONE_LAPTOP``, in Vietnamese and English);
``issue-token SITE --replace`` gives a replacement laptop its token, revoking the site's
tokens in use (their fingerprints printed, and kept in the admin log).

A central staff token names its holder: ``--label NAME``, else the operator running the
command (``--operator`` / $VAXDESK_CENTRAL_OPERATOR / the login). Whatever it writes or
answers is recorded with that name, and ``revoke-token --label NAME`` cuts it off: every
token of that holder, whatever the case it was typed in (``list-tokens --label NAME`` shows
them).
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import Engine

from central_server import admin_log, auth


def holder(args: argparse.Namespace) -> str:
    """Who will hold the central token ``args`` asks for."""
    return args.label or admin_log.operator(args.operator)


def issue_command(engine: Engine, args: argparse.Namespace) -> int:
    """The token on standard output (alone: scripts read it), its label and fingerprint on
    standard error, and with ``--replace`` each token it revoked; 2 for an unknown site, an
    empty holder, or a site whose laptop has its token (``refused_one_laptop``)."""
    from central_server.cli import refused

    try:
        label = auth.central_label(holder(args)) if args.central else ""
        if args.replace:
            token, revoked = auth.replace_site_token(engine, args.site_code)
        else:
            token, revoked = auth.issue_token(
                engine, None if args.central else args.site_code, label), []
    except auth.SiteHasLaptop as exc:
        return refused_one_laptop(exc)
    except auth.NoSuchSite as exc:
        from central_server.cli import refused_in_words

        return refused_in_words("SITE_MOVE_NO_SITE", site=exc.site_code)
    except (LookupError, ValueError) as exc:
        return refused(exc)
    # For the admin log: which token this was, to revoke it by later, and those it replaced.
    args.issued = auth.fingerprint(auth.token_hash(token))
    args.revoked = [t.fingerprint for t in revoked]
    for t in revoked:
        print(f"revoked {t.fingerprint}  {t.site_code}  issued {t.created_at:%Y-%m-%d %H:%M}",
              file=sys.stderr)
    print(token)
    print(f"issued to {label or args.site_code}, fingerprint {args.issued} (to revoke it: "
          f"vaxdesk-central revoke-token --fingerprint \"{args.issued}\")", file=sys.stderr)
    return 0


def refused_one_laptop(exc: auth.SiteHasLaptop) -> int:
    """A second token for a site refused, in Vietnamese then English: why (one laptop per
    site code), what a big site does instead, and how a laptop is replaced."""
    from central_server.cli import refused_in_words

    return refused_in_words("SITE_ONE_LAPTOP", site=exc.site_code,
                            in_use=", ".join(exc.in_use))


def revoke_command(engine: Engine, args: argparse.Namespace) -> int:
    """0 and each token revoked; 1 when none in use matched (nothing changed); 2 for what
    is not a fingerprint."""
    from central_server.cli import refused

    if args.fingerprint is not None and auth.fingerprint_digits(args.fingerprint) is None:
        return refused(f"{args.fingerprint!r} is not a token's fingerprint: four groups of "
                        f"four hex digits, as issue-token or list-tokens printed it")
    done = auth.revoke_tokens(engine, fingerprint_given=args.fingerprint, holder=args.label)
    args.revoked = [t.fingerprint for t in done]
    for t in done:
        print(f"revoked {t.fingerprint}  {t.site_code or 'central'}  {t.label}  "
              f"issued {t.created_at:%Y-%m-%d %H:%M}")
    if done:
        return 0
    what = f"fingerprint {args.fingerprint}" if args.fingerprint is not None else \
        f"central token of {args.label}"
    print(f"nothing revoked: no {what} is in use (vaxdesk-central list-tokens shows every "
          f"token, its fingerprint and whether it is revoked)", file=sys.stderr)
    return 1


def list_command(engine: Engine, central_only: bool, holder: str | None = None) -> int:
    """Every token, or with ``holder`` that holder's central tokens (whatever the case)."""
    found = auth.tokens(engine, central_only, holder)
    for t in found:
        state = f"revoked {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "in use"
        print(f"{t.fingerprint}  {t.site_code or 'central'}  {t.label}  "
              f"issued {t.created_at:%Y-%m-%d %H:%M}  {state}")
    print(f"{len(found)} token(s)", file=sys.stderr)
    return 0
