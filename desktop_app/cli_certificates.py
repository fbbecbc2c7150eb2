"""``vaxdesk`` certificate commands: keys, certificates, batches and verification, no Qt.

    vaxdesk signing-key create [--replace]   make the site's key (passphrase asked twice)
    vaxdesk signing-key status               key, its fingerprint, certificate validity, trust list
    vaxdesk certificate PERSON --out F.pdf   PERSON: the person's full ID number (or record id)
    vaxdesk certificate PERSON --qr-text     print the HC1: text instead
    vaxdesk certificates --day 2026-11-23 [--session morning] --out day.pdf
    vaxdesk verify HC1:... | FILE.png | FILE.pdf [--trust-list FILE.json] [--at ISO-TIME]
                   [--json]                  exit 0 valid, 1 not valid, 2 nothing to check

The passphrase is read from $VAXDESK_SIGNING_PASSPHRASE when set (for scripts), otherwise
asked without echo.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli_json import print_json
from desktop_app.cli_parser import day
from desktop_app.clock import local_time, read_instant
from desktop_app.progress import drain
from desktop_app.rules.certificates import PAPER_SIZES
from desktop_app.rules.messages import UserError, text
from desktop_app.rules.numbers import count
from desktop_app.services.actor import SUPERVISORS, require

# The services (reportlab, Pillow, pdfium, zxing, cryptography) are imported by the commands
# that use them: every other command, `vaxdesk search` too, starts without them.
if TYPE_CHECKING:
    from desktop_app.services.certificates import Verification
    from desktop_app.services.database import Database
    from desktop_app.services.signing import TrustList

PASSPHRASE_ENV = "VAXDESK_SIGNING_PASSPHRASE"


def add_commands(sub: argparse._SubParsersAction, lang: str) -> None:
    key = sub.add_parser("signing-key", help=text("HELP_SIGNING_KEY", lang))
    key.add_argument("action", choices=["create", "status"],
                     help=text("HELP_SIGNING_KEY_ACTION", lang))
    key.add_argument("--replace", action="store_true",
                     help=text("HELP_SIGNING_KEY_REPLACE", lang))
    one = sub.add_parser("certificate", help=text("HELP_CERTIFICATE", lang))
    one.add_argument("person", help=text("HELP_CERTIFICATE_PERSON", lang))
    what = one.add_mutually_exclusive_group(required=True)
    what.add_argument("--out", type=Path, help=text("HELP_CERTIFICATE_OUT", lang))
    what.add_argument("--qr-text", action="store_true",
                      help=text("HELP_CERTIFICATE_QR_TEXT", lang))
    one.add_argument("--format", choices=PAPER_SIZES, default=PAPER_SIZES[0],
                     help=text("HELP_CERTIFICATE_FORMAT", lang))
    one.add_argument("--override-reason", help=text("HELP_CERTIFICATE_OVERRIDE", lang))
    many = sub.add_parser("certificates", help=text("HELP_CERTIFICATES", lang))
    many.add_argument("--day", type=day(lang), required=True,
                      help=text("HELP_CERTIFICATES_DAY", lang))
    many.add_argument("--session", choices=["day", "morning", "afternoon"], default="day",
                      help=text("HELP_CERTIFICATES_SESSION", lang))
    many.add_argument("--out", type=Path, required=True,
                      help=text("HELP_CERTIFICATES_OUT", lang))
    many.add_argument("--format", choices=PAPER_SIZES, default=PAPER_SIZES[0],
                      help=text("HELP_CERTIFICATE_FORMAT", lang))
    check = sub.add_parser("verify", help=text("HELP_VERIFY", lang),
                           description=text("HELP_VERIFY_DESCRIPTION", lang),
                           epilog=text("HELP_VERIFY_EXIT_CODES", lang))
    check.add_argument("input", help=text("HELP_VERIFY_INPUT", lang))
    check.add_argument("--trust-list", type=Path, help=text("HELP_VERIFY_TRUST_LIST", lang))
    check.add_argument("--at", type=_utc(lang), help=text("HELP_VERIFY_AT", lang))
    check.add_argument("--json", action="store_true", help=text("HELP_VERIFY_JSON", lang))


def signing_key(db: Database, args: argparse.Namespace) -> int:
    from desktop_app.services import signing
    from desktop_app.services.certificates import CertificateError

    lang = args.lang
    if args.action == "status":
        state = signing.signer_state(db)
        yes, no = text("CLI_YES", lang), text("CLI_NO", lang)
        print(text("CLI_KEY_STATUS", lang, has_key=yes if state.has_key else no,
                   until=local_time(state.not_after) if state.not_after else "-",
                   revoked=yes if state.revoked else no,
                   trust_list_at=local_time(state.trust_list_at) if state.trust_list_at
                   else "-", fingerprint=state.fingerprint or "-"))
        return 0
    # Refused before the passphrase is asked for, named as what it guards.
    require(args.actor, *SUPERVISORS, asked="signing.create_signing_key")
    try:
        passphrase = signing_passphrase(lang, twice=True)
        signing.create_signing_key(db, passphrase, replace=args.replace, actor=args.actor)
    except CertificateError as exc:
        print(exc.on_command_line(lang), file=sys.stderr)
        return 2
    print(text("CLI_KEY_REPLACED", lang, fingerprint=signing.signer_state(db).fingerprint)
          if args.replace else text("CLI_KEY_CREATED", lang))
    return 0


def certificate(db: Database, args: argparse.Namespace) -> int:
    from desktop_app.services import certificates
    from desktop_app.services.audit import person_words

    lang = args.lang
    try:
        person_id = certificates.find_person(db, args.person)
        # Says what is missing before the passphrase, and where the QR says less than the
        # paper (a shortened name, a later dose given elsewhere).
        content = certificates.content_for(db, person_id)
        for notice in certificates.qr_notices(content, lang):
            print(notice, file=sys.stderr)
        signer = unlocked_signer(db, lang)
        person = person_words(content.subject.full_name, content.subject.id_number, lang)
        if args.qr_text:
            print(certificates.issue_certificate(
                db, signer, person_id, actor=args.actor,
                override_reason=args.override_reason).qr_text)
            # stdout stays the HC1: text alone, for scripts
            print(text("CLI_CERTIFICATE_SIGNED", lang, person=person), file=sys.stderr)
            return 0
        pages = certificates.write_certificates(db, signer, [person_id], args.out,
                                                certificates.FORMATS[args.format],
                                                actor=args.actor,
                                                override_reason=args.override_reason)
        drain(pages)
    except UserError as exc:  # a certificate's, or a clerk asking to override
        print(exc.on_command_line(lang), file=sys.stderr)
        return 2
    print(text("CLI_CERTIFICATE_WRITTEN", lang, path=args.out, person=person))
    return 0


def certificates_of_day(db: Database, args: argparse.Namespace) -> int:
    from desktop_app.services import certificates

    lang = args.lang
    people = certificates.people_vaccinated_on(db, args.day, session=args.session)
    held = certificates.held_back(db, people, lang=lang)
    for why in held.values():
        print(why, file=sys.stderr)
    people = [p for p in people if p not in held]
    for notice in certificates.qr_notices_of(db, people, lang):
        print(notice, file=sys.stderr)
    if not people:  # every one of the day held back (named above) is not "no doses"
        print(text("CLI_DAY_ALL_HELD_BACK" if held else "CLI_NO_DOSES_THAT_DAY", lang),
              file=sys.stderr)
        return 1
    try:
        signer = unlocked_signer(db, lang)
        pages = drain(certificates.write_certificates(db, signer, people, args.out,
                                                      certificates.FORMATS[args.format],
                                                      actor=args.actor),
                      _count(len(people), lang))
    except certificates.CertificateError as exc:
        print(exc.on_command_line(lang), file=sys.stderr)
        return 2
    print(text("CLI_PAGES_WRITTEN", lang, path=args.out, count=pages))
    return 0


def verify(db: Database, args: argparse.Namespace) -> int:
    """Exit codes: see HELP_VERIFY_EXIT_CODES (rules/messages/cli_help.py)."""
    from desktop_app.services import certificates
    from desktop_app.services.certificates import payload_rows
    from desktop_app.services.signing import TrustListError

    lang = args.lang
    trust = None
    if args.trust_list:
        try:
            trust = _trust_list(args.trust_list)
        except TrustListError as exc:
            return _unreadable(db, args, text("CLI_FILE_UNREADABLE", lang,
                                              path=args.trust_list, detail=exc.message(lang)))
    else:
        trust = certificates.cached_trust_list(db)
    try:
        results = certificates.verify_input(db, args.input, args.at, trust=trust)
    except certificates.UnreadableInput as exc:
        return _unreadable(db, args, exc.message(lang))
    if args.json:
        print_json(db, _verdict_json(results, lang), lang)
    else:
        for result in results:  # in words as the verifier window says it; --json: raw
            print(result.message(lang))
            for label, value in payload_rows(result.payload or {}, lang, db.catalogue) \
                    if result.payload else ():
                print(f"  {label}: {value}")
    # A file given is the person's choice; the cached list may be a sync too old.
    note = None if args.trust_list else certificates.trust_list_note(trust, lang)
    if note is not None and note[1]:  # stale: the verdict may miss a revocation
        print(note[0], file=sys.stderr)
    return 0 if all(r.ok for r in results) else 1


def _trust_list(path: Path) -> TrustList:
    """The trust list in the file ``path``; a TrustListError saying why it cannot be used,
    in the catalogue's words (never the OS's or the JSON parser's English)."""
    from desktop_app.services.signing import TrustListError, parse_trust_list

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        raise TrustListError("TRUST_LIST_FILE_MISSING") from None
    except IsADirectoryError:
        raise TrustListError("TRUST_LIST_FILE_IS_FOLDER") from None
    except PermissionError:
        raise TrustListError("TRUST_LIST_FILE_NO_PERMISSION") from None
    except OSError as exc:
        raise TrustListError("TRUST_LIST_FILE_OS_ERROR", errno=exc.errno) from exc
    except ValueError:  # not UTF-8, or not JSON
        raise TrustListError("TRUST_LIST_NOT_JSON") from None
    return parse_trust_list(data)


