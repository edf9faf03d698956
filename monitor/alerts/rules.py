"""The alert-rule language: what a rule's ``when:`` may say, parsed once when the config loads.

Three shapes::

    median_first_reply > 2h                          a fixed threshold
    median_first_reply > 2x baseline(28d)            slower than this target's own recent history
    median_first_reply > competitors                 slower than its competitors over the same window

Latencies are in seconds (written as durations), rates as fractions (written as
percentages or numbers), counts as numbers. Relative rules compare like with
like, so they only take the metrics that do not grow with the window's length
(latencies and the answer rate), never counts.

Imports nothing from monitor: monitor.config imports this module.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

METRICS = ("median_first_reply", "p90_first_reply", "answer_rate", "unanswered", "answered", "probes")
LATENCY_METRICS = ("median_first_reply", "p90_first_reply")
RELATIVE_METRICS = (*LATENCY_METRICS, "answer_rate")
OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
}

_HEAD_RE = re.compile(r"^\s*(\w+)\s*(<=|>=|==|<|>)\s*(.*?)\s*$")
_FACTOR = r"(?:(\d+(?:\.\d+)?)\s*[x×]\s*)?"
_BASELINE_RE = re.compile(rf"^{_FACTOR}baseline\s*\(\s*([^)]*?)\s*\)$")
_COMPETITORS_RE = re.compile(rf"^{_FACTOR}competitors$")
_ABSOLUTE_RE = re.compile(r"^[0-9][0-9.a-z%\s]*$")
_EXAMPLES = (
    "'median_first_reply > 2h', 'answer_rate < 50%', 'median_first_reply > 2x baseline(28d)' "
    "or 'median_first_reply > competitors'"
)

Relative = Literal["baseline", "competitors"]


@dataclass(frozen=True)
class Condition:
    """A parsed ``when:``. Absolute rules use ``value``; relative ones ``relative`` and ``factor``."""

    metric: str
    op: str
    value: float | None = None  # seconds for latencies, a fraction for rates, a number for counts
    relative: Relative | None = None
    factor: float = 1.0
    baseline: timedelta | None = None  # how far back the baseline window reaches (before the rule's window)

    def holds(self, value: float, reference: float) -> bool:
        """Does ``value`` break the rule, against ``reference`` (the threshold, or what it is compared to)?"""
        threshold = reference if self.relative is None else self.factor * reference
        return OPS[self.op](value, threshold)


def parse_condition(text: str) -> Condition:
    """``when:`` text -> Condition; ValueError saying what was expected (config adds file:line)."""
    m = _HEAD_RE.match(text)
    if not m or not m.group(3):
        raise ValueError(f"expected '<metric> <op> <value>' like {_EXAMPLES}, found {text!r}")
    metric, op, rhs = m.groups()
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; expected one of: {', '.join(METRICS)}")
    for pattern, kind in ((_BASELINE_RE, "baseline"), (_COMPETITORS_RE, "competitors")):
        rel = pattern.match(rhs)
        if rel:
            return _relative(metric, op, kind, rel.groups(), text)
    if not _ABSOLUTE_RE.match(rhs):
        raise ValueError(
            f"expected a value like 2h, 50% or 3, or a comparison like 2x baseline(28d) or "
            f"competitors, found {rhs!r} in {text!r}"
        )
    return Condition(metric, op, value=_absolute(metric, rhs))


def _relative(metric: str, op: str, kind: str, groups: tuple[str | None, ...], text: str) -> Condition:
    if metric not in RELATIVE_METRICS:
        raise ValueError(
            f"{metric} is a count and grows with the window: compare {', '.join(RELATIVE_METRICS)} "
            f"with a baseline or competitors, found {text!r}"
        )
    factor = float(groups[0]) if groups[0] else 1.0
    if factor <= 0:
        raise ValueError(f"the factor must be above 0, found {text!r}")
    if kind == "competitors":
        return Condition(metric, op, relative="competitors", factor=factor)
    try:
        baseline = _duration(groups[1]) if groups[1] else timedelta(0)
    except ValueError as exc:
        raise ValueError(f"baseline({groups[1]}): {exc}") from None
    if baseline <= timedelta(0):
        raise ValueError(f"the baseline needs a length like baseline(28d), found {text!r}")
    return Condition(metric, op, relative="baseline", factor=factor, baseline=baseline)


def _absolute(metric: str, raw: str) -> float:
    if metric in LATENCY_METRICS:
        return _duration(raw).total_seconds()
    if raw.endswith("%"):
        return float(raw[:-1]) / 100
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"expected a number for {metric}, found {raw!r}") from None


def _duration(raw: str) -> timedelta:
    # Imported here, not at the top: monitor.config imports this module while it loads.
    from monitor.config import parse_duration

    return parse_duration(raw)
