"""`replywatch prune --evidence-days N`: delete old evidence files; every figure stays."""

from __future__ import annotations

import typer

from monitor.cli.common import console, ctx_obj, die
from monitor.cli.progress import progress_bar


def register(app: typer.Typer) -> None:
    app.command("prune")(prune)


def prune(
    ctx: typer.Context,
    evidence_days: int = typer.Option(
        None,
        "--evidence-days",
        min=1,
        help="Keep evidence this many days (default: retention.evidence_days).",
    ),
) -> None:
    """Delete screenshots, saved pages, transcripts and raw mail older than N days; rows keep a note."""
    from monitor.store.retention import prune_evidence

    app = ctx_obj(ctx)
    cfg = app.config
    days = evidence_days or cfg.retention.evidence_days
    if not days:
        die("give --evidence-days N (or set retention.evidence_days in the config)")
        return
    factory = app.ready_factory()
    with progress_bar("pruning evidence") as step:
        done = prune_evidence(factory, cfg.data_path(), days=days, now=app.clock.now(), progress=step)
    console.print(
        f"pruned evidence older than {days} days: {done.files} file(s) of {done.probes} probe(s) "
        f"and {done.replies} repl(ies); figures unchanged",
        highlight=False,
    )
