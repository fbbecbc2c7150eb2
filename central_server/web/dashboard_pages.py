"""The provincial dashboard's pages: sign-in, and one page per entry of ``PAGES``, each a
list of sections (``central_server/dashboard/tables.py``) shown as tables, every table
downloadable as .xlsx from the same URL with ``?format=xlsx&table=KEY``.

Every page asks ``dashboard.scope`` which sites the signed-in officer covers; ``?site=CODE``
narrows to one of them, and a site outside the area is answered 403.

Every answer of these routes (the pages, a complaint with the citizen's ID number and phone,
an .xlsx, the sign-in) says ``Cache-Control: no-store`` (``PrivateRoute``): on a shared
office computer, Back after signing out shows nothing the browser kept. A form they post
(an answer, signing out) must carry the session's token (``staff.form_token``) and come
from this server's own pages (``_posted_here``): one a page elsewhere makes the officer's
browser send is refused.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute

from central_server.api.deps import state
from central_server.complaints import store
from central_server.dashboard import (
    answer_times,
    answers,
    dose_clashes,
    figures,
    moves,
    open_complaints,
    unplaced_sites,
)
from central_server.dashboard import staff as logins
from central_server.dashboard import tables as sections
from central_server.dashboard.scope import OutOfScope, narrowed
from central_server.dashboard.tables import Section, View
from central_server.dashboard.xlsx import workbook
from central_server.fhir.store import utc_now
from central_server.vietnam_time import shown, today
from central_server.web.pages import language, render
from desktop_app.rules.dates import format_date, parse_date
from desktop_app.rules.messages import text
from desktop_app.rules.reports import range_problem
from desktop_app.wire.complaints import OPEN, REASON_MAX, STAFF_ACTIONS, is_code, normalise_code


class PrivateRoute(APIRoute):
    """A route whose answers no browser or proxy keeps: each says ``no-store``."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handle = super().get_route_handler()

        async def private(request: Request) -> Response:
            response = await handle(request)
            response.headers["Cache-Control"] = "no-store"
            return response

        return private


log = logging.getLogger("central_server")
router = APIRouter(route_class=PrivateRoute)
COOKIE = "vaxdesk_staff"
DEFAULT_DAYS = 30
EARLIEST = date(2000, 1, 1)  # a typed period's bounds: this, and a year from today
COMPLAINTS = "/dashboard/complaints"  # the list; a complaint's page is under it
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FILE_SAFE = str.maketrans("/ :", "--h")  # "06/12/2026 09:30" as a file name's part
# What of a menu page's address the sign-in leads back to: the period and the site read.
# Not a download's ``format``: the browser would save the file and leave the sign-in form
# showing, as if signing in had failed; its page shows, its button a click away.
NEXT_PARAMS = ("from", "to", "site")


@dataclass(frozen=True)
class Page:
    path: str
    nav: str  # catalogue codes
    title: str
    hint: str
    sections: tuple[Section, ...]
    days: int = DEFAULT_DAYS  # the period shown when none is asked for
    ranged: bool = True  # False: its figures are as of now, whatever the period


# The lead adds a section here (e.g. open complaints) as a function (View) -> list[Table].
PAGES = (
    Page("/dashboard", "DASH_NAV_OVERVIEW", "DASH_OVERVIEW_TITLE", "DASH_OVERVIEW_HINT",
         (sections.audit_alarms, unplaced_sites.section, sections.completeness)),
    Page("/dashboard/backlog", "DASH_NAV_BACKLOG", "DASH_BACKLOG_TITLE", "DASH_BACKLOG_HINT",
         (sections.backlog, sections.stale_sites)),
    Page("/dashboard/cleaning", "DASH_NAV_CLEANING", "DASH_CLEANING_TITLE",
         "DASH_CLEANING_HINT", (sections.cleaning, dose_clashes.section), ranged=False),
    # The open complaints as of now; the answers in time over the period asked.
    Page(COMPLAINTS, "DASH_NAV_COMPLAINTS", "DASH_COMPLAINTS_TITLE",
         "DASH_COMPLAINTS_HINT", (open_complaints.section, answer_times.section)),
    Page("/dashboard/lookups", "DASH_NAV_LOOKUPS", "DASH_LOOKUPS_TITLE", "DASH_LOOKUPS_HINT",
         (sections.lookups,), days=7),
)


def _today() -> date:
    return today(utc_now())


