"""What central staff reads of the doubtful pairs: two sites' Patients with one identifier
but a different name or date of birth (``vaxdesk-central review-list``)."""

from __future__ import annotations

from sqlalchemy import Engine, select

from central_server.db.models import PatientLink, ReviewPair
from central_server.register.table import chunks


def review_list(engine: Engine) -> list[str]:
    """One line per pair, oldest first: when, the identifier, what differs, and each side's
    site, Patient id, date of birth and folded name."""
    with engine.connect() as conn:
        pairs = conn.execute(select(ReviewPair).order_by(
            ReviewPair.found_at, ReviewPair.patient_a, ReviewPair.patient_b)).all()
        ids = {p for pair in pairs for p in (pair.patient_a, pair.patient_b)}
        side = {r.patient_id: r for chunk in chunks(ids) for r in conn.execute(
            select(PatientLink.__table__).where(PatientLink.patient_id.in_(chunk)))}
    lines = []
    for pair in pairs:
        a, b = side.get(pair.patient_a), side.get(pair.patient_b)
        lines.append(f"{pair.found_at:%Y-%m-%d %H:%M}  {pair.identifier_value}  "
                     f"differs: {pair.fields}  |  {_side(pair.patient_a, a)}  |  "
                     f"{_side(pair.patient_b, b)}")
    return lines


def _side(patient_id: str, row: object | None) -> str:
    if row is None:
        return f"Patient/{patient_id}"
    return (f"{row.site_code} Patient/{patient_id} {row.birth_date} "  # type: ignore[attr-defined]
            f"{row.name_key}")  # type: ignore[attr-defined]
