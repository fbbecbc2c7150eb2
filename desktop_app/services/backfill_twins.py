"""The possible same person: a new person with a well-formed ID whose folded name, date of
birth and sex are those of someone recorded under another ID (or none) is flagged
POSSIBLE_SAME_PERSON, naming the record (``Twins._twin``; ``Known.twins`` holds the
recorded, one int each)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop_app.importers.rows import Row
from desktop_app.rules.cleaning import POSSIBLE_SAME_PERSON
from desktop_app.rules.problems import error
from desktop_app.services.backfill_batch import stored_day


class Twins:
    """``Known``'s part that looks up a new person's twin among the recorded (``_twin``)."""

    twins: dict[int, str]

    if TYPE_CHECKING:
        def _read(self, sql: str, params: list[Any]) -> tuple | None: ...

    def _twin(self, twin: str, row: Row) -> None:
        """A new person with a well-formed ID whose folded name, date of birth and sex are
        ``twin``'s, a record under another ID or none: one person with a number mistyped,
        perhaps, or two born the same day. Stored as the ID says, flagged
        POSSIBLE_SAME_PERSON naming the record, for someone to check (the paper form asks
        first). A read by key, only for such a row. The people a file makes are not
        compared with each other: ``twins`` holds the recorded, one int each, made once."""
        found = self._read(_TWIN_SQL, [twin])
        if found is None:
            return
        name, name_key, dob, sex, number = found
        if (name_key, dob, sex) != (row.name_key, stored_day(row.dob), row.sex) or \
                number == row.id_number:
            return  # a hash collision; or the same ID (found by it, but for a merge's twist)
        row.problems.append(error(POSSIBLE_SAME_PERSON, "id_number", name=name,
                                  id_number=number or "—", person_id=twin))


_TWIN_SQL = "SELECT full_name, name_key, dob, sex, id_number FROM person WHERE id = ?"
