"""The central server's settings, declared once, typed, with defaults, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir


def default_database_url() -> str:
    folder = Path(user_data_dir("vaxdesk-central", appauthor=False))
    return f"sqlite:///{folder / 'central.db'}"


@dataclass(frozen=True)
class Settings:
    # sqlite:///path/to/file.db (the default) or postgresql+psycopg://user@host/db
    database_url: str
    # A body (a gzip body once inflated) is read at most to this size, counted as it
    # arrives (body_limit.py): a small bomb or an endless upload cannot exhaust memory.
    max_body_bytes: int = 64 * 1024 * 1024
    # JSON deeper than this, or with more values, is refused before the routes see it: a
    # batch of 5,000 records is 6 levels deep and holds about 300,000 values.
    max_json_depth: int = 32
    max_json_values: int = 1_000_000
    max_batch_entries: int = 5000
    max_page_size: int = 1000
    # Encrypts the signing authority's private key in the database. The server refuses to
    # start without it unless allow_plain_csca (a throw-away test server) says otherwise.
    csca_passphrase: str | None = None
    allow_plain_csca: bool = False
    # The key of the dashboard sign-in names' fingerprints (dashboard/login_names.py).
    # Unset, the server makes one on its first start and keeps it in its database: a copy of
    # the sign-in log then tells no name, a copy of the whole database does. Set it, as the
    # passphrase above, to keep it apart; from the first start on, since changed later the
    # older rows' fingerprints match no later try (and wrong-password waits start again).
    login_name_key: str | None = None
    signer_days: int = 90  # a site's document-signer certificate, renewed through sync
    # ``create-site`` without --province/--commune, the site's own report to say where it
    # is: a throw-away test server's sites (VAXDESK_CENTRAL_ALLOW_SITE_WITHOUT_AREA=1). A
    # real site created so was seen by no officer until it reported, and never if it did not.
    allow_site_without_area: bool = False
    # /docs, /redoc and /openapi.json: off, since they map the API for anyone who asks;
    # on for development (``serve --api-docs`` or VAXDESK_CENTRAL_API_DOCS=1).
    api_docs: bool = False
    # Complaints one client address may file through the public form in an hour
    # (complaints/filing_limit.py). A household files for each member, and a mobile network
    # puts many phones behind one IPv4 address (carrier-grade NAT): 10 turned away citizens
    # who shared one. What bounds a script is the count per ID number below; past either the
    # citizen is told to call their commune's health station, whose hotline entries count
    # apart (per site and ID number: one past it waits for the desk's next sync).
    complaints_per_hour: int = 60
    # Complaints about one ID number an hour through the form, and by one site's access code
    # through /api/complaints: a citizen files about themselves a few times at most, and a
    # script filling sites' 48-hour queues about one number is slowed whatever addresses or
    # code it comes from.
    complaints_per_id_per_hour: int = 3
    # Lookups of other sites' people (Patient?identifier=, Immunization?patient.identifier=)
    # one site may make in an hour (lookup_log.py); each is recorded for the province. A
    # desk asks twice for a person another site knows (their record, then their doses), so
    # 600 is a busy desk's 300 people an hour; a stolen code scraping the country is not.
    lookups_per_hour: int = 600
    # Days a lookup stays in that log (lookup_log.prune): it names the citizens asked about,
    # and Decree 13/2023 wants personal data kept no longer than its purpose needs. The
    # purpose is finding whose code looked at whom, and misuse may come to light months
    # later (a citizen asking who looked them up, a yearly review of the sites): a year;
    # shorter is allowed, down to 1 day (the hourly limit reads only the last hour), and
    # longer up to 100 years.
    lookup_log_days: int = 365
    # Hours after which a site's last report is old ("báo cáo cũ" on the dashboard): the
    # site is marked with how long it has been silent, listed first with the sites that
    # never reported, given no share and no rank, and left out of its areas' shares, as
    # the doses it recorded since are known only to its laptop (2021: sites sat on
    # hundreds of thousands). An open desk with a link reports at every round, at least
    # hourly with nothing to send (ui/sync/controller.py), so 24 hours of silence is a
    # working day with the laptop off, offline or failing to sync: seen the same day, or
    # the next morning. Shorter would flag a lunch break or an afternoon's outage on a
    # rural link, which teaches a province to ignore the mark; 48 hours or more would let
    # a whole vaccination day (weekends included in a campaign) go unseen. A site closed for the
    # weekend reads old by Sunday, truly: nothing was heard since Friday. From 1 hour to
    # 100 years.
    stale_report_hours: int = 24

    @classmethod
    def from_env(cls, database_url: str | None = None) -> Settings:
        url = (
            database_url
            or os.environ.get("VAXDESK_CENTRAL_DATABASE_URL")
            or os.environ.get("DATABASE_URL")
            or default_database_url()
        )
        return cls(
            database_url=url,
            csca_passphrase=os.environ.get("VAXDESK_CENTRAL_CSCA_PASSPHRASE") or None,
            allow_plain_csca=os.environ.get("VAXDESK_CENTRAL_ALLOW_PLAIN_CSCA") == "1",
            login_name_key=os.environ.get("VAXDESK_CENTRAL_LOGIN_NAME_KEY") or None,
            allow_site_without_area=os.environ.get(
                "VAXDESK_CENTRAL_ALLOW_SITE_WITHOUT_AREA") == "1",
            signer_days=_whole_number("VAXDESK_CENTRAL_SIGNER_DAYS", cls.signer_days,
                                      least=1, most=cls.signer_days),
            api_docs=os.environ.get("VAXDESK_CENTRAL_API_DOCS") == "1",
            complaints_per_hour=_whole_number("VAXDESK_CENTRAL_COMPLAINTS_PER_HOUR",
                                              cls.complaints_per_hour, least=1, most=1_000_000),
            complaints_per_id_per_hour=_whole_number(
                "VAXDESK_CENTRAL_COMPLAINTS_PER_ID_PER_HOUR", cls.complaints_per_id_per_hour,
                least=1, most=1_000),
            lookups_per_hour=_whole_number("VAXDESK_CENTRAL_LOOKUPS_PER_HOUR",
                                           cls.lookups_per_hour, least=1, most=1_000_000),
            lookup_log_days=_whole_number("VAXDESK_CENTRAL_LOOKUP_LOG_DAYS",
                                          cls.lookup_log_days, least=1, most=36_500),
            stale_report_hours=_whole_number("VAXDESK_CENTRAL_STALE_REPORT_HOURS",
                                             cls.stale_report_hours, least=1,
                                             most=876_000),
        )


def _whole_number(name: str, default: int, least: int, most: int) -> int:
    """The variable's whole number, ``default`` when unset; a ValueError naming it and what
    it must be otherwise (``cli.main`` says it and exits 2 before anything starts)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = least - 1
    if not least <= value <= most:
        raise ValueError(f"{name} must be a whole number from {least} to {most}; "
                         f"it is {raw!r}")
    return value
