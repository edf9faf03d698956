"""`replywatch probe` (send now) and `replywatch watch` (wait for the answers): thin wiring only."""

from __future__ import annotations

import asyncio
import importlib
import logging
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import typer
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from monitor.cli.common import console, ctx_obj, die
from monitor.cli.output import FORMAT_HELP, OutFormat, print_json
from monitor.cli.progress import Step, progress_bar
from monitor.clock import Clock, iso_ms
from monitor.config import Config, parse_duration
from monitor.runner import make_env, run_probe
from monitor.store import repo
from monitor.store.db import transaction
from monitor.store.models import Campaign, Probe, Target
from probes.kinds import BROWSER_KINDS

log = logging.getLogger("replywatch.cli.probing")


def register(app: typer.Typer) -> None:
    app.command("probe")(probe)
    app.command("watch")(watch)


# --------------------------------------------------------------------------- probe


def probe(
    ctx: typer.Context,
    touchpoint: list[str] = typer.Option(
        [], "--touchpoint", "-t", help="Touchpoint kind (repeatable): email, form, chat..."
    ),
    target: list[str] = typer.Option([], "--target", help="Target name (repeatable); default: all active."),
    campaign: str | None = typer.Option(None, "--campaign", help="Probe what this campaign covers."),
    deadline: str | None = typer.Option(
        None, "--deadline", help="Reply deadline, e.g. 72h (default: campaign's or 72h)."
    ),
    chat_window: str | None = typer.Option(
        None,
        "--chat-window",
        help="Keep open chats live this long for exact answer times (default: chat.first_window; 0 parks at once).",
    ),
    fmt: OutFormat = typer.Option(OutFormat.table, "--format", help=FORMAT_HELP),
) -> None:
    """Send probes now to the selected touchpoints and show what happened.

    Chats stay open, timed live, until answered or until the first window ends; then they are parked for `watch`.
    """
    app = ctx_obj(ctx)
    cfg = app.config
    factory = app.ready_factory()
    names = {t.name for t in cfg.targets}
    unknown = [t for t in target if t not in names]
    if unknown:
        die(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(sorted(names)) or 'none'}")
    camp_cfg = next((c for c in cfg.campaigns if c.name == campaign), None)
    if campaign and camp_cfg is None:
        die(f"unknown campaign {campaign!r}; known: {', '.join(c.name for c in cfg.campaigns) or 'none'}")
    try:
        limit = parse_duration(deadline) if deadline else (camp_cfg.reply_deadline if camp_cfg else None)
    except ValueError as exc:
        die(f"--deadline: {exc}")
        return
    ids = create_probes(
        cfg, factory, app.clock, kinds=touchpoint, targets=target, campaign=campaign, deadline=limit
    )
    if not ids:
        die("no active touchpoint matches the selection", code=1)
    window = None
    if chat_window is not None:
        try:
            window = parse_duration(chat_window)
        except ValueError as exc:
            die(f"--chat-window: {exc}")
            return
    asyncio.run(run_probes(cfg, factory, app.clock, ids, chat_window=window, progress=True))
    if fmt is OutFormat.json:
        print_json(probe_results(factory, ids))
        return
    console.print(results_table(factory, ids))


def create_probes(
    cfg: Config,
    factory: sessionmaker[Session],
    clock: Clock,
    *,
    kinds: list[str],
    targets: list[str],
    campaign: str | None,
    deadline: timedelta | None,
) -> list[int]:
    """Sync the config and create one `scheduled` probe per selected touchpoint."""
    camp_cfg = next((c for c in cfg.campaigns if c.name == campaign), None)
    with transaction(factory) as s:
        repo.sync_config(s, cfg)
        camp_row = s.scalar(select(Campaign).where(Campaign.name == campaign)) if campaign else None
        tps = repo.touchpoints_for(s, cfg, camp_cfg, kinds=kinds or None, targets=targets or None)
        now = clock.now()
        return [
            repo.create_probe(s, cfg, tp, scheduled_at=now, campaign=camp_row, deadline=deadline).id
            for tp in tps
        ]


