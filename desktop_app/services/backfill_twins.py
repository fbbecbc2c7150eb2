"""The possible same person: a new person whose folded name, date of birth and sex are
those of someone recorded, or made earlier by the same file, under another ID or none
(the new person's own ID well-formed, mistyped or missing) is flagged POSSIBLE_SAME_PERSON,
naming them (``Twins._twin``; ``Known.twins`` holds both, one int each). A row without an
ID that matched nobody by its phone and address (``_same_in_file``) was a new person no
one was asked about, beside a namesake born the same day."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop_app.importers.rows import Row
from desktop_app.rules.cleaning import POSSIBLE_SAME_PERSON
from desktop_app.rules.messages import Part
from desktop_app.rules.problems import error
from desktop_app.services.backfill_batch import Batch, stored_day
from desktop_app.services.backfill_people import DOB, FULL_NAME, ID_NUMBER, MADE, NAME_KEY, SEX


class Twins:
    """``Known``'s part that looks up a new person's twin among the recorded and the people
    the file made before them (``_twin``)."""

    twins: dict[int, str]
    doses: dict[str, dict[Any, Any]]
    rehomed: dict[str, tuple[str, tuple]]

    if TYPE_CHECKING:
        def _read(self, sql: str, params: list[Any]) -> tuple | None: ...

        def _values(self, pid: str, batch: Batch) -> tuple | None: ...

    def _twin(self, twin: str, row: Row, batch: Batch) -> None:
        """A new person whose folded name, date of birth and sex are ``twin``'s, a record
        or a person an earlier row of the file made, under another ID or none: one person
        with a number mistyped or left out, perhaps, or two born the same day.
        Stored as the ID says, flagged POSSIBLE_SAME_PERSON naming the other, for someone
        to check (the paper form asks first). Only for such a row: a read by key of a
        record, the batch's values of a person of this file."""
        known = self.doses.get(twin)
        moved = self.rehomed.get(twin)
        if moved is not None or (known is not None and MADE in known):  # of this file
            if moved is not None:  # found to be a record since: named as that record
                twin, person = moved
            else:
                person = self._values(twin, batch)
                if person is None:
                    return
            name, number = person[FULL_NAME], person[ID_NUMBER]
            same = (person[NAME_KEY], person[DOB], person[SEX]) == \
                (row.name_key, row.dob, row.sex)
        else:
            found = self._read(_TWIN_SQL, [twin])
            if found is None:
                return  # moved onto a record (``_rehome``), or the writer failed
            name, name_key, dob, sex, number = found
            same = (name_key, dob, sex) == (row.name_key, stored_day(row.dob), row.sex)
        if not same or (number and number == row.id_number):
            return  # a hash collision; or the same ID (found by it, but for a merge's twist)
        differs = "SAME_PERSON_OTHER_ID" if row.id_number else \
            "SAME_PERSON_ID_LEFT_OUT" if number else "SAME_PERSON_NEITHER_ID"
        row.problems.append(error(POSSIBLE_SAME_PERSON, "id_number", name=name,
                                  id_number=number or "—", person_id=twin,
                                  differs=Part(differs)))


_TWIN_SQL = "SELECT full_name, name_key, dob, sex, id_number FROM person WHERE id = ?"
