"""Alert, notification and mute settings: every mistake is named with its file, line and key."""

from __future__ import annotations

import pytest

from monitor.alerts.rules import parse_condition
from monitor.config import ConfigError
from tests.alert.conftest import alert_config

GOOD = '  - {name: slow, when: "median_first_reply > 2h", notify: ["json://127.0.0.1:9/"]}\n'


@pytest.mark.parametrize(
    "section, key, words",
    [
        (
            '  - {name: w, when: "probes < 1", webhooks: [{url: "http://127.0.0.1:9/", secret: hunter2}]}\n',
            "alerts[0].webhooks[0]",
            "inline secret 'secret' is not allowed",
        ),
        (
            '  - {name: w, when: "probes < 1", webhooks: [{url: "http://127.0.0.1:9/"}]}\n',
            "alerts[0].webhooks[0]",
            "needs 'secret_env' or 'secret_file'",
        ),
        (
            '  - {name: w, when: "probes < 1", webhooks: [{url: "ftp://x/", secret_env: RW_HOOK_KEY}]}\n',
            "alerts[0].webhooks[0]",
            "http(s) URL",
        ),
        (
            '  - {name: w, when: "probes < 1", webhooks: [{url: "http://127.0.0.1:9/", secret_env: NOPE_UNSET}]}\n',
            "alerts[0].webhooks[0].secret_env",
            "NOPE_UNSET is not set",
        ),
        ('  - {name: w, when: "probes < 1"}\n', "alerts[0]", "needs somewhere to send"),
        (
            '  - {name: w, when: "probes < 1", notify: [x], quiet_hours: {from: "10 pm", to: "08:00"}}\n',
            "alerts[0].quiet_hours.from",
            "HH:MM",
        ),
        (
            '  - {name: w, when: "probes < 1", notify: [x], targets: [shop-z]}\n',
            "alerts[0].targets[0]",
            "shop-z",
        ),
        (GOOD + GOOD, "alerts[1].name", "used twice"),
    ],
)
def test_it_locates_bad_alert_settings(make_config, section: str, key: str, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as info:
        alert_config(make_config, section)
    text = "\n".join(info.value.problems)
    assert f": {key}: " in text and words in text, text
    assert "hunter2" not in text  # an inline secret is refused without being repeated


@pytest.mark.parametrize(
    "extra, key, words",
    [
        (
            "notifications:\n  - {name: crm, events: [answerd], notify: [x]}\n",
            "notifications[0].events[0]",
            "answered",
        ),
        (
            "notifications:\n  - {name: slow, events: [answered], notify: [x]}\n",
            "notifications[0].name",
            "used twice",
        ),
        (
            'mutes:\n  - {from: "2026-01-02T10:00", until: "2026-01-01T10:00"}\n',
            "mutes[0]",
            "'until' must be after",
        ),
        (
            'mutes:\n  - {from: "2026-01-01T10:00", until: "2026-01-02T10:00", rules: [fast]}\n',
            "mutes[0].rules[0]",
            "unknown alert rule or notification 'fast'",
        ),
        (
            'mutes:\n  - {from: "2026-01-01T10:00", until: "2026-01-02T10:00+03:00"}\n',
            "mutes[0]",
            "both with a UTC offset",
        ),
    ],
)
def test_it_locates_bad_notifications_and_mutes(make_config, extra: str, key: str, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as info:
        alert_config(make_config, GOOD, extra)
    text = "\n".join(info.value.problems)
    assert f": {key}" in text and words in text, text


def test_the_rule_language_lives_with_alerts_and_config_uses_it() -> None:
    from monitor import config

    assert config.parse_condition is parse_condition
    c = parse_condition("p90_first_reply >= 1.5x baseline(14d)")
    assert (c.metric, c.op, c.relative, c.factor, c.baseline and c.baseline.days) == (
        "p90_first_reply",
        ">=",
        "baseline",
        1.5,
        14,
    )
    assert parse_condition("answer_rate < 80%").holds(0.5, 0.8)
    assert parse_condition("median_first_reply > 2x competitors").holds(1300.0, 600.0)
    assert not parse_condition("median_first_reply > 2x competitors").holds(1200.0, 600.0)
