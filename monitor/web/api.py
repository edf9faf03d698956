"""The read-only JSON API at /api/v1 (FastAPI, so the OpenAPI document is generated from the code).

Every path needs `Authorization: Bearer <token>` with a key made by
`replywatch api-key create`; a missing, unknown or revoked key is a 401. The
filters are the ones `replywatch report` takes, with the same meaning.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import Clock, iso_ms
from monitor.config import Config
from monitor.report.filters import make_filter
from monitor.report.metrics import build_report
from monitor.report.rows import cell_dict, leader_dict, metrics_dict, probe_dict
from monitor.store import reportq
from monitor.store.access import check_key
from monitor.store.db import transaction
from monitor.store.models import Probe, Target
from monitor.store.reportq import ReportFilter

API_VERSION = "v1"
MAX_PAGE = 1000
_bearer = HTTPBearer(auto_error=False, description="An API key from `replywatch api-key create NAME`.")


def _api_key(
    request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> str:
    if creds is None or creds.scheme.lower() != "bearer" or not creds.credentials:
        raise HTTPException(
            401, "an API key is needed: Authorization: Bearer <token>", headers={"WWW-Authenticate": "Bearer"}
        )
    with transaction(request.app.state.factory) as s:
        name = check_key(s, creds.credentials, request.app.state.clock.now())
    if name is None:
        raise HTTPException(401, "unknown or revoked API key", headers={"WWW-Authenticate": "Bearer"})
    return name


def _filter(
    request: Request,
    campaign: Annotated[list[str], Query(description="Only these campaigns (repeatable).")] = [],  # noqa: B006
    group: Annotated[list[str], Query(description="client | competitor (repeatable).")] = [],  # noqa: B006
    target: Annotated[list[str], Query(description="Only these targets (repeatable).")] = [],  # noqa: B006
    touchpoint: Annotated[list[str], Query(description="form | email | chat | callback (repeatable).")] = [],  # noqa: B006
    since: Annotated[str | None, Query(description="Scheduled from: a date, date-time or e.g. 7d.")] = None,
    until: Annotated[str | None, Query(description="Scheduled before: a date or date-time.")] = None,
) -> ReportFilter:
    cfg: Config = request.app.state.cfg
    try:
        return make_filter(
            campaigns=campaign,
            groups=group,
            targets=target,
            kinds=touchpoint,
            since=since,
            until=until,
            now=request.app.state.clock.now(),
            tz=cfg.timezone,
        )
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None


Filter = Annotated[ReportFilter, Depends(_filter)]


def _session(request: Request) -> Iterator[Session]:
    factory: sessionmaker[Session] = request.app.state.factory
    with factory() as s:
        yield s


DB = Annotated[Session, Depends(_session)]


def summary(request: Request, flt: Filter, s: DB) -> dict[str, Any]:
    """Totals, per target x touchpoint, per touchpoint, per group and per campaign: "N of M answered"."""
    rep = build_report(s, flt, now=request.app.state.clock.now())
    return {
        "generated_at": iso_ms(rep.generated_at),
        "sla_seconds": list(rep.sla_seconds),
        "total": metrics_dict(rep.total),
        "cells": [cell_dict(c) for c in rep.cells],
        "touchpoints": [cell_dict(c) for c in rep.kinds],
        "groups": [cell_dict(c) for c in rep.groups],
        "campaigns": [cell_dict(c) for c in rep.campaigns],
    }


def leaderboard(request: Request, flt: Filter, s: DB) -> dict[str, Any]:
    """Targets ranked per touchpoint by answer rate, then median latency, with the gap to the best."""
    rep = build_report(s, flt, now=request.app.state.clock.now())
    return {
        "generated_at": iso_ms(rep.generated_at),
        "leaderboard": [leader_dict(r) for r in rep.leaderboard],
    }


def probes(
    flt: Filter,
    s: DB,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Probes newest first, one page; `next_offset` is null on the last page."""
    rows = list(reportq.probe_rows(s, flt, limit=limit + 1, offset=offset, newest_first=True))
    return {
        "probes": [probe_dict(p) for p in rows[:limit]],
        "next_offset": offset + limit if len(rows) > limit else None,
    }


def targets(s: DB) -> dict[str, Any]:
    """Every target the config defines (inactive ones are no longer in the config)."""
    rows = s.scalars(select(Target).order_by(Target.name))
    return {
        "targets": [
            {
                "name": t.name,
                "group": t.group,
                "url": t.url,
                "timezone": t.timezone,
                "country": t.country,
                "phones": list(t.phones or []),
                "email_domains": list(t.email_domains or []),
                "active": t.active,
            }
            for t in rows
        ]
    }


def replies(probe_id: int, s: DB) -> dict[str, Any]:
    """Everything that came back for one probe, oldest first, with its kind and why."""
    if s.scalar(select(Probe.id).where(Probe.id == probe_id)) is None:
        raise HTTPException(404, f"no probe {probe_id}")
    rows = reportq.replies_for(s, [probe_id]).get(probe_id, [])
    return {"probe_id": probe_id, "replies": [_reply(r) for r in rows]}


def _reply(r: reportq.ReplyRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "channel": r.channel,
        "kind": r.kind,
        "received_at": iso_ms(r.received_at),
        "sender": r.sender,
        "subject": r.subject,
        "excerpt": r.excerpt,
        "late": r.late,
        "match_method": r.match_method,
        "reasons": list(r.reasons),
        "quality": r.quality,
        "canned": r.canned,
    }


def create_api(cfg: Config, factory: sessionmaker[Session], clock: Clock) -> FastAPI:
    """The API app, mounted by the dashboard at /api/v1 (its OpenAPI document at /api/v1/openapi.json)."""
    api = FastAPI(
        title="replywatch API",
        version=API_VERSION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        dependencies=[Depends(_api_key)],
        description="Read-only figures of replywatch: the same numbers and filters as `replywatch report`.",
    )
    get = api.get
    get("/summary", tags=["report"])(summary)
    get("/leaderboard", tags=["report"])(leaderboard)
    get("/probes", tags=["probes"])(probes)
    get("/probes/{probe_id}/replies", tags=["probes"])(replies)
    get("/targets", tags=["targets"])(targets)
    api.state.cfg, api.state.factory, api.state.clock = cfg, factory, clock
    return api
