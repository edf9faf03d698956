"""`replywatch report`: the table in the terminal, or a file in csv/json/xlsx/html/pdf."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import typer

from monitor import i18n
from monitor.cli.common import console, ctx_obj, die
from monitor.cli.progress import counted, progress_bar
from monitor.report.filters import make_filter
from monitor.report.metrics import build_report
from monitor.report.output import FORMATS, write_export
from monitor.report.terminal import print_report
from monitor.store.reportq import probe_rows


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    ctx: typer.Context,
    format: str = typer.Option("table", "--format", "-f", help="table | " + " | ".join(FORMATS)),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to FILE (default: stdout; pdf/xlsx need -o)."
    ),
    campaign: list[str] = typer.Option([], "--campaign", help="Only these campaigns (repeatable)."),
    group: list[str] = typer.Option([], "--group", help="client | competitor (repeatable)."),
    target: list[str] = typer.Option([], "--target", help="Only these targets (repeatable)."),
    touchpoint: list[str] = typer.Option(
        [], "--touchpoint", help="form | email | chat | callback (repeatable)."
    ),
    since: str | None = typer.Option(
        None, "--since", help="Probes scheduled from this date/time, or e.g. 7d ago."
    ),
    until: str | None = typer.Option(None, "--until", help="Probes scheduled before this date/time."),
) -> None:
    """ "N of M answered, K within 10 min" per touchpoint and target; exports with -f."""
    app = ctx_obj(ctx)
    cfg = app.config
    factory = app.ready_factory()
    now = app.clock.now()
    if format != "table" and format not in FORMATS:
        die(f"unknown format {format!r}; expected table, {', '.join(FORMATS)}")
    if format in ("xlsx", "pdf") and output is None:
        die(f"--format {format} writes a binary file: give -o FILE")
    try:
        flt = make_filter(
            campaigns=campaign,
            groups=group,
            targets=target,
            kinds=touchpoint,
            since=since,
            until=until,
            now=now,
            tz=cfg.timezone,
        )
    except ValueError as exc:
        die(str(exc))
        return
    lang = i18n.get(i18n.from_environment(cfg.ui.language))
    with factory() as session:
        rep = build_report(session, flt, now=now, detail=format in ("html", "pdf", "json"))
        if format == "table":
            if not rep.cells:
                console.print("no probes match these filters yet")
                return
            print_report(rep, console, lang)
            return
        streamed = format in (
            "json",
            "xlsx",
        )  # these write every probe; csv is the summary, html/pdf a sample
        with progress_bar(f"writing {format}", rep.total.probes) if streamed else nullcontext(None) as step:
            rows = (
                counted(probe_rows(session, flt), step, rep.total.probes)
                if step
                else probe_rows(session, flt)
            )
            if output is None:
                write_export(format, rep, rows, sys.stdout.buffer, lang=lang)
                sys.stdout.flush()
                return
            output.parent.mkdir(parents=True, exist_ok=True)
            with output.open("wb") as fh:
                write_export(format, rep, rows, fh, lang=lang)
    console.print(f"[green]wrote[/] {output} ({format}, {rep.total.probes} probes)")
