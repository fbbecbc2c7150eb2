"""Complaints as central sends them, kept on a site's database, for the complaint tests."""

from __future__ import annotations

from datetime import date, datetime

from desktop_app.db import complaint_store
from desktop_app.wire import complaints as wire

CODE = "PA-7K3M9Q2X"


def arrived(db, id_number: str, *, code: str = CODE, kind: str = wire.DOSE_MISSING,
            received: datetime = datetime(2026, 11, 23, 8, 0), dose_number: int | None = 2,
            dose_date: date | None = date(2021, 10, 7), full_name: str = "Phạm Thị Lan",
            text: str = "Tôi đã tiêm mũi 2 nhưng không thấy trên ứng dụng.") -> str:
    """A complaint routed to this site, kept as the pull keeps it; returns its code."""
    sub = wire.Submission(kind, id_number, full_name, date(1985, 3, 12), "0912345678",
                          dose_number, dose_date, "Trạm Y tế Kim Liên", None, text)
    c = wire.Complaint(code, sub, received, wire.ROUTE_SITE, "HN-0001", "01", None,
                       changed_at=received)
    with db.transaction() as s:
        complaint_store.keep_pulled(s, c)
    return code
