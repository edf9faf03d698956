"""`replywatch calls import FILE.csv` (a provider's call log) and `replywatch call-event` (one call by hand)."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime
from pathlib import Path

import typer

from monitor.cli.common import console, ctx_obj, die, is_tty
from monitor.cli.progress import progress_bar
from monitor.clock import as_utc
from monitor.country import country_for_timezone
from monitor.store.db import transaction
from monitor.telephony.base import HookError, caller, dialled_number
from monitor.telephony.calllog import LogError, Row, header_of, make_mapping, read_rows
from monitor.watch.calls import CallEvent, record_with_reason

calls_app = typer.Typer(help="Inbound calls and SMS: import a provider's call log.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("call-event")(call_event)
    app.add_typer(calls_app, name="calls")


@calls_app.command("import")
def import_log(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="The provider's call log, CSV with a header row."),
    format: str = typer.Option("auto", "--format", "-f", help="auto | twilio | zadarma | generic"),
    mapping: str = typer.Option(
        "",
        "--map",
        help="Columns by role: id=...,from=...,to=...,at=...[,duration=,text=,channel=,direction=]",
    ),
    tz: str = typer.Option(
        None, "--tz", help="Time zone of times written without one (default: the config's)."
    ),
    provider: str = typer.Option(
        "", "--provider", help="A label for a generic log's events (default: import)."
    ),
) -> None:
    """Match a call log's calls and SMS to callback probes. Running it again adds nothing."""
    app = ctx_obj(ctx)
    cfg = app.config
    factory = app.ready_factory()
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        die(f"{file}: cannot read it as UTF-8 text ({exc})")
        return
    headers = header_of(text)
    try:
        m = make_mapping(format, headers, spec=mapping, tz=tz or cfg.timezone, provider=provider)
    except (LogError, KeyError) as exc:
        die(f"{file}: {exc}")
        return
    region = country_for_timezone(cfg.timezone)
    counts = {"matched": 0, "unmatched": 0, "already imported": 0, "skipped": 0}
    rows = list(read_rows(text, m, region=region, now=app.clock.now()))
    # On a terminal a bar under the row lines; elsewhere each row's own line already tells the progress.
    bar = progress_bar("importing calls", len(rows), console=console) if is_tty() else nullcontext(_no_step)
    with transaction(factory) as s, bar as step:
        for i, row in enumerate(rows, start=1):
            outcome, line = _apply(s, row, app.clock.now(), region)
            counts[outcome] += 1
            _say(file, row, outcome, line)
            step(i, len(rows))
    summary = f"{file}: {len(rows)} rows ({m.provider}): " + ", ".join(f"{n} {k}" for k, n in counts.items())
    if is_tty():
        console.print(summary, markup=False, highlight=False)
    else:
        print(summary)  # one unwrapped line for scripts and logs


def _no_step(_done: int, _total: int) -> None:
    return None


def _apply(session: object, row: Row, now: datetime, region: str | None) -> tuple[str, str]:
    if row.event is None:
        return "skipped", row.skipped
    r, why = record_with_reason(session, row.event, now=now, region=region)  # type: ignore[arg-type]
    if r is None:
        return "already imported", why
    if r.probe_id is None:
        return "unmatched", f"kept for review: {why}"
    return "matched", f"probe {r.probe_id} ({r.kind}, {r.match_method}): {why}"


def _say(file: Path, row: Row, outcome: str, line: str) -> None:
    if is_tty():
        colour = {"matched": "green", "unmatched": "yellow", "skipped": "red"}.get(outcome, "dim")
        console.print(f"[dim]line {row.number}[/] [{colour}]{outcome}[/]: ", end="")
        console.print(line, markup=False, highlight=False)
    else:
        print(f"{file}:{row.number}: {outcome}: {line}")


def call_event(
    ctx: typer.Context,
    from_number: str = typer.Option(..., "--from", help="The caller's number (the shop)."),
    to_number: str = typer.Option(..., "--to", help="The number called (the persona's phone)."),
    at: str = typer.Option(None, "--at", help="When it rang, ISO 8601 (default: now)."),
    sms: str = typer.Option(None, "--sms", help="SMS text (makes it an SMS, not a call)."),
    duration: float = typer.Option(None, "--duration", help="Call duration in seconds (0 = missed)."),
    event_id: str = typer.Option(None, "--id", help="Unique id (default: from + time)."),
) -> None:
    """Record a callback (call or SMS) from a shop; it is matched to the probe that asked for it."""
    app = ctx_obj(ctx)
    factory = app.ready_factory()
    now = app.clock.now()
    region = country_for_timezone(app.config.timezone)
    try:
        when = as_utc(datetime.fromisoformat(at.replace("Z", "+00:00"))) if at else now
        frm, to = caller("--from", from_number, region), dialled_number("--to", to_number, region)
    except ValueError:
        die(f"--at: expected an ISO 8601 time like 2026-11-27T10:15:00+03:00, found {at!r}")
        return
    except HookError as exc:
        die(exc.reason)
        return
    ev = CallEvent(
        channel="sms" if sms else "call",
        from_number=frm,
        to_number=to,
        at=when,
        event_id=event_id or f"{frm}@{when.isoformat()}",
        duration_s=duration,
        text=sms,
        provider="manual",
    )
    with transaction(factory) as s:
        r, why = record_with_reason(s, ev, now=now, region=region)
        if r is None:
            console.print("already recorded")
        elif r.probe_id is None:
            console.print(f"stored as [yellow]unmatched[/]: {why}; review it in the dashboard")
        else:
            console.print(
                f"stored as {r.kind} reply to probe {r.probe_id} ({r.match_method}, {r.match_confidence})"
            )
