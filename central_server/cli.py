"""``vaxdesk-central``: run the central server, and create sites, tokens and lots.

    vaxdesk-central serve [--host 127.0.0.1] [--port 8000] [--database-url URL] [--api-docs]
    vaxdesk-central create-site HN-0001 "Trạm Y tế Phường Láng Hạ" --province 01 --commune 00070
                                                   # prints the site's token (its laptop's)
    vaxdesk-central issue-token SITE_CODE [--replace]   # refused while the site's laptop has
                                                   # one; --replace (a laptop lost, broken or
                                                   # new) revokes those in use
    vaxdesk-central issue-token --central [--label HOLDER]
                                                   # prints the token, and its fingerprint
    vaxdesk-central revoke-token (--label HOLDER | --fingerprint "1A2B 3C4D 5E6F 7A8B")
    vaxdesk-central list-tokens [--central] [--label HOLDER]   # fingerprints, holders,
                                                   # revoked or not
    vaxdesk-central add-lot COMIRNATY FK1234 [--expiry 2027-01-31]
    vaxdesk-central revoke-signer (--site HN-0001 | --kid 1A2B3C4D5E6F7A8B) [--reason TEXT]
    vaxdesk-central list-signers
    vaxdesk-central pending-keys                   # replacement keys waiting, with fingerprints
    vaxdesk-central approve-key HN-0001 --fingerprint "1A2B 3C4D 5E6F 7A8B"   # as the site reads it
    vaxdesk-central load-register REGISTER.csv     # id_number,full_name,dob,sex; replaces
    vaxdesk-central review-list                    # Patients sharing an ID but not the facts
    vaxdesk-central (link | unlink) PATIENT_ID PATIENT_ID [--reason TEXT]   # staff's word
                                                   # on a pair; two sharing no ID number
                                                   # link with --reason (and --force if
                                                   # their dates of birth differ)
    vaxdesk-central dose-clashes [--site HN-0001] [--scan]  # one citizen's dose number at
                                                   # two sites (--scan: look at every citizen
                                                   # of two sites first)
    vaxdesk-central complaints [--overdue] [--site HN-0001]  # citizens' complaints, oldest first
    vaxdesk-central complaints resolve PA-7K3M9Q2X --action reject --note "…"  # or province_reply
    vaxdesk-central complaints route PA-7K3M9Q2X --site HN-0002 --reason "…" [--by NAME]
                                                   # to the site that should answer it
    vaxdesk-central staff add USERNAME --level commune --area 00070   # a dashboard login
                                                   # (--level national --area VN: the country)
    vaxdesk-central staff (disable | enable | reset-password) USERNAME   # disable and a new
                                                   # password end its sessions
    vaxdesk-central staff sign-ins [--limit 50]    # dashboard sign-ins and refusals
    vaxdesk-central admin-log [--limit 50]         # who ran which of these, latest first
    vaxdesk-central lookup-log [--site HN-0001] [--limit 50]   # sites' looks at other sites'
                                                   # people (by ID number), latest first
    vaxdesk-central audit-alarms [--site HN-0001] [--limit 50]  # sites' audit trails no
                                                   # longer as anchored, latest first

One laptop per site code: the platform keeps a site's records, reports, audit anchors,
signer and UVCIs by its code, so a site has one token in use; a big site gives each laptop
its own site code (create-site HN-0001-2 …).

Every command that changes the platform is recorded in the admin log with its operator
(``--operator NAME``, $VAXDESK_CENTRAL_OPERATOR, or the server's login name).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from desktop_app.wire.complaints import STAFF_ACTIONS

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from central_server import areas
    from central_server.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="vaxdesk-central", description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="default: $DATABASE_URL or a SQLite file")
    parser.add_argument("--operator", help="who runs this command, for the admin log "
                                           "(default: $VAXDESK_CENTRAL_OPERATOR or the login)")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--ssl-certfile")
    serve.add_argument("--ssl-keyfile")
    serve.add_argument("--api-docs", action="store_true",
                       help="serve /docs, /redoc and /openapi.json (development only)")
    site = sub.add_parser("create-site", help="register a site and print its token (its "
                                              "one laptop's)")
    site.add_argument("code")
    site.add_argument("name")
    # Required, but checked after parsing, to say so in both languages (``_site_area``).
    site.add_argument("--province", help="its province code (GSO, 2 digits); required")
    site.add_argument("--commune", help="its commune code (GSO, 5 digits); required")
    site.add_argument("--district", help="its district code, for records made before 2025")
    moved = sub.add_parser("set-area", help="correct where a site is (a site's own report "
                                            "only fills what central has not set)")
    moved.add_argument("code")
    moved.add_argument("--province")
    moved.add_argument("--commune")
    moved.add_argument("--district")
    token = sub.add_parser("issue-token", help="print a new token for a site or for staff "
                                               "(one laptop per site code: a site with a "
                                               "token in use gets none without --replace)")
    token.add_argument("site_code", nargs="?")
    token.add_argument("--replace", action="store_true",
                       help="the site's laptop replaced (lost, broken, new): revoke the "
                            "site's tokens in use and print the new one")
    token.add_argument("--central", action="store_true", help="a central staff token")
    token.add_argument("--label", metavar="HOLDER",
                       help="who will hold the central token (default: the operator); its "
                            "writes and answers name them")
    lot = sub.add_parser("add-lot", help="release a vaccine lot to the sites")
    lot.add_argument("product_code")
    lot.add_argument("lot_number")
    # Required: a lot without its expiry is one the desk cannot refuse once it has expired.
    lot.add_argument("--expiry", type=date.fromisoformat, required=True,
                     help="YYYY-MM-DD, as printed on the vial")
    revoke = sub.add_parser("revoke-signer",
                            help="revoke a site's certificate-signing key (a lost laptop)")
    which = revoke.add_mutually_exclusive_group(required=True)
    which.add_argument("--site", help="every signer of this site")
    which.add_argument("--kid", help="one signer, by its kid in hex")
    revoke.add_argument("--reason", default="")
    sub.add_parser("list-signers", help="the document signers issued, with their state")
    cut = sub.add_parser("revoke-site-token",
                         help="every token of a site stops working (a lost laptop)")
    cut.add_argument("site_code")
    cut_one = sub.add_parser("revoke-token",
                             help="a token stops working: one by its fingerprint, or every "
                                  "central staff token of a holder")
    cut_which = cut_one.add_mutually_exclusive_group(required=True)
    cut_which.add_argument("--label", metavar="HOLDER",
                           help="the holder a central token was issued to (central: the "
                                "unnamed ones issued before)")
    cut_which.add_argument("--fingerprint", metavar='"1A2B 3C4D 5E6F 7A8B"',
                           help="as issue-token or list-tokens printed it")
    listed_tokens = sub.add_parser("list-tokens", help="every token issued, by fingerprint "
                                                       "(never the token), and its state")
    listed_tokens.add_argument("--central", action="store_true",
                               help="only central staff tokens")
    listed_tokens.add_argument("--label", metavar="HOLDER",
                               help="only this holder's central tokens (any case)")
    carried = sub.add_parser("import-outbox",
                             help="apply a site's offline transfer file (exactly once)")
    carried.add_argument("file", type=Path)
    carried.add_argument("--receipt", type=Path, help="write the receipt (JSON) here")
    approve = sub.add_parser("approve-key",
                             help="certify a site's pending replacement signing key")
    approve.add_argument("site_code")
    approve.add_argument("--fingerprint", required=True,
                         help="the key's fingerprint as the site reads it from its laptop")
    sub.add_parser("pending-keys",
                   help="replacement signing keys waiting for approval, with fingerprints")
    register = sub.add_parser("load-register",
                              help="load (replace) the population register from a CSV file")
    register.add_argument("file", type=Path)
    register.add_argument("--force", action="store_true",
                          help="load it even if much smaller than the register in force")
    sub.add_parser("review-list",
                   help="pairs of sites' Patients sharing an identifier but not the person")
    for verb, what in (("link", "make two sites' Patients one citizen (sharing no number: "
                                "with --reason)"),
                       ("unlink", "keep two sites' Patients apart, off the review list")):
        decision = sub.add_parser(verb, help=what)
        decision.add_argument("patient_ids", nargs=2)
        decision.add_argument("--reason", default="",
                              help="why (kept in the admin log); required to link two "
                                   "Patients that share no identity number")
        if verb == "link":
            decision.add_argument("--force", action="store_true",
                                  help="link two Patients that share no identity number "
                                       "though their dates of birth differ")
    clashes = sub.add_parser("dose-clashes", help="one citizen's dose number given at two "
                                                  "sites, as told to both, oldest first")
    clashes.add_argument("--site", help="only this site's")
    clashes.add_argument("--scan", action="store_true",
                         help="first look at every citizen of two sites (doses received "
                              "before clashes were kept)")
    listed = sub.add_parser("complaints", help="citizens' complaints (overdue ones escalated)")
    listed.add_argument("--overdue", action="store_true", help="only those past the deadline")
    listed.add_argument("--site", help="only those routed to this site")
    listed_sub = listed.add_subparsers(dest="complaints_command")
    answer = listed_sub.add_parser("resolve", help="answer a complaint, as the province does "
                                                   "(one no site holds, or any): reject, or "
                                                   "reply in words (a site's stays open)")
    answer.add_argument("code")
    answer.add_argument("--action", required=True, choices=STAFF_ACTIONS)
    answer.add_argument("--note", default="", help="what the citizen reads (required: the "
                                                   "reply, or the rejection's reason)")
    move = listed_sub.add_parser("route", help="move an open complaint to the site that "
                                               "should answer it (routed wrongly, or handed "
                                               "back by a site)")
    move.add_argument("code")
    move.add_argument("--site", required=True, help="the site's code")
    move.add_argument("--reason", required=True, help="why it moves (kept with it)")
    move.add_argument("--by", help="who moves it (default: the operator)")
    staff = sub.add_parser("staff", help="dashboard logins for commune/district/province/"
                                          "national staff")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True)
    staff_add = staff_sub.add_parser(
        "add", help="add a login (password asked twice, or $VAXDESK_CENTRAL_STAFF_PASSWORD)")
    staff_add.add_argument("username")
    staff_add.add_argument("--level", required=True,
                           choices=("national", "province", "district", "commune"))
    staff_add.add_argument("--area", required=True, help="the area's code (GSO; VN: national)")
    for verb, what in (("disable", "the login signs in no more; its sessions end"),
                       ("enable", "a disabled login may sign in again"),
                       ("reset-password", "a new password (asked twice, or "
                                          "$VAXDESK_CENTRAL_NEW_PASSWORD); its sessions end")):
        staff_sub.add_parser(verb, help=what).add_argument("username")
    signed = staff_sub.add_parser("sign-ins", help="the dashboard's sign-ins and refusals, "
                                                   "latest first")
    signed.add_argument("--limit", type=int, default=50)
    log = sub.add_parser("admin-log", help="who ran which command here, the latest first")
    log.add_argument("--limit", type=int, default=50)
    looks = sub.add_parser("lookup-log", help="each site's lookups of other sites' people "
                                              "(what was asked, how many found), latest first")
    looks.add_argument("--site", help="only this site's lookups")
    looks.add_argument("--limit", type=int, default=50)
    alarms = sub.add_parser("audit-alarms", help="sites whose audit trail no longer agrees "
                                                 "with what they anchored, latest first")
    alarms.add_argument("--site", help="only this site's alarms")
    alarms.add_argument("--limit", type=int, default=50)
    args = parser.parse_args(argv)

    from central_server.settings import Settings

    try:
        settings = Settings.from_env(args.database_url)
    except ValueError as exc:  # a variable set to what it cannot be: said, nothing started
        return refused(exc)
    if args.command == "serve":
        if not settings.csca_passphrase and not settings.allow_plain_csca:
            print("Refusing to start: the signing authority's key would be kept in clear. Set "
                  "VAXDESK_CENTRAL_CSCA_PASSPHRASE (or VAXDESK_CENTRAL_ALLOW_PLAIN_CSCA=1 for "
                  "a throw-away test server).", file=sys.stderr)
            return 2
        import dataclasses

        import uvicorn

        from central_server.app import create_app

        if args.api_docs:
            settings = dataclasses.replace(settings, api_docs=True)

        uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="warning",
                    ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile)
        return 0

    from central_server import admin_log
    from central_server.db.engine import make_engine

    try:
        engine = make_engine(settings.database_url)
    except (OSError, SQLAlchemyError) as exc:
        return _store_unopened(settings.database_url, exc)
    try:
        try:
            outcome = _run(parser, args, settings, engine)
        except Exception as exc:
            if _store_fault(exc):  # the store went (a server stopped): nothing to log in
                return _store_unopened(settings.database_url, exc)
            admin_log.record(engine, args, "error")
            raise
        admin_log.record(engine, args, outcome)
        return outcome
    finally:
        engine.dispose()  # its connections closed now, not when collected (tests call main)


def _store_fault(exc: BaseException) -> bool:
    from sqlalchemy.exc import DatabaseError, OperationalError

    return isinstance(exc, OperationalError | DatabaseError)


def _store_unopened(url: str, exc: BaseException) -> int:
    """The platform's database not to be opened (a PostgreSQL server down, a path under a
    file, a file that is no database): one sentence in both languages, exit 3, never a
    traceback. The URL is shown without its password; the driver's own words go last."""
    from sqlalchemy.engine import make_url

    shown = make_url(url).render_as_string(hide_password=True)
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
    refused_in_words("CENTRAL_STORE_UNOPENED", url=shown, detail=detail)
    return 3


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace, settings: Settings,
         engine: Engine) -> int:
    from central_server import areas, auth
    from central_server.db.models import Lot

    if args.command == "create-site":
        area = _site_area(args, settings)
        if isinstance(area, int):
            return area
        try:
            auth.create_site(engine, args.code, args.name)
        except auth.SiteExists as exc:
            return refused(exc)
        if area.province_code or area.commune_code or area.district_code:
            areas.set_area(engine, args.code, area)
        try:
            token = auth.issue_token(engine, args.code)
        except auth.SiteHasLaptop as exc:  # run again: the site is, and its laptop has one
            from central_server.token_cli import refused_one_laptop

            return refused_one_laptop(exc)
        print(token)
        print(f"fingerprint {auth.fingerprint(auth.token_hash(token))}", file=sys.stderr)
    elif args.command == "set-area":
        if not (args.province or args.commune or args.district):
            parser.error("give --province, --commune or --district")
        area = _moved_area(engine, args, settings)
        if isinstance(area, int):
            return area
        areas.set_area(engine, args.code, area)
        known = areas.area_of(engine, args.code)
        print(f"{args.code}: " + ", ".join(
            f"{part} {getattr(known, f'{part}_code')}" for part in
            ("province", "district", "commune") if getattr(known, f"{part}_code")))
    elif args.command == "issue-token":
        from central_server.token_cli import issue_command

        if bool(args.central) == bool(args.site_code):
            parser.error("give a SITE_CODE or --central")
        if args.label is not None and not args.central:
            parser.error("--label names a central token's holder (a site's token is its own)")
        if args.replace and args.central:
            parser.error("--replace gives a site's replacement laptop its token (a central "
                         "holder's: revoke-token --label HOLDER, then issue-token --central)")
        return issue_command(engine, args)
    elif args.command == "revoke-token":
        from central_server.token_cli import revoke_command

        return revoke_command(engine, args)
    elif args.command == "list-tokens":
        from central_server.token_cli import list_command

        return list_command(engine, args.central, args.label)
    elif args.command == "revoke-signer":
        from central_server.signing.authority import revoke

        kids = revoke(engine, site_code=args.site, kid_hex=args.kid, reason=args.reason)
        print("\n".join(f"revoked {kid}" for kid in kids) or "nothing to revoke")
        return 0 if kids else 1
    elif args.command == "revoke-site-token":
        if not auth.site_exists(engine, args.site_code):  # often a staff token meant
            refused_in_words("SITE_NO_SUCH_TOKENS", site=args.site_code)
            return 1
        count = auth.revoke_site_tokens(engine, args.site_code)
        print(f"revoked {count} token(s) of {args.site_code}")
        if not count:
            print(f"no token of a site {args.site_code!r} is in use; a central staff token: "
                  f"revoke-token --label HOLDER or --fingerprint FP", file=sys.stderr)
        return 0 if count else 1
    elif args.command == "import-outbox":
        import json
        from collections import Counter

        from central_server.signing.authority import load_authority
        from central_server.transfer import TransferFileError, import_outbox
        from desktop_app.rules.catalogue import default_catalogue

        try:
            receipt = import_outbox(engine, load_authority(engine, settings.csca_passphrase),
                                    default_catalogue(), args.file)
        except TransferFileError as exc:
            return refused(exc)
        except OSError as exc:
            return refused(f"cannot read {args.file}: {exc.strerror}")
        if args.receipt:
            args.receipt.write_text(json.dumps(receipt, indent=1))
        ok = sum(1 for e in receipt["entries"] if e["status"] < 300)
        state = "already imported; nothing changed" if receipt["already_imported"] else \
            f"{ok} of {len(receipt['entries'])} records applied"
        print(f"{receipt['site']}: {state}")
        reasons = Counter(e.get("reason") or f"HTTP {e['status']}"
                          for e in receipt["entries"] if e["status"] >= 300)
        for reason, count in reasons.most_common():  # each record's line is in --receipt
            print(f"  not applied, {count}: {reason}")
        return 0 if ok == len(receipt["entries"]) else 1
    elif args.command == "approve-key":
        from central_server.signing.authority import (
            NothingPending,
            SignerRefused,
            approve,
            load_authority,
        )

        try:
            signer = approve(engine, load_authority(engine, settings.csca_passphrase),
                             args.site_code, args.fingerprint, days=settings.signer_days)
        except NothingPending as exc:
            return refused_in_words("KEY_NONE_PENDING", site=exc.site_code)
        except SignerRefused as exc:
            return refused(exc)
        print(f"certified {signer.kid} for {args.site_code} until {signer.not_after:%Y-%m-%d}")
    elif args.command == "pending-keys":
        from central_server.signing.authority import pending_keys

        for p in pending_keys(engine):
            print(f"{p.site_code}  {p.fingerprint}  requested {p.requested_at:%Y-%m-%d %H:%M}")
    elif args.command == "list-signers":
        from central_server.signing.trust_list import signer_entries

        for e in signer_entries(engine):
            state = f"revoked {e['revoked_at']}" if e["revoked_at"] else "valid"
            print(f"{e['kid_hex']}  {e['site_code']}  {e['not_before']} .. "
                  f"{e['not_after']}  {state}")
    elif args.command == "load-register":
        from central_server.register.load import RegisterFileError, load_register

        try:
            report = load_register(engine, args.file,
                                   lambda note: print(note, file=sys.stderr, flush=True),
                                   force=args.force)
        except RegisterFileError as exc:
            return refused(exc)
        print(f"loaded {report.rows:,} rows from {report.file_name}; skipped {report.skipped:,}; "
              f"re-checked {report.rechecked:,} Patients in {report.seconds:.1f} s")
        if report.restored:
            print(f"  {report.restored:,} ID numbers had lost their leading zeros (a "
                  f"spreadsheet took them for numbers): put back")
        for bad in report.bad:
            print(f"  skipped {bad}")
        if report.skipped > len(report.bad):
            print(f"  ... and {report.skipped - len(report.bad):,} more skipped rows")
    elif args.command == "review-list":
        from central_server.register.review import review_list

        pairs = review_list(engine)
        for pair in pairs:
            print(pair)
        print(f"{len(pairs)} pair(s) to review", file=sys.stderr)
    elif args.command in ("link", "unlink"):
        from central_server.fhir.store import utc_now
        from central_server.register.decisions import LinkRefused, decide

        # As review-list prints them ("Patient/<id>") or bare.
        ids = [i.removeprefix("Patient/") for i in args.patient_ids]
        try:
            with engine.begin() as conn:
                decide(conn, *ids, args.command, utc_now(), reason=args.reason,
                       force=args.command == "link" and args.force)
        except LinkRefused as exc:
            return refused_in_words(exc.code, **exc.params)
        except LookupError as exc:
            return refused(exc)
        print(f"{args.command}ed Patient/{ids[0]} and Patient/{ids[1]}")
    elif args.command == "dose-clashes":
        from central_server.fhir.store import utc_now
        from central_server.register import clashes

        if args.scan:
            print(f"{clashes.scan(engine, utc_now())} new clash(es) found", file=sys.stderr)
        found = clashes.clash_list(engine, args.site)
        for line in found:
            print(line)
        print(f"{len(found)} clash(es)", file=sys.stderr)
    elif args.command == "complaints" and args.complaints_command == "resolve":
        from central_server.complaints.answer_cli import resolve_command

        return resolve_command(engine, args.code, args.action, args.note, args.operator)
    elif args.command == "complaints" and args.complaints_command == "route":
        from central_server.complaints.answer_cli import route_command

        return route_command(engine, args.code, args.site, args.reason,
                             args.by or args.operator)
    elif args.command == "complaints":
        from central_server.complaints.table import print_table

        print_table(engine, site_code=args.site, overdue_only=args.overdue)
    elif args.command == "staff":
        from central_server.dashboard import staff_cli
        from central_server.dashboard.login_names import login_name_key

        # Made here if the server has not started since: the log never shows a name's
        # fingerprint from before the key.
        names_key = login_name_key(engine, settings.login_name_key)
        if args.staff_command == "add":
            return staff_cli.add_staff_command(engine, args.username, args.level, args.area)
        if args.staff_command == "sign-ins":
            return staff_cli.sign_ins_command(engine, args.limit)
        if args.staff_command == "reset-password":
            return staff_cli.reset_password_command(engine, args.username, names_key)
        return {"disable": staff_cli.disable_command, "enable": staff_cli.enable_command}[
            args.staff_command](engine, args.username)
    elif args.command == "admin-log":
        from central_server.admin_log import entries

        for e in entries(engine, args.limit):
            print(f"{e.at:%Y-%m-%d %H:%M:%S}Z  {e.operator}  {e.command}  {e.subject}  "
                  f"{e.details}")
    elif args.command == "lookup-log":
        from central_server.lookup_log import entries

        found = entries(engine, args.site, args.limit)
        for e in found:
            answer = "refused: over the hourly limit" if e.refused else f"{e.results} found"
            print(f"{e.at:%Y-%m-%d %H:%M:%S}Z  {e.site_code}  {e.resource_type}  {e.asked}  "
                  f"{answer}")
        print(f"{len(found)} lookup(s)", file=sys.stderr)  # as complaints and review-list
    elif args.command == "audit-alarms":
        from central_server.audit_anchors import alarms, describe

        told = alarms(engine, args.site, args.limit)
        for a in told:
            print(f"{a.at:%Y-%m-%d %H:%M:%S}Z  {a.site_code}  {a.kind}  {describe(a)}")
        print(f"{len(told)} alarm(s)", file=sys.stderr)
    elif args.command == "add-lot":
        from desktop_app.rules.catalogue import default_catalogue

        if default_catalogue().get(args.product_code) is None:
            return refused(f"no product {args.product_code!r} in the vaccine catalogue")
        with Session(engine) as s, s.begin():
            s.merge(Lot(product_code=args.product_code, lot_number=args.lot_number,
                        expiry_date=args.expiry))
        print(f"released lot {args.lot_number} of {args.product_code}, expiring "
              f"{args.expiry:%Y-%m-%d}")
    return 0


