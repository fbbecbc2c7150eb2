"""The day's vaccine, lot and vaccinator: set once in the morning, carried to every dose.

Stored in the database so a restart at lunch keeps them; dated so that tomorrow the clerk
is asked again instead of silently recording yesterday's lot.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.clock import local_today, utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.services.actor import RECORDERS, Actor, require


@dataclass(frozen=True)
class DayDefaults:
    product_code: str | None = None
    lot_number: str | None = None
    vaccinator: str | None = None
    day: date | None = None

    @property
    def is_for_today(self) -> bool:
        return self.day == local_today()


def get_day_defaults(db: Database) -> DayDefaults:
    with db.reading() as s:
        raw = settings.read(s, settings.DAY_DEFAULTS)
    if not raw:
        return DayDefaults()
    day = date.fromisoformat(raw["day"]) if raw.get("day") else None
    return DayDefaults(raw.get("product_code"), raw.get("lot_number"), raw.get("vaccinator"), day)


def defaults_for_today(db: Database) -> DayDefaults:
    """The defaults the desk starts a dose with. Yesterday's lot is not carried into today
    (the clerk confirms the day's vaccine); the vaccine and the vaccinator are."""
    defaults = get_day_defaults(db)
    if defaults.is_for_today:
        return defaults
    return DayDefaults(defaults.product_code, None, defaults.vaccinator, None)


def changes_day_defaults(defaults: DayDefaults, product_code: str | None,
                         lot_number: str | None, vaccinator: str | None) -> bool:
    """Would saving a dose with these values change today's defaults?

    >>> today = DayDefaults("COMIRNATY", "FK1", "Lan", local_today())
    >>> changes_day_defaults(today, "COMIRNATY", " FK1 ", "Lan")
    False
    >>> changes_day_defaults(today, "COMIRNATY", "FK2", "Lan")
    True
    """
    wanted = _cleaned(product_code, lot_number, vaccinator)
    current = (defaults.product_code, defaults.lot_number, defaults.vaccinator)
    return wanted != current or not defaults.is_for_today


def _cleaned(product_code: str | None, lot_number: str | None, vaccinator: str | None
             ) -> tuple[str | None, str | None, str | None]:
    return (product_code or None, (lot_number or "").strip() or None,
            (vaccinator or "").strip() or None)


def set_day_defaults(
    db: Database, product_code: str | None, lot_number: str | None, vaccinator: str | None,
    day: date | None = None, *, actor: Actor,
) -> DayDefaults:
    require(actor, *RECORDERS)
    with db.transaction() as s:
        return set_day_defaults_in(s, product_code, lot_number, vaccinator, day, actor=actor)


def set_day_defaults_in(
    s: Session, product_code: str | None, lot_number: str | None, vaccinator: str | None,
    day: date | None = None, *, actor: Actor,
) -> DayDefaults:
    """``set_day_defaults`` inside the caller's transaction (the settings dialog saves the
    site with them: both or neither)."""
    require(actor, *RECORDERS)
    defaults = DayDefaults(*_cleaned(product_code, lot_number, vaccinator), day or local_today())
    value = asdict(defaults)
    value["day"] = defaults.day.isoformat() if defaults.day else None
    before = settings.read(s, settings.DAY_DEFAULTS) or {}
    settings.write(s, settings.DAY_DEFAULTS, value)
    # Whose vaccine and lot the day's doses were prefilled with is part of their story.
    changed = {k: [before.get(k), value[k]] for k in ("product_code", "lot_number",
                                                      "vaccinator", "day")
               if before.get(k) != value[k]}
    if changed:
        s.add(store.audit_entry("update", "setting", settings.DAY_DEFAULTS.key, changed,
                                utc_now(), actor.user_id))
    return defaults
