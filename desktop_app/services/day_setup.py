"""The desk's "today" panel: the day's vaccine, lot (with its expiry) and vaccinator.

The panel is the only way the day's defaults change: a dose of another vaccine for one
person (a child among adults) leaves them as they are. A lot typed here that nobody has
listed yet is listed with the expiry printed on its box, so every later dose is checked
against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import local_today, utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.ids import new_id
from desktop_app.db.models import Lot
from desktop_app.rules.lots import (
    LotFact,
    check_lot,
    check_lot_format,
    lot_as_listed,
    normal_lot,
)
from desktop_app.rules.messages import Words
from desktop_app.rules.problems import Problem, error
from desktop_app.services.actor import RECORDERS, SUPERVISORS, Actor, require
from desktop_app.services.day_defaults import DayDefaults, set_day_defaults_in
from desktop_app.services.site import SiteChoice, SiteInfo, set_up_site_in


def known_lots(session: Session, lot_number: str | None = None) -> list[LotFact]:
    """The listed lots (those numbered ``lot_number``, if given)."""
    query = select(Lot.product_code, Lot.lot_number, Lot.expiry_date)
    rows = [LotFact(*r) for r in session.execute(query).all()]
    if lot_number is None:
        return rows
    wanted = normal_lot(lot_number)
    return [r for r in rows if normal_lot(r.lot_number) == wanted]


def lots_of(db: Database, product_code: str | None) -> list[LotFact]:
    """The lots of a product, latest expiry first: what the panel offers."""
    with db.reading() as s:
        lots = [lot for lot in known_lots(s) if lot.product_code == product_code]
    return sorted(lots, key=lambda lot: lot.expiry_date or date.max, reverse=True)


def stored_lot(session: Session, product_code: str | None, lot_number: str | None
               ) -> str | None:
    """The lot number a dose stores for the one typed (``lot_as_listed``)."""
    return lot_as_listed(lot_number, known_lots(session, lot_number), product_code)


def lot_problems(session: Session, product_code: str | None, lot_number: str | None,
                 day: date, names: dict[str, Words]) -> list[Problem]:
    return check_lot(product_code, lot_number, day, known_lots(session, lot_number), names)


def set_today(
    db: Database, product_code: str | None, lot_number: str | None, expiry: date | None,
    vaccinator: str | None, *, actor: Actor, day: date | None = None,
) -> tuple[DayDefaults | None, list[Problem]]:
    """Set the day's vaccine, lot and vaccinator; list a new lot with its ``expiry``.
    Returns the defaults saved, or None and the problems (nothing changed)."""
    require(actor, *RECORDERS)
    with db.transaction() as s:
        saved, problems = _set_today_in(s, db, product_code, lot_number, expiry, vaccinator,
                                        actor, day)
        if saved is None:
            s.rollback()
    return saved, problems


@dataclass(frozen=True)
class SettingsSaved:
    """What the settings dialog's Save did: ``defaults`` None if nothing (``problems``)."""

    defaults: DayDefaults | None
    site: SiteInfo | None = None  # saved with them, when the form's site was given
    problems: list[Problem] = field(default_factory=list)


def save_settings(
    db: Database, site: SiteChoice | None, product_code: str | None, lot_number: str | None,
    expiry: date | None, vaccinator: str | None, *, actor: Actor, day: date | None = None,
) -> SettingsSaved:
    """The settings dialog's Save: today's defaults and, if ``site`` is given, the site, in
    one transaction, so both are saved or neither. The site is a supervisor's to set: a
    clerk's form gives none, and one given by a clerk is refused before anything is written
    (once a clerk's lot was saved and audited, then the site refused, the dialog left open)."""
    require(actor, *RECORDERS)
    if site is not None:
        require(actor, *SUPERVISORS)
    with db.transaction() as s:
        saved, problems = _set_today_in(s, db, product_code, lot_number, expiry, vaccinator,
                                        actor, day)
        if saved is None:
            s.rollback()
            return SettingsSaved(None, None, problems)
        made = set_up_site_in(s, site, actor=actor) if site is not None else None
    return SettingsSaved(saved, made)


def _set_today_in(
    s: Session, db: Database, product_code: str | None, lot_number: str | None,
    expiry: date | None, vaccinator: str | None, actor: Actor, day: date | None,
) -> tuple[DayDefaults | None, list[Problem]]:
    """``set_today``'s checks and writes in the caller's transaction; None and the problems
    if the lot fails (the caller rolls back)."""
    day = day or local_today()
    number = normal_lot(lot_number)
    problems = check_lot_format(lot_number)
    if problems:
        return None, problems  # not a lot (a card scanned into it): not listed either
    names = {p.code: p.names for p in db.catalogue.products.values()}
    problems = lot_problems(s, product_code, number, day, names)
    listed = known_lots(s, number)
    new_lot = bool(number and product_code and not listed)
    if new_lot and expiry is None:
        problems.append(error("LOT_EXPIRY_REQUIRED", "expiry", lot=number))
    elif new_lot and expiry is not None and expiry < day:
        problems += check_lot(product_code, number, day,
                              [LotFact(product_code or "", number, expiry)])
    if problems:
        return None, problems
    if new_lot:
        s.add(Lot(id=new_id(), product_code=product_code, lot_number=number,
                  expiry_date=expiry))
        s.add(store.audit_entry("lot", "lot", number, {
            "product_code": product_code, "lot_number": number, "expiry_date": expiry,
        }, utc_now(), actor.user_id))
    return set_day_defaults_in(s, product_code, number or None, vaccinator, day,
                               actor=actor), []
