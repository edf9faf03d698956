"""Formatting shared by every output, so a number reads the same everywhere."""

from __future__ import annotations

from monitor.report.model import Metrics


def duration(seconds: float | None) -> str:
    """12s, 4m 30s, 2h 05m, 3d 4h; an em dash when there is nothing to show."""
    if seconds is None:
        return "—"
    s = int(round(seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m {s % 60:02d}s" if s % 60 else f"{s // 60}m"
    if s < 86400:
        return f"{s // 3600}h {s % 3600 // 60:02d}m"
    return f"{s // 86400}d {s % 86400 // 3600}h"


def sla_label(seconds: float) -> str:
    """600 -> '10 min', 3600 -> '1 h', 86400 -> '24 h'."""
    if seconds % 3600 == 0:
        return f"{int(seconds // 3600)} h"
    if seconds % 60 == 0:
        return f"{int(seconds // 60)} min"
    return f"{seconds:g} s"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def n_of_m(m: Metrics) -> str:
    return f"{m.answered} of {m.reached}"


def within_text(m: Metrics, seconds: float) -> str:
    return f"{m.within_count(seconds)} of {m.reached}"
