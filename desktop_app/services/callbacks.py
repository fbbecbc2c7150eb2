"""The call-back list: who is due or overdue for their next dose, or will be within the
days it calls ahead, with their phone numbers, in the app and as an .xlsx file for the
phone calls.

Reads ``person.last_dose_*`` (kept by the dose triggers of migration 0014), so the list is
one pass over the people, not a history per person (only dose 1's product is looked up, by
index, as it sets the primary series); a later dose another site gave them
(``external_dose``, brought from the central platform) takes its place, so nobody is called
for a dose they already had elsewhere.

Each row names the vaccine of the next dose (``rules.callbacks.next_product``), which is
not always the last one's: a child given the 5-11 formulation who has turned 12 since is
called for the 12+ one the desk will accept for him.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, select

from desktop_app.clock import local_today, utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, ExternalDose, Person
from desktop_app.paths import private_output
from desktop_app.rules.callbacks import Due, due_state, next_dose, next_product
from desktop_app.rules.catalogue import Product
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import text
from desktop_app.rules.safe_cells import sheet_name, write_table
from desktop_app.services.actor import RECORDERS, Actor, require
from desktop_app.services.report_export import whose_lines


@dataclass(frozen=True)
class CallBack:
    person_id: str
    full_name: str
    dob: date | None
    phone: str | None
    product_code: str
    last_number: int
    last_date: date
    next_number: int
    due_from: date
    state: Due
    next_product: Product | None  # None: no product of the catalogue for their age then


def call_back_list(db: Database, today: date | None = None, ahead_days: int = 3
                   ) -> list[CallBack]:
    """Overdue first (longest waiting first), then due and upcoming by the day they may
    come (upcoming: within ``ahead_days`` of it)."""
    today = today or local_today()
    catalogue = db.catalogue
    # Nobody is due before the shortest interval of any product has passed.
    shortest = min((p.min_interval_days for p in catalogue.products.values()), default=0)
    latest = today + timedelta(days=ahead_days) - timedelta(days=shortest)
    found = []
    person = (Person.id, Person.full_name, Person.dob, Person.phone, Person.last_product_code,
              Person.last_dose_number, Person.last_dose_date, _first_product())
    with db.reading() as s:
        rows = s.execute(
            select(*person)
            .where(Person.merged_into.is_(None), Person.last_dose_date.is_not(None),
                   Person.last_dose_date <= latest)
        ).all()
        # Other sites' doses later than a person's last one here (few: only the people
        # whose history the desk brought), the latest of each person last.
        elsewhere = {pid: (product, number, day) for pid, product, number, day in s.execute(
            select(ExternalDose.person_id, ExternalDose.product_code,
                   ExternalDose.dose_number, ExternalDose.dose_date)
            .join(Person, Person.id == ExternalDose.person_id)
            .where(Person.merged_into.is_(None),
                   (Person.last_dose_date.is_(None))
                   | (ExternalDose.dose_date > Person.last_dose_date))
            .order_by(ExternalDose.dose_date, ExternalDose.dose_number))}
        listed = {r[0] for r in rows}
        unlisted = [pid for pid in elsewhere if pid not in listed]
        if unlisted:
            rows += s.execute(select(*person).where(Person.id.in_(unlisted))).all()
    for pid, name, dob, phone, product, number, last, first in rows:
        if pid in elsewhere:
            product, number, last = elsewhere[pid]
        nxt = next_dose(catalogue, product, number, last, dob, today, first)
        state = due_state(nxt, today, ahead_days) if nxt else None
        if nxt and state:
            found.append(CallBack(pid, name, dob, phone, product, number, last,
                                  nxt.dose_number, nxt.earliest, state,
                                  next_product(catalogue, nxt, product, first, dob, today)))
    return sorted(found, key=lambda c: (c.state != Due.OVERDUE, c.due_from, c.full_name))


def _first_product() -> Any:
    """The product of the person's dose 1, here or at another site (it sets their primary
    series: ``Catalogue.series``): the last one's when that was dose 1, else an index probe."""
    here = select(Dose.product_code).where(
        Dose.person_id == Person.id, Dose.dose_number == 1, Dose.status == "active")
    there = select(ExternalDose.product_code).where(
        ExternalDose.person_id == Person.id, ExternalDose.dose_number == 1)
    return case((Person.last_dose_number == 1, Person.last_product_code),
                else_=func.coalesce(here.limit(1).scalar_subquery(),
                                    there.limit(1).scalar_subquery()))


def columns(lang: str) -> tuple[str, ...]:
    return tuple(text(f"CALLBACK_COL_{c}", lang) for c in (
        "NAME", "DOB", "PHONE", "LAST", "LAST_DATE", "NEXT", "NEXT_PRODUCT", "FROM",
        "STATUS"))


def row_values(c: CallBack, lang: str, product_name: str) -> tuple:
    """A row as the dialog and the sheet show it; ``product_name``: the last dose's."""
    upcoming = c.next_product.name_in(lang) if c.next_product else \
        text("CALLBACK_NO_PRODUCT", lang)
    return (c.full_name, c.dob, c.phone or "", f"{c.last_number} · {product_name}",
            c.last_date, c.next_number, upcoming, c.due_from,
            text(f"CALLBACK_{c.state.upper()}", lang))


def export_call_backs(db: Database, out: Path, *, actor: Actor, lang: str = "vi",
                      today: date | None = None) -> int:
    """Write the list to ``out`` (.xlsx) under whose it is and the day its states were
    counted on (``today``, local); names and phones leave the encrypted database, so the
    export is audited with who wrote it. Returns the number of people."""
    require(actor, *RECORDERS)
    from openpyxl import Workbook

    today = today or local_today()
    listed = call_back_list(db, today)
    rows = [row_values(c, lang, db.catalogue.name_of(c.product_code, lang)) for c in listed]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name(text("CALLBACK_SHEET", lang)))
    # Whose list (and the demo's mark: nobody calls made-up people), and the day its states
    # hold on: a printout worked through the next week has "due soon" people overdue.
    above = [*whose_lines(db, lang), [text("CALLBACK_TITLE", lang)],
             [text("CALLBACK_AS_OF", lang, day=format_date(today))]]
    write_table(sheet, columns(lang), rows,  # names and phones read whole, dates as dates
                above=above)
    with private_output(out) as part:
        book.save(part)
    with db.transaction() as s:
        s.add(store.audit_entry("export", "site", "call_backs",
                                {"path": str(out), "people": len(listed)}, utc_now(),
                                actor.user_id))
    return len(listed)
