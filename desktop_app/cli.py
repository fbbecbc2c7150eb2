"""The ``vaxdesk`` command: the app's services without Qt, plus the GUI launcher.

    vaxdesk                      open the app on the default database (the user data folder)
    vaxdesk --version            the app's version and its database schema revision
    vaxdesk --self-test          prove this copy works here, on a throw-away data folder
Every other command logs in first: --user NAME (or VAXDESK_USER) and the password (asked, or
VAXDESK_PASSWORD); the database passphrase is asked, or VAXDESK_DB_PASSPHRASE.
    vaxdesk info                 where the database is and what it holds
    vaxdesk demo [--open]        make a separate demo database of sample data (see cli_demo)
    vaxdesk setup-site CODE NAME [--province CODE] [--commune CODE]
                                 make this laptop record for a site, in this area (GSO
                                 codes; left out: the area recorded for the site is kept)
    vaxdesk search QUERY [--limit N]
                                 find people by ID (or its first digits), phone (or its last
                                 digits), name words in any order, or a scanned CCCD's QR text;
                                 over a desk's page (20), audited (services/bulk_output.py)
    vaxdesk sync [--server URL] [--token [-]] [--save]
                                 push queued records, pull central changes, print a summary;
                                 a server or access code other than the saved ones: a
                                 supervisor only (services/sync.py);
                                 the site's access code: saved, or $VAXDESK_SYNC_TOKEN, or
                                 --token - (read from standard input), or --token alone (or
                                 none saved, at a terminal): asked without echo. --token CODE
                                 works but warns: other accounts see it (ps), and the history
    vaxdesk lookup ID_NUMBER [--bring]  who the central platform knows with this CCCD/CMND,
                                 at every site (exit 0 found, 1 not found, 2 cannot ask)
    vaxdesk signing-key create | status
    vaxdesk certificate PERSON (--out FILE.pdf | --qr-text)
    vaxdesk certificates --day DD/MM/YYYY --out FILE.pdf
    vaxdesk verify (HC1:... | FILE.png | FILE.pdf)
    vaxdesk import FILE [--report report.json] [--site CODE:NAME] [--fix-file F.xlsx]
    vaxdesk imports | import-undo N [--apply]
                                 the imports made; undo one (a supervisor, see cli_import)
    vaxdesk user add NAME --role (clerk | volunteer | supervisor) [--full-name "…"]
    vaxdesk audit (verify | export --out FILE.csv)
                                 exit 5 when the audit trail was tampered with
    vaxdesk backup | restore FILE
    vaxdesk passphrase change    re-encrypt the database and its backups under a new data
                                 passphrase (a supervisor; see cli_passphrase)
    vaxdesk export-outbox --out FILE   unsynced records for the central platform, offline
    vaxdesk cleaning (list [--json] | export --out F.xlsx | import F.xlsx [--apply])
                                 list and export: a supervisor's, audited
    vaxdesk report daily --from D --to D (--out FILE.xlsx | --json)
                                 certificates: see desktop_app/cli_certificates.py
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from desktop_app import app_log, exit_codes, settings
from desktop_app.paths import default_db_path
from desktop_app.rules.messages import UserError, text
from desktop_app.services import passphrase
from desktop_app.services.database import Database, classify, open_database

# Named, not __name__: run as ``python -m desktop_app.cli`` this module is __main__, outside
# the app's log (app_log.py).
_log = logging.getLogger("desktop_app.cli")


def main(argv: list[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # the bulk writer process, in the frozen app
    argv = sys.argv[1:] if argv is None else argv
    args = _window_args(argv) or _parser(_language_asked(argv)).parse_args(argv)
    if args.self_test:
        from desktop_app import self_test

        return self_test.run(args.lang or settings.read_preference(settings.LANGUAGE))
    path: Path = args.db or default_db_path()
    if args.command not in (None, "gui", "demo", "restore") and \
            (refused := _missing_database(args)) is not None:
        print(refused, file=sys.stderr)  # before the log: no file, no folder made there
        return exit_codes.CANNOT_START
    app_log.start(path.parent)  # where "details in the app's log" go
    try:
        return _run(args, path)
    except BrokenPipeError:
        # The reader closed the pipe having read what it wanted (``vaxdesk search … | head``):
        # nothing failed here. Standard output goes nowhere from now on, so the flush at exit
        # cannot raise again (the Python docs' recipe for SIGPIPE).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        # A fault of the machine (read-only folder, full disk, …) is a message and its exit
        # code; anything else is a bug, its traceback for support in the app's log, and for
        # the person a sentence saying where it is (README: never a traceback).
        lang = args.lang or settings.read_preference(settings.LANGUAGE)
        fault = classify(exc, path)
        if fault is None:
            print(app_log.crash_text(exc, app_log.write_log(path.parent, exc), lang),
                  file=sys.stderr)
            return exit_codes.CRASHED
        print(fault.message(lang), file=sys.stderr)
        return exit_codes.FAULT_EXIT[fault.kind]


def _missing_database(args: argparse.Namespace) -> str | None:
    """What to say when ``--db`` names no database this command may make, else None."""
    from desktop_app import cli_session

    try:
        cli_session.refuse_missing_database(args)
    except UserError as exc:
        return exc.on_command_line(args.lang or settings.read_preference(settings.LANGUAGE))
    return None


def _window_args(argv: list[str]) -> argparse.Namespace | None:
    """The arguments when they ask only for the window (the default command): it then starts
    without importing every command's module (reportlab, the sync client, …: a third of a
    second of a start). None for anything else, which the full parser reads."""
    base = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    base.add_argument("--db", type=Path)
    base.add_argument("--lang")
    base.add_argument("--user")
    args, rest = base.parse_known_args(argv)
    if rest not in ([], ["gui"]) or args.lang not in (None, "vi", "en"):
        return None
    args.command, args.self_test = None, False
    return args


def _parser(lang: str) -> argparse.ArgumentParser:
    """The whole command's parser, its help and its errors in ``lang``."""
    from desktop_app import (
        cli_audit,
        cli_backups,
        cli_certificates,
        cli_cleaning,
        cli_demo,
        cli_import,
        cli_lookup,
        cli_passphrase,
        cli_report,
        cli_session,
        cli_transfer,
    )
    from desktop_app.cli_parser import Parser, positive
    from desktop_app.services.search import PAGE

    parser = Parser(prog="vaxdesk", lang=lang, description=text("HELP_VAXDESK", lang),
                    epilog=exit_codes.help_epilog(lang))
    parser.add_argument("--version", action="version", version=version_line(lang),
                        help=text("HELP_VERSION", lang))
    parser.add_argument("--self-test", action="store_true", help=text("HELP_SELF_TEST", lang))
    parser.add_argument("--db", type=Path, help=text("HELP_DB", lang))
    parser.add_argument("--lang", choices=["vi", "en"], help=text("HELP_LANG", lang))
    parser.add_argument("--user", help=text("HELP_USER", lang))
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("gui", help=text("HELP_GUI", lang))
    sub.add_parser("info", help=text("HELP_INFO", lang))
    setup = sub.add_parser("setup-site", help=text("HELP_SETUP_SITE", lang))
    setup.add_argument("code", help=text("HELP_SETUP_SITE_CODE", lang))
    setup.add_argument("name", help=text("HELP_SETUP_SITE_NAME", lang))
    setup.add_argument("--province", metavar="CODE", help=text("HELP_SETUP_SITE_PROVINCE", lang))
    setup.add_argument("--commune", metavar="CODE", help=text("HELP_SETUP_SITE_COMMUNE", lang))
    search = sub.add_parser("search", help=text("HELP_SEARCH", lang))
    search.add_argument("query", help=text("HELP_SEARCH_QUERY", lang))
    search.add_argument("--limit", type=positive(lang), default=PAGE,
                        help=text("HELP_SEARCH_LIMIT", lang, page=PAGE))
    sync = sub.add_parser("sync", help=text("HELP_SYNC", lang))
    sync.add_argument("--server", help=text("HELP_SYNC_SERVER", lang))
    sync.add_argument("--token", nargs="?", const="", metavar="-",
                      help=text("HELP_SYNC_TOKEN", lang))
    sync.add_argument("--save", action="store_true", help=text("HELP_SYNC_SAVE", lang))
    sync.add_argument("--send-all-again", action="store_true",
                      help=text("HELP_SYNC_SEND_ALL_AGAIN", lang))
    for module in (cli_certificates, cli_import, cli_audit, cli_session, cli_backups,
                   cli_passphrase, cli_transfer, cli_cleaning, cli_lookup, cli_report, cli_demo):
        module.add_commands(sub, lang)
    return parser


