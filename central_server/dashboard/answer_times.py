"""The province's table of complaints answered in time, site by site, over a period: of the
complaints received in it, how many each holder answered within the 48 hours, how many
after, how many are open past them, and, counted apart, those of the late that reached it
with under half their time left (a call passed on late, one the province moved to it:
``rules.complaints.arrived_late``), so a site is not ranked for another's delay. The
holder is whoever holds it now (a site, or the province for one no site holds); the
lowest share answered in time first, as the completeness tables put the sites to call
first. Read through ``complaints/store.answering``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from central_server.complaints import store
from central_server.dashboard import figures
from central_server.dashboard.open_complaints import handler, in_scope
from central_server.dashboard.tables import Column, Table, View, utc_days
from central_server.fhir.store import utc_now
from desktop_app.rules.complaints import IN_TIME, LATE, OVERDUE, answer_timing, arrived_late
from desktop_app.rules.numbers import percent


@dataclass
class _Holder:
    held: store.Answering  # one of its complaints: who and where, for the row's names
    counts: Counter[str]
    late_arrivals: int = 0

    def row(self, view: View, names: dict[str, str]) -> list:
        due = self.counts[IN_TIME] + self.counts[LATE] + self.counts[OVERDUE]
        return [self.held.site_code or "", handler(view, names, self.held),
                sum(self.counts.values()), self.counts[IN_TIME], self.counts[LATE],
                self.counts[OVERDUE], self.late_arrivals,
                percent(self.counts[IN_TIME], due) if due else None]


def section(view: View) -> list[Table]:
    now = utc_now()
    sites = view.site_codes()
    names = figures.site_names(view.engine, view.scope)
    holders: dict[tuple, _Holder] = {}
    for c in store.answering(view.engine, *utc_days(view.start, view.end)):
        if not in_scope(view, sites, c):
            continue
        key = (c.site_code, None if c.site_code else c.province_code)
        holder = holders.setdefault(key, _Holder(c, Counter()))
        timing = answer_timing(c.received_at, c.answered_at, now)
        holder.counts[timing] += 1
        if timing in (LATE, OVERDUE) and arrived_late(c.received_at, c.arrived_at):
            holder.late_arrivals += 1
    rows = sorted((h.row(view, names) for h in holders.values()),
                  key=lambda r: (r[-1] is None, r[-1] if r[-1] is not None else 0, r[0]))
    return [Table("answer_times", view.t("DASH_TABLE_ANSWER_TIMES"), [
        Column(view.t("DASH_COL_CODE"), "code"), Column(view.t("DASH_COL_SITE")),
        Column(view.t("DASH_COL_RECEIVED_COMPLAINTS"), "int"),
        Column(view.t("DASH_COL_IN_TIME"), "int"), Column(view.t("DASH_COL_LATE"), "int"),
        Column(view.t("DASH_COL_OVERDUE"), "int"),
        Column(view.t("DASH_COL_ARRIVED_LATE"), "int"),
        Column(view.t("DASH_COL_IN_TIME_SHARE"), "pct")],
        rows, view.t("DASH_EMPTY_ANSWER_TIMES"),
        note=view.t("DASH_ANSWER_TIMES_NOTE"))]
