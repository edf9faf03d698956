"""Run one probe end to end: claim it, act through its probe kind, record the verdict.

This is the only place that turns a ``Submission`` or a ``ProbeError`` into a
probe status, and it is what every dispatcher (in-process, procrastinate
worker, the `probe` command) calls. Retry and rate limits wrap it from the
scheduler side; the probe modules never see the database.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import Clock
from monitor.config import Config, read_secret
from monitor.promises import parse_promise
from monitor.store import callwindows, repo
from monitor.store.db import transaction
from monitor.store.models import Probe, Target, Touchpoint
from monitor.store.outage import is_outage, retry_while_down
from monitor.store.replies import record_promise
from monitor.store.text import clean_json, clean_text
from probes.base import Persona, ProbeEnv, ProbeError, ProbeTask, Submission, TemporaryFailure, get_probe
from probes.private import private_dir

log = logging.getLogger("replywatch.runner")

MAX_ATTEMPTS = 3


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def build_task(cfg: Config, p: Probe, tp: Touchpoint, target: Target) -> ProbeTask:
    persona = p.persona or {}
    settings = tp.settings or {}
    evidence_dir = cfg.data_path() / "evidence" / f"probe-{p.id}"
    try:
        proxy = cfg.target(target.name).proxy
    except KeyError:  # a target since removed from the config: its probes still run
        proxy = None
    return ProbeTask(
        probe_id=p.id,
        token=p.token,
        kind=p.kind,
        target=target.name,
        persona=Persona(
            first_name=persona.get("first_name", ""),
            last_name=persona.get("last_name", ""),
            phone=p.phone or persona.get("phone", ""),
            email=p.reply_address,
            city=persona.get("city"),
        ),
        question=p.question,
        subject=p.subject or "",
        evidence_dir=evidence_dir,
        url=tp.url,
        to_address=tp.address,
        message_id=p.message_id,
        selector=settings.get("selector"),
        field_selectors=settings.get("fields") or {},
        options={
            **(settings.get("options") or {}),
            "touchpoint_key": tp.key,
            "target_url": target.url,
            "pacing": cfg.browser.human_pacing,
            "from_name": cfg.shopper.mailbox.from_name,
        },
        time_budget=cfg.browser.probe_timeout.total_seconds(),
        proxy=proxy or cfg.browser.proxy,
    )


def make_env(cfg: Config, *, browser: Any = None) -> ProbeEnv:
    smtp = cfg.shopper.mailbox.smtp
    password = read_secret(smtp.password_env, smtp.password_file, base=cfg.base_dir) if smtp else None
    return ProbeEnv(browser=browser, smtp=smtp, smtp_password=password)


def _evidence_rows(sub_or_err: Submission | ProbeError) -> list[dict[str, Any]]:
    return [asdict(e) for e in sub_or_err.evidence]


async def run_probe(
    cfg: Config,
    factory: sessionmaker[Session],
    clock: Clock,
    probe_id: int,
    env: ProbeEnv,
    *,
    worker: str | None = None,
) -> str:
    """Execute one probe exactly once. Returns its status afterwards."""
    claimed = _claim(cfg, factory, clock, probe_id, worker or worker_name())
    if isinstance(claimed, str):
        return claimed
    task, attempts = claimed
    private_dir(task.evidence_dir)
    log.info("probe %s start: %s %s", probe_id, task.target, task.kind)
    try:
        probe = get_probe(task.kind)
        sub = await asyncio.wait_for(
            probe.submit(task, _probe_env(env, factory, clock, probe_id)), timeout=task.time_budget + 30
        )
    except Exception as exc:  # every way a probe can end without a submission; cancellation passes
        return await _end_after_error(factory, clock, probe_id, attempts, exc)
    return await _record_submission(factory, probe_id, sub)


def _claim(
    cfg: Config, factory: sessionmaker[Session], clock: Clock, probe_id: int, worker: str
) -> tuple[ProbeTask, int] | str:
    """Claim the probe and build its task (with its attempts so far), or say why it does not run now."""
    with transaction(factory) as s:
        if not repo.claim_probe(s, probe_id, worker, clock.now()):
            p = s.get(Probe, probe_id)
            return p.status if p else "missing"
        p = s.get(Probe, probe_id)
        assert p is not None
        if (waiting := callwindows.take_phone(s, cfg, p, clock.now())) is not None:
            log.info("probe %s %s", probe_id, waiting)
            return "scheduled"
        tp = s.get(Touchpoint, p.touchpoint_id)
        target = s.get(Target, p.target_id)
        assert tp is not None and target is not None
        return build_task(cfg, p, tp, target), p.attempts


def _probe_env(env: ProbeEnv, factory: sessionmaker[Session], clock: Clock, probe_id: int) -> ProbeEnv:
    """The probe's view of the world: our clock, and a mark stored right before the irreversible step."""

    async def _mark() -> None:
        try:
            with transaction(factory) as s:
                repo.mark_submit_started(s, probe_id, clock.now())
        except Exception as exc:
            if is_outage(exc):  # without this mark a crash could repeat the submission: do not submit now
                raise TemporaryFailure(f"database unavailable before submitting: {exc}"[:500]) from exc
            raise

    return ProbeEnv(
        now=clock.now,
        browser=env.browser,
        smtp=env.smtp,
        smtp_password=env.smtp_password,
        mark_submit_started=_mark,
        extras=env.extras,
    )


