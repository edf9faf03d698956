"""Callback answers: call/SMS events matched to the probe whose phone the shop dialled."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import FakeClock
from monitor.config import Config
from monitor.store.db import transaction
from monitor.store.models import Probe
from monitor.watch.calls import CallEvent, record_event
from probes import phones
from tests.fixtures.waiting import submitted_probes

CONFIG = """
database: sqlite:///rw.db
timezone: Europe/Moscow
shopper:
  personas: [{first_name: Анна, phone: "+7 912 345-67-01"}]
  questions: ["Перезвоните мне, пожалуйста"]
targets:
  - name: shopA
    url: http://127.0.10.1:8080/
    phones: ["+7 (343) 111-22-33"]
    touchpoints: [{kind: callback, url: http://127.0.10.1:8080/}]
  - name: shopB
    url: http://127.0.10.2:8080/
    touchpoints: [{kind: callback, url: http://127.0.10.2:8080/}]
"""


@pytest.fixture
def world(make_config, factory: sessionmaker[Session]):  # type: ignore[no-untyped-def]
    cfg: Config = make_config(CONFIG)
    clock = FakeClock()
    ids = submitted_probes(cfg, factory, clock)
    return cfg, factory, clock, ids


def test_it_normalizes_phone_numbers() -> None:
    assert phones.e164("+7 (912) 345-67-01") == phones.e164("8 912 345 67 01", "RU") == "+79123456701"
    assert phones.e164("9123456701", "RU") == "+79123456701"


def test_a_call_from_a_known_shop_number_answers_that_shops_probe(world) -> None:  # type: ignore[no-untyped-def]
    _, factory, clock, ids = world
    ev = CallEvent(
        "call", "83431112233", "+79123456701", clock.now() + timedelta(minutes=4), "c1", duration_s=35
    )
    with transaction(factory) as s:
        r = record_event(s, ev, now=clock.now())
        assert (r.probe_id, r.match_method, r.kind) == (ids["shopA"], "caller-number", "human")
        assert record_event(s, ev, now=clock.now()) is None  # the same event is stored once
    with transaction(factory) as s:
        p = s.get(Probe, ids["shopA"])
        assert p.status == "answered" and p.latency_ms == 240000
        assert s.get(Probe, ids["shopB"]).status == "submitted"


def test_an_unknown_caller_with_two_candidate_shops_is_kept_for_review(world) -> None:  # type: ignore[no-untyped-def]
    _, factory, clock, _ = world
    ev = CallEvent("call", "+7 999 000-00-00", "+79123456701", clock.now() + timedelta(minutes=2), "c2")
    with transaction(factory) as s:
        r = record_event(s, ev, now=clock.now())
        assert r.probe_id is None and r.match_method == "unmatched"


def test_an_sms_confirmation_is_an_auto_reply_not_an_answer(world) -> None:  # type: ignore[no-untyped-def]
    _, factory, clock, ids = world
    ev = CallEvent(
        "sms",
        "+73431112233",
        "+79123456701",
        clock.now() + timedelta(seconds=5),
        "s1",
        text="Ваша заявка принята. Мы получили ваше обращение.",
    )
    with transaction(factory) as s:
        r = record_event(s, ev, now=clock.now())
        assert r.kind == "auto"
    with transaction(factory) as s:
        p = s.get(Probe, ids["shopA"])
        assert p.status == "submitted" and p.auto_reply_at is not None
