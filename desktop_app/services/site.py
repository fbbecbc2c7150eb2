"""The site this laptop records for: created at first run, read by every other service."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.ids import new_id
from desktop_app.db.models import Site
from desktop_app.rules import admin_units
from desktop_app.rules.site_code import checked_site
from desktop_app.services.actor import BACKFILLERS, SUPERVISORS, Actor, require


@dataclass(frozen=True)
class SiteInfo:
    id: str
    code: str
    name: str
    province_code: str | None = None
    district_code: str | None = None
    commune_code: str | None = None


def current_site(db: Database) -> SiteInfo | None:
    with db.reading() as s:
        site_id = settings.read(s, settings.CURRENT_SITE)
        site = s.get(Site, site_id) if site_id else None
        return _info(site) if site else None


@dataclass(frozen=True)
class SiteChoice:
    """The site as a form or a command gives it: its code, name and place."""

    code: str
    name: str
    province_code: str | None = None
    district_code: str | None = None
    commune_code: str | None = None


def set_up_site(
    db: Database, code: str, name: str, *, province_code: str | None = None,
    district_code: str | None = None, commune_code: str | None = None, actor: Actor,
) -> SiteInfo:
    """Create the site (or reuse the one with this code) and make it this laptop's site."""
    require(actor, *SUPERVISORS)
    with db.transaction() as s:
        return set_up_site_in(s, SiteChoice(code, name, province_code, district_code,
                                            commune_code), actor=actor)


def set_up_site_in(s: Session, choice: SiteChoice, *, actor: Actor) -> SiteInfo:
    """``set_up_site`` inside the caller's transaction (the settings dialog saves the day's
    defaults with it: both or neither)."""
    require(actor, *SUPERVISORS)
    return _make_current(s, choice, actor)


def _make_current(s: Session, choice: SiteChoice, actor: Actor) -> SiteInfo:
    code, name = checked_site(choice.code, choice.name)  # as the setup form checks them
    before_id = settings.read(s, settings.CURRENT_SITE)
    before = s.get(Site, before_id) if before_id else None
    was = site_words(before) if before else None
    site = s.scalar(select(Site).where(Site.code == code))
    if site is None:
        site = Site(id=new_id(), code=code, created_at=utc_now(), name=name)
        s.add(site)
    site.name = name
    site.province_code, site.district_code, site.commune_code = _area(site, choice)
    settings.write(s, settings.CURRENT_SITE, site.id)
    s.flush()
    if was != site_words(site):  # the first set-up is one ("Created", not "Corrected")
        s.add(store.audit_entry("update" if was else "create", "setting",
                                settings.CURRENT_SITE.key,
                                {"site": [was, site_words(site)] if was else site_words(site)},
                                utc_now(), actor.user_id))
    return _info(site)


def _area(site: Site, choice: SiteChoice) -> tuple[str | None, str | None, str | None]:
    """The site's (province, district, commune) after ``choice``: the codes it gives,
    checked as the setup form checks them (``admin_units``); what it leaves out is kept as
    recorded for this site, so setting a site up again by its code and name (``vaxdesk
    setup-site``) does not erase its area (the cleaning worklist's communes, the area in its
    reports). Another province drops the recorded district and commune: they were the old
    province's."""
    province = _given(choice.province_code)
    if province is not None:
        province = admin_units.checked_province(province)
    commune = _given(choice.commune_code)
    if commune is not None:
        commune = admin_units.checked_commune(commune, province or site.province_code)
    moved = province is not None and province != site.province_code
    return (province or site.province_code,
            _given(choice.district_code) or (None if moved else site.district_code),
            commune or (None if moved else site.commune_code))


def _given(code: str | None) -> str | None:
    return code.strip() or None if code else None


def site_words(site: Site) -> str:
    """A site as the audit trail names it: its code, name and area codes."""
    area = "/".join(c for c in (site.province_code, site.district_code, site.commune_code) if c)
    return f"{site.code} {site.name}" + (f" ({area})" if area else "")


def site_for_records(db: Database, code: str, name: str, *, adopt: bool = True,
                     actor: Actor) -> SiteInfo:
    """The site with this code (made if new) without changing which site this laptop records
    for: an import may record doses under a site that is not the laptop's own. On a laptop
    with no site yet it becomes the laptop's site if ``adopt`` (a code someone chose; not
    one made up from a file, which the central platform would not know). The code is
    checked as the setup form checks it: it goes into certificates and to the platform."""
    require(actor, *BACKFILLERS)
    code, name = checked_site(code, name.strip() or code)
    # Which site the laptop records for is a supervisor's choice (set_up_site): a volunteer's
    # import records under the named site and leaves the laptop without one.
    if adopt and actor.role in SUPERVISORS and current_site(db) is None:
        with db.transaction() as s:
            return _make_current(s, SiteChoice(code, name), actor)
    with db.transaction() as s:
        site = s.scalar(select(Site).where(Site.code == code))
        if site is None:
            site = Site(id=new_id(), code=code, created_at=utc_now(), name=name)
            s.add(site)
            s.flush()
            s.add(store.audit_entry("create", "site", site.id, {"site": site_words(site)},
                                    utc_now(), actor.user_id))
        return _info(site)


def _info(site: Site) -> SiteInfo:
    return SiteInfo(
        site.id, site.code, site.name, site.province_code, site.district_code, site.commune_code
    )
