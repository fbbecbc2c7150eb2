"""The public complaint pages: the form a citizen fills (``/complaints``), the page showing
the code it filed (``/complaints/sent?code=``), and the status page a code opens
(``/complaints/status?code=``).

No account: anyone with a code may read its status, so that page shows nothing personal (no
ID number, phone or date of birth), nor who handles it unless the complaint proves the
citizen's name and birth date (``routing.may_name_handler``); and one address may file only
a few an hour (``complaints/filing_limit.py``).

A warning (a one-word name, which the desk records once the clerk confirms it) refuses
nothing: the form comes back with it beside its field and a box to tick, "checked, send
anyway", which sends it on the next press, without scripts.

A filing answers with a redirect (303) to the code's page, so a reload or Back never sends
the form again; the form carries a one-time token (``form_token``), so the same form sent
twice (a double tap, a retry) finds the first complaint instead of filing another. The code
page reads by the code alone, as the status page does: the code is the secret.

The province is chosen from a list; a line of script fetches its communes
(``/complaints/communes?province=``) without reloading, and without scripts a button asks
the server for the form again with them, so the page works in any browser without a build
step.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from central_server import vietnam_time
from central_server.api.deps import state
from central_server.complaints import form_token, store
from central_server.complaints.filing_limit import FilingLimit, client_key, id_key, limit_of
from central_server.complaints.routing import may_name_handler
from central_server.db.models import Site
from central_server.fhir.store import utc_now
from central_server.vietnam_time import shown
from central_server.web.pages import language, render
from desktop_app.rules import admin_units
from desktop_app.rules.complaints import check_submission
from desktop_app.rules.dates import parse_date
from desktop_app.rules.messages import text
from desktop_app.rules.problems import Problem
from desktop_app.rules.text_fields import all_digits
from desktop_app.wire.complaints import (
    DEADLINE_HOURS,
    KINDS,
    MAX_DOSE_NUMBER,
    OPEN,
    ROUTE_PROVINCE,
    TEXT_MAX,
    WEB,
    Complaint,
    Submission,
    is_code,
    is_raised,
    normalise_code,
)

router = APIRouter()
# The most kept of each field as typed: a crafted request cannot store a novel. The text's
# own limit is a rule (its message says so); above it the rest is cut.
FIELD_MAX = {"kind": 32, "id_number": 30, "other_id_number": 30, "full_name": 120,
             "dob": 12, "phone": 20, "dose_number": 2, "dose_date": 12, "place": 200,
             "province": 2, "commune_code": 5, "text": TEXT_MAX + 1}  # in the page's order
CONFIRM_MAX = 200  # the warnings' codes a tick confirms, space-separated


@dataclass
class Form:
    """The form as typed: every value kept to show again beside its message, and the token
    it was given when first shown (kept while it is sent back with mistakes)."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    token: str = field(default_factory=form_token.new_token)
    # What to check but may stand (a one-word name): said beside its field, sent once the
    # citizen ticks "checked, send anyway" (``confirmed``: the warnings' codes it covers).
    warnings: dict[str, list[str]] = field(default_factory=dict)
    warning_codes: list[str] = field(default_factory=list)
    confirmed: set[str] = field(default_factory=set)

    def __getitem__(self, name: str) -> str:
        return self.values.get(name, "")


@router.get("/complaints", response_class=HTMLResponse)
def form_page(request: Request) -> HTMLResponse:
    return _show_form(request, Form())


