"""Dashboard pages. Sync handlers: Starlette runs them in its thread pool, next to the blocking DB."""

from __future__ import annotations

import asyncio
import io
import json
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from monitor.clock import iso_ms
from monitor.quality import ITEMS
from monitor.report import charts, fmt
from monitor.report.filters import make_filter
from monitor.report.metrics import build_report
from monitor.report.model import LeaderRow, Report
from monitor.report.output import MEDIA_TYPES, write_export
from monitor.report.sanitize import plain_text, safe_html
from monitor.report.terminal import headline_sla
from monitor.store import reportq
from monitor.store.db import transaction
from monitor.store.replies import assign_manually
from monitor.store.reportq import ReportFilter
from monitor.web import evidence as ev
from monitor.web.auth import client_key, csrf_ok, csrf_token, password_ok, signed_in

_FAILING = ("error", "reconnecting")
WEB_EXPORTS = ("csv", "json", "xlsx", "html")
LEADERS_SHOWN = 10
TIMELINE_LIMIT = 200

_env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=select_autoescape(["html"]))
_env.globals.update(fmt=fmt, iso=iso_ms, clean=safe_html, text=plain_text, ITEMS=ITEMS, dict=dict)


def _page(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    ctx.setdefault("user", request.session.get("user"))
    ctx.setdefault("csrf", csrf_token(request))
    ctx.setdefault("query", request.url.query)
    return HTMLResponse(_env.get_template(template).render(request=request, **ctx), status_code=status)


def _factory(request: Request) -> sessionmaker[Session]:
    return request.app.state.factory


def _filter(request: Request, **fixed: tuple[str, ...]) -> ReportFilter:
    q = request.query_params
    cfg = request.app.state.cfg
    args: dict[str, Any] = {k: q.getlist(k) for k in ("campaigns", "groups", "targets", "kinds")}
    args |= fixed
    return make_filter(**args, since=q.get("since"), until=q.get("until"),
                       now=request.app.state.clock.now(), tz=cfg.timezone)


def _bad_filter(exc: ValueError) -> HTMLResponse:
    return HTMLResponse(f"bad filter: {exc}".replace("<", "&lt;"), status_code=400)


def _top_leaders(rows: tuple[LeaderRow, ...]) -> dict[str, list[LeaderRow]]:
    """Per touchpoint: the first few places, plus every client row wherever it ranks."""
    out: dict[str, list[LeaderRow]] = defaultdict(list)
    for r in rows:
        if len(out[r.kind]) < LEADERS_SHOWN or r.group == "client":
            out[r.kind].append(r)
    return dict(out)


def _summary(request: Request, flt: ReportFilter) -> Report:
    """The non-detailed report for a filter, through the dashboard's short cache."""

    def compute() -> Report:
        with _factory(request)() as s:
            return build_report(s, flt, now=request.app.state.clock.now(), detail=False)

    return request.app.state.cache.get(("summary", flt), compute)


def overview(request: Request) -> Response:
    try:
        flt = _filter(request)
    except ValueError as exc:
        return _bad_filter(exc)
    rep = _summary(request, flt)
    with _factory(request)() as s:
        camps = reportq.campaign_rows(s)
    return _page(request, "overview.html", report=rep, campaigns=camps, leaders=_top_leaders(rep.leaderboard),
                 first_sla=headline_sla(rep), title="Overview")


def all_targets(request: Request) -> Response:
    try:
        flt = _filter(request)
    except ValueError as exc:
        return _bad_filter(exc)
    rep = _summary(request, flt)
    return _page(request, "targets.html", report=rep, first_sla=headline_sla(rep), title="All targets")


def target_page(request: Request) -> Response:
    name = request.path_params["name"]
    try:
        flt = _filter(request, targets=(name,))
    except ValueError as exc:
        return _bad_filter(exc)
    root: Path = request.app.state.evidence_root
    with _factory(request)() as s:
        if name not in reportq.target_names(s):
            return HTMLResponse("no such target", status_code=404)
        rep = build_report(s, flt, now=request.app.state.clock.now(), detail=False)
        probes = list(reportq.probe_rows(s, flt, limit=TIMELINE_LIMIT, newest_first=True))
        replies = reportq.replies_for(s, [p.id for p in probes])
    chart_q = urlencode([("targets", name), *[(k, v) for k, v in request.query_params.multi_items() if k != "targets"]])
    return _page(request, "target.html", report=rep, name=name, probes=probes, replies=replies,
                 first_sla=headline_sla(rep), chart_q=chart_q, evidence_url=lambda p: ev.url_for(p, root),
                 title=name)


def chart(request: Request) -> Response:
    kind = request.path_params["chart"]
    if kind not in ("histogram", "km", "heat"):
        return Response("unknown chart", status_code=404)
    try:
        flt = _filter(request)
    except ValueError as exc:
        return _bad_filter(exc)
    def compute() -> Report:
        with _factory(request)() as s:
            return build_report(s, flt, now=request.app.state.clock.now(), detail=True)

    rep: Report = request.app.state.cache.get(("detail", flt), compute)
    if kind == "histogram":
        svg = charts.latency_histogram(rep.latencies_s, rep.sla_seconds)
    elif kind == "km":
        horizon = max((p.t for c in rep.curves for p in c.points), default=None)
        svg = charts.km_curves(rep.curves, horizon_s=horizon)
    else:
        svg = charts.heatmap(rep.heat)
    # Loaded through <img>, an SVG cannot run scripts; its own inline styles are allowed.
    return Response(svg, media_type="image/svg+xml",
                    headers={"content-security-policy": "default-src 'none'; style-src 'unsafe-inline'"})


def review(request: Request) -> Response:
    with _factory(request)() as s:
        rows = reportq.unmatched_replies(s)
    return _page(request, "review.html", rows=rows, assigned=request.query_params.get("assigned"),
                 title="Unmatched replies")


async def assign(request: Request) -> Response:
    form = await request.form()
    if not csrf_ok(request, form.get("csrf")):
        return HTMLResponse("CSRF token missing or wrong: reload the page and try again", status_code=403)
    reply_id = int(request.path_params["reply_id"])
    try:
        probe_id = int(str(form.get("probe_id", "")).strip())
    except ValueError:
        return HTMLResponse("probe id must be a number", status_code=400)

    def work() -> str | None:
        try:
            with transaction(_factory(request)) as s:
                assign_manually(s, reply_id, probe_id)
        except KeyError as exc:
            return str(exc)
        return None

    from starlette.concurrency import run_in_threadpool

    err = await run_in_threadpool(work)
    request.app.state.cache.clear()
    if err:
        return HTMLResponse(f"cannot assign: {err}".replace("<", "&lt;"), status_code=400)
    return RedirectResponse(f"/review?assigned={reply_id}", status_code=303)


def export(request: Request) -> Response:
    fmt_ = request.path_params["fmt"]
    if fmt_ not in WEB_EXPORTS:
        return Response("unknown export format", status_code=404)
    try:
        flt = _filter(request)
    except ValueError as exc:
        return _bad_filter(exc)
    root: Path = request.app.state.evidence_root
    buf = io.BytesIO()
    with _factory(request)() as s:
        rep = build_report(s, flt, now=request.app.state.clock.now(), detail=fmt_ in ("html", "json"))
        write_export(fmt_, rep, reportq.probe_rows(s, flt), buf, evidence_url=lambda p: ev.url_for(p, root))
    stamp = request.app.state.clock.now().strftime("%Y%m%d-%H%M")
    return Response(buf.getvalue(), media_type=MEDIA_TYPES[fmt_],
                    headers={"content-disposition": f'attachment; filename="replywatch-{stamp}.{fmt_}"'})


def evidence(request: Request) -> Response:
    root: Path = request.app.state.evidence_root
    path = ev.resolve(root, request.path_params["path"])
    if path is None:
        return Response("not found", status_code=404)
    media = ev.INLINE_TYPES.get(path.suffix.lower())
    if media:
        return FileResponse(path, media_type=media)
    # Anything else (saved pages, transcripts) is shop content: download only, never rendered here.
    return FileResponse(path, media_type="application/octet-stream", filename=path.name,
                        headers={"content-security-policy": "sandbox; default-src 'none'"})


def healthz(request: Request) -> Response:
    """ok/error and counts for anyone (load balancers); watcher names and times only when signed in.

    Watcher names carry the mailbox address, host and folder: not for anonymous eyes.
    """
    try:
        with _factory(request)() as s:
            ok = reportq.ping(s)
            states = reportq.watcher_states(s)
    except SQLAlchemyError:
        return JSONResponse({"db": "error", "watchers": 0, "watchers_failing": 0}, status_code=503)
    status = 200 if ok else 503
    body: dict[str, Any] = {"db": "ok" if ok else "error", "watchers": len(states),
                            "watchers_failing": sum(1 for w in states.values() if w["state"] in _FAILING)}
    if signed_in(request.session, request.app.state.sessions):
        body["details"] = {n: {"state": w["state"], "last_ok_at": iso_ms(w["last_ok_at"])} for n, w in states.items()}
    return Response(json.dumps(body), media_type="application/json", status_code=status)


def login_form(request: Request) -> Response:
    return _page(request, "login.html", next=_safe_next(request.query_params.get("next")), error=None, title="Sign in")


async def login(request: Request) -> Response:
    limiter = request.app.state.limiter
    key = client_key(request)
    wait = limiter.blocked_for(key)
    if wait:
        return HTMLResponse("too many failed sign-ins; try again later", status_code=429,
                            headers={"retry-after": str(int(wait))})
    delay = limiter.slowdown()
    if delay:
        await asyncio.sleep(delay)  # global: many addresses guessing together all wait
    form = await request.form()
    nxt = _safe_next(str(form.get("next") or "/"))
    if not csrf_ok(request, form.get("csrf")):
        return _page(request, "login.html", status=403, next=nxt, error="Session expired: please try again.",
                     title="Sign in")
    if not password_ok(str(form.get("password", "")), request.app.state.password):
        limiter.failed(key)
        return _page(request, "login.html", status=401, next=nxt, error="Wrong password.", title="Sign in")
    limiter.succeeded(key)
    request.app.state.sessions.close(request.session.get("sid"))
    request.session.clear()  # a fresh session on sign-in: no fixation
    request.session["user"] = "operator"
    request.session["sid"] = request.app.state.sessions.open()
    csrf_token(request)
    return RedirectResponse(nxt, status_code=303)


async def logout(request: Request) -> Response:
    form = await request.form()
    if not csrf_ok(request, form.get("csrf")):
        return HTMLResponse("CSRF token missing or wrong", status_code=403)
    request.app.state.sessions.close(request.session.get("sid"))  # a copied cookie dies with it
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


def stylesheet(request: Request) -> Response:
    return FileResponse(request.app.state.static / "app.css", media_type="text/css")


def _safe_next(value: str | None) -> str:
    """Only local paths: never redirect a user off-site after sign-in."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value
