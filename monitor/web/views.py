"""Dashboard pages. Sync handlers: Starlette runs them in its thread pool, next to the blocking DB."""

from __future__ import annotations

import asyncio
import io
import json
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from monitor.clock import iso_ms
from monitor.report import charts, compare_charts
from monitor.report.fmt import headline_sla
from monitor.report.metrics import build_report
from monitor.report.model import LeaderRow, Report
from monitor.report.output import MEDIA_TYPES, write_export
from monitor.store import reportq
from monitor.store.db import transaction
from monitor.store.replies import assign_manually
from monitor.store.reportq import ReportFilter
from monitor.web import evidence as ev
from monitor.web.auth import client_key, csrf_ok, csrf_token, password_ok, signed_in
from monitor.web.cards import channel_cards
from monitor.web.filters import filtered
from monitor.web.render import language
from monitor.web.render import page as _page
from monitor.web.state import web_state

_FAILING = ("error", "reconnecting")
WEB_EXPORTS = ("csv", "json", "xlsx", "html")
CHARTS = ("histogram", "km", "heat", "groups", "weeks")
LEADERS_SHOWN = 10
TIMELINE_LIMIT = 200
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _top_leaders(rows: tuple[LeaderRow, ...]) -> dict[str, list[LeaderRow]]:
    """Per touchpoint: the first few places, plus every client row wherever it ranks."""
    out: dict[str, list[LeaderRow]] = defaultdict(list)
    for r in rows:
        if len(out[r.kind]) < LEADERS_SHOWN or r.group == "client":
            out[r.kind].append(r)
    return dict(out)


def _report(request: Request, flt: ReportFilter, *, detail: bool) -> Report:
    """The report for a filter, through the dashboard's short cache."""
    st = web_state(request)

    def compute() -> Report:
        with st.factory() as s:
            return build_report(s, flt, now=st.clock.now(), detail=detail)

    rep: Report = st.cache.get(("detail" if detail else "summary", flt), compute)
    return rep


@filtered()
def overview(request: Request, flt: ReportFilter) -> Response:
    rep = _report(request, flt, detail=False)
    with web_state(request).factory() as s:
        camps = reportq.campaign_rows(s)
    first = headline_sla(rep)
    return _page(
        request,
        "overview.html",
        report=rep,
        campaigns=camps,
        leaders=_top_leaders(rep.leaderboard),
        first_sla=first,
        cards=channel_cards(rep, first, language(request)),
        title=language(request).gettext("Overview"),
    )


@filtered()
def all_targets(request: Request, flt: ReportFilter) -> Response:
    rep = _report(request, flt, detail=False)
    return _page(
        request,
        "targets.html",
        report=rep,
        first_sla=headline_sla(rep),
        title=language(request).gettext("All targets"),
    )


def _this_target(request: Request) -> dict[str, tuple[str, ...]]:
    return {"targets": (request.path_params["name"],)}


@filtered(_this_target)
def target_page(request: Request, flt: ReportFilter) -> Response:
    name = request.path_params["name"]
    st = web_state(request)
    with st.factory() as s:
        if name not in reportq.target_names(s):
            return HTMLResponse("no such target", status_code=404)
        rep = build_report(s, flt, now=st.clock.now(), detail=False)
        probes = list(reportq.probe_rows(s, flt, limit=TIMELINE_LIMIT, newest_first=True))
        replies = reportq.replies_for(s, [p.id for p in probes])
    chart_q = urlencode(
        [("targets", name), *[(k, v) for k, v in request.query_params.multi_items() if k != "targets"]]
    )
    first = headline_sla(rep)
    return _page(
        request,
        "target.html",
        report=rep,
        name=name,
        probes=probes,
        replies=replies,
        first_sla=first,
        cards=channel_cards(rep, first, language(request)),
        chart_q=chart_q,
        evidence_url=lambda p: ev.url_for(p, st.evidence_root),
        title=name,
    )


def _chart_svg(kind: str, rep: Report, request: Request) -> str:
    lang = language(request)
    if kind == "histogram":
        return charts.latency_histogram(rep.latencies_s, rep.sla_seconds, lang)
    if kind == "km":
        horizon = max((p.t for c in rep.curves for p in c.points), default=None)
        return charts.km_curves(rep.curves, horizon_s=horizon, lang=lang)
    if kind == "groups":
        return compare_charts.groups_chart(rep.groups, headline_sla(rep), lang)
    if kind == "weeks":
        return compare_charts.weekly_trend(rep.weeks, rep.sla_seconds[0] if rep.sla_seconds else 600.0, lang)
    return charts.heatmap(rep.heat, lang)


def chart(request: Request) -> Response:
    kind = request.path_params["chart"]
    if kind not in CHARTS:
        return Response("unknown chart", status_code=404)
    return _chart(request)


@filtered()
def _chart(request: Request, flt: ReportFilter) -> Response:
    svg = _chart_svg(request.path_params["chart"], _report(request, flt, detail=True), request)
    # Loaded through <img>, an SVG cannot run scripts; its own inline styles are allowed.
    return Response(svg, media_type="image/svg+xml", headers={"content-security-policy": SVG_CSP})


