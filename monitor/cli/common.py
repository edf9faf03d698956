"""What every command needs: the config path, loaded once, an engine and a console.

All wiring happens in the CLI layer (no global state elsewhere): commands build
the engine, clock and clients here and pass them down.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import typer
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from monitor.cli.output import make_console
from monitor.clock import SystemClock
from monitor.config import Config, ConfigError, load_config
from monitor.store.db import SchemaOutOfDate, make_engine, require_current_schema, session_factory

console = make_console()
err_console = make_console(stderr=True)


@dataclass
class AppContext:
    config_path: Path
    clock: SystemClock = field(default_factory=SystemClock)

    @cached_property
    def config(self) -> Config:
        try:
            return load_config(self.config_path)
        except ConfigError as exc:
            fail_config(exc)
            raise  # unreachable

    @cached_property
    def engine(self) -> Engine:
        try:
            return make_engine(self.config.database_url())
        except LookupError as exc:
            die(str(exc))
            raise

    @cached_property
    def factory(self) -> sessionmaker[Session]:
        return session_factory(self.engine)

    def ready_factory(self) -> sessionmaker[Session]:
        """A session factory on a database whose schema is current (or a clear exit)."""
        try:
            require_current_schema(self.engine)
        except SchemaOutOfDate as exc:
            die(str(exc))
        return self.factory


def fail_config(exc: ConfigError) -> None:
    err_console.print(f"[bold red]configuration has {len(exc.problems)} problem(s):[/]")
    for p in exc.problems:
        err_console.print("  x " + p, highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(2)


def die(message: str, code: int = 2) -> None:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def ctx_obj(ctx: typer.Context) -> AppContext:
    obj = ctx.find_root().obj
    assert isinstance(obj, AppContext)
    return obj


def is_tty() -> bool:
    return sys.stdout.isatty()
