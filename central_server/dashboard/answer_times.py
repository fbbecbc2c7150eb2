"""The province's table of complaints answered in time, site by site, over a period: of the
complaints received in it, how many each holder answered within the 48 hours, how many
after, how many are open past them, and, counted apart, those of the late that reached it
with under half their time left (a call passed on late, one the province moved to it:
``rules.complaints.arrived_late``; not one it held before, nor a call it filed itself),
left out of its share, so a site is not ranked for another's delay. The holder is whoever
holds it now (a site, or the province for one no site holds); a site that held a complaint
past its deadline and then let it go (handed back, moved away) has it counted late in its
own row too, or handing back would wipe its lateness. The lowest share answered in time
first, as the completeness tables put the sites to call first. Read through
``complaints/tallies.answering``."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from central_server.complaints import tallies
from central_server.dashboard import figures
from central_server.dashboard.open_complaints import handler, in_scope
from central_server.dashboard.tables import Column, Table, View, utc_days
from central_server.fhir.store import utc_now
from desktop_app.rules.complaints import IN_TIME, LATE, OVERDUE, answer_timing, arrived_late
from desktop_app.rules.numbers import percent
from desktop_app.wire.complaints import DEADLINE_HOURS


@dataclass
class _Holder:
    held: Any  # one of its complaints (tallies.Answering): who and where, for the row's names
    counts: Counter[str]
    late_arrivals: int = 0

    def row(self, view: View, names: dict[str, str]) -> list:
        late = self.counts[LATE] + self.counts[OVERDUE]
        # The share leaves out what reached it late: another's delay, not its own.
        due = self.counts[IN_TIME] + late - self.late_arrivals
        return [self.held.site_code or "", handler(view, names, self.held),
                sum(self.counts.values()), self.counts[IN_TIME], self.counts[LATE],
                self.counts[OVERDUE], self.late_arrivals,
                percent(self.counts[IN_TIME], due) if due > 0 else None]


def _stays(c: tallies.Answering) -> list[tuple[str | None, datetime, datetime | None]]:
    """Who held ``c`` from when to when (None: the province; the last stay's end None),
    from its moves; [] when its moves came before they were kept."""
    if not c.moves:
        return []
    stays: list[tuple[str | None, datetime, datetime | None]] = []
    holder, since = c.moves[0][1], c.received_at
    for at, _from, to in c.moves:
        stays.append((holder, since, at))
        holder, since = to, at
    return [*stays, (holder, since, None)]


def _late_leaver(c: tallies.Answering, due: datetime) -> str | None:
    """The first site that held ``c`` past its deadline, having reached it in time, and
    let it go (handed back, moved away): its lateness is its own."""
    stays = _stays(c)
    if stays:
        return next((site for site, since, until in stays[:-1] if site is not None
                     and until is not None and until > due
                     and not arrived_late(c.received_at, since)), None)
    # Moves from before the log: a site's latest leaving and the province's moves alone.
    past, left_at = next(((site, at) for site, at in c.left if at > due), (None, None))
    if past is None or arrived_late(c.received_at, max(
            (at for at in c.moved if at < left_at), default=c.received_at)):
        return None
    return past


def _province_held(c: tallies.Answering) -> bool:
    """Whether the province held ``c`` itself before its last stay: a complaint handed back
    to it again is no late arrival."""
    stays = _stays(c)
    if stays:
        return any(site is None for site, _since, _until in stays[:-1])
    # Moves from before the log: a move at a moment no site left it was from no site.
    left_at = {at for _site, at in c.left}
    return any(at not in left_at for at in c.moved)


def section(view: View) -> list[Table]:
    now = utc_now()
    sites = view.site_codes()
    names = figures.site_names(view.engine, view.scope)
    holders: dict[tuple, _Holder] = {}

    def holder_of(c: tallies.Answering, site: str | None) -> _Holder:
        key = (site, None if site else c.province_code)
        return holders.setdefault(key, _Holder(dataclasses.replace(c, site_code=site),
                                               Counter()))

    for c in tallies.answering(view.engine, *utc_days(view.start, view.end)):
        # A complaint reopened (its answer withdrawn) is due 48 hours after the reopening.
        due = c.counted_from + timedelta(hours=DEADLINE_HOURS)
        # The site that held it past its deadline and let it go then (handed back, or
        # moved away by the province): the lateness is its own, counted in its row.
        # Not when it reached that site late itself (the province moved it there past
        # half its time), nor when the site holds it again (counted in its row below).
        past = _late_leaver(c, due)
        if past is not None and past in sites and past != c.site_code:
            holder_of(c, past).counts[LATE] += 1
        if not in_scope(view, sites, c) or (c.site_code is None and view.scope.level
                                             not in ("province", "national")):
            continue  # a commune officer answers no province-held complaint: no such row
        holder = holder_of(c, c.site_code)
        timing = answer_timing(c.counted_from, c.answered_at, now)
        holder.counts[timing] += 1
        came_late = arrived_late(c.received_at, c.arrived_at) \
            and c.site_code not in {site for site, _at in c.left} \
            and (c.site_code is None or c.site_code != c.filed_by) \
            and not (c.site_code is None and _province_held(c))  # not its own delay
        if timing in (LATE, OVERDUE) and came_late:
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
