"""Formatting shared by every output, so a number reads the same everywhere."""

from __future__ import annotations

from monitor.report.model import Metrics, Report


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


def headline_sla(report: Report) -> float:
    """The threshold every headline speaks of: 10 minutes when the campaign has it, else its first."""
    if 600.0 in report.sla_seconds or not report.sla_seconds:
        return 600.0
    return report.sla_seconds[0]


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def n_of_m(m: Metrics) -> str:
    return f"{m.answered} of {m.reached}"


def within_text(m: Metrics, seconds: float) -> str:
    return f"{m.within_count(seconds)} of {m.reached}"


def quality(m: Metrics) -> str:
    """'3.4/5 (7)': the mean checklist score of people's replies and how many were scored."""
    q = m.quality
    return "—" if q.mean is None else f"{q.mean:.1f}/5 ({q.scored})"


def canned(m: Metrics) -> str:
    q = m.quality
    return "—" if not q.scored else f"{q.canned} of {q.scored} ({percent(q.canned_share)})"


def promise(m: Metrics) -> str:
    """'promised 15 min; median 3h 10m; kept 2 of 9' (the median is the cell's answered median)."""
    pr = m.promise
    if not pr.promised:
        return "—"
    median = f"; median {duration(m.latency.median_s)}" if m.latency.median_s is not None else ""
    kept = f"; kept {pr.kept} of {pr.checked}" if pr.checked else ""
    return f"promised {pr.promised}{median}{kept}"


def machine_kinds(m: Metrics) -> str:
    """'ack 3, receipt 1': what came back that was not a person."""
    parts = [f"{k} {n}" for k, n in m.reply_kinds if k != "human" and n]
    return ", ".join(parts) or "—"