def version_line(lang: str) -> str:
    """What ``--version`` prints: a site's upgrade notes compare both numbers."""
    from desktop_app import __version__
    from desktop_app.services.database import HEAD_REVISION

    return text("CLI_VERSION", lang, version=__version__, schema=HEAD_REVISION)


def _language_asked(argv: list[str]) -> str:
    """The language of the command's help and errors, before the arguments are parsed: the
    ``--lang`` given before the command as argparse reads it (``--lang en``, ``--lang=en``,
    ``--la en``), else the saved preference (an unknown value: argparse refuses it)."""
    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "--":
        name, eq, value = argv[i].partition("=")
        takes = [o for o in ("--db", "--lang", "--user") if len(name) > 2 and o.startswith(name)]
        if takes == ["--lang"]:
            value = value if eq else (argv[i + 1] if i + 1 < len(argv) else "")
            if value in settings.LANGUAGES:
                return value
            break
        i += 2 if len(takes) == 1 and not eq else 1
    return settings.read_preference(settings.LANGUAGE)


def _run(args: argparse.Namespace, path: Path) -> int:
    if args.command in (None, "gui"):
        from desktop_app.ui.app import run_app  # Qt only when a window is wanted

        return run_app(path, lang=args.lang)
    from desktop_app import cli_backups, cli_demo, cli_session

    args.lang = args.lang or settings.read_preference(settings.LANGUAGE)
    try:
        _check_outputs(args, path)
    except UserError as exc:  # before the database is opened: nothing done, nothing asked
        print(exc.on_command_line(args.lang), file=sys.stderr)
        return exit_codes.CANNOT_START
    if args.command == "demo":
        return cli_demo.run(args, args.db)  # its own file: the real one is not opened
    if args.command == "restore":
        return cli_backups.restore(path, args)  # before opening: the file may be damaged
    try:
        db = open_database(path, cli_session.database_passphrase(path, args.lang))
    except UserError as exc:  # a DatabaseError, or a new database's passphrase refused
        if classify(exc) is not None:
            raise  # locked or damaged: main() gives it its own exit code
        print(exc.on_command_line(args.lang), file=sys.stderr)
        return 2
    cli_session.say_opened(db, args.lang)
    with passphrase.watch_first_run(db):  # closed; a first run's marker judged
        if args.command == "user":
            return cli_session.user_command(db, args)  # logs in itself (or makes the first)
        try:
            args.actor = cli_session.log_in(db, args)
            return commands()[args.command](db, args)
        except UserError as exc:  # a refused login or role, a value a person can fix
            if classify(exc, path) is not None:
                raise  # the machine's fault (locked, disk full, …): main() gives its code
            print(exc.on_command_line(args.lang), file=sys.stderr)
            return exit_codes.CANNOT_START


