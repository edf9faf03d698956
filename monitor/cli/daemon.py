"""`run`, `worker`, `campaigns` and `status`: the commands of a monitor that runs on its own."""

from __future__ import annotations

import asyncio
import signal
from typing import Any

import typer
from rich.table import Table
from sqlalchemy import func, select

from monitor.cli.common import AppContext, console, ctx_obj, die, is_tty
from monitor.cli.output import FORMAT_HELP, OutFormat, print_json, rows_table
from monitor.clock import as_utc, iso_ms
from monitor.store import repo
from monitor.store.db import SchemaOutOfDate, transaction
from monitor.store.models import PROBE_STATUSES, Campaign, Probe, WatcherStatus


def register(app: typer.Typer) -> None:
    app.command("run")(run)
    app.command("worker")(worker)
    app.command("campaigns")(campaigns)
    app.command("status")(status)


def run(
    ctx: typer.Context,
    no_web: bool = typer.Option(False, "--no-web", help="Do not serve the dashboard."),
    once: bool = typer.Option(False, "--once", help="Run the rounds due now and their probes, then exit."),
    grace: float = typer.Option(5.0, "--grace", help="Seconds running probes get to finish on SIGTERM."),
    tick: float = typer.Option(1.0, "--tick", help="Seconds between looks for due probes."),
) -> None:
    """Run the monitor: schedule campaigns, execute probes, watch replies, alert, serve the dashboard."""
    from monitor.daemon import DaemonOptions, DaemonSetupError, run_bounded, run_daemon

    app = ctx_obj(ctx)
    cfg = app.config
    try:
        code = run_bounded(
            run_daemon(
                cfg,
                app.engine,
                app.factory,
                app.clock,
                DaemonOptions(web=not no_web, once=once, grace=grace, tick=tick),
            )
        )
    except (SchemaOutOfDate, DaemonSetupError) as exc:
        die(str(exc))
        return
    raise typer.Exit(code)


def worker(
    ctx: typer.Context,
    tag: list[str] = typer.Option(
        [], "--tag", "-t", help="Serve probes of campaigns with this worker_tag (repeatable)."
    ),
    only_tagged: bool = typer.Option(False, "--only-tagged", help="Do not take untagged probes."),
    concurrency: int = typer.Option(
        0, "--concurrency", "-n", help="Probes at once (default: worker.concurrency)."
    ),
) -> None:
    """Execute probes from the PostgreSQL job queue (run any number, on any machine)."""
    app = ctx_obj(ctx)
    cfg = app.config
    if app.engine.dialect.name != "postgresql":
        die(
            "`replywatch worker` needs a PostgreSQL database; with SQLite `replywatch run` executes probes itself"
        )
    factory = app.ready_factory()
    from monitor.daemon import run_bounded

    code = run_bounded(
        _worker(
            cfg,
            app.engine,
            factory,
            app.clock,
            list(tag) or list(cfg.worker.tags),
            only_tagged,
            concurrency or cfg.worker.concurrency,
        )
    )
    raise typer.Exit(code)


