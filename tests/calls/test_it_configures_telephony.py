"""Telephony config: providers' secrets, the hooks port, numbers that must read as numbers."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from monitor.clock import FakeClock
from monitor.config import ConfigError
from monitor.web import create_app
from tests.conftest import MINIMAL_CONFIG


def _problems(make_config, text: str) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as err:
        make_config(text)
    return "\n".join(err.value.problems)


def test_the_shared_hook_token_is_refused_with_what_to_use_instead(make_config) -> None:  # type: ignore[no-untyped-def]
    said = _problems(make_config, MINIMAL_CONFIG + "web: {hook_token_env: REPLYWATCH_HOOK_TOKEN}\n")
    assert "replywatch.yaml:" in said and "hook_token_env" in said and "telephony.generic.secret_env" in said


def test_inline_provider_secrets_are_refused(make_config) -> None:  # type: ignore[no-untyped-def]
    said = _problems(make_config, MINIMAL_CONFIG + "telephony: {twilio: {auth_token: abc}}\n")
    assert "auth_token_env" in said
    said = _problems(make_config, MINIMAL_CONFIG + "telephony: {mango: {salt: abc}}\n")
    assert "salt_env" in said


def test_a_configured_provider_needs_its_secret(make_config, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    said = _problems(
        make_config, MINIMAL_CONFIG + "telephony:\n  twilio: {}\n  mango: {api_key_file: mango.key}\n"
    )
    assert "telephony.twilio.auth_token_env: environment variable TWILIO_AUTH_TOKEN is not set" in said
    assert "telephony.mango.api_key_file: secret file" in said
    make_config(MINIMAL_CONFIG)  # the default generic hook without its secret is just off


def test_a_public_url_must_be_a_base_url(make_config) -> None:  # type: ignore[no-untyped-def]
    said = _problems(make_config, MINIMAL_CONFIG + "telephony: {public_url: 'hooks.example.com/x?y'}\n")
    assert "telephony.public_url" in said
    cfg = make_config(MINIMAL_CONFIG + "telephony: {public_url: 'https://example.com/rw/'}\n")
    assert cfg.telephony.public_url == "https://example.com/rw"


def test_numbers_that_are_not_phone_numbers_are_named(make_config) -> None:  # type: ignore[no-untyped-def]
    text = MINIMAL_CONFIG.replace('phone: "+7 912 345-67-02"', 'phone: "12-34"').replace(
        "targets: []",
        "targets:\n  - {name: a, url: 'http://127.0.0.9/', country: UA, phones: ['044 123 45 67', 'call us']}",
    )
    said = _problems(make_config, text)
    assert "shopper.personas[1].phone: '12-34' is not a phone number in RU" in said
    assert "targets[0].phones[1]: 'call us' is not a phone number in UA" in said
    assert "phones[0]" not in said  # the Kyiv number in its local form is fine


@pytest.mark.parametrize(("hooks_port", "status"), [("", 401), ("  hooks_port: 0\n", 404)])
def test_the_dashboard_carries_the_hooks_only_without_a_hooks_port(
    make_config,
    factory,
    hooks_port: str,  # type: ignore[no-untyped-def]
    status: int,
    monkeypatch,
) -> None:
    monkeypatch.setenv("REPLYWATCH_HOOK_SECRET", "s")
    cfg = make_config(MINIMAL_CONFIG + "web:\n  host: 127.0.0.1\n" + hooks_port)
    client = TestClient(create_app(cfg, factory, FakeClock(), password="pw"))
    r = client.post("/hooks/calls", json={"channel": "call"})
    assert r.status_code == status