@router.post("/complaints", response_class=HTMLResponse)
async def form_sent(request: Request) -> Response:
    posted = await request.form()
    form = Form({name: str(posted.get(name) or "").strip()[:most]
                 for name, most in FIELD_MAX.items()})
    token = str(posted.get("token") or "")
    if form_token.is_token(token):
        form.token = token
    form.confirmed = set(str(posted.get("confirm") or "")[:CONFIRM_MAX].split())
    if posted.get("action") == "communes":  # no script: the province's communes listed
        return _show_form(request, form)
    lang = language(request)
    submission = _submission(form, lang)
    if posted.get("action") == "language":  # the other language, with what was typed; a
        # form sent back with mistakes says them again in it (nothing filed, nothing counted)
        if posted.get("checked"):
            _checked(form, submission, lang)
        return _show_form(request, form, status=422 if form.errors else 200)
    engine = state(request).engine
    try:
        # Checked before counting, so a form sent back with mistakes uses up no filing; a
        # date that is no date is said with everything else wrong.
        if _checked(form, submission, lang):
            raise store.Refused([])
        if not form.confirmed.issuperset(form.warning_codes):  # asked to check, not refused
            return _show_form(request, form)
        entry = form_token.entry_key(token, submission)
        # The same form again files nothing, so it counts nothing either.
        known = entry and await run_in_threadpool(store.filed_under, engine, entry)
        if known:
            return _to_code_page(request, known.code)
        now = time.monotonic()
        wait = _filing_limit(request).admit(client_key(request.client and request.client.host),
                                            now)
        if wait:
            return _too_many(request, form, wait, lang)
        # The old CMND box finds records as the ID box does (routing, the status page's
        # handler): each number counts, or a script put its target's CMND there, a fresh
        # CCCD beside it each time, past the limit of a few about one number.
        for key in dict.fromkeys(id_key(n) for n in (submission.id_number,
                                                     submission.other_id_number) if n.strip()):
            wait = _id_limit(request).admit(key, now)
            if wait:
                return _too_many(request, form, wait, lang, about_one_id=True)
        complaint, _filed = await run_in_threadpool(partial(
            store.file, entry=entry, province_code=form["province"] or None),
            engine, submission, WEB, utc_now())
    except store.Refused as refused:
        _said(form, refused.problems, lang)
        return _show_form(request, form, status=422)
    return _to_code_page(request, complaint.code)


def _checked(form: Form, submission: Submission, lang: str) -> bool:
    """The submission's mistakes beside their fields, its warnings too; True when there
    are mistakes (a date that is no date among them)."""
    problems = check_submission(submission, vietnam_time.today(utc_now()))
    _warn(form, [p for p in problems if not p.is_error], lang)
    _said(form, [p for p in problems if p.is_error], lang)
    return bool(form.errors)


def _said(form: Form, problems: list[Problem], lang: str) -> None:
    """Each refusal beside its field; a date that did not parse is said once."""
    unparsed = {name for name in form.errors}
    for p in problems:
        if p.field not in unparsed:
            form.errors.setdefault(p.field, []).append(p.message(lang))


@router.get("/complaints/sent", response_class=HTMLResponse)
def code_page(request: Request, code: str = "") -> HTMLResponse:
    """The filing's answer, reached by its redirect: reloading it files nothing."""
    wanted = normalise_code(code.strip()[:40])
    complaint = store.get(state(request).engine, wanted) if is_code(wanted) else None
    if complaint is None:
        return render(request, "complaint_status.html", status=404, typed=code[:40],
                      complaint=None)
    response = render(request, "complaint_sent.html", complaint=complaint,
                      due=shown(complaint.due_at), hours=DEADLINE_HOURS)
    response.headers["Cache-Control"] = "no-store"  # a shared phone's cache keeps no code
    return response


@router.get("/complaints/communes")
def communes(province: str = "") -> JSONResponse:
    """A province's communes for the form's script, in the list's order: public data."""
    found = admin_units.province(province[:FIELD_MAX["province"]])
    listed = admin_units.communes(found.code) if found else ()
    return JSONResponse([{"code": c.code, "name": c.name} for c in listed],
                        headers={"Cache-Control": "public, max-age=86400"})


@router.get("/complaints/status", response_class=HTMLResponse)
def status_page(request: Request, code: str = "") -> HTMLResponse:
    typed = code.strip()[:40]
    if not typed:
        return render(request, "complaint_status.html", typed="", complaint=None)
    wanted = normalise_code(typed)
    engine = state(request).engine
    complaint = store.get(engine, wanted) if is_code(wanted) else None
    if complaint is None:
        return render(request, "complaint_status.html", status=404, typed=typed,
                      complaint=None)
    # Read only: anyone may load this page as often as they like, so it must not write.
    # Escalating is done where someone accountable reads (a site's pull each sync, staff's
    # listing); it follows from the deadline alone, so the page says what it will be.
    raised = is_raised(complaint.escalated, complaint.counted_from, complaint.status,
                       utc_now())
    # Its answer withdrawn by the site (a merge split again): said while it is open anew.
    reopened = shown(complaint.reopened_at) \
        if complaint.reopened_at and complaint.status == OPEN else ""
    return render(request, "complaint_status.html", typed=complaint.code, complaint=complaint,
                  raised=raised, reopened=reopened,
                  received=shown(complaint.received_at), due=shown(complaint.due_at),
                  resolved=shown(complaint.resolution.resolved_at) if complaint.resolution
                  else "", handler=_handler(engine, complaint), hours=DEADLINE_HOURS,
                  replied=shown(complaint.province_reply.resolved_at)
                  if complaint.province_reply else "")