def _base(request: Request, page: Page, session: str | None = None
          ) -> dict[str, Any] | None:
    """What every page shows around its tables (who, where, the nav with the complaints
    open and overdue and the dose clashes to settle); None when nobody is signed in.
    ``session``: one just begun, whose cookie this request did not carry yet."""
    app = state(request)
    session = session or request.cookies.get(COOKIE)
    who = logins.staff_for(app.engine, session)
    if who is None or session is None:
        return None
    everywhere = View(app.engine, who.scope, _today(), _today(), language(request))
    return dict(pages=PAGES, page=page, who=who, complaints=open_complaints.counts(everywhere),
                form_token=logins.form_token(session),
                clashes=dose_clashes.count(everywhere),
                area=sections.area_name(who.scope.level, who.scope.area_code))


def _page_route(page: Page) -> None:
    async def show(request: Request) -> Response:
        app = state(request)
        base = await run_in_threadpool(_base, request, page)
        if base is None:  # back to the period and site being read, once signed in again
            query = request.url.query
            return _to_sign_in(f"{request.url.path}?{query}" if query else request.url.path)
        who = base["who"]
        params = request.query_params
        period = _period(params.get("from"), params.get("to"), page.days, language(request))
        # A period to correct keeps the site narrowed to, in its form and the menu's links:
        # corrected, the figures are still that site's (not the area's under its heading).
        if isinstance(period, list):  # what is wrong with each box, shown in the form
            typed = (params.get("from") or "", params.get("to") or "")
            return render(request, "dashboard.html", 400, **base, tables=[], start=None,
                          end=None, typed=typed, site=params.get("site") or "", error=None,
                          period_errors=period)
        start, end = period
        typed = (format_date(start), format_date(end))
        problem = range_problem(start, end)
        if problem is not None:  # a backwards range holds no day: said as the desktop says it
            return render(request, "dashboard.html", 400, **base, tables=[], start=None,
                          end=None, typed=typed, site=params.get("site") or "",
                          error=(problem, {"start": typed[0], "end": typed[1]}))
        try:
            scope = narrowed(app.engine, who.scope, params.get("site"))
        except OutOfScope:
            return render(request, "dashboard.html", 403, **base, tables=[], start=start,
                          end=end, typed=typed,
                          error=("DASH_FORBIDDEN", {"site": params["site"]}))
        view = View(app.engine, scope, start, end, language(request), app.settings)
        tables = await run_in_threadpool(
            lambda: [t for section in page.sections for t in section(view)])
        if params.get("format") == "xlsx":
            wanted = [t for t in tables if t.key == params.get("table")] or tables
            # the dates as people here write them, "/" (no file name holds one) as "-"; a
            # page of figures as of now (or tables of them alone) named for when it was
            # taken, not for a period
            days = "-".join(format_date(d).replace("/", "-") for d in (start, end)) \
                if page.ranged and not all(t.current for t in wanted) \
                else shown(utc_now()).translate(_FILE_SAFE)
            name = f"{page.path.strip('/').replace('/', '-')}-{days}.xlsx"
            whose = f"{view.t('DASH_LEVEL_' + who.scope.level.upper())}: {base['area']}" + (
                f" — {params['site']}" if params.get("site") else "")

            def heading(table: sections.Table) -> list[str]:
                when = view.t("DASH_XLSX_AS_OF", at=shown(utc_now())) \
                    if table.current or not page.ranged else \
                    text("REPORT_PERIOD", view.lang, start=typed[0], end=typed[1])
                return [whose, table.title, when]

            return Response(workbook(wanted, heading), media_type=XLSX, headers={
                "Content-Disposition": f'attachment; filename="{name}"'})
        # The overview's line of open complaints counts what the page reads (a site read
        # out on the phone); the nav's badges stay the officer's whole area's.
        summary = await run_in_threadpool(open_complaints.counts, view) \
            if scope != who.scope else base["complaints"]
        return render(request, "dashboard.html", **base, tables=tables, start=start, end=end,
                      typed=typed, error=None, fmt=sections.cell_text,
                      site=params.get("site") or "", summary=summary)

    router.add_api_route(page.path, show, methods=["GET"], include_in_schema=False)


for _page in PAGES:
    _page_route(_page)


@router.get("/dashboard/complaints/{code}", include_in_schema=False)
async def complaint_page(request: Request, code: str) -> Response:
    """One complaint of the officer's area, to read what the citizen wrote; another area's
    (or no such code) is 404 alike. The code is read as the citizen's status page reads it
    (``normalise_code``: any case, spaces, O for 0), as a citizen may say it on the phone.
    One the officer's level holds itself comes with the citizen's contact and, while open,
    the form to answer it."""
    return await _complaint(request, normalise_code(code[:40]), AnswerForm())


