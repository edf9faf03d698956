from __future__ import annotations

import pytest

from monitor.report.km import answered_by, kaplan_meier


def test_it_matches_a_hand_computed_curve() -> None:
    # Answers at 1, 3, 3, 6; censored (still waiting) at 2 and 5.
    # S(1) = 5/6; S(3) = 5/6 * 2/4 = 5/12; S(6) = 0.
    curve = kaplan_meier([(1, True), (2, False), (3, True), (3, True), (5, False), (6, True)])
    assert [(p.t, p.at_risk, p.events) for p in curve] == [(1, 6, 1), (3, 4, 2), (6, 1, 1)]
    assert [p.answered for p in curve] == pytest.approx([1 / 6, 7 / 12, 1.0])
    assert answered_by(curve, 0.5) == 0.0
    assert answered_by(curve, 4) == pytest.approx(7 / 12)


def test_it_counts_an_answer_before_a_tied_censoring() -> None:
    curve = kaplan_meier([(2, False), (2, True), (4, True)])
    assert curve[0].at_risk == 3 and curve[0].answered == pytest.approx(1 / 3)


def test_it_does_not_call_waiting_probes_failures() -> None:
    # Half the probes are still waiting at 10 s; the two answered ones came at 1 s and 2 s.
    curve = kaplan_meier([(1, True), (2, True), (10, False), (10, False)])
    assert answered_by(curve, 5) == pytest.approx(0.5)
    assert kaplan_meier([]) == [] and kaplan_meier([(3, False)]) == []
