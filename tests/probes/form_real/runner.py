"""Run one real-markup case and judge it: shared by the blind test and bench/bench_forms_real.py."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitor.demo.formsites import Received
from monitor.demo.formsites_extra import RawSites
from probes.base import ProbeError, get_probe
from probes.browser import BrowserPool
from tests.fixtures.forms_env import make_env, make_task
from tests.probes.form_real.cases import Case

TIMESTAMP_TOLERANCE_S = 1.0


@dataclass
class Result:
    case: Case
    status: str
    reason: str
    seconds: float
    problem: str | None  # None: ended as a person would and the shop got what it should
    details: dict[str, Any]
    ts_error: float | None = None  # submitted_at minus the shop's receipt time, seconds


def _fields_problem(case: Case, got: list[Received]) -> str | None:
    if len(got) != len(case.want):
        return f"shop got {len(got)} requests, expected {len(case.want)}: {[r.fields for r in got]}"
    for rec, want in zip(got, case.want, strict=True):
        for key, expect in want.items():
            value = rec.fields.get(key)
            if value is None:
                return f"{rec.path}: no field {key!r} in {rec.fields}"
            ok = expect(value) if callable(expect) else value == expect
            if not ok:
                return f"{rec.path}: {key}={value!r}"
    return None


def judge(
    case: Case,
    status: str,
    reason: str,
    seconds: float,
    details: dict[str, Any],
    got: list[Received],
    marks: int,
    submitted_at: float | None,
) -> tuple[str | None, float | None]:
    """(what went wrong or None, timestamp error)."""
    if status != case.status:
        return f"status {status}: {reason}", None
    if case.status != "submitted" and case.reason not in reason:
        return f"reason {reason!r} lacks {case.reason!r}", None
    if case.max_seconds and seconds > case.max_seconds:
        return f"took {seconds:.1f}s (limit {case.max_seconds}s)", None
    problem = _fields_problem(case, got)
    if problem:
        return problem, None
    if got and not marks:
        return "the shop got our details but submit_started was never announced", None
    if not got and marks:
        return "submit_started announced though nothing reached the shop", None
    if case.promise and case.promise not in str(details.get("promise_text", "")):
        return f"promise_text lacks {case.promise!r}: {str(details.get('promise_text', ''))[:200]!r}", None
    if status != "submitted":
        return None, None
    if not got[-1].accepted:
        return "submitted, but the shop did not accept the last request", None
    assert submitted_at is not None
    err = submitted_at - got[-1].at
    if abs(err) > TIMESTAMP_TOLERANCE_S:
        return f"submitted_at is {err:+.2f}s off the shop's receipt time", err
    return None, err


async def run_case(sites: RawSites, pool: BrowserPool, tmp: Path, case: Case) -> Result:
    site = sites[case.site]
    env, marks = make_env(pool)
    task = make_task(
        site.url_for(case.start), tmp / case.site, case.kind, time_budget=120.0
    )  # production's default
    started = time.monotonic()
    details: dict[str, Any] = {}
    submitted_at: float | None = None
    try:
        sub = await get_probe(case.kind).submit(task, env)
        status, reason, details = "submitted", str(sub.details.get("outcome", "")), dict(sub.details)
        submitted_at = sub.submitted_at.timestamp()
    except ProbeError as exc:
        status, reason, details = exc.status, exc.reason, dict(exc.details)
    seconds = time.monotonic() - started
    got = list(site.received)
    problem, err = judge(case, status, reason, seconds, details, got, marks.calls, submitted_at)
    return Result(case, status, reason, seconds, problem, details, err)
