"""What the desk shows once a person is picked: who they are, their doses, the next dose."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop_app.db.database import Database
from desktop_app.rules.doses import PriorDose, suggest_dose_number
from desktop_app.services.search import PersonSummary


@dataclass(frozen=True, slots=True)
class DeskReaction:
    severity: str  # mild | serious
    description: str


@dataclass(frozen=True, slots=True)
class DeskDose:
    dose_number: int
    dose_date: date
    product_code: str
    lot_number: str | None
    site_code: str | None = None  # the other site that gave it; None: given here
    reactions: tuple[DeskReaction, ...] = ()  # recorded here after this dose, first first


@dataclass(frozen=True, slots=True)
class DeskPerson(PersonSummary):
    doses: tuple[DeskDose, ...]  # active doses here and doses at other sites, oldest first
    # When the central platform last confirmed the other sites' doses (naive UTC); None:
    # never (a person who was not brought from it).
    elsewhere_confirmed_at: datetime | None = None

    @property
    def from_elsewhere(self) -> bool:
        """Whether the card holds something of other sites to ask the platform about: their
        doses, or a person brought from it (a further dose may come)."""
        return self.elsewhere_confirmed_at is not None or \
            any(d.site_code for d in self.doses)

    @property
    def serious_reactions(self) -> list[tuple[DeskDose, DeskReaction]]:
        """Each serious reaction after one of the doses, with its dose: the screener must see
        an anaphylaxis after dose 1 before giving dose 2."""
        return [(d, r) for d in self.doses for r in d.reactions if r.severity == "serious"]

    @property
    def history(self) -> list[PriorDose]:
        return [PriorDose(d.dose_number, d.dose_date, d.product_code) for d in self.doses]

    @property
    def next_dose_number(self) -> int:
        return suggest_dose_number(self.history)


_PERSON = ("SELECT p.id, p.full_name, p.dob, p.sex, p.id_type, p.id_number, p.phone,"
           " c.confirmed_at FROM person p LEFT JOIN elsewhere_check c ON c.person_id = p.id"
           " WHERE p.id = ?")
# Doses given here (active) and at other sites, oldest first, each read from its index.
_DOSES = ("SELECT id, dose_number, dose_date, product_code, lot_number, NULL FROM dose"
          " WHERE person_id = ? AND status = 'active'"
          " UNION ALL SELECT NULL, dose_number, dose_date, product_code, lot_number, site_code"
          " FROM external_dose WHERE person_id = ?")
# The reactions after the active doses given here, in the order they began.
_REACTIONS = ("SELECT r.dose_id, r.severity, r.description FROM dose_reaction r"
              " JOIN dose d ON d.id = r.dose_id"
              " WHERE d.person_id = ? AND d.status = 'active' ORDER BY r.onset_at")


def load_desk_person(db: Database, person_id: str) -> DeskPerson | None:
    """The person card: plain SQL on the hot-read connection (Database.rows())."""
    with db.rows() as conn:
        person = conn.execute(_PERSON, (person_id,)).fetchone()
        if person is None:
            return None
        rows = conn.execute(_DOSES, (person_id, person_id)).fetchall()
        reactions: dict[str, list[DeskReaction]] = {}
        for dose_id, severity, description in conn.execute(_REACTIONS, (person_id,)):
            reactions.setdefault(dose_id, []).append(DeskReaction(severity, description))
    doses = sorted((DeskDose(n, date.fromisoformat(d), p, lot, site,
                             tuple(reactions.get(dose_id, ())))
                    for dose_id, n, d, p, lot, site in rows),
                   key=lambda d: (d.dose_date, d.dose_number))
    dob = date.fromisoformat(person[2]) if person[2] else None
    confirmed = datetime.fromisoformat(person[7]) if person[7] else None
    return DeskPerson(person[0], person[1], dob, *person[3:7], tuple(doses), confirmed)


def load_kept_desk_person(db: Database, person_id: str) -> DeskPerson | None:
    """The person the desk has open, as they stand now: their own record, or the one a merge
    folded it into (``store.kept_record``, on the hot-read connection); None if it is gone."""
    with db.rows() as conn:
        seen = {person_id}
        while (row := conn.execute("SELECT merged_into FROM person WHERE id = ?",
                                   (person_id,)).fetchone()) and row[0] and row[0] not in seen:
            person_id = row[0]
            seen.add(person_id)
    return load_desk_person(db, person_id)
