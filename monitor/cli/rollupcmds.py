"""`replywatch db check` and `db rebuild-rollups`: prove the report rollups equal raw rows, or rebuild them."""

from __future__ import annotations

import time

import typer
from rich.markup import escape

from monitor.cli.common import console, ctx_obj, err_console
from monitor.store import reportq, rollups
from monitor.store.db import transaction

SHOWN = 50


def db_check(ctx: typer.Context) -> None:
    """Recompute every rollup from raw probes and replies; exit 1 naming each cell that differs."""
    factory = ctx_obj(ctx).ready_factory()
    t0 = time.perf_counter()
    with factory() as s:
        diffs = rollups.check(s)
        names = {tid: t.name for tid, t in reportq.targets(s).items()}
        camps = reportq.campaigns(s)
        n_rows = sum(1 for _ in rollups.stored(s))
    took = time.perf_counter() - t0
    if not diffs:
        console.print(f"[green]ok[/] {n_rows:,} rollup rows equal a full recompute ({took:.1f} s)")
        return
    err_console.print(f"[bold red]{len(diffs)} rollup cell(s) differ from a full recompute:[/]")
    for d in diffs[:SHOWN]:
        err_console.print("  x " + escape(d.describe(names, camps)), highlight=False, soft_wrap=True)
    if len(diffs) > SHOWN:
        err_console.print(f"  ... and {len(diffs) - SHOWN} more")
    err_console.print("repair with: replywatch db rebuild-rollups")
    raise typer.Exit(1)


def db_rebuild_rollups(ctx: typer.Context) -> None:
    """Throw the report rollups away and compute them again from raw rows (in one transaction)."""
    factory = ctx_obj(ctx).ready_factory()
    t0 = time.perf_counter()
    with transaction(factory) as s:
        n = rollups.rebuild(s)
    console.print(f"rebuilt {n:,} rollup rows in {time.perf_counter() - t0:.1f} s")