async def run_probes(
    cfg: Config,
    factory: sessionmaker[Session],
    clock: Clock,
    ids: list[int],
    *,
    chat_window: timedelta | None = None,
    progress: bool = False,
) -> dict[int, str]:
    """Run probes concurrently (bounded); a browser starts only if a browser kind is among them.

    Chat probes hand their open pages to a chat watcher that keeps timing them live
    after the probes return (see ``hold_chats``), so no answer is missed because the
    command ended; whatever is still unanswered is parked for `watch` at the end.
    """
    with factory() as s:
        kinds = set(s.scalars(select(Probe.kind).where(Probe.id.in_(ids))))
    browser = None
    if kinds & BROWSER_KINDS:
        from monitor.browsing import browser_pool

        browser = browser_pool(cfg.browser)
    env = make_env(cfg, browser=browser)
    chats = None
    if "chat" in kinds and browser is not None:
        from monitor.watch.chat import ChatWatcher

        chats = ChatWatcher(cfg, factory, clock, browser, first_window=chat_window)
        env.extras["chat_watcher"] = chats
    limit = asyncio.Semaphore(max(cfg.browser.concurrency, cfg.worker.concurrency, 4))

    finished = [0]

    async def one(pid: int, step: Step) -> tuple[int, str]:
        async with limit:
            outcome = await run_probe(cfg, factory, clock, pid, env)
        finished[0] += 1
        step(finished[0], len(ids))
        return pid, outcome

    try:
        with progress_bar("probing", len(ids)) if progress else nullcontext(_no_step) as step:
            done = dict(await asyncio.gather(*(one(pid, step) for pid in ids)))
        if chats is not None:
            await hold_chats(chats)
        return done
    finally:
        if chats is not None:
            await chats.close()  # park what is still open: `watch` reopens it
        if browser is not None:
            await browser.close()


def _no_step(_done: int, _total: int) -> None:
    return None


async def hold_chats(watcher: Any, *, poll: float = 0.5) -> None:
    """Watch the chats the probes left open until each is answered or its first window ends."""
    if not watcher.held:
        return
    with console.status("") as status:
        while watcher.held:
            await watcher.check_once()
            left = [watcher.first_window - (watcher.clock.now() - h.since) for h in watcher.held.values()]
            if left:
                status.update(
                    f"watching {len(left)} open chat(s) live for exact answer times; "
                    f"at most {_mmss(max(left))} left (Ctrl-C parks them for `watch`)"
                )
            await asyncio.sleep(poll)


def _mmss(td: timedelta) -> str:
    secs = max(0, int(td.total_seconds()))
    return f"{secs // 60}:{secs % 60:02d}"


def probe_results(factory: sessionmaker[Session], ids: list[int]) -> list[dict[str, Any]]:
    """The probes just run, for --format json."""
    with factory() as s:
        rows = s.execute(
            select(Probe, Target.name)
            .join(Target, Target.id == Probe.target_id)
            .where(Probe.id.in_(ids))
            .order_by(Probe.id)
        )
        return [
            {
                "id": p.id,
                "target": tname,
                "touchpoint": p.kind,
                "status": p.status,
                "submitted_at": iso_ms(p.submitted_at),
                "reply_address": p.reply_address,
                "reason": p.reason,
            }
            for p, tname in rows
        ]


def results_table(factory: sessionmaker[Session], ids: list[int]) -> Table:
    table = Table(title="probes")
    for col in ("id", "target", "touchpoint", "status", "submitted at", "reply address", "reason"):
        table.add_column(col)
    with factory() as s:
        rows = s.execute(
            select(Probe, Target.name)
            .join(Target, Target.id == Probe.target_id)
            .where(Probe.id.in_(ids))
            .order_by(Probe.id)
        )
        for p, tname in rows:
            table.add_row(
                str(p.id),
                tname,
                p.kind,
                _status_markup(p.status),
                _fmt(p.submitted_at),
                p.reply_address,
                p.reason or "",
            )
    return table