async def _worker(
    cfg: Any, engine: Any, factory: Any, clock: Any, tags: list[str], only_tagged: bool, concurrency: int
) -> int:
    import logging

    from monitor.browsing import browser_pool
    from monitor.dispatch.jobqueue import (
        WorkerRuntime,
        ensure_schema,
        libpq_conninfo,
        make_app,
        queues_for_tags,
    )
    from monitor.runner import make_env, worker_name

    log = logging.getLogger("replywatch.worker")
    await asyncio.to_thread(ensure_schema, engine)
    browser = browser_pool(cfg.browser)
    env = make_env(cfg, browser=browser)
    env.now = clock.now
    runtime = WorkerRuntime(cfg, factory, clock, env, worker=worker_name())
    papp = make_app(libpq_conninfo(engine.url.render_as_string(hide_password=False)), runtime)
    queues = queues_for_tags(tags, only_tagged=only_tagged)
    log.info(
        "worker %s serving queues %s, concurrency %d",
        runtime.worker,
        queues,
        concurrency,
        extra={"event": "worker_started"},
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    async with papp.open_async():
        task = asyncio.create_task(
            papp.run_worker_async(
                queues=queues,
                concurrency=concurrency,
                name=runtime.worker,
                install_signal_handlers=False,
                shutdown_graceful_timeout=5.0,
                update_heartbeat_interval=5.0,
                stalled_worker_timeout=30.0,
                delete_jobs="successful",
            )
        )  # the probe row is the record; finished jobs need not pile up
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        stopper = asyncio.create_task(stop.wait())
        await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if not task.done():
            task.cancel()  # procrastinate treats cancellation as a graceful stop
        await asyncio.gather(task, return_exceptions=True)
        stopper.cancel()
    with transaction(factory) as s:
        repo.recover_interrupted(s, clock.now(), worker=runtime.worker)
    try:
        await asyncio.wait_for(browser.close(), timeout=5)
    except Exception:  # the worker is exiting; its probes are already released
        log.debug("browser did not close cleanly", exc_info=True)
    log.info("worker stopped", extra={"event": "worker_stopped"})
    return 0


def campaigns(
    ctx: typer.Context,
    fmt: OutFormat = typer.Option(OutFormat.table, "--format", help=FORMAT_HELP),
) -> None:
    """List campaigns with their schedule, last round and next run."""
    rows = campaign_rows(ctx_obj(ctx))
    if fmt is OutFormat.json:
        print_json(rows)
        return
    console.print(
        rows_table(
            "campaigns",
            rows,
            [
                "name",
                "schedule",
                "rules",
                "targets",
                "touchpoints",
                "last_round",
                "next_run",
                "probes",
                "state",
            ],
            right=("probes",),
        )
    )


def campaign_rows(app: AppContext) -> list[dict[str, Any]]:
    """One dict per configured campaign: the same facts for the table and for JSON."""
    from monitor.config import format_duration
    from monitor.schedule import next_round

    cfg = app.config
    factory = app.ready_factory()
    now = app.clock.now()
    with transaction(factory) as s:
        rows = {c.name: c for c in s.scalars(select(Campaign))}
        counts = dict(s.execute(select(Probe.campaign_id, func.count()).group_by(Probe.campaign_id)).all())
    out = []
    for cc in cfg.campaigns:
        row = rows.get(cc.name)
        last = as_utc(row.last_round_at) if row and row.last_round_at else None
        tz = cc.schedule.timezone or cfg.timezone
        sch = f"every {format_duration(cc.schedule.interval)}" if cc.schedule.interval else cc.schedule.cron
        nxt = next_round(cc.schedule, last, now, tz, blackout=frozenset(cc.blackout)) if cc.enabled else None
        rules = [f"hours {cc.hours}", f"gap {format_duration(cc.min_gap)}"]
        if cc.schedule.spread:
            rules.append(f"spread {format_duration(cc.schedule.spread)}")
        if cc.schedule.jitter:
            rules.append(f"jitter {format_duration(cc.schedule.jitter)}")
        if cc.blackout:
            rules.append(f"{len(cc.blackout)} blackout date(s)")
        if cc.worker_tag:
            rules.append(f"tag {cc.worker_tag}")
        out.append(
            {
                "name": cc.name,
                "schedule": str(sch),
                "rules": rules,
                "targets": "all" if cc.targets == "all" else list(cc.targets),
                "touchpoints": list(cc.touchpoints),
                "last_round": iso_ms(last),
                "next_run": "due now" if nxt is not None and nxt <= now else iso_ms(nxt),
                "probes": counts.get(row.id, 0) if row else 0,
                "state": "enabled" if cc.enabled else "disabled",
            }
        )
    return out


def status(
    ctx: typer.Context,
    fmt: OutFormat = typer.Option(OutFormat.table, "--format", help=FORMAT_HELP),
) -> None:
    """Probes by state, replies still awaited, and the health of the scheduler and watchers."""
    data = status_data(ctx_obj(ctx))
    if fmt is OutFormat.json:
        print_json(data)
        return
    t = Table(title="probes by state")
    t.add_column("state")
    t.add_column("count", justify="right")
    for st, n in data["probes"].items():
        t.add_row(st, str(n))
    console.print(t)
    console.print(
        f"waiting for a reply: {data['waiting_for_reply']}   due now: {data['due_now']}   "
        f"next scheduled: {data['next_scheduled'] or '-'}"
    )
    watchers = data["watchers"]
    if not is_tty():  # a pipe gets whole errors; a terminal a readable table
        for w in watchers:
            w["last_error"] = w["last_error"] or ""
    else:
        for w in watchers:
            w["last_error"] = (w["last_error"] or "")[:80]
    if not watchers:
        watchers = [{"name": "-", "state": "no watcher has reported yet"}]
    console.print(
        rows_table("scheduler and watchers", watchers, ["name", "state", "last_ok", "updated", "last_error"])
    )


def status_data(app: AppContext) -> dict[str, Any]:
    factory = app.ready_factory()
    now = app.clock.now()
    with transaction(factory) as s:
        counts = repo.counts_by_status(s)
        waiting = s.scalar(select(func.count()).select_from(Probe).where(Probe.status == "submitted")) or 0
        overdue_due = (
            s.scalar(
                select(func.count())
                .select_from(Probe)
                .where(Probe.status == "scheduled", Probe.scheduled_at <= now)
            )
            or 0
        )
        next_due = s.scalar(select(func.min(Probe.scheduled_at)).where(Probe.status == "scheduled"))
        watchers = list(s.scalars(select(WatcherStatus).order_by(WatcherStatus.name)))
    return {
        "probes": {st: counts.get(st, 0) for st in PROBE_STATUSES},
        "waiting_for_reply": waiting,
        "due_now": overdue_due,
        "next_scheduled": iso_ms(next_due),
        "watchers": [
            {
                "name": w.name,
                "state": w.state,
                "last_ok": iso_ms(w.last_ok_at),
                "updated": iso_ms(w.updated_at),
                "last_error": w.last_error,
            }
            for w in watchers
        ],
    }
