"""First commands a user types: init, check, config-schema, db upgrade/current."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import typer

from monitor.cli.common import console, ctx_obj, die, err_console, fail_config
from monitor.cli.rollupcmds import db_check, db_rebuild_rollups
from monitor.config import ConfigError, json_schema, load_config
from monitor.store.db import current_revision, head_revision, make_engine, upgrade


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("check")(check)
    app.command("config-schema")(config_schema)
    db = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
    db.command("upgrade")(db_upgrade)
    db.command("current")(db_current)
    db.command("check")(db_check)
    db.command("rebuild-rollups")(db_rebuild_rollups)
    app.add_typer(db, name="db")


def init(directory: Path = typer.Argument(..., help="Directory for the new config and database.")) -> None:
    """Write a commented starter config, secret files and an empty database into DIRECTORY."""
    directory.mkdir(parents=True, exist_ok=True)
    cfg_path = directory / "replywatch.yaml"
    if cfg_path.exists():
        die(f"{cfg_path} already exists; not overwriting it")
    cfg_path.write_text(
        resources.files("monitor.templates").joinpath("starter.yaml").read_text("utf-8"), "utf-8"
    )
    secrets = directory / "secrets"
    secrets.mkdir(mode=0o700, exist_ok=True)
    for name in ("imap_password", "smtp_password"):
        f = secrets / name
        if not f.exists():
            f.touch(mode=0o600)
    cfg = load_config(cfg_path, check_secrets=False)
    upgrade(make_engine(cfg.database_url()))
    console.print(f"[green]created[/] {cfg_path}, {secrets}/ and the database {cfg.database_url()}")
    console.print(
        f"next: edit the config, put the passwords into {secrets}/, then "
        f"[bold]replywatch --config {cfg_path} check[/]"
    )


def check(ctx: typer.Context) -> None:
    """Validate the configuration; exit non-zero on any problem. Writes nothing."""
    app = ctx_obj(ctx)
    try:
        cfg = load_config(app.config_path)
    except ConfigError as exc:
        fail_config(exc)
        return
    n_tp = sum(len(t.touchpoints) for t in cfg.targets)
    console.print(
        f"[green]ok[/] {app.config_path}: {len(cfg.targets)} targets, {n_tp} touchpoints, "
        f"{len(cfg.campaigns)} campaigns, {len(cfg.alerts)} alerts"
    )


def config_schema() -> None:
    """Print the configuration's JSON Schema (for editor completion and validation)."""
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def db_upgrade(ctx: typer.Context) -> None:
    """Apply database migrations up to this version's schema."""
    app = ctx_obj(ctx)
    before = current_revision(app.engine)
    upgrade(app.engine)
    console.print(f"database schema: {before or 'empty'} -> {head_revision()}")


def db_current(ctx: typer.Context) -> None:
    """Show the database's schema revision and the one this version needs."""
    app = ctx_obj(ctx)
    cur, head = current_revision(app.engine), head_revision()
    console.print(
        f"current: {cur or 'empty'}  needed: {head}  {'(up to date)' if cur == head else '(run: replywatch db upgrade)'}"
    )
    if cur != head:
        err_console.print("schema out of date")
        raise typer.Exit(1)
