"""How commands print: rich tables on a terminal, whole values in a pipe, or JSON with --format json.

A table sized for an 80-column terminal cuts values to `every…` when stdout is a file or
a pipe; scripts then read nonsense. Off a terminal the console is as wide as any row, so
every value is printed whole.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

PIPE_WIDTH = 100_000  # wide enough that no table cell is cut or folded


class OutFormat(StrEnum):
    table = "table"
    json = "json"


FORMAT_HELP = "table (default) or json (machine-readable, full values)."


def make_console(stream: TextIO | None = None, *, stderr: bool = False) -> Console:
    """A terminal console as usual; off a terminal, one that never truncates."""
    stream = stream or (sys.stderr if stderr else sys.stdout)
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if tty:
        return Console(stderr=stderr)
    return Console(stderr=stderr, width=PIPE_WIDTH)


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8 as is (Russian stays readable), never through rich's markup."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")
    sys.stdout.flush()


def rows_table(
    title: str, rows: list[dict[str, Any]], columns: list[str], *, right: tuple[str, ...] = ()
) -> Table:
    """A table of dict rows; list values are joined with ', '."""
    t = Table(title=title)
    for col in columns:
        t.add_column(col.replace("_", " "), justify="right" if col in right else "left", overflow="fold")
    for r in rows:
        t.add_row(
            *(
                ", ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(v))
                for v in (r.get(c) for c in columns)
            )
        )
    return t