@router.post("/dashboard/complaints/{code}", include_in_schema=False)
async def complaint_answered(request: Request, code: str) -> Response:
    """The answer posted; 303 back to the complaint's page (a reload sends nothing again),
    or the page with the form as typed and what is wrong (422), or 409 when someone
    answered otherwise meanwhile. The same answer sent twice is one answer (``store``)."""
    posted = await request.form()
    code = normalise_code(code[:40])
    form = AnswerForm(str(posted.get("action") or ""),
                      str(posted.get("note") or "")[:REASON_MAX + 1])
    who = await run_in_threadpool(logins.staff_for, state(request).engine,
                                  request.cookies.get(COOKIE))
    if who is None:  # the 8 hours ended while typing: signed in again, back to it, with
        # what was typed; never a page elsewhere's words (its post carries no cookie, and
        # the officer would sign in to a form it filled, "the answer you wrote")
        if not _from_here(request):
            return _to_sign_in(f"{COMPLAINTS}/{code[:40]}")
        return _sign_in_keeping(request, f"{COMPLAINTS}/{code[:40]}", form)
    if not _posted_here(request, str(posted.get("token") or "")):  # a form we never gave
        form.errors = [("token", text("DASH_ANSWER_STALE", language(request)))]
        return await _complaint(request, code[:40], form, 422)
    view = View(state(request).engine, who.scope, _today(), _today(), language(request))
    try:
        done = await run_in_threadpool(answers.answer, view, who.username, code[:40],
                                       form.action, form.note, utc_now())
    except answers.NotHeld:  # 404 as for a reader; read-only where the officer may read
        # Moved to a site meanwhile (a colleague), or never the officer's: said, and the
        # words typed given back to copy.
        form.errors = [("action", text("DASH_ANSWER_NOT_HELD", view.lang,
                                       complaint=code[:40]))]
        _words_back(form.errors, "note", form.note, "DASH_ANSWER_WORDS_UNSENT", view.lang)
        return await _complaint(request, code[:40], form, 403)
    except store.Refused as refused:
        form.errors = [(p.field, p.message(view.lang)) for p in refused.problems]
        return await _complaint(request, code[:40], form, 422)
    except store.ResolvedOtherwise:
        form.errors = [("action", text("COMPLAINT_RESOLVED_OTHERWISE", view.lang,
                                       complaint=code[:40]))]
        _words_back(form.errors, "note", form.note, "DASH_ANSWER_WORDS_UNSENT", view.lang)
        return await _complaint(request, code[:40], form, 409)
    lang = request.query_params.get("lang")
    query = urlencode({"answered": 1, **({"lang": lang} if lang else {})})
    return RedirectResponse(f"/dashboard/complaints/{done.code}?{query}", status_code=303)


@router.post("/dashboard/complaints/{code}/move", include_in_schema=False)
async def complaint_moved(request: Request, code: str) -> Response:
    """The complaint moved to a site of the officer's area (``dashboard/moves.py``); 303
    back to its page, which says where it went, or the page with the form as chosen and
    what is wrong (422), 403 for a site outside the area, 409 once it has its outcome. A
    session ended meanwhile leads to the sign-in, then back to the complaint with the site
    chosen and the reason typed in the form, unsent, as an answer is."""
    posted = await request.form()
    code = normalise_code(code[:40])
    form = MoveForm(str(posted.get("site") or "")[:40],
                    str(posted.get("reason") or "")[:REASON_MAX + 1])
    who = await run_in_threadpool(logins.staff_for, state(request).engine,
                                  request.cookies.get(COOKIE))
    if who is None:  # as an answer is (complaint_answered), and for the same reasons
        if not _from_here(request):
            return _to_sign_in(f"{COMPLAINTS}/{code}")
        return _sign_in_keeping(request, f"{COMPLAINTS}/{code}", form)
    if not _posted_here(request, str(posted.get("token") or "")):
        form.errors = [("token", text("DASH_ANSWER_STALE", language(request)))]
        return await _complaint(request, code, AnswerForm(), 422, moving=form)
    view = View(state(request).engine, who.scope, _today(), _today(), language(request))
    try:
        await run_in_threadpool(moves.move, view, who.username, code, form.site, form.reason,
                                utc_now())
    except answers.NotHeld:  # moved or answered meanwhile (a colleague, the site)
        form.errors = [("site", text("DASH_MOVE_NOT_HELD", view.lang, complaint=code))]
        _words_back(form.errors, "reason", form.reason, "DASH_MOVE_WORDS_UNSENT", view.lang)
        return await _complaint(request, code, AnswerForm(), 403, moving=form)
    except moves.OutsideArea:
        form.errors = [("site", text("DASH_FORBIDDEN", view.lang, site=form.site))]
        return await _complaint(request, code, AnswerForm(), 403, moving=form)
    except store.Refused as refused:
        form.errors = [(p.field, p.message(view.lang)) for p in refused.problems]
        return await _complaint(request, code, AnswerForm(), 422, moving=form)
    except store.ResolvedOtherwise:
        form.errors = [("site", text("COMPLAINT_MOVE_CLOSED", view.lang, complaint=code))]
        _words_back(form.errors, "reason", form.reason, "DASH_MOVE_WORDS_UNSENT", view.lang)
        return await _complaint(request, code, AnswerForm(), 409, moving=form)
    lang = request.query_params.get("lang")
    query = urlencode({"moved": 1, **({"lang": lang} if lang else {})})
    return RedirectResponse(f"{COMPLAINTS}/{code}?{query}", status_code=303)


