from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor.config import Config
from monitor.report.metrics import build_report
from monitor.store.db import transaction
from monitor.store.reportq import ReportFilter
from tests.fixtures.report_seed import NOW, Seeder


def _cell(report, target: str, kind: str):  # type: ignore[no-untyped-def]
    return next(c.metrics for c in report.cells if c.target == target and c.kind == kind)


def test_it_counts_a_target_touchpoint(factory: sessionmaker[Session], seeded: dict[str, int]) -> None:
    with factory() as s:
        r = build_report(s, ReportFilter(), now=NOW)
    assert r.sla_seconds == (600.0, 3600.0, 86400.0)
    m = _cell(r, "shop-a", "form")
    assert (m.probes, m.reached, m.answered, m.waiting, m.unanswered, m.blocked, m.failed) == (
        5,
        4,
        3,
        1,
        0,
        1,
        0,
    )
    assert m.within == ((600.0, 1), (3600.0, 2), (86400.0, 3))
    assert m.latency.median_s == 1800
    assert m.latency.min_s == 300 and m.latency.max_s == 61200
    assert m.latency.p90_s == pytest.approx(49320)
    assert m.answer_rate == 0.75
    assert m.auto_any == 1


def test_it_counts_business_hours_in_the_targets_zone(
    factory: sessionmaker[Session], seeded: dict[str, int]
) -> None:
    with factory() as s:
        r = build_report(s, ReportFilter(), now=NOW)
    m = _cell(r, "shop-a", "form")
    assert m.business_latency is not None
    # 300 s and 1800 s fall in office hours; the 17:00 MSK request answered at 10:00 next day = 2 h of work.
    assert sorted([m.business_latency.min_s, m.business_latency.median_s, m.business_latency.max_s]) == [
        300,
        1800,
        7200,
    ]
    assert _cell(r, "shop-b", "form").business_latency is None  # no business hours configured


def test_it_separates_auto_only_failed_and_pending(
    factory: sessionmaker[Session], seeded: dict[str, int]
) -> None:
    with factory() as s:
        r = build_report(s, ReportFilter(), now=NOW)
    e = _cell(r, "shop-a", "email")
    assert (e.probes, e.reached, e.answered, e.unanswered, e.auto_only, e.failed) == (2, 1, 0, 1, 1, 1)
    c = _cell(r, "shop-c", "form")
    assert (c.probes, c.reached, c.pending, c.answered) == (2, 1, 1, 1)
    b = _cell(r, "shop-b", "form")
    assert (b.reached, b.answered, b.unanswered, b.auto_only) == (2, 1, 1, 0)
    t = r.total
    assert (t.probes, t.reached, t.answered, t.waiting, t.unanswered) == (12, 9, 6, 1, 2)
    assert t.answered + t.unanswered + t.waiting == t.reached


def test_it_rolls_up_groups_and_campaigns(factory: sessionmaker[Session], seeded: dict[str, int]) -> None:
    with factory() as s:
        r = build_report(s, ReportFilter(), now=NOW)
    groups = {(c.group, c.kind): c.metrics for c in r.groups}
    comp_form = groups[("competitor", "form")]
    assert (comp_form.reached, comp_form.answered) == (3, 2)
    assert comp_form.latency.median_s == 3690  # 180 and 7200
    camp = {(c.campaign, c.kind): c.metrics for c in r.campaigns}
    assert camp[("weekly", "email")].answered == 1
    kinds = {c.kind: c.metrics for c in r.kinds}
    assert kinds["form"].within_count(600.0) == 2


def test_it_filters(factory: sessionmaker[Session], seeded: dict[str, int]) -> None:
    with factory() as s:
        only_b = build_report(s, ReportFilter(targets=("shop-b",)), now=NOW)
        clients = build_report(s, ReportFilter(groups=("client",), kinds=("form",)), now=NOW)
        late = build_report(
            s, ReportFilter(since=datetime(2026, 1, 6, tzinfo=UTC), until=NOW - timedelta(hours=2)), now=NOW
        )
        other = build_report(s, ReportFilter(campaigns=("nope",)), now=NOW)
    assert {c.target for c in only_b.cells} == {"shop-b"}
    assert [(c.target, c.kind) for c in clients.cells] == [("shop-a", "form")]
    assert late.total.reached == 4  # shop-b x3 and shop-c; the waiting probe is after `until`
    assert other.total.probes == 0 and other.cells == ()


def test_it_builds_heat_weeks_and_curves(factory: sessionmaker[Session], seeded: dict[str, int]) -> None:
    with factory() as s:
        r = build_report(s, ReportFilter(), now=NOW)
    heat = {(h.weekday, h.hour): h for h in r.heat}
    # shop-a submits at 07:00Z = 10:00 Moscow on Monday.
    assert heat[(0, 10)].reached == 1 and heat[(0, 10)].answered == 1
    assert sum(h.reached for h in r.heat) == r.total.reached
    assert {w.week for w in r.weeks} == {"2026-W02", "2026-W03"}
    curves = {c.label: c for c in r.curves}
    a = curves["shop-a"]
    # shop-a: answers at 300, 1800, 61200 s among 5 reached probes (1 waiting 3600 s, 1 censored at deadline).
    assert a.n == 5
    assert [round(p.answered, 4) for p in a.points] == [
        0.2,
        0.4,
        0.7,
    ]  # the waiting probe leaves the risk set before 61200 s
    assert sorted(r.latencies_s) == sorted([300, 1800, 61200, 7200, 480, 180])


def test_it_ranks_the_leaderboard(factory: sessionmaker[Session], seeded: dict[str, int]) -> None:
    with factory() as s:
        r = build_report(s, ReportFilter(), now=NOW)
    form = [(x.rank, x.target, round(x.rate_gap or 0, 2)) for x in r.leaderboard if x.kind == "form"]
    assert form == [(1, "shop-c", 0.0), (2, "shop-a", 0.25), (3, "shop-b", 0.5)]
    email = [(x.rank, x.target) for x in r.leaderboard if x.kind == "email"]
    assert email == [(1, "shop-b"), (2, "shop-a")]
    gap_a = next(x for x in r.leaderboard if x.kind == "form" and x.target == "shop-a").median_gap_s
    assert gap_a == 1800 - 180


def test_it_has_no_work_hours_median_when_nothing_ran_in_work_hours(
    factory: sessionmaker[Session], seeded_cfg: Config, seeded: dict[str, int]
) -> None:
    """A weekend request answered the same weekend had no business time: no figure, not a false 0s."""
    saturday = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)  # 11:00 in Moscow, a Saturday
    with transaction(factory) as s:
        sd = Seeder(s, seeded_cfg)
        sd.n = 1000  # message keys of its own: the seed's are stored once and would not attach again
        sd.probe("shop-a", "email", saturday, human=600)
    with factory() as s:
        r = build_report(s, ReportFilter(), now=NOW)
    m = _cell(r, "shop-a", "email")
    assert m.answered == 1 and m.latency.median_s == 600
    assert m.business_latency is not None and m.business_latency.median_s is None
    assert _cell(r, "shop-a", "form").business_latency.median_s == 1800  # type: ignore[union-attr]
