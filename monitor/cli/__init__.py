"""The `replywatch` command. Commands live in small modules; this file only assembles them."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import typer

from monitor.cli.common import AppContext

app = typer.Typer(
    name="replywatch",
    help="Mystery-shopper response-time monitor: probe shops' touchpoints and time their answers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

# Each module defines register(app). Kept as a plain list: adding a command is one module.
COMMAND_MODULES = (
    "monitor.cli.setup",  # init, check, config-schema, db
    "monitor.cli.probing",  # probe, watch
    "monitor.cli.discovering",  # discover
    "monitor.cli.reporting",  # report
    "monitor.cli.serving",  # serve
    "monitor.cli.daemon",  # run, worker, campaigns, status
    "monitor.cli.demo",  # demo
    "monitor.cli.calls",  # call-event
    "monitor.cli.alerts",  # alerts test|mute|unmute|list
    "monitor.cli.access",  # api-key create|list|revoke, share
    "monitor.cli.retention",  # prune
    "monitor.cli.targets",  # targets import
)


@app.callback()
def _root(
    ctx: typer.Context,
    config: Path = typer.Option(
        Path(os.environ.get("REPLYWATCH_CONFIG", "replywatch.yaml")),
        "--config",
        "-c",
        help="Configuration file (env REPLYWATCH_CONFIG).",
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Debug logging."),
) -> None:
    from monitor.logs import setup_logging

    setup_logging(verbose)
    ctx.obj = AppContext(config_path=config)


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        mod.register(app)


_load_commands()


def main() -> None:
    from sqlalchemy.exc import InterfaceError, OperationalError

    # Evidence, raw mail, the database, libraries' files: the operator's alone. Set here, in the
    # process's entry point, not in a command callback that in-process callers (tests) would inherit.
    os.umask(0o077)
    try:
        app()
    except (
        OperationalError,
        InterfaceError,
    ) as exc:  # e.g. `status` while PostgreSQL restarts: say so plainly
        reason = str(exc.orig if exc.orig is not None else exc).strip().splitlines()[0][:300]
        typer.echo(f"error: the database is unreachable: {reason}", err=True)
        raise SystemExit(3) from None