def _words_back(errors: list[tuple[str, str]], field_name: str, words: str, said: str,
                lang: str) -> None:
    """An answer or a move refused for good (the complaint is no longer the officer's):
    the words typed said after why, to copy, since no form keeps them now."""
    if words.strip():
        errors.append((field_name, text(said, lang, note=words)))


@dataclass
class MoveForm:
    """The site chosen and the reason typed, kept beside what is wrong with them."""

    site: str = ""
    reason: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field, message)


@dataclass
class AnswerForm:
    """The answer as typed, kept beside what is wrong with it."""

    action: str = ""
    note: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field, message)


async def _complaint(request: Request, code: str, form: AnswerForm, status: int = 200,
                     session: str | None = None, kept: bool = False,
                     moving: MoveForm | None = None, move_kept: bool = False) -> Response:
    """The complaint's page. ``kept``: ``form`` is an answer typed before the session ended,
    back in the form unsent; where it can no longer be sent here, said with its text.
    ``moving``: the move to a site as chosen, refused, or (``move_kept``) chosen before the
    session ended, back in its form unsent as an answer is."""
    page = next(p for p in PAGES if p.path == COMPLAINTS)
    base = await run_in_threadpool(_base, request, page, session)
    if base is None:  # a colleague's link opened from elsewhere comes without the cookie
        return _to_sign_in(f"{COMPLAINTS}/{code}")
    view = View(state(request).engine, base["who"].scope, _today(), _today(),
                language(request))
    found = await run_in_threadpool(open_complaints.one, view, code)
    facts = await run_in_threadpool(open_complaints.facts, view, found) if found else []
    answerable = found is not None and found.status == OPEN and \
        open_complaints.holds(view, found)
    sites = await run_in_threadpool(moves.targets, view, found) if answerable else []
    moving = moving or MoveForm()
    moved = request.query_params.get("moved") == "1" and found is not None
    if kept and not answerable and form.note.strip():
        form.errors = [("note", text("DASH_ANSWER_KEPT_UNSENT", view.lang, note=form.note))]
    if move_kept and not sites:  # moved or answered meanwhile: said, the reason to copy
        moving.errors = [("site", text("DASH_MOVE_NOT_HELD", view.lang, complaint=code))]
        _words_back(moving.errors, "reason", moving.reason, "DASH_MOVE_WORDS_UNSENT",
                    view.lang)
    return render(request, "dashboard.html", status if found else 404, **base, tables=[],
                  start=None, end=None, typed=("", ""), site="", complaint=found,
                  facts=facts, code=code, answer=form if answerable else None,
                  kept=kept and answerable, answer_errors=form.errors,
                  actions=STAFF_ACTIONS, note_max=REASON_MAX,
                  answered=request.query_params.get("answered") == "1",
                  move=moving if sites else None, move_sites=sites,
                  move_errors=moving.errors, move_kept=move_kept and bool(sites),
                  moved_to=await run_in_threadpool(_holder, view, found) if moved else None,
                  error=None if found else ("DASH_COMPLAINT_UNKNOWN", {"code": code}))