# The files commands write, by their options: --out (audit, cleaning and outbox exports,
# certificates, reports), --report and --fix-file (import, the police's returned list).
OUTPUT_OPTIONS = ("out", "report", "fix_file")


def _check_outputs(args: argparse.Namespace, database: Path) -> None:
    """Every file this command will write can be written, and is none it reads (its
    ``file``, the database), or a UserError that says which and why: checked first, where
    a missing folder found after the work (an import's report written once every row was
    stored) cost a traceback and the report."""
    from desktop_app.services.output_paths import check_output

    reads = [p for p in (getattr(args, "file", None), database) if isinstance(p, Path)]
    for option in OUTPUT_OPTIONS:
        out = getattr(args, option, None)
        if isinstance(out, Path):
            check_output(out, reads)


def _info(db: Database, args: argparse.Namespace) -> int:
    from desktop_app.services.demo_guard import is_demo_database
    from desktop_app.services.site import current_site
    from desktop_app.services.status import record_counts, site_status

    site = current_site(db)
    status = site_status(db)
    people, doses = record_counts(db)
    print(text("CLI_DATABASE", args.lang, path=db.path))
    print(text("CLI_SITE", args.lang, code=site.code, name=site.name) if site
          else text("CLI_SITE_NONE", args.lang))
    if is_demo_database(db):  # in the language asked, not only in the demo's site name
        print(text("CLI_DEMO_DATABASE", args.lang))
    print(text("CLI_COUNTS", args.lang, people=people, doses=doses, pending=status.pending,
               rejected=status.rejected, conflicts=status.conflicts))
    return 0


def _setup_site(db: Database, args: argparse.Namespace) -> int:
    from desktop_app import cli_certificates
    from desktop_app.services.signing import signer_state
    from desktop_app.services.site import set_up_site

    # An area left out keeps the one recorded for this site (set in the app's setup, or
    # by an earlier --province/--commune); the codes are checked as the app checks them.
    site = set_up_site(db, args.code, args.name, province_code=args.province,
                       commune_code=args.commune, actor=args.actor)
    print(text("CLI_SITE", args.lang, code=site.code, name=site.name))
    if site.province_code is None or site.commune_code is None:
        print(text("CLI_SITE_NO_AREA", args.lang), file=sys.stderr)
    # The site's certificate-signing key is made at setup when a passphrase can be had; a
    # setup run again keeps the key it has, and says nothing of one.
    if signer_state(db).has_key:
        return 0
    if cli_certificates.can_ask_passphrase():
        args.action, args.replace = "create", False
        return cli_certificates.signing_key(db, args)
    print(text("CLI_NO_SIGNING_KEY", args.lang))
    return 0