async def _end_after_error(
    factory: sessionmaker[Session], clock: Clock, probe_id: int, attempts: int, exc: Exception
) -> str:
    """A probe that did not submit: retried later when nothing reached the shop, else ended with why."""
    if isinstance(exc, TimeoutError):
        return await _end(
            factory, clock, probe_id, "failed", "timeout: the probe exceeded its time budget", [], {}
        )
    if isinstance(exc, TemporaryFailure):
        if attempts < MAX_ATTEMPTS and not exc.submission_possible:
            return await _release_for_retry(factory, clock, probe_id, attempts, exc.reason)
        return await _end(factory, clock, probe_id, "failed", exc.reason, _evidence_rows(exc), exc.details)
    if isinstance(exc, ProbeError):
        return await _end(factory, clock, probe_id, exc.status, exc.reason, _evidence_rows(exc), exc.details)
    # A bug or an unexpected site: the probe ends, the process lives.
    log.error("probe %s crashed", probe_id, exc_info=exc)
    return await _end(factory, clock, probe_id, "failed", f"error: {type(exc).__name__}: {exc}"[:500], [], {})


async def _release_for_retry(
    factory: sessionmaker[Session], clock: Clock, probe_id: int, attempts: int, why: str
) -> str:
    """Back to `scheduled` after a backoff (1, 2, 4 min...): nothing reached the shop, so a retry is safe."""
    delay = timedelta(seconds=60 * 2 ** (attempts - 1))

    def release() -> None:
        with transaction(factory) as s:
            repo.release_for_retry(s, probe_id, reason=why, retry_at=clock.now() + delay)

    await asyncio.to_thread(retry_while_down, release, f"probe {probe_id}: releasing it for a retry")
    log.warning("probe %s temporary failure (%s); retry in %s", probe_id, why, delay)
    return "scheduled"


async def _record_submission(factory: sessionmaker[Session], probe_id: int, sub: Submission) -> str:
    """The shop has it now: a database restart must delay this record, never lose it."""

    def record() -> None:
        with transaction(factory) as s:
            if repo.mark_submitted(
                s,
                probe_id,
                submitted_at=sub.submitted_at,
                evidence=clean_json(_evidence_rows(sub)),
                details=clean_json(dict(sub.details)),
                message_id=sub.message_id,
            ):
                record_page_promise(s, probe_id, sub)

    await asyncio.to_thread(retry_while_down, record, f"probe {probe_id}: recording its submission")
    log.info("probe %s submitted at %s", probe_id, sub.submitted_at.isoformat())
    return "submitted"


def record_page_promise(s: Session, probe_id: int, sub: Submission) -> None:
    """The reply time promised on the page near the form or chat (probes put its text in ``promise_text``)."""
    promise = parse_promise(str(sub.details.get("promise_text") or ""), "page")
    p = s.get(Probe, probe_id)
    if promise is not None and p is not None:
        record_promise(p, promise)


async def _end(
    factory: sessionmaker[Session],
    clock: Clock,
    probe_id: int,
    status: str,
    reason: str,
    evidence: list[dict[str, Any]],
    details: Any,
) -> str:
    now = clock.now()

    def record() -> None:
        with transaction(factory) as s:
            # What a site sent back (its text in a reason, its markup in details) may hold NULs.
            repo.mark_ended(
                s,
                probe_id,
                status=status,
                reason=clean_text(reason),
                now=now,
                evidence=clean_json(evidence),
                details=clean_json(dict(details or {})),
            )

    await asyncio.to_thread(retry_while_down, record, f"probe {probe_id}: recording that it {status}")
    log.info("probe %s %s: %s", probe_id, status, reason)
    return status
