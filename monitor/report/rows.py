"""Report objects -> flat dicts: the one shape JSON, CSV and XLSX all write."""

from __future__ import annotations

from typing import Any

from monitor.clock import iso_ms
from monitor.report.model import Cell, LeaderRow, Metrics, Report
from monitor.report.replyfacts import as_json
from monitor.store.reportq import ProbeRow


def probe_dict(p: ProbeRow) -> dict[str, Any]:
    """Per-probe fields; the first ten keys are the JSON contract other tools read."""
    return {
        "target": p.target,
        "touchpoint": p.kind,
        "status": p.status,
        "submitted_at": iso_ms(p.submitted_at),
        "first_human_reply_at": iso_ms(p.first_human_reply_at),
        "latency_seconds": None if p.latency_ms is None else p.latency_ms / 1000,
        "auto_reply_at": iso_ms(p.auto_reply_at),
        "sender": p.sender,
        "reply_address": p.reply_address,
        "outcome": outcome(p),
        "id": p.id,
        "group": p.group,
        "campaign": p.campaign,
        "scheduled_at": iso_ms(p.scheduled_at),
        "reason": p.reason,
        "late_reply_at": p.late_reply_at,
        "latency_interval_seconds": _interval(p.latency_interval),
        "evidence": [e.get("path") for e in p.evidence],
        "promise": None
        if not p.promise
        else {k: p.promise.get(k) for k in ("seconds", "business", "days", "source", "text")},
        "quality_score": p.quality_score,
        "canned": p.canned,
    }


def _interval(iv: dict[str, Any] | None) -> str | None:
    """ "from-to" when the answer's time is only known as a window (then latency is its midpoint)."""
    if not iv:
        return None
    return f"{iv.get('from_s')}-{iv.get('to_s')}"


def outcome(p: ProbeRow) -> str:
    """One word a reader can sort by: the status, with "auto_reply_only" and "waiting" told apart."""
    if p.status in ("answered", "failed", "blocked"):
        return p.status
    if p.status in ("scheduled", "running"):
        return "pending"
    if p.auto_reply_at is not None:
        return "auto_reply_only"
    return "unanswered" if p.status == "unanswered" else "waiting"


def metrics_dict(m: Metrics) -> dict[str, Any]:
    biz = m.business_latency
    return {
        "probes": m.probes,
        "reached": m.reached,
        "answered": m.answered,
        "unanswered": m.unanswered,
        "waiting": m.waiting,
        "auto_only": m.auto_only,
        "auto_replied": m.auto_any,
        "failed": m.failed,
        "blocked": m.blocked,
        "pending": m.pending,
        "answer_rate": m.answer_rate,
        "answered_text": f"{m.answered} of {m.reached}",
        "within": {
            f"{int(s)}s": {"count": k, "share": (k / m.reached if m.reached else None)} for s, k in m.within
        },
        "latency_seconds": {
            "median": m.latency.median_s,
            "p90": m.latency.p90_s,
            "min": m.latency.min_s,
            "max": m.latency.max_s,
        },
        "business_latency_seconds": None
        if biz is None
        else {"median": biz.median_s, "p90": biz.p90_s, "min": biz.min_s, "max": biz.max_s},
        **as_json(m.quality, m.promise, m.reply_kinds),
    }


def cell_dict(c: Cell) -> dict[str, Any]:
    head = {k: v for k, v in (("target", c.target), ("group", c.group), ("campaign", c.campaign)) if v}
    return {**head, "touchpoint": c.kind, **metrics_dict(c.metrics)}


def leader_dict(r: LeaderRow) -> dict[str, Any]:
    return {
        "touchpoint": r.kind,
        "rank": r.rank,
        "target": r.target,
        "group": r.group,
        "answer_rate": r.metrics.answer_rate,
        "answered_text": f"{r.metrics.answered} of {r.metrics.reached}",
        "median_seconds": r.metrics.latency.median_s,
        "rate_gap_to_best": r.rate_gap,
        "median_gap_seconds": r.median_gap_s,
    }


def flat_cell(c: Cell, sla: tuple[float, ...]) -> dict[str, Any]:
    """One row for CSV/XLSX: scalar columns only."""
    m = c.metrics
    biz = m.business_latency.median_s if m.business_latency else None
    row: dict[str, Any] = {
        "target": c.target,
        "group": c.group,
        "campaign": c.campaign,
        "touchpoint": c.kind,
        "probes": m.probes,
        "reached": m.reached,
        "answered": m.answered,
        "answered_text": f"{m.answered} of {m.reached}",
        "answer_rate": m.answer_rate,
        "unanswered": m.unanswered,
        "auto_only": m.auto_only,
        "waiting": m.waiting,
        "failed": m.failed,
        "blocked": m.blocked,
        "pending": m.pending,
    }
    for s in sla:
        row[f"within_{int(s)}s"] = m.within_count(s)
    row |= {
        "median_s": m.latency.median_s,
        "p90_s": m.latency.p90_s,
        "min_s": m.latency.min_s,
        "max_s": m.latency.max_s,
        "business_median_s": biz,
    }
    return row | reply_columns(m)


REPLY_KINDS_SHOWN = (
    "human",
    "ack",
    "auto",
    "bot",
    "ooo",
    "receipt",
    "delivery",
    "bounce",
    "newsletter",
    "greeting",
)


def reply_columns(m: Metrics) -> dict[str, Any]:
    """Scalar columns for what the replies were: beside the latency columns, computed apart from them."""
    q, pr, kinds = m.quality, m.promise, dict(m.reply_kinds)
    return {
        "quality_mean_of_5": q.mean,
        "quality_scored": q.scored,
        "canned": q.canned,
        "canned_share": q.canned_share,
        "promised": pr.promised,
        "promised_seconds": pr.promised_s,
        "promise_source": pr.source,
        "promise_kept": pr.kept,
        "promise_checked": pr.checked,
        **{f"replies_{k}": kinds.get(k, 0) for k in REPLY_KINDS_SHOWN},
    }


def summary_dict(report: Report) -> dict[str, Any]:
    f = report.filters
    return {
        "generated_at": iso_ms(report.generated_at),
        "filters": {
            "campaigns": list(f.campaigns),
            "groups": list(f.groups),
            "targets": list(f.targets),
            "touchpoints": list(f.kinds),
            "since": iso_ms(f.since),
            "until": iso_ms(f.until),
        },
        "sla_seconds": list(report.sla_seconds),
        "total": metrics_dict(report.total),
        "summary": [cell_dict(c) for c in report.cells],
        "touchpoints": [cell_dict(c) for c in report.kinds],
        "groups": [cell_dict(c) for c in report.groups],
        "campaigns": [cell_dict(c) for c in report.campaigns],
        "leaderboard": [leader_dict(r) for r in report.leaderboard],
        "by_hour_weekday": [
            {
                "weekday": h.weekday,
                "hour": h.hour,
                "reached": h.reached,
                "answered": h.answered,
                "median_seconds": h.median_s,
            }
            for h in report.heat
        ],
        "answered_by_time": [
            {
                "target": c.label,
                "probes": c.n,
                "points": [{"seconds": p.t, "answered": p.answered} for p in c.points],
            }
            for c in report.curves
        ],
        "weekly": [
            {
                "week": w.week,
                "reached": w.reached,
                "answered": w.answered,
                "within_first_sla": w.within_first_sla,
                "median_seconds": w.median_s,
            }
            for w in report.weeks
        ],
    }