# What is wrong with a site's area, as each command says it: a missing part, an unknown one.
CREATED = ("SITE_AREA_REQUIRED", "SITE_AREA_UNKNOWN")
MOVED = ("SITE_MOVE_REQUIRED", "SITE_MOVE_UNKNOWN")  # naming the site (``{site}``)


def _site_area(args: argparse.Namespace, settings: Settings,
               said: tuple[str, str] = CREATED) -> areas.Area | int:
    """Where the new (or moved: ``said`` = ``MOVED``) site is, its codes as the GSO list
    has them; 2 (said in both languages) when a part is missing or unknown. A site without
    its area is seen by no officer (``dashboard/scope.py``); a throw-away test server may
    leave it to the site's own report (``allow_site_without_area``)."""
    from central_server import areas
    from desktop_app.rules import admin_units

    if settings.allow_site_without_area and not (args.province or args.commune):
        return areas.Area(district_code=args.district)
    for option, given in (("--province", args.province), ("--commune", args.commune)):
        if not given:
            return refused_in_words(said[0], option=option, site=args.code)
    codes = dict(site=args.code, province=args.province, commune=args.commune)
    province = admin_units.province(args.province)
    if province is None:
        return refused_in_words(said[1], option="--province", code=args.province, **codes)
    commune = admin_units.commune(args.commune)
    if commune is None or commune.province_code != province.code:
        return refused_in_words(said[1], option="--commune", code=args.commune, **codes)
    return areas.Area(province.code, args.district, commune.code)


