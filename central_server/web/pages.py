"""Rendering a page: the template, the reader's language and the catalogue's words.

    return render(request, "complaint_form.html", form=form)

The language is ``?lang=en|vi`` when given (remembered in a cookie), else the cookie, else
Vietnamese. Templates call ``t("CODE", **params)`` for every sentence and label.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import LANGUAGES, text

HERE = Path(__file__).parent
LANG_COOKIE = "vaxdesk_lang"
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters["dmy"] = format_date  # a date as people read it here: dd/mm/yyyy


def language(request: Request) -> str:
    chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return chosen if chosen in LANGUAGES else "vi"


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    response = templates.TemplateResponse(
        request, template, {"lang": lang, "t": lambda key, /, **p: text(key, lang, **p),
                            "switch_to": lambda other: _with_lang(request, other),
                            **context},
        status_code=status)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, samesite="lax", httponly=True)
    return response


def _with_lang(request: Request, lang: str) -> str:
    """This page's query in another language: a status page keeps its code."""
    return "?" + urlencode({**request.query_params, "lang": lang})


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
