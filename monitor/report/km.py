"""Kaplan-Meier estimate of "answered by time t".

A probe still waiting (or whose deadline passed without a person answering)
tells us only that the answer took *longer* than what we saw: it is censored,
not a failure. Counting it as "unanswered" would make a half-finished
campaign look worse than it is; dropping it would make it look better.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import repeat
from typing import NamedTuple

import numpy as np
import numpy.typing as npt


class KMPoint(NamedTuple):
    """One step of a curve. A named tuple, so kaplan_meier_arrays builds its points straight from zipped
    columns (tuple.__new__, no Python call per point): a detailed report over a million probes holds
    hundreds of thousands of them."""

    t: float  # seconds after submission
    answered: float  # estimated share answered by t (1 - survival)
    at_risk: int
    events: int


def kaplan_meier(samples: Iterable[tuple[float, bool]]) -> list[KMPoint]:
    """(duration, answered) pairs -> the step curve, one point per distinct answer time.

    At a tie between an answer and a censoring the answer counts first, the
    usual convention (the censored probe was still at risk at that moment).
    """
    data = sorted(samples, key=lambda s: (s[0], not s[1]))
    n = len(data)
    survival = 1.0
    out: list[KMPoint] = []
    i = 0
    while i < n:
        t = data[i][0]
        events = censored = 0
        while i < n and data[i][0] == t:
            if data[i][1]:
                events += 1
            else:
                censored += 1
            i += 1
        at_risk = n - (i - events - censored)
        if events:
            survival *= 1.0 - events / at_risk
            out.append(KMPoint(t, 1.0 - survival, at_risk, events))
    return out


def answered_by(curve: list[KMPoint], t: float) -> float:
    """The estimate at time t (a right-continuous step function)."""
    value = 0.0
    for p in curve:
        if p.t > t:
            break
        value = p.answered
    return value


def kaplan_meier_arrays(events: npt.NDArray[np.float64], censored: npt.NDArray[np.float64]) -> list[KMPoint]:
    """kaplan_meier() over arrays of answer times and censoring times: the same points, in C loops.

    Point by point the same arithmetic: at each distinct answer time t, at risk
    = samples not before t (answers first at ties), survival multiplied by
    1 - events / at risk in time order (numpy's cumulative product is sequential).
    """
    if not len(events):
        return []
    e = np.sort(events)
    c = np.sort(censored)
    times, counts = np.unique(e, return_counts=True)
    before = np.searchsorted(e, times, side="left") + np.searchsorted(c, times, side="left")
    at_risk = len(e) + len(c) - before
    answered = 1.0 - np.cumprod(1.0 - counts / at_risk)
    columns = zip(times.tolist(), answered.tolist(), at_risk.tolist(), counts.tolist(), strict=True)
    points: list[KMPoint] = list(map(tuple.__new__, repeat(KMPoint), columns))
    return points
