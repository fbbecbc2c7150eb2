"""What a sync round did, as the screen, the status bar and the command line tell it: the
counts, the steps skipped, and what is wrong with the laptop's time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from desktop_app.clock import ZoneOff, local_time, utc_now
from desktop_app.rules.countdown import span
from desktop_app.rules.messages import text
from desktop_app.rules.numbers import count

CLOCK_WARNING_SECONDS = 300


@dataclass(frozen=True)
class Progress:
    phase: str  # catalogue | push | pull | signing (the last from services.sync)
    done: int
    total: int


@dataclass
class SyncSummary:
    sent: int = 0
    synced: int = 0
    rejected: int = 0  # records refused after the round (new or still not fixed)
    conflicts: int = 0  # records in conflict after the round (new or still unresolved)
    recovered: int = 0  # lost answers recovered from the server's copy
    pulled: int = 0
    brought_back: int = 0  # this site's own records brought back after a restore
    verdicts: int = 0  # population-register verdicts on our people, new this round
    # Our people the platform told have a dose number at another site too (flagged now).
    clashes: int = 0
    # Our people whose doses at other sites changed here (services.elsewhere_news).
    elsewhere: int = 0
    # Of them, people whose other site's doses were dropped as a correction ended the
    # link: flagged for cleaning.
    parted: int = 0
    complaints_new: int = 0  # citizens' complaints routed here, new this round
    complaints_sent: int = 0  # hotline entries and resolutions central accepted
    complaints_refused: int = 0  # hotline entries central refused (each says why)
    revocations: int = 0  # certificate revocations the central platform now has
    lots: int = 0
    waiting: int = 0  # doses whose person is not on the server yet (rejected or conflict)
    bytes_sent: int = 0
    seconds: float = 0.0
    clock_offset: float | None = None
    # The laptop's zone, if not Vietnam's: its clock right to the second (no offset) still
    # dates every dose by another day for part of each day.
    zone: ZoneOff | None = None
    signer_enrolled: bool = False  # the central platform (re)certified our signing key
    signer_revoked: bool = False
    signer_pending: str = ""  # the fingerprint of our key waiting for central approval
    # The figures sent; None: none sent (site_report.py); False: failed, in ``skipped``.
    site_report: bool | None = None
    audit_anchor: bool | None = None  # the audit head anchored, likewise (audit_anchor.py)
    # VaxDesk-only steps that failed this round: (step, problem code); the records still
    # synced. The technical detail goes to the log, not to the clerk.
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def told_messages(self, lang: str) -> list[str]:
        """What the round brought that the person should know of, for the screen and the
        command line alike: the doses of other sites taken, clashes flagged, records
        brought back after a restore."""
        return [text(code, lang, count=count(n, lang)) for code, n in (
            ("SYNC_ELSEWHERE", self.elsewhere), ("SYNC_PARTED", self.parted),
            ("SYNC_DOSE_CLASHES", self.clashes),
            ("SYNC_BROUGHT_BACK", self.brought_back)) if n]

    def skipped_messages(self, lang: str) -> list[str]:
        return [text("SYNC_STEP_SKIPPED", lang, step=text(f"SYNC_STEP_{name.upper()}", lang),
                     problem=text(problem, lang)) for name, problem in self.skipped]

    def clock_messages(self, lang: str) -> list[str]:
        """What is wrong with the laptop's time, for the screen and the command line alike:
        its zone, and which way and how far its clock is off the platform's, with the
        platform's time to set it to."""
        said = [text("CLOCK_ZONE_OFF", lang, **self.zone.params())] if self.zone else []
        if self.clock_off:
            # Platform minus laptop, measured to the second of HTTP's Date: to the nearest
            # minute, as a clock is set.
            offset = self.clock_offset or 0.0
            said.append(text("SYNC_CLOCK_BEHIND" if offset > 0 else "SYNC_CLOCK_AHEAD", lang,
                             span=span(timedelta(minutes=round(abs(offset) / 60)), lang),
                             platform=local_time(utc_now() + timedelta(seconds=offset))))
        return said

    @property
    def clock_off(self) -> bool:
        """The platform's clock and the laptop's further apart than a few minutes."""
        return self.clock_offset is not None and abs(self.clock_offset) > CLOCK_WARNING_SECONDS

    @property
    def clock_warning(self) -> bool:
        return self.clock_off or self.zone is not None
