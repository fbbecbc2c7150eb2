"""Keep the ``vaccine_product`` table in step with the catalogue the app runs with."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from desktop_app.bundled import load_json
from desktop_app.db.models import VaccineProduct
from desktop_app.rules.catalogue import Catalogue, catalogue_from_dict, default_catalogue


def load_catalogue(session: Session, catalogue: Catalogue) -> None:
    """Upsert every product; products no longer in the catalogue are kept (doses refer to
    them) but marked inactive so they are not offered for new doses."""
    rows = [
        {
            "code": p.code,
            "name": p.name,
            "manufacturer": p.manufacturer,
            "eu_mp": p.eu_dcc.mp,
            "eu_ma": p.eu_dcc.ma,
            "eu_vp": p.eu_dcc.vp,
            "primary_doses": p.primary_doses,
            "active": True,
        }
        for p in catalogue.products.values()
    ]
    session.execute(update(VaccineProduct).values(active=False))
    stmt = insert(VaccineProduct).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=["code"],
        set_={k: stmt.excluded[k] for k in rows[0] if k != "code"},
    )
    session.execute(stmt)


def current_catalogue(session: Session) -> Catalogue:
    """The catalogue the rules use: the one pulled from the platform, else the shipped one."""
    return pulled_catalogue(session) or default_catalogue()


def pulled_catalogue(session: Session) -> Catalogue | None:
    """The catalogue pulled from the central platform, if it is not older than the one
    shipped with the app (an app update may bring a newer one before the next sync)."""
    from desktop_app import settings  # settings sits above db: imported when used

    data = settings.read(session, settings.PULLED_CATALOGUE)
    if data is None:
        return None
    if int(data.get("version", 0)) < int(load_json("vaccines.json").get("version", 0)):
        return None
    return catalogue_from_dict(data)
