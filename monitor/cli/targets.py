"""`replywatch targets import FILE.csv|xlsx`: add or update targets from a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import typer

from monitor.cli.common import AppContext, console, ctx_obj, err_console, fail_config
from monitor.config import Config

targets_app = typer.Typer(help="Targets from spreadsheets.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(targets_app, name="targets")


@targets_app.command("import")
def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="A .csv (; or , UTF-8 or cp1251) or .xlsx."
    ),
    into: Path = typer.Option(
        None, "--into", help="Put new targets in this include file (default: the config)."
    ),
) -> None:
    """Add or update targets (name, group, url, e-mails, phones, time zone, country); all rows or none."""
    from monitor.config import ConfigError
    from monitor.targets.importer import ImportRefused, import_targets

    app = ctx_obj(ctx)
    try:
        done = import_targets(file, app.config, app.config_path, into=into)
    except ImportRefused as exc:
        err_console.print(f"[bold red]{len(exc.problems)} problem(s); nothing was changed:[/]")
        for p in exc.problems:
            err_console.print(f"  {p}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except ConfigError as exc:
        err_console.print("[bold red]the config would not load after the import; nothing was changed.[/]")
        fail_config(exc)
        return
    files = ", ".join(str(p) for p in done.files)
    console.print(
        f"added {len(done.added)}, updated {len(done.updated)} target(s) in {files}", highlight=False
    )
    _sync(app, done.config)


def _sync(app: AppContext, cfg: Config) -> None:
    """Mirror the new config into the database now, when it is reachable and current."""
    from monitor.store.db import SchemaOutOfDate, require_current_schema, transaction
    from monitor.store.repo import sync_config

    try:
        require_current_schema(app.engine)
    except (SchemaOutOfDate, LookupError):
        console.print("the database picks them up at the next run")
        return
    with transaction(app.factory) as s:
        sync_config(s, cfg)
