"""The one place the dashboard turns query parameters into a `ReportFilter` (or a 400 page)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from monitor.report.filters import make_filter
from monitor.store.reportq import ReportFilter
from monitor.web.state import web_state

LIST_KEYS = ("campaigns", "groups", "targets", "kinds")
Fixed = Callable[[Request], dict[str, tuple[str, ...]]]


def parse_filter(request: Request, **fixed: tuple[str, ...]) -> ReportFilter:
    """Filters from ?campaigns=&groups=&targets=&kinds=&since=&until=; raises ValueError when malformed."""
    q = request.query_params
    st = web_state(request)
    args: dict[str, Any] = {k: q.getlist(k) for k in LIST_KEYS}
    args |= fixed
    return make_filter(
        **args, since=q.get("since"), until=q.get("until"), now=st.clock.now(), tz=st.cfg.timezone
    )


def bad_filter(exc: ValueError) -> HTMLResponse:
    return HTMLResponse(f"bad filter: {exc}".replace("&", "&amp;").replace("<", "&lt;"), status_code=400)


def filtered(
    fixed: Fixed | None = None,
) -> Callable[[Callable[[Request, ReportFilter], Response]], Callable[[Request], Response]]:
    """Decorate a handler(request, flt): it gets a parsed filter, and a malformed one answers 400 for it."""

    def wrap(handler: Callable[[Request, ReportFilter], Response]) -> Callable[[Request], Response]:
        @wraps(handler)
        def run(request: Request) -> Response:
            try:
                flt = parse_filter(request, **(fixed(request) if fixed else {}))
            except ValueError as exc:
                return bad_filter(exc)
            return handler(request, flt)

        return run

    return wrap
