"""`replywatch alerts test|mute|unmute|list`: check that alerts reach people, and silence them for maintenance."""

from __future__ import annotations

from datetime import datetime

import typer
from rich.table import Table

from monitor.cli.common import console, ctx_obj, die
from monitor.clock import iso_ms
from monitor.config import QuietHours, format_duration, parse_duration

alerts_app = typer.Typer(
    help="Alert rules and notifications: test, mute, unmute, list.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(alerts_app, name="alerts")


@alerts_app.command("test")
def test(
    ctx: typer.Context,
    name: str = typer.Argument(None, help="Only this alert rule or notification (default: all of them)."),
) -> None:
    """Send a test message to every destination and say which worked (exit 1 if any failed)."""
    from monitor.alerts.run import send_test

    app = ctx_obj(ctx)
    factory = app.ready_factory()
    try:
        results = send_test(app.config, factory, app.clock, name)
    except KeyError as exc:
        die(str(exc.args[0]))
        return
    if not results:
        die(
            "no destinations configured: give an alert rule or notification 'notify', 'notify_env' or 'webhooks'"
        )
    for r in results:
        status = "ok" if r.ok else "FAILED"
        line = f"{status:<7} {r.channel}  {r.label}"
        if not r.ok:
            line += f"  ({r.tries} tries) {r.error}"
        typer.echo(line)
    worked = sum(r.ok for r in results)
    typer.echo(f"{worked} of {len(results)} destinations worked")
    raise typer.Exit(0 if worked == len(results) else 1)


@alerts_app.command("mute")
def mute(
    ctx: typer.Context,
    for_: str = typer.Option(..., "--for", help="How long, e.g. 2h, 30m, 1d."),
    rule: str = typer.Option(None, "--rule", help="Only this alert rule or notification (default: all)."),
    target: str = typer.Option(None, "--target", help="Only this target (default: all)."),
    reason: str = typer.Option("", "--reason", help="Why, shown in the dashboard and `alerts list`."),
) -> None:
    """Silence alerts for a maintenance window, starting now."""
    from monitor.alerts.mute import add_mute
    from monitor.store.db import transaction

    app = ctx_obj(ctx)
    cfg = app.config
    try:
        length = parse_duration(for_)
    except ValueError as exc:
        die(f"--for: {exc}")
        return
    names = [a.name for a in cfg.alerts] + [n.name for n in cfg.notifications]
    if rule is not None and rule not in names:
        die(f"--rule: no alert rule or notification named {rule!r}; known: {', '.join(names) or 'none'}")
    if target is not None and target not in {t.name for t in cfg.targets}:
        die(f"--target: no target named {target!r} in the config")
    now = app.clock.now()
    with transaction(app.ready_factory()) as s:
        try:
            row = add_mute(s, now=now, length=length, rule=rule, target=target, reason=reason, by="cli")
        except ValueError as exc:
            die(f"--for: {exc}")
            return
        mute_id, ends = row.id, row.ends_at
    typer.echo(
        f"mute #{mute_id}: {rule or 'every rule'} / {target or 'every target'} until {iso_ms(ends)} "
        f"({format_duration(length)})"
    )


@alerts_app.command("unmute")
def unmute(
    ctx: typer.Context,
    mute_id: int = typer.Argument(None, help="The mute's number (see `alerts list`)."),
    all_: bool = typer.Option(False, "--all", help="Lift every mute set from the CLI or the dashboard."),
) -> None:
    """End a mute now; messages it held go out on the next alert run."""
    from sqlalchemy import select

    from monitor.alerts.mute import lift_mute
    from monitor.store.db import transaction
    from monitor.store.models import AlertMute

    app = ctx_obj(ctx)
    if (mute_id is None) == (not all_):
        die("give a mute number or --all")
    now = app.clock.now()
    with transaction(app.ready_factory()) as s:
        ids = (
            [mute_id]
            if mute_id is not None
            else list(
                s.scalars(select(AlertMute.id).where(AlertMute.lifted_at.is_(None), AlertMute.ends_at > now))
            )
        )
        lifted = [i for i in ids if lift_mute(s, i, now)]
    if mute_id is not None and not lifted:
        die(f"no active mute #{mute_id} (mutes from the config end only when the config changes)")
    typer.echo(f"lifted {len(lifted)} mute(s)" + (f": #{', #'.join(map(str, lifted))}" if lifted else ""))


@alerts_app.command("list")
def list_(ctx: typer.Context) -> None:
    """Rules, notifications, mutes in force and open alerts."""
    from monitor.alerts.history import load_history
    from monitor.alerts.senders import destinations

    app = ctx_obj(ctx)
    cfg = app.config
    now = app.clock.now()
    with app.ready_factory()() as s:
        hist = load_history(s, cfg, now, limit=0)
    t = Table(title="alert rules and notifications")
    for col in ("name", "when / events", "window", "quiet hours", "destinations"):
        t.add_column(col, overflow="fold")
    for a in cfg.alerts:
        t.add_row(
            a.name,
            a.when,
            format_duration(a.window),
            _quiet(a.quiet_hours),
            ", ".join(d.label for d in destinations(cfg, a)),
        )
    for n in cfg.notifications:
        t.add_row(
            n.name,
            ", ".join(n.events),
            f"lookback {format_duration(n.lookback)}",
            _quiet(n.quiet_hours),
            ", ".join(d.label for d in destinations(cfg, n)),
        )
    console.print(t)
    m = Table(title="mutes in force or scheduled")
    for col in ("mute", "rule / target", "from", "until", "reason"):
        m.add_column(col, overflow="fold")
    for mu in hist.mutes:
        m.add_row(
            f"#{mu.id}" if mu.id else "config",
            f"{mu.rule or 'every rule'} / {mu.target or 'every target'}",
            _t(mu.starts_at),
            _t(mu.ends_at),
            mu.reason,
        )
    console.print(m if hist.mutes else "no mutes in force or scheduled")
    o = Table(title="open alerts")
    for col in ("rule", "scope", "since", "delivered", "message"):
        o.add_column(col, overflow="fold")
    for e in hist.open_events:
        o.add_row(e.rule, e.scope, _t(e.fired_at), "yes" if e.delivered else "no", e.message)
    console.print(o if hist.open_events else "no open alerts")


def _quiet(q: QuietHours | None) -> str:
    if q is None:
        return "-"
    return f"{q.from_}-{q.to} {q.timezone or '(target time zone)'}"


def _t(value: datetime | None) -> str:
    return iso_ms(value) or "-"