def _search(db: Database, args: argparse.Namespace) -> int:
    from desktop_app.rules.cccd_qr import read_cccd_qr
    from desktop_app.rules.dates import format_date
    from desktop_app.services.bulk_output import people_found

    try:
        card = read_cccd_qr(args.query)
        # Over a desk's page, audited: the lines may go to a file (services/bulk_output.py).
        hits = people_found(db, args.query, limit=args.limit, actor=args.actor)
    except UserError as exc:  # a damaged scan: which field
        print(exc.on_command_line(args.lang), file=sys.stderr)
        return 2
    for h in hits:
        dob = format_date(h.dob) if h.dob else "?"
        last = (text("CLI_LAST_DOSE", args.lang, dose_number=h.last_dose_number,
                     date=format_date(h.last_dose_date),
                     product=db.catalogue.name_of(h.last_product_code, args.lang))
                if h.last_dose_date else "-")
        print(f"{h.full_name}\t{dob}\t{h.id_number or '-'}\t{h.phone or '-'}\t{last}")
    if not hits and card is not None:  # what the card says, to register them
        print(text("CLI_CARD_NOT_REGISTERED", args.lang, name=card.full_name,
                   dob=format_date(card.dob), sex=text(f"SEX_{card.sex.value}", args.lang),
                   id_number=card.id_number, old_id=card.old_id_number or "-",
                   address=card.address or "-"), file=sys.stderr)
    elif not hits:
        print(text("CLI_NOTHING_FOUND", args.lang), file=sys.stderr)
    return 0 if hits else 1


def _sync(db: Database, args: argparse.Namespace) -> int:
    from desktop_app.cli_sync import config_for_run, run_and_report
    from desktop_app.rules.numbers import Count
    from desktop_app.services import sync as syncing

    config = config_for_run(db, args.server, args.token, args.lang)
    if config is None:
        print(syncing.NotConfigured().on_command_line(args.lang), file=sys.stderr)
        return 2
    if args.save:
        syncing.save_config(db, config.url, config.token, actor=args.actor)
    if args.send_all_again:  # the platform restored from an older backup
        queued = syncing.send_all_again(db, actor=args.actor)
        print(text("CLI_SYNC_QUEUED_AGAIN", args.lang, count=Count(queued)), file=sys.stderr)
    try:
        return run_and_report(db, syncing.make_client(config), args.lang, args.actor)
    except syncing.NotConfigured as exc:
        print(exc.on_command_line(args.lang), file=sys.stderr)
        return 2
    except syncing.SyncError as exc:  # the person reads what to do; the detail is logged
        _log.info("sync stopped: %s: %s", type(exc).__name__, exc)
        print(syncing.stopped_message(exc, args.lang), file=sys.stderr)
        return exit_codes.SYNC_STOPPED
    except KeyboardInterrupt:
        # Ctrl+C, as the waiting notice offers: the request under way is dropped (the
        # platform's answer to it, if any, is asked for again next round, as a lost
        # answer is), and what the round committed stays.
        print("\n" + text("SYNC_STOPPED", args.lang, detail=text(
            "CLI_SYNC_CTRL_C", args.lang) + " " + text("SYNC_STILL_QUEUED", args.lang)),
            file=sys.stderr)
        return exit_codes.SYNC_STOPPED


def commands() -> dict[str, Callable[[Database, argparse.Namespace], int]]:
    """Each command that works on an opened database, by name."""
    from desktop_app import (
        cli_audit,
        cli_backups,
        cli_certificates,
        cli_cleaning,
        cli_import,
        cli_lookup,
        cli_passphrase,
        cli_report,
        cli_transfer,
    )

    return {"info": _info, "setup-site": _setup_site, "search": _search, "sync": _sync,
            **cli_import.COMMANDS, "audit": cli_audit.run, "backup": cli_backups.backup,
            "export-outbox": cli_transfer.export_outbox, "cleaning": cli_cleaning.run,
            "lookup": cli_lookup.run, "report": cli_report.run,
            "passphrase": cli_passphrase.run,
            **cli_certificates.COMMANDS}


if __name__ == "__main__":
    sys.exit(main())