def _unreadable(db: Database, args: argparse.Namespace, message: str) -> int:
    """Nothing could be checked: exit 2, said as --json or on stderr like any other answer."""
    from desktop_app.services.certificates import UnreadableInput

    if args.json:
        print_json(db, {"verdict": UnreadableInput.verdict, "message": message}, args.lang)
    else:
        print(message, file=sys.stderr)
    return 2


def _verdict_json(results: list[Verification], lang: str) -> dict[str, Any]:
    """One object, ``verdict`` first; a file with several certificates is judged by its first
    one that is not valid, and lists them all under ``certificates``."""
    from desktop_app.services.certificates import judged_by

    each = [{"verdict": r.verdict.value, "message": r.message(lang)}
            | ({"payload": r.payload} if r.payload else {}) for r in results]
    if len(each) == 1:
        return each[0]
    return each[judged_by(results)] | {"certificates": each}


def can_ask_passphrase() -> bool:
    return bool(os.environ.get(PASSPHRASE_ENV)) or sys.stdin.isatty()


def unlocked_signer(db: Database, lang: str) -> Any:
    """The site's signer, whether it may sign checked before its passphrase is asked: no
    key, or one not certified yet, is said without a question first."""
    from desktop_app.services import signing

    signing.may_sign(db)
    return signing.unlock_signer(db, signing_passphrase(lang))


