"""What the desk shows once a person is picked: who they are, their doses, the next dose."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from desktop_app.db.database import Database
from desktop_app.db.models import Dose, ExternalDose, Person
from desktop_app.rules.doses import PriorDose, suggest_dose_number
from desktop_app.services.search import PersonSummary


@dataclass(frozen=True)
class DeskDose:
    dose_number: int
    dose_date: date
    product_code: str
    lot_number: str | None
    site_code: str | None = None  # the other site that gave it; None: given here


@dataclass(frozen=True)
class DeskPerson(PersonSummary):
    doses: tuple[DeskDose, ...]  # active doses here and doses at other sites, oldest first

    @property
    def history(self) -> list[PriorDose]:
        return [PriorDose(d.dose_number, d.dose_date, d.product_code) for d in self.doses]

    @property
    def next_dose_number(self) -> int:
        return suggest_dose_number(self.history)


def load_desk_person(db: Database, person_id: str) -> DeskPerson | None:
    with db.reading() as s:
        person = s.get(Person, person_id)
        if person is None:
            return None
        rows = s.execute(
            select(Dose.dose_number, Dose.dose_date, Dose.product_code, Dose.lot_number)
            .where(Dose.person_id == person_id, Dose.status == "active")
            .order_by(Dose.dose_date, Dose.dose_number)
        ).all()
        elsewhere = s.execute(
            select(ExternalDose.dose_number, ExternalDose.dose_date, ExternalDose.product_code,
                   ExternalDose.lot_number, ExternalDose.site_code)
            .where(ExternalDose.person_id == person_id)
        ).all()
        doses = sorted([DeskDose(*r) for r in rows] + [DeskDose(*r) for r in elsewhere],
                       key=lambda d: (d.dose_date, d.dose_number))
        return DeskPerson(
            person.id, person.full_name, person.dob, person.sex, person.id_type,
            person.id_number, person.phone, tuple(doses),
        )
