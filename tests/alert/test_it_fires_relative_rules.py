"""`> 2x baseline(28d)` and `> competitors`: what each compares, and the minimum samples behind it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor.alerts.delivery import DeliveryPolicy
from monitor.alerts.run import run_alerts
from monitor.clock import FakeClock
from monitor.config import ConfigError
from monitor.store.db import transaction
from monitor.store.repo import expire_deadlines, sync_config
from tests.alert.conftest import Receiver
from tests.fixtures.report_seed import Seeder

FAST = DeliveryPolicy(wait_initial=0, wait_max=0, wait_jitter=0)
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

SHOPS = """
database: sqlite:///rw.db
timezone: UTC
shopper:
  personas: [{first_name: Анна, phone: "+7 912 345-67-01"}]
  questions: ["Здравствуйте! Есть ли доставка?"]
targets:
  - {name: mine, group: client, url: "http://127.0.20.1/", touchpoints: [{kind: form, url: "http://127.0.20.1/c"}]}
  - {name: rival1, url: "http://127.0.20.2/", touchpoints: [{kind: form, url: "http://127.0.20.2/c"}]}
  - {name: rival2, url: "http://127.0.20.3/", touchpoints: [{kind: form, url: "http://127.0.20.3/c"}]}
  - {name: rival3, url: "http://127.0.20.4/", touchpoints: [{kind: form, url: "http://127.0.20.4/c"}]}
campaigns:
  - {name: weekly, targets: all, touchpoints: [form], schedule: {interval: 7d}}
alerts:
"""


def _setup(
    make_config, factory: sessionmaker[Session], rules: str, plan: dict[str, list[tuple[float, float | None]]]
):  # type: ignore[no-untyped-def]
    """plan: target -> [(days before NOW it was submitted, seconds to a person's answer or None)]."""
    cfg = make_config(SHOPS + rules)
    with transaction(factory) as s:
        sync_config(s, cfg)
    with transaction(factory) as s:
        sd = Seeder(s, cfg)
        for target, probes in plan.items():
            for days_ago, answer in probes:
                sd.probe(target, "form", NOW - timedelta(days=days_ago), human=answer)
        expire_deadlines(s, NOW)
    return cfg


def _rule(when: str, receiver: Receiver, extra: str = "") -> str:
    return f'  - {{name: r, when: "{when}", window: 7d, notify: ["{receiver.url()}"]{extra}}}\n'


def test_baseline_is_the_window_before_the_current_one(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    receiver: Receiver,
) -> None:
    usual = [(d, 600.0) for d in (10, 14, 18, 22, 26)]  # 10 min, all inside the 28 days before the last 7
    cfg = _setup(
        make_config,
        factory,
        _rule("median_first_reply > 2x baseline(28d)", receiver),
        {
            # Now 25 min six times: with the current window inside the baseline, the baseline's median
            # would be 25 min too and nothing would fire; against the 28 days before it, 25 min > 2 x 10 min.
            "mine": usual + [(d, 1500.0) for d in (1, 2, 3, 4, 5, 6)],
            "rival1": usual + [(1, 3600.0)],  # one slow probe: below min_probes (3), not judged
            "rival2": [(10, 600.0), (12, 600.0)]
            + [(d, 3600.0) for d in (1, 2, 3)],  # baseline of 2 < min_baseline (5)
            "rival3": usual + [(d, 900.0) for d in (1, 2, 3)],  # 15 min: slower, but not twice as slow
        },
    )
    out = run_alerts(cfg, factory, FakeClock(NOW), policy=FAST)
    assert [(e.scope, e.value, e.reference) for e in out.opened] == [("mine/form", 1500.0, 600.0)]
    (msg,) = receiver.messages()
    assert "25m" in msg["message"] and "10m" in msg["message"] and "in the 28d before" in msg["message"]
    assert "last 7d: 6 probes, baseline: 5 probes" in msg["message"]


def test_a_baseline_rule_resolves_when_replies_speed_up(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    receiver: Receiver,
) -> None:
    cfg = _setup(
        make_config,
        factory,
        _rule("median_first_reply > 2x baseline(28d)", receiver),
        {
            "mine": [(d, 600.0) for d in (10, 14, 18, 22, 26)] + [(d, 1800.0) for d in (2, 3, 4)],
        },
    )
    clock = FakeClock(NOW)
    assert len(run_alerts(cfg, factory, clock, policy=FAST).opened) == 1
    with transaction(factory) as s:
        sd = Seeder(s, cfg)
        sd.n = 100
        for _ in range(4):
            sd.probe("mine", "form", NOW - timedelta(hours=5), human=300)
    clock.advance(timedelta(minutes=1))
    run_alerts(cfg, factory, clock, policy=FAST)
    assert [m["title"] for m in receiver.messages()] == [
        "replywatch: r: mine/form",
        "replywatch: resolved r: mine/form",
    ]


def test_competitors_are_pooled_by_touchpoint_and_leave_the_target_out(
    make_config,
    factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
    receiver: Receiver,
) -> None:
    cfg = _setup(
        make_config,
        factory,
        _rule("median_first_reply > competitors", receiver),
        {
            "mine": [(d, 1800.0) for d in (1, 2, 3)],
            "rival1": [(d, 600.0) for d in (1, 2, 3)],
            "rival2": [(d, 900.0) for d in (1, 2, 3)],
            "rival3": [(d, 700.0) for d in (1, 2, 3)],
        },
    )
    out = run_alerts(cfg, factory, FakeClock(NOW), policy=FAST)
    # mine (30 min) against all nine competitor probes (median 700 s); rival2 (900 s) against rival1 and
    # rival3 (median 650 s); rival1 (600 s) and rival3 (700 s) are not slower than the others.
    assert sorted((e.scope, e.reference) for e in out.opened) == [
        ("mine/form", 700.0),
        ("rival2/form", 650.0),
    ]


def test_a_competitor_rule_for_one_target_still_compares_with_every_competitor(  # type: ignore[no-untyped-def]
    make_config, factory: sessionmaker[Session], receiver: Receiver
) -> None:
    cfg = _setup(
        make_config,
        factory,
        _rule("answer_rate < 0.5x competitors", receiver, ", targets: [mine]"),
        {
            "mine": [(4, None), (5, None), (6, None), (4.5, 600.0)],  # 25% (deadlines of 72 h have passed)
            "rival1": [(d, 600.0) for d in (1, 2, 3)],
            "rival2": [(1, 600.0), (2, 600.0), (5, None)],  # pool: 5 of 6 = 83%; half of it is 42% > 25%
        },
    )
    out = run_alerts(cfg, factory, FakeClock(NOW), policy=FAST)
    assert [(e.scope, e.value) for e in out.opened] == [("mine/form", 0.25)]


@pytest.mark.parametrize(
    "when, words",
    [
        ("unanswered > 2x baseline(28d)", "is a count"),
        ("median_first_reply > 2x baseline()", "baseline needs a length"),
        ("median_first_reply > 2x baseline(soon)", "duration"),
        ("median_first_reply > 0x competitors", "factor must be above 0"),
        ("median_first_reply > rivals", "expected a value"),
    ],
)
def test_bad_relative_rules_are_located_in_the_config(make_config, when: str, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as info:
        make_config(SHOPS + f'  - name: r\n    when: "{when}"\n    notify: ["json://127.0.0.1:9/"]\n')
    (problem,) = info.value.problems
    when_line = SHOPS.count("\n") + 2
    assert f":{when_line}: alerts[0].when:" in problem and words in problem, problem
