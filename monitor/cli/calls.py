"""`replywatch call-event`: log an inbound call or SMS by hand (or from a script)."""

from __future__ import annotations

from datetime import datetime

import typer

from monitor.cli.common import console, ctx_obj, die
from monitor.clock import as_utc
from monitor.store.db import transaction
from monitor.watch.calls import CallEvent, record_event


def register(app: typer.Typer) -> None:
    app.command("call-event")(call_event)


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
    try:
        when = as_utc(datetime.fromisoformat(at.replace("Z", "+00:00"))) if at else now
    except ValueError:
        die(f"--at: expected an ISO 8601 time like 2026-11-27T10:15:00+03:00, found {at!r}")
        return
    ev = CallEvent(channel="sms" if sms else "call", from_number=from_number, to_number=to_number, at=when,
                   event_id=event_id or f"{from_number}@{when.isoformat()}", duration_s=duration, text=sms,
                   provider="manual")
    with transaction(factory) as s:
        r = record_event(s, ev, now=now)
        if r is None:
            console.print("already recorded")
        elif r.probe_id is None:
            console.print("stored as [yellow]unmatched[/]: review it in the dashboard")
        else:
            console.print(f"stored as {r.kind} reply to probe {r.probe_id} ({r.match_method}, {r.match_confidence})")
