"""The dashboard's alerts page: open alerts, mutes (set and lift them), and the history of every
alert, message and delivery attempt."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from monitor.alerts.history import load_history
from monitor.alerts.mute import add_mute, lift_mute
from monitor.config import Config, parse_duration
from monitor.i18n import Lang
from monitor.store.db import transaction
from monitor.web.auth import csrf_ok
from monitor.web.render import language
from monitor.web.render import page as _page
from monitor.web.state import web_state

MUTE_LENGTHS = ("30m", "1h", "2h", "4h", "8h", "24h", "3d", "7d")


def alerts(request: Request) -> Response:
    st = web_state(request)
    cfg: Config = st.cfg
    with st.factory() as s:
        hist = load_history(s, cfg, st.clock.now())
    lang = language(request)
    return _page(
        request,
        "alerts.html",
        hist=hist,
        cfg=cfg,
        lengths=[(value, parse_duration(value).total_seconds()) for value in MUTE_LENGTHS],
        names=[a.name for a in cfg.alerts] + [n.name for n in cfg.notifications],
        targets=[t.name for t in cfg.targets],
        done=done_text(request.query_params.get("done"), lang),
        title=lang.gettext("Alerts"),
    )


def done_text(done: str | None, lang: Lang) -> str | None:
    """The note a mute or unmute redirects with ("muted-12") as a sentence in the reader's language."""
    what, _, mute_id = (done or "").partition("-")
    if not mute_id.isdigit():
        return None
    if what == "muted":
        return lang.gettext("Mute #%(id)s is set.") % {"id": mute_id}
    if what == "unmuted":
        return lang.gettext("Mute #%(id)s is lifted.") % {"id": mute_id}
    return None


def _bad(text: str, status: int = 400) -> HTMLResponse:
    return HTMLResponse(text.replace("&", "&amp;").replace("<", "&lt;"), status_code=status)


async def mute(request: Request) -> Response:
    form = await request.form()
    if not csrf_ok(request, form.get("csrf")):
        return _bad("CSRF token missing or wrong: reload the page and try again", 403)
    st = web_state(request)
    cfg: Config = st.cfg
    rule = str(form.get("rule") or "").strip() or None
    target = str(form.get("target") or "").strip() or None
    reason = str(form.get("reason") or "").strip()[:500]
    try:
        length = parse_duration(str(form.get("length") or ""))
    except ValueError as exc:
        return _bad(f"length: {exc}")
    if rule is not None and rule not in {a.name for a in cfg.alerts} | {n.name for n in cfg.notifications}:
        return _bad(f"rule: no alert rule or notification named {rule!r}")
    if target is not None and target not in {t.name for t in cfg.targets}:
        return _bad(f"target: no target named {target!r}")

    def work() -> int:
        with transaction(st.factory) as s:
            return add_mute(
                s, now=st.clock.now(), length=length, rule=rule, target=target, reason=reason, by="dashboard"
            ).id

    try:
        mute_id = await run_in_threadpool(work)
    except ValueError as exc:
        return _bad(f"length: {exc}")
    return RedirectResponse(f"/alerts?done=muted-{mute_id}", status_code=303)


async def unmute(request: Request) -> Response:
    form = await request.form()
    if not csrf_ok(request, form.get("csrf")):
        return _bad("CSRF token missing or wrong: reload the page and try again", 403)
    mute_id = int(request.path_params["mute_id"])
    st = web_state(request)

    def work() -> bool:
        with transaction(st.factory) as s:
            return lift_mute(s, mute_id, st.clock.now())

    if not await run_in_threadpool(work):
        return _bad(f"no active mute #{mute_id}", 404)
    return RedirectResponse(f"/alerts?done=unmuted-{mute_id}", status_code=303)