def _holder(view: View, complaint: Any) -> str:
    """Who holds ``complaint``, named as the dashboard's list names it."""
    return open_complaints.handler(view, figures.site_names(view.engine, view.scope), complaint)


def _period(typed_from: str | None, typed_to: str | None, days: int, lang: str
            ) -> tuple[date, date] | list[tuple[str, str]]:
    """The range asked for, or what is wrong with each box as (box, message). Typed as
    people here write dates (dd/mm/yyyy); the page's own links and downloads carry ISO
    dates, read alike. A year far off (01/01/0001, 31/12/9999) is refused as outside the
    dashboard's dates: the period's arithmetic ran off the calendar there (a 500), and no
    figure of the platform's lies that far."""
    end = _day("to", typed_to, lang) if typed_to else _today()
    if typed_from:
        start = _day("from", typed_from, lang)
    elif isinstance(end, date):
        start = end - timedelta(days=days - 1)
    else:  # no start typed: the end's problem alone
        return [("to", end)]
    if isinstance(start, date) and isinstance(end, date):
        return start, end
    return [(box, day) for box, day in (("from", start), ("to", end)) if isinstance(day, str)]


def _day(box: str, typed: str, lang: str) -> date | str:
    """A typed day within the years the dashboard can mean, else what is wrong with it.

    >>> _day("to", "31/02/2021", "en")
    'To: “31/02/2021” is not a date (type day/month/year, e.g. 30/11/2026).'
    >>> _day("from", "31/12/1999", "en")[:60], _day("from", "01/01/2000", "en")
    ('From: 31/12/1999 is outside the dates the dashboard covers (', datetime.date(2000, 1, 1))
    """
    label = text("DASH_FROM" if box == "from" else "DASH_TO", lang)
    day = parse_date(typed)
    if day is None:
        return text("DASH_BAD_DATE", lang, box=label, value=typed)
    latest = _today() + timedelta(days=366)
    if not EARLIEST <= day <= latest:
        return text("DASH_DATE_OUT_OF_RANGE", lang, box=label, value=typed,
                    earliest=format_date(EARLIEST), latest=format_date(latest))
    return day


@router.get("/login", include_in_schema=False)
def login_form(request: Request) -> Response:
    return render(request, "login.html", error=None, username="",
                  next=_safe_next(request.query_params.get("next")), kept=None,
                  kept_move=None)