def signing_passphrase(lang: str, twice: bool = False) -> str:
    """From the environment, else asked at a terminal; with neither (a script, a pipe) a
    CertificateError the command says and exits 2 on, never getpass's EOFError."""
    from desktop_app.services.certificates import CertificateError

    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not sys.stdin.isatty():
        raise CertificateError("CERT_PASSPHRASE_MISSING", env=PASSPHRASE_ENV)
    prompt = text("CLI_PASSPHRASE_PROMPT", lang)
    first = getpass.getpass(prompt)
    if twice and getpass.getpass(prompt) != first:
        raise CertificateError("CERT_WRONG_PASSPHRASE")
    return first


def _utc(lang: str) -> Callable[[str], datetime]:
    """An ISO time as naive UTC (without a zone it is taken as UTC), or a day as ``day``
    reads one, from its start; anything else is refused naming the forms."""
    def read(value: str) -> datetime:
        try:
            return read_instant(value)
        except ValueError:
            pass
        try:
            return datetime.combine(day(lang)(value), time())
        except argparse.ArgumentTypeError:
            raise argparse.ArgumentTypeError(
                text("ARGS_NOT_A_TIME", lang, value=repr(value))) from None
    return read


def _count(total: int, lang: str):  # type: ignore[no-untyped-def]
    """Progress on one line of stderr: done/total, grouped as the language groups them."""
    return lambda done: print(f"\r{count(done, lang)}/{count(total, lang)}", end="",
                              file=sys.stderr, flush=True)


COMMANDS = {"signing-key": signing_key, "certificate": certificate,
            "certificates": certificates_of_day, "verify": verify}
