"""Pages in the reader's language: one Jinja2 environment per language, with the i18n extension.

An environment per language (two of them) keeps translations out of shared
mutable state: a Russian request never installs its catalog into an English one.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from monitor import i18n
from monitor.clock import iso_ms
from monitor.quality import ITEMS
from monitor.report import fmt
from monitor.report.figures import Figures
from monitor.report.sanitize import plain_text, safe_html
from monitor.web.auth import csrf_token
from monitor.web.state import web_state

TEMPLATES = Path(__file__).parent / "templates"


def since(start: datetime | None, end: datetime | None) -> float | None:
    """Seconds from `start` to `end` for the timeline ("+3 min"); None when either is missing or aware/naive mix."""
    if start is None or end is None or (start.tzinfo is None) != (end.tzinfo is None):
        return None
    return max(0.0, (end - start).total_seconds())


@cache
def environment(code: str) -> Environment:
    lang = i18n.get(code)
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(lang.translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        fmt=fmt,
        iso=iso_ms,
        clean=safe_html,
        text=plain_text,
        ITEMS=ITEMS,
        dict=dict,
        since=since,
        L=lang,
        F=Figures(lang),
        lang=lang.code,
    )
    return env


def language(request: Request) -> i18n.Lang:
    """A fixed `ui.language` wins; with "auto", the reader's own choice (?lang=ru, kept in the session),
    else the best of the browser's Accept-Language."""
    setting = web_state(request).cfg.ui.language
    if setting != "auto":
        return i18n.get(setting)
    chosen = request.query_params.get("lang")
    if chosen in i18n.LANGUAGES and "session" in request.scope:
        request.session["lang"] = chosen
    chosen = chosen if chosen in i18n.LANGUAGES else request.scope.get("session", {}).get("lang")
    return i18n.get(chosen if chosen in i18n.LANGUAGES else i18n.pick(request.headers.get("accept-language")))


def page(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    ctx.setdefault("user", request.session.get("user"))
    ctx.setdefault("csrf", csrf_token(request))
    ctx.setdefault("query", request.url.query)
    lang = language(request)
    env = environment(lang.code)
    ctx.setdefault("fixed_language", web_state(request).cfg.ui.language != "auto")
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    ctx.setdefault("switch_to", {code: "?" + urlencode([*kept, ("lang", code)]) for code in i18n.LANGUAGES})
    headers = {"content-language": lang.code, "vary": "Accept-Language, Cookie"}
    return HTMLResponse(
        env.get_template(template).render(request=request, **ctx), status_code=status, headers=headers
    )
