"""/share/{token}: one client's report for a link from `replywatch share`, no account needed.

It is the HTML report (summary, leaderboard, charts) over the client and its
competitors only, in the reader's language, with no per-probe appendix and no evidence links: shop replies
and screenshots stay behind the dashboard's password.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from monitor.report.html import render_html
from monitor.report.metrics import build_report
from monitor.share import scope, unsign
from monitor.store.access import live_share
from monitor.store.reportq import ReportFilter
from monitor.web.render import language
from monitor.web.state import web_state

# The report page has its styles and SVG charts inline and runs no script.
SHARE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
GONE = "This link has expired or was withdrawn. Ask the sender for a new one.\n"


def shared_report(request: Request) -> Response:
    state = web_state(request)
    share_id = unsign(state.cfg, request.path_params["token"])
    if share_id is None:
        return Response("not found\n", status_code=404, media_type="text/plain")
    now = state.clock.now()
    with state.factory() as s:
        link = live_share(s, share_id, now)
        if link is None:
            return Response(GONE, status_code=410, media_type="text/plain")
        flt = ReportFilter(targets=scope(state.cfg, link.client))
        rep = build_report(s, flt, now=now, detail=True)
        lang = language(request)  # the reader's: Accept-Language, or the fixed `ui.language`
        title = lang.gettext("{client}: reply times").format(client=link.client)
        html = render_html(rep, [], title=title, evidence_url=lambda _p: None, lang=lang)
    return HTMLResponse(html, headers={"content-security-policy": SHARE_CSP, "x-robots-tag": "noindex"})
