"""Progress for long commands: a rich bar on a terminal, plain lines otherwise (logs, CI, pipes).

`with progress_bar("probing", total) as step: step(done, total)`. Plain mode
prints at most about twenty lines per task (every 5 %), so a log stays readable.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

Step = Callable[[int, int], None]  # (done, total)
T = TypeVar("T")


@contextmanager
def progress_bar(
    label: str,
    total: int | None = None,
    *,
    stream: TextIO | None = None,
    tty: bool | None = None,
    console: Console | None = None,
) -> Iterator[Step]:
    """A step(done, total) callback; a bar when `stream` (stderr) is a terminal, else plain lines.

    Give `console` when the command prints lines of its own meanwhile: they then scroll above the bar.
    """
    out = stream or sys.stderr
    if tty if tty is not None else out.isatty():
        shown = console if console is not None and stream is None else Console(file=out, force_terminal=True)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=shown,
            transient=False,
        ) as bar:
            task = bar.add_task(label, total=total)

            def step(done: int, of: int) -> None:
                bar.update(task, completed=done, total=of)

            yield step
        return
    last = [-1]

    def plain(done: int, of: int) -> None:
        pct = 100 * done // of if of else 100
        if pct // 5 != last[0] // 5 or done == of:
            if last[0] != pct:
                print(f"{label}: {done}/{of} ({pct}%)", file=out, flush=True)
            last[0] = pct

    yield plain


def counted(items: Iterable[T], step: Step, total: int, *, every: int = 1000) -> Iterator[T]:
    """Pass `items` through, reporting progress every `every` items and once at the end."""
    n = 0
    for n, item in enumerate(items, start=1):
        if n % every == 0:
            step(min(n, total), total)
        yield item
    step(total if n >= total else n, total)