def _status_markup(status: str) -> str:
    color = {
        "submitted": "green",
        "answered": "green",
        "failed": "red",
        "blocked": "yellow",
        "unanswered": "red",
        "scheduled": "yellow",
    }.get(status, "white")
    return f"[{color}]{status}[/]"


def _fmt(dt: datetime | None) -> str:
    return dt.strftime("%Y-%m-%d %H:%M:%S") if dt else "-"


# --------------------------------------------------------------------------- watch


def watch(
    ctx: typer.Context,
    for_: str | None = typer.Option(
        None, "--for", help="Stop after this long (e.g. 10m); default: until all are done."
    ),
) -> None:
    """Watch the inbox (and open chats) until every waiting probe is answered or past its deadline."""
    app = ctx_obj(ctx)
    cfg = app.config
    factory = app.ready_factory()
    try:
        limit = parse_duration(for_) if for_ else None
    except ValueError as exc:
        die(f"--for: {exc}")
        return
    with transaction(factory) as s:
        repo.sync_config(s, cfg)
    asyncio.run(watch_until(cfg, factory, app.clock, limit))
    console.print(summary_table(factory))


@dataclass
class WatchPlan:
    watchers: list[Any]
    browser: Any


def build_watchers(cfg: Config, factory: sessionmaker[Session], clock: Clock) -> WatchPlan:
    """The inbox watcher if IMAP is configured, the chat watcher if that module is installed."""
    watchers: list[Any] = []
    if cfg.shopper.mailbox.imap is not None:
        from monitor.watch.imap import InboxWatcher

        watchers.append(InboxWatcher(cfg, factory, clock))
    browser = None
    try:
        chat = importlib.import_module("monitor.watch.chat")
    except ModuleNotFoundError as exc:
        if exc.name != "monitor.watch.chat":
            raise
        chat = None
    if chat is not None and _has_waiting(factory, kinds=("chat",)):
        from monitor.browsing import browser_pool

        browser = browser_pool(cfg.browser)
        watchers.append(chat.ChatWatcher(cfg, factory, clock, browser))
    return WatchPlan(watchers, browser)


def _has_waiting(factory: sessionmaker[Session], kinds: tuple[str, ...] | None = None) -> bool:
    with factory() as s:
        q = select(func.count(Probe.id)).where(Probe.status.in_(("submitted", "running")))
        if kinds:
            q = q.where(Probe.kind.in_(kinds))
        return bool(s.scalar(q))


async def watch_until(
    cfg: Config,
    factory: sessionmaker[Session],
    clock: Clock,
    limit: timedelta | None,
    *,
    check_every: float = 1.0,
) -> None:
    """Run the watchers until the time limit, or until nothing is left to wait for."""
    plan = build_watchers(cfg, factory, clock)
    if not plan.watchers:
        die("nothing to watch: configure shopper.mailbox.imap (or install the chat watcher)")
    started = clock.now()
    for w in plan.watchers:
        if hasattr(w, "sweep_once"):  # what arrived while nobody watched, even if nothing waits now
            try:
                await w.sweep_once()
            except Exception as exc:  # the run loop below retries with backoff and logs why
                log.warning("first sweep failed: %s: %s", type(exc).__name__, exc)
    stop = asyncio.Event()
    tasks = [asyncio.create_task(w.run(stop)) for w in plan.watchers]
    try:
        while True:
            with transaction(factory) as s:
                expired = repo.expire_deadlines(s, clock.now())
            if expired:
                log.info("%d probe(s) passed their deadline unanswered", expired)
            if limit is not None and clock.now() - started >= limit:
                break
            if not _has_waiting(factory):
                break
            if any(t.done() for t in tasks):
                break  # a watcher ended on its own: stop, so its error is raised below
            await asyncio.sleep(check_every)
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=False)
        if plan.browser is not None:
            await plan.browser.close()


def summary_table(factory: sessionmaker[Session]) -> Table:
    table = Table(title="probes by status")
    table.add_column("status")
    table.add_column("probes", justify="right")
    with factory() as s:
        for status, n in sorted(repo.counts_by_status(s).items()):
            table.add_row(_status_markup(status), str(n))
    return table