def _to_code_page(request: Request, code: str) -> RedirectResponse:
    """303: the browser follows with a GET, and that GET is what a reload repeats."""
    lang = request.query_params.get("lang")
    query = urlencode({"code": code, **({"lang": lang} if lang else {})})
    return RedirectResponse(f"/complaints/sent?{query}", status_code=303)


def _filing_limit(request: Request) -> FilingLimit:
    """The app's count of filings by address, made with its first filing: ``create_app``
    builds the state every area shares, and this count is the form's alone."""
    return limit_of(request.app.state, "complaint_filings",
                    state(request).settings.complaints_per_hour)


def _id_limit(request: Request) -> FilingLimit:
    """The count of filings per ID number, made as the count per address is."""
    return limit_of(request.app.state, "complaint_ids",
                    state(request).settings.complaints_per_id_per_hour)


def _too_many(request: Request, form: Form, seconds: int, lang: str, *,
              about_one_id: bool = False) -> HTMLResponse:
    """429 with the form as typed, so nothing is lost when the citizen comes back."""
    settings = state(request).settings
    most = settings.complaints_per_id_per_hour if about_one_id else settings.complaints_per_hour
    response = _show_form(request, form, status=429, too_many=text(
        "COMPLAINT_TOO_MANY_FOR_ID" if about_one_id else "COMPLAINT_TOO_MANY", lang,
        most=most, minutes=math.ceil(seconds / 60)))
    response.headers["Retry-After"] = str(seconds)
    return response


def _show_form(request: Request, form: Form, status: int = 200, too_many: str = ""
               ) -> HTMLResponse:
    province = admin_units.province(form["province"])
    communes = admin_units.communes(province.code) if province else ()
    if form["commune_code"] not in {c.code for c in communes}:
        form.values["commune_code"] = ""
    form.errors = {name: form.errors[name] for name in FIELD_MAX if name in form.errors}
    form.warnings = {name: form.warnings[name] for name in FIELD_MAX if name in form.warnings}
    count = sum(len(v) for v in form.errors.values())
    return render(request, "complaint_form.html", status=status, form=form, kinds=KINDS,
                  doses=range(1, MAX_DOSE_NUMBER + 1), provinces=admin_units.provinces(),
                  communes=communes, hours=DEADLINE_HOURS, error_count=count,
                  text_max=TEXT_MAX, field_max=FIELD_MAX, too_many=too_many)


def _warn(form: Form, warnings: list[Problem], lang: str) -> None:
    """Say each warning beside its field; the tick that sends anyway covers these codes."""
    for p in warnings:
        form.warnings.setdefault(p.field, []).append(p.message(lang))
    form.warning_codes = sorted({p.code for p in warnings})


def _submission(form: Form, lang: str) -> Submission:
    """The form as a Submission. Dates are typed day first, as everywhere in Vietnam (a date
    picker would follow the browser's language, often American); one that is no date is
    reported here, and the rules then see it as missing."""
    def day(name: str, code: str) -> date | None:
        if not form[name]:
            return None
        typed = parse_date(form[name])
        if typed is None:
            form.errors.setdefault(name, []).append(text(code, lang, value=form[name]))
        return typed

    commune = admin_units.commune(form["commune_code"])
    return Submission(
        kind=form["kind"], id_number=form["id_number"],
        other_id_number=form["other_id_number"], full_name=form["full_name"],
        dob=day("dob", "DOB_INVALID"), phone=form["phone"],
        dose_number=int(form["dose_number"]) if all_digits(form["dose_number"]) else None,
        dose_date=day("dose_date", "DOSE_DATE_INVALID"), place=form["place"],
        commune_code=commune.code if commune else None, text=form["text"], channel=WEB)


def _handler(engine: Any, complaint: Complaint) -> str | None:
    """Who handles it, in words: the site's name, else the province's; None when the page
    may not say (the template then shows the same words for every route)."""
    if not may_name_handler(engine, complaint):
        return None
    if complaint.route != ROUTE_PROVINCE and complaint.site_code:
        with Session(engine) as s:
            site = s.get(Site, complaint.site_code)
        return site.name if site else complaint.site_code
    province = admin_units.province(complaint.province_code)
    return province.name if province else ""