def review(request: Request) -> Response:
    with web_state(request).factory() as s:
        rows = reportq.unmatched_replies(s)
    return _page(
        request,
        "review.html",
        rows=rows,
        assigned=request.query_params.get("assigned"),
        title="Unmatched replies",
    )


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
            with transaction(web_state(request).factory) as s:
                assign_manually(s, reply_id, probe_id)
        except KeyError as exc:
            return str(exc)
        return None

    from starlette.concurrency import run_in_threadpool

    err = await run_in_threadpool(work)
    web_state(request).cache.clear()
    if err:
        return HTMLResponse(f"cannot assign: {err}".replace("<", "&lt;"), status_code=400)
    return RedirectResponse(f"/review?assigned={reply_id}", status_code=303)


def export(request: Request) -> Response:
    if request.path_params["fmt"] not in WEB_EXPORTS:
        return Response("unknown export format", status_code=404)
    return _export(request)


@filtered()
def _export(request: Request, flt: ReportFilter) -> Response:
    fmt_ = request.path_params["fmt"]
    st = web_state(request)
    buf = io.BytesIO()
    with st.factory() as s:
        rep = build_report(s, flt, now=st.clock.now(), detail=fmt_ in ("html", "json"))
        write_export(
            fmt_,
            rep,
            reportq.probe_rows(s, flt),
            buf,
            evidence_url=lambda p: ev.url_for(p, st.evidence_root),
            lang=language(request),
        )
    stamp = st.clock.now().strftime("%Y%m%d-%H%M")
    return Response(
        buf.getvalue(),
        media_type=MEDIA_TYPES[fmt_],
        headers={"content-disposition": f'attachment; filename="replywatch-{stamp}.{fmt_}"'},
    )


def evidence(request: Request) -> Response:
    path = ev.resolve(web_state(request).evidence_root, request.path_params["path"])
    if path is None:
        return Response("not found", status_code=404)
    media = ev.INLINE_TYPES.get(path.suffix.lower())
    if media:
        return FileResponse(path, media_type=media)
    # Anything else (saved pages, transcripts) is shop content: download only, never rendered here.
    return FileResponse(
        path,
        media_type="application/octet-stream",
        filename=path.name,
        headers={"content-security-policy": "sandbox; default-src 'none'"},
    )


def healthz(request: Request) -> Response:
    """ok/error and counts for anyone (load balancers); watcher names and times only when signed in.

    Watcher names carry the mailbox address, host and folder: not for anonymous eyes.
    """
    try:
        with web_state(request).factory() as s:
            ok = reportq.ping(s)
            states = reportq.watcher_states(s)
    except SQLAlchemyError:
        return JSONResponse({"db": "error", "watchers": 0, "watchers_failing": 0}, status_code=503)
    status = 200 if ok else 503
    body: dict[str, Any] = {
        "db": "ok" if ok else "error",
        "watchers": len(states),
        "watchers_failing": sum(1 for w in states.values() if w["state"] in _FAILING),
    }
    if signed_in(request.session, web_state(request).sessions):
        body["details"] = {
            n: {"state": w["state"], "last_ok_at": iso_ms(w["last_ok_at"])} for n, w in states.items()
        }
    return Response(json.dumps(body), media_type="application/json", status_code=status)


def login_form(request: Request) -> Response:
    return _page(
        request, "login.html", next=_safe_next(request.query_params.get("next")), error=None, title="Sign in"
    )


async def login(request: Request) -> Response:
    limiter = web_state(request).limiter
    key = client_key(request)
    wait = limiter.blocked_for(key)
    if wait:
        return HTMLResponse(
            "too many failed sign-ins; try again later",
            status_code=429,
            headers={"retry-after": str(int(wait))},
        )
    delay = limiter.slowdown()
    if delay:
        await asyncio.sleep(delay)  # global: many addresses guessing together all wait
    form = await request.form()
    nxt = _safe_next(str(form.get("next") or "/"))
    if not csrf_ok(request, form.get("csrf")):
        return _page(
            request,
            "login.html",
            status=403,
            next=nxt,
            error="Session expired: please try again.",
            title="Sign in",
        )
    if not password_ok(str(form.get("password", "")), web_state(request).password):
        limiter.failed(key)
        return _page(request, "login.html", status=401, next=nxt, error="Wrong password.", title="Sign in")
    limiter.succeeded(key)
    web_state(request).sessions.close(request.session.get("sid"))
    request.session.clear()  # a fresh session on sign-in: no fixation
    request.session["user"] = "operator"
    request.session["sid"] = web_state(request).sessions.open()
    csrf_token(request)
    return RedirectResponse(nxt, status_code=303)


async def logout(request: Request) -> Response:
    form = await request.form()
    if not csrf_ok(request, form.get("csrf")):
        return HTMLResponse("CSRF token missing or wrong", status_code=403)
    web_state(request).sessions.close(request.session.get("sid"))  # a copied cookie dies with it
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


def stylesheet(request: Request) -> Response:
    return FileResponse(web_state(request).static / "app.css", media_type="text/css")


def _safe_next(value: str | None) -> str:
    """Only local paths: never redirect a user off-site after sign-in."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value
