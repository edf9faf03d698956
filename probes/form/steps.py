"""Where a form probe's time goes, and a hard limit on each step.

Every step (load, find, fill, dwell, submit, confirm) runs under its own timeout, well inside
the probe's budget, so a stuck page ends ``failed: <step>: <what did not happen>`` within
seconds; the seconds each step took go into the submission's details for the bench.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

# seconds each step may take at most (a person would have given up long before)
LIMITS = {"load": 25.0, "find": 45.0, "fill": 30.0, "dwell": 10.0, "submit": 20.0, "confirm": 15.0}


class StepFailed(Exception):
    """A step did not do what it must: ``step`` names it, ``what`` says what did not happen."""

    def __init__(self, step: str, what: str, *, sent: bool = False) -> None:
        super().__init__(f"{step}: {what}")
        self.step = step
        self.what = what
        self.sent = sent


@dataclass
class StepTimer:
    spent: dict[str, float] = field(default_factory=dict)

    @asynccontextmanager
    async def step(self, name: str, what: str = "", limit: float | None = None) -> AsyncIterator[None]:
        """Time ``name``; past its limit it fails with ``what`` (default: it did not finish)."""
        seconds = limit if limit is not None else LIMITS.get(name, 15.0)
        started = time.monotonic()
        try:
            async with asyncio.timeout(seconds):
                yield
        except TimeoutError:
            raise StepFailed(name, what or f"did not finish within {seconds:.0f} s") from None
        finally:
            self.spent[name] = round(self.spent.get(name, 0.0) + time.monotonic() - started, 3)
