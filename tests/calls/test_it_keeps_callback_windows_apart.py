"""The callback rule: two shops' callback probes never wait on one persona number unless callers tell them apart."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import FakeClock
from monitor.config import Config
from monitor.store import callwindows, repo
from monitor.store.db import transaction
from monitor.store.models import Probe

CONFIG = """
database: sqlite:///rw.db
timezone: Europe/Moscow
shopper:
  personas: {personas}
  questions: ["Перезвоните мне, пожалуйста"]
targets:
  - name: shopA
    url: http://127.0.10.1:8080/
    phones: {phones_a}
    touchpoints: [{{kind: callback, url: http://127.0.10.1:8080/}}]
  - name: shopB
    url: http://127.0.10.2:8080/
    phones: {phones_b}
    touchpoints: [{{kind: callback, url: http://127.0.10.2:8080/}}]
"""
ONE = '[{first_name: Анна, phone: "+7 912 345-67-01"}]'
TWO = '[{first_name: Анна, phone: "+7 912 345-67-01"}, {first_name: Игорь, phone: "8 912 345-67-02"}]'


def _setup(
    make_config,
    factory: sessionmaker[Session],
    *,
    personas: str = ONE,
    phones_a: str = "[]",  # type: ignore[no-untyped-def]
    phones_b: str = "[]",
) -> tuple[Config, FakeClock, int, int]:
    cfg: Config = make_config(CONFIG.format(personas=personas, phones_a=phones_a, phones_b=phones_b))
    clock = FakeClock()
    with transaction(factory) as s:
        repo.sync_config(s, cfg)
        tps = {tp.target.name: tp for tp in repo.touchpoints_for(s, cfg, None)}
        a = repo.create_probe(s, cfg, tps["shopA"], scheduled_at=clock.now(), deadline=timedelta(minutes=30))
        repo.claim_probe(s, a.id, "w", clock.now())
        repo.mark_submitted(s, a.id, submitted_at=clock.now(), evidence=[], details={}, message_id=None)
        b = repo.create_probe(s, cfg, tps["shopB"], scheduled_at=clock.now(), deadline=timedelta(minutes=30))
        return cfg, clock, a.id, b.id


def _claim(
    cfg: Config, factory: sessionmaker[Session], clock: FakeClock, pid: int
) -> tuple[str | None, Probe]:
    with transaction(factory) as s:
        assert repo.claim_probe(s, pid, "w", clock.now())
        p = s.get(Probe, pid)
        assert p is not None
        why = callwindows.take_phone(s, cfg, p, clock.now())
        s.flush()
        s.expunge(p)
        return why, p


def test_a_second_shop_waits_for_the_first_window_on_the_only_number(make_config, factory) -> None:  # type: ignore[no-untyped-def]
    cfg, clock, a, b = _setup(make_config, factory)
    clock.advance(timedelta(minutes=5))
    why, p = _claim(cfg, factory, clock, b)
    assert why is not None and "+79123456701" in why
    assert p.status == "scheduled" and p.attempts == 0
    assert p.scheduled_at > clock.now() + timedelta(minutes=24)
    clock.advance(timedelta(minutes=26))  # shop A's window has closed
    why, p = _claim(cfg, factory, clock, b)
    assert why is None and p.status == "running"


def test_it_takes_another_persona_whose_number_is_free(make_config, factory) -> None:  # type: ignore[no-untyped-def]
    cfg, clock, a, b = _setup(make_config, factory, personas=TWO)
    with factory() as s:
        pa, pb = s.get(Probe, a), s.get(Probe, b)
        assert pa is not None and pb is not None and pa.phone == pb.phone == "+79123456701"
    why, p = _claim(cfg, factory, clock, b)
    assert why is None and p.status == "running"
    assert (
        p.phone == "+79123456702"
        and p.persona["first_name"] == "Игорь"
        and p.reply_address.startswith("igor.")
    )


def test_shops_with_distinct_listed_numbers_may_share_a_number(make_config, factory) -> None:  # type: ignore[no-untyped-def]
    cfg, clock, a, b = _setup(
        make_config, factory, phones_a='["+7 343 111-22-33"]', phones_b='["+7 343 222-33-44"]'
    )
    why, p = _claim(cfg, factory, clock, b)
    assert why is None and p.phone == "+79123456701"


def test_one_listed_number_is_not_enough(make_config, factory) -> None:  # type: ignore[no-untyped-def]
    cfg, clock, a, b = _setup(make_config, factory, phones_a='["+7 343 111-22-33"]')
    why, _ = _claim(cfg, factory, clock, b)
    assert why is not None
