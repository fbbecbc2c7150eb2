"""The headless sync: the access code taken where no other account can see it, progress on
one line, then a summary a site manager can read."""

from __future__ import annotations

import getpass
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from desktop_app.progress import drain
from desktop_app.rules import sync_view
from desktop_app.rules.messages import text
from desktop_app.rules.numbers import count
from desktop_app.services.actor import Actor
from desktop_app.services.database import Database
from desktop_app.services.demo_guard import refuse_upload
from desktop_app.services.sync import (
    Progress,
    SyncClient,
    SyncConfig,
    load_config,
    sync_issues,
    sync_round,
    usable_address,
)

TOKEN_ENV = "VAXDESK_SYNC_TOKEN"
ASK = ""  # ``--token`` given without a value: ask for it

# A record's state as the sync screen names it.
STATES = {"rejected": "SYNC_STATE_REJECTED", "conflict": "SYNC_STATE_CONFLICT"}
# The round's other phases (sync/engine.py, services/sync.py), in words.
PHASES = {"pull": "SYNC_RECEIVING", "catalogue": "SYNC_CATALOGUE", "signing": "SYNC_SIGNING"}


def phase_text(p: Progress, lang: str) -> str:
    """A round's progress in the words of the sync screen.

    >>> phase_text(Progress("push", 1200, 5000), "vi")
    'Đang gửi hồ sơ: 1.200 / 5.000'
    >>> phase_text(Progress("pull", 0, 0), "en")
    'Receiving changes from the central platform…'
    """
    if p.phase == "push":
        return text("SYNC_SENDING", lang, done=count(p.done, lang), total=count(p.total, lang))
    return text(PHASES.get(p.phase, "SYNC_RECEIVING"), lang)


def run_and_report(db: Database, client: SyncClient, lang: str, actor: Actor) -> int:
    """0: everything synced; 1: some records need a person (rejected or conflict)."""
    with said_while_quiet(lang) as heard:
        def progress(p: Progress) -> None:
            heard()
            print(f"\r{phase_text(p, lang)}  ", end="", file=sys.stderr, flush=True)

        summary = drain(sync_round(db, client, actor=actor), progress)
    print(file=sys.stderr)
    print(text("CLI_SYNC_SUMMARY", lang, sent=summary.sent, synced=summary.synced,
               rejected=summary.rejected, conflicts=summary.conflicts,
               recovered=summary.recovered, pulled=summary.pulled, waiting=summary.waiting,
               bytes_sent=summary.bytes_sent, seconds=f"{summary.seconds:.1f}"))
    for line in summary.told_messages(lang):
        print(line)
    for line in summary.clock_messages(lang):
        print(line)
    if summary.signer_enrolled:
        print(text("SYNC_SIGNER_CERTIFIED", lang))
    if summary.signer_revoked:
        print(text("SYNC_SIGNER_REVOKED", lang))
    if summary.signer_pending:
        print(text("ENROLMENT_PENDING", lang, fingerprint=summary.signer_pending))
    for line in summary.skipped_messages(lang):
        print(line)
    issues = sync_issues(db, limit=50)
    for issue in issues:
        print(text("CLI_SYNC_ISSUE", lang, state=text(STATES[issue.state], lang),
                   name=issue.person_name, label=issue.label, reason=issue.reason(lang)))
    # Those of earlier rounds too: a record still refused needs a person as much as a new one.
    return 0 if not issues and summary.rejected == 0 and summary.conflicts == 0 else 1


@contextmanager
def said_while_quiet(lang: str) -> Iterator[Callable[[], None]]:
    """Say once, on standard error, that the round waits for the platform when it has gone
    as long without a word as the Sync area waits before saying so
    (``sync_view.QUIET_SECONDS``): a platform that took the connection and never answers
    left the command silent for minutes. Yields what to call at each word of the round."""
    lock, stop = threading.Lock(), threading.Event()
    state = {"heard": time.monotonic(), "said": False}

    def heard() -> None:
        with lock:
            state["heard"], state["said"] = time.monotonic(), False

    def watch() -> None:
        while not stop.wait(0.25):
            with lock:
                quiet = time.monotonic() - state["heard"]
                if state["said"] or quiet < sync_view.QUIET_SECONDS:
                    continue
                state["said"] = True
            print("\n" + text("CLI_SYNC_WAITING_ANSWER", lang, seconds=int(quiet)),
                  file=sys.stderr, flush=True)

    watcher = threading.Thread(target=watch, name="sync-quiet", daemon=True)
    watcher.start()
    try:
        yield heard
    finally:
        stop.set()
        watcher.join()


def config_for_run(db: Database, server: str | None, token_arg: str | None, lang: str
                   ) -> SyncConfig | None:
    """The server and access code for this run: ``--token`` as below, else
    ``$VAXDESK_SYNC_TOKEN``, else the saved code; with none of them and a terminal, asked.
    On the demo, DemoNotSent first: told to set up a platform, a trainee was then refused
    at ``--save``, having typed the code for nothing. A ``--server`` that no platform can
    be at is refused next, as input (exit 2), before the code is asked or anything tried."""
    refuse_upload(db)
    if server is not None:
        server = usable_address(server, "SYNC_ADDRESS_REFUSED")
    token = token_for_run(token_arg, lang)
    config = load_config(db, server, token)
    if config is None and token is None and token_arg is None and sys.stdin.isatty() \
            and load_config(db, server, "?") is not None:  # only the code is missing
        config = load_config(db, server, _asked(lang))
    return config


def token_for_run(token_arg: str | None, lang: str) -> str | None:
    """``--token -``: one line of standard input; ``--token`` alone: asked without echo (a
    terminal) or None; ``--token CODE``: taken, with a warning, as every account on the
    laptop sees a process's arguments and the shell keeps them in its history; no
    ``--token``: ``$VAXDESK_SYNC_TOKEN`` or None (the saved code)."""
    if token_arg == "-":
        return sys.stdin.readline().strip() or None
    if token_arg == ASK:
        return _asked(lang) if sys.stdin.isatty() else None
    if token_arg is not None:
        print(text("CLI_TOKEN_VISIBLE", lang), file=sys.stderr)
        return token_arg.strip() or None
    return os.environ.get(TOKEN_ENV, "").strip() or None


def _asked(lang: str) -> str | None:
    return getpass.getpass(text("CLI_TOKEN_PROMPT", lang)).strip() or None