def _moved_area(engine: Engine, args: argparse.Namespace, settings: Settings
                ) -> areas.Area | int:
    """Where ``set-area`` puts the site: the parts given over those stored, checked as a new
    site's area is (``_site_area``). A commune typed for one that is not on the list, or a
    province changed under the commune kept, took the site out of its officers' sight and
    sent its commune's complaints to another province. 2 (in both languages) for no such
    site too."""
    from central_server import areas
    from central_server.db.models import Site

    with Session(engine) as s:
        if s.get(Site, args.code) is None:
            return refused_in_words("SITE_MOVE_NO_SITE", site=args.code)
    known = areas.area_of(engine, args.code) or areas.Area()
    merged = argparse.Namespace(code=args.code,
                                province=args.province or known.province_code,
                                commune=args.commune or known.commune_code,
                                district=args.district or known.district_code)
    return _site_area(merged, settings, MOVED)


def refused_in_words(message: str, /, **params: object) -> int:
    """A refusal from the catalogue, in Vietnamese then English: the command has no
    language of its own, and whoever runs it at the platform reads one of them."""
    from desktop_app.rules.messages import LANGUAGES, text

    for lang in LANGUAGES:
        print(f"refused: {text(message, lang, **params)}", file=sys.stderr)
    return 2


def refused(why: object) -> int:
    print(f"refused: {why}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