@router.post("/login", include_in_schema=False)
async def login(request: Request, username: Annotated[str, Form()] = "",
                password: Annotated[str, Form()] = "",
                next: Annotated[str, Form()] = "",  # noqa: A002
                kept_action: Annotated[str, Form()] = "",
                kept_note: Annotated[str, Form()] = "",
                kept_site: Annotated[str, Form()] = "",
                kept_reason: Annotated[str, Form()] = "") -> Response:
    """Signed in, to the page asked for. An answer or a move the officer typed before the
    session ended (``_sign_in_keeping``) comes back with it: that complaint's page, the
    answer or the move in its form unsent, for the officer to look over and save. A
    sign-in posted from a page elsewhere is refused (a site signing the officer's browser
    in to its own login, to read what they then type)."""
    central = state(request)
    going = _safe_next(next)
    folder, _, code = going.rpartition("/")
    kept = AnswerForm(kept_action[:40], kept_note[:REASON_MAX + 1]) \
        if folder == COMPLAINTS and (kept_action or kept_note) else None
    kept_move = MoveForm(kept_site[:40], kept_reason[:REASON_MAX + 1]) \
        if folder == COMPLAINTS and (kept_site or kept_reason) else None
    if not _from_here(request):  # a page elsewhere signing the browser in to its own login
        return render(request, "login.html", 403, username="", next=going, kept=None,
                      kept_move=None, error=("DASH_LOGIN_ELSEWHERE", {}))
    try:
        token = await run_in_threadpool(logins.log_in, central.engine, username, password,
                                        names_key=central.login_name_key)
    except logins.LoginRefused as refused:
        return render(request, "login.html", 401, username=username, next=going, kept=kept,
                      kept_move=kept_move, error=(refused.code, {"seconds": refused.seconds}))
    if kept is None and kept_move is None:
        response: Response = RedirectResponse(going, status_code=303)
    else:
        response = await _complaint(request, code, kept or AnswerForm(), session=token,
                                    kept=kept is not None, moving=kept_move,
                                    move_kept=kept_move is not None)
    response.set_cookie(COOKIE, token, max_age=logins.SESSION_HOURS * 3600, httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")
    return response


@router.get("/logout", include_in_schema=False)
async def logout_page(request: Request) -> Response:
    """/logout opened from the address bar or a bookmark: signing out is a button (a
    form with the session's token), shown here; signed out already, the sign-in page."""
    session = request.cookies.get(COOKIE)
    who = await run_in_threadpool(logins.staff_for, state(request).engine, session)
    if who is None or session is None:
        return RedirectResponse("/login", status_code=303)
    return render(request, "logout.html", form_token=logins.form_token(session))


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    """Signed out, to the sign-in page. A sign-out this server's page did not send (from a
    page elsewhere, or a page of an earlier session) ends nothing: the officer is asked,
    with a button that does."""
    posted = await request.form()
    session = request.cookies.get(COOKIE)
    engine = state(request).engine
    if session and not _posted_here(request, str(posted.get("token") or "")) and \
            await run_in_threadpool(logins.staff_for, engine, session) is not None:
        return render(request, "logout.html", 403, form_token=logins.form_token(session))
    await run_in_threadpool(logins.log_out, engine, session)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


def _posted_here(request: Request, token: str) -> bool:
    """A form one of this server's pages gave the signed-in session, posted from there: its
    token is the session's (``staff.form_token``), and it comes from here (``_from_here``)."""
    return _from_here(request) and logins.is_form_token(request.cookies.get(COOKIE), token)


def _from_here(request: Request) -> bool:
    """A form's Origin, when the browser says one (every browser does on a POST), is this
    server as the browser reached it (a proxy's ``X-Forwarded-Host`` too: no page elsewhere
    can set either)."""
    origin = request.headers.get("origin")
    ours = {request.headers.get(h, "").lower() for h in ("host", "x-forwarded-host")} - {""}
    if origin is not None and urlsplit(origin.lower()).netloc not in ours:
        log.warning("a dashboard form posted from %.100s refused (%s %s)", origin,
                    request.method, request.url.path)
        return False
    return True


def _sign_in_keeping(request: Request, path: str, form: AnswerForm | MoveForm) -> Response:
    """The sign-in page in answer to a form posted after the session ended, carrying what
    was typed (hidden fields, back to this same browser) so signing in again loses none
    of it; the URL stays the form's. Nothing is saved until the officer saves it again."""
    return render(request, "login.html", 401, error=None, username="", next=path,
                  kept=form if isinstance(form, AnswerForm) else None,
                  kept_move=form if isinstance(form, MoveForm) else None)


def _to_sign_in(path: str) -> RedirectResponse:
    """To the sign-in page, which then leads back to ``path`` (when ``_safe_next`` agrees)."""
    return RedirectResponse(f"/login?next={quote(path)}", status_code=303)


def _safe_next(value: str | None) -> str:
    """Only back to a dashboard page of this server, a menu's (with the period and site it
    was read for, the rest of its query dropped) or a complaint's (a link a colleague
    sent): never an open redirect. A menu page's query is built again from its parameters,
    so nothing of it can become a scheme, a host or a path.

    >>> _safe_next("/dashboard/complaints/PA-7K3M9Q2X"), _safe_next("/dashboard/backlog")
    ('/dashboard/complaints/PA-7K3M9Q2X', '/dashboard/backlog')
    >>> _safe_next("/dashboard/backlog?from=2021-09-01&to=2021-09-30&site=HN-A")
    '/dashboard/backlog?from=2021-09-01&to=2021-09-30&site=HN-A'
    >>> _safe_next("/dashboard?site=//x.example\\y&next=https://x.example&format=xlsx")
    '/dashboard?site=%2F%2Fx.example%5Cy'
    >>> _safe_next("/dashboard/complaints/PA-7K3M9Q2X/../x"), _safe_next("//elsewhere.example")
    ('/dashboard', '/dashboard')
    >>> _safe_next("//elsewhere.example?from=2021-09-01"), _safe_next("/\\elsewhere.example")
    ('/dashboard', '/dashboard')
    """
    if not value:
        return "/dashboard"
    path, _, query = value.partition("?")
    if any(path == p.path for p in PAGES):
        kept = [(name, said) for name, said in parse_qsl(query) if name in NEXT_PARAMS]
        return f"{path}?{urlencode(kept)}" if kept else path
    folder, _, code = value.rpartition("/")
    return value if folder == COMPLAINTS and is_code(code) else "/dashboard"
