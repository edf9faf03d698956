"""What the store keeps about a reply besides its kind: checklist, canned mark, promises; SMS acks never answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import FakeClock
from monitor.config import Config
from monitor.runner import record_page_promise
from monitor.store import repo
from monitor.store.db import transaction
from monitor.store.models import Probe, Reply
from monitor.store.replies import IncomingReply, MatchResult, store_reply
from monitor.watch.calls import CallEvent, classify_event, record_event
from probes.base import Submission

CONFIG = """
database: sqlite:///rw.db
shopper:
  mailbox: {address_template: "{first}.{token}@shopper.test", smtp: {host: 127.0.0.1, port: 2525}}
  personas:
    - {first_name: Анна, last_name: Кузнецова, phone: "+7 912 345-67-01"}
    - {first_name: Мария, last_name: Орлова, phone: "+7 912 345-67-02"}
    - {first_name: Ірина, last_name: Коваль, phone: "+7 912 345-67-03"}
  questions: ["Здравствуйте! Есть ли доставка в Екатеринбург и сколько она стоит?"]
targets:
  - name: mebel
    url: http://127.0.10.1:8080/
    phones: ["+7 (343) 111-22-33"]
    touchpoints: [{kind: email, to: sales@mebel.test}, {kind: callback, url: http://127.0.10.1:8080/}]
"""
TEMPLATE = (
    "Здравствуйте, {name}!\nБлагодарим за интерес к нашей мебели. Доставка по Екатеринбургу 1 500 руб., "
    "привезём за 2 дня. Для оформления заказа позвоните нам: +7 343 222-33-44.\n\nС уважением,\nотдел продаж"
)


@pytest.fixture
def world(make_config, factory: sessionmaker[Session]):  # type: ignore[no-untyped-def]
    cfg: Config = make_config(CONFIG)
    clock = FakeClock()
    ids: dict[str, list[int]] = {"email": [], "callback": []}
    with transaction(factory) as s:
        repo.sync_config(s, cfg)
        for tp in repo.touchpoints_for(s, cfg, None):
            for _ in range(3 if tp.kind == "email" else 1):
                p = repo.create_probe(s, cfg, tp, scheduled_at=clock.now(), deadline=timedelta(hours=1))
                repo.claim_probe(s, p.id, "w", clock.now())
                repo.mark_submitted(
                    s, p.id, submitted_at=clock.now(), evidence=[], details={}, message_id=None
                )
                ids[tp.kind].append(p.id)
    return factory, clock, ids


def _human(s: Session, clock: FakeClock, probe_id: int, text: str, key: str) -> Reply:
    incoming = IncomingReply(
        channel="email",
        kind="human",
        message_key=key,
        received_at=clock.now() + timedelta(minutes=5),
        detected_at=clock.now(),
        sender="olga@mebel.test",
        excerpt=text[:200],
        text=text,
        details={"sender_name": "Мебель"},
    )
    r = store_reply(s, incoming, MatchResult(probe_id, "address", "exact"))
    assert r is not None
    return r


def test_it_marks_one_template_sent_to_two_personas_as_canned(world) -> None:  # type: ignore[no-untyped-def]
    factory, clock, ids = world
    with transaction(factory) as s:
        names = [s.get(Probe, pid).persona["first_name"] for pid in ids["email"]]
        first = _human(s, clock, ids["email"][0], TEMPLATE.format(name=names[0]), "m1")
        assert not first.canned  # nothing to compare with yet
        second = _human(s, clock, ids["email"][1], TEMPLATE.format(name=names[1]), "m2")
        own = _human(
            s,
            clock,
            ids["email"][2],
            f"{names[2]}, добрый день! Доставка в Екатеринбург есть, завтра привезём, 900 руб.\nОльга",
            "m3",
        )
    with transaction(factory) as s:
        a, b, c = (s.get(Reply, r.id) for r in (first, second, own))
        assert a.canned and b.canned and b.canned_of == a.id and a.canned_of == a.id
        assert not c.canned
        # the checklist is stored with its proofs and never touches latency
        assert c.quality_score == 5 and c.quality["items"]["addressed_by_name"]["ok"]
        assert a.quality["items"]["signed"] == {"ok": False, "proof": None}  # "отдел продаж" is not a person
        p = s.get(Probe, ids["email"][0])
        assert p.latency_ms == 5 * 60 * 1000


def test_it_keeps_the_pages_promise_before_an_auto_replys(world) -> None:  # type: ignore[no-untyped-def]
    factory, clock, ids = world
    pid = ids["email"][0]
    near_form = (
        "Оставьте заявку, и менеджер перезвонит за 30 секунд! Работаем ежедневно с 9 до 21. "
        "Доставка по городу за 2 часа."
    )
    with transaction(factory) as s:
        record_page_promise(s, pid, Submission(submitted_at=clock.now(), details={"promise_text": near_form}))
        ack = IncomingReply(
            channel="email",
            kind="ack",
            message_key="a1",
            received_at=clock.now() + timedelta(seconds=9),
            detected_at=clock.now(),
            excerpt="Ваша заявка принята. Ответим в течение 15 минут.",
        )
        store_reply(s, ack, MatchResult(pid, "address", "exact"))
    with transaction(factory) as s:
        p = s.get(Probe, pid)
        assert p.promised_s == 30 and p.promise["source"] == "page" and "30 секунд" in p.promise["text"]
        assert [x["source"] for x in p.details["promises"]] == ["page", "auto-reply"]
        assert p.auto_reply_at is not None and p.status == "submitted"


def test_it_takes_a_promise_from_a_chat_greeting(world) -> None:  # type: ignore[no-untyped-def]
    factory, clock, ids = world
    pid = ids["email"][1]
    with transaction(factory) as s:
        greet = IncomingReply(
            channel="chat",
            kind="greeting",
            message_key="g1",
            received_at=clock.now(),
            detected_at=clock.now(),
            excerpt="Здравствуйте! Обычно отвечаем в течение 5 минут.",
        )
        store_reply(s, greet, MatchResult(pid, "session", "exact"))
    with transaction(factory) as s:
        p = s.get(Probe, pid)
        assert p.promised_s == 300 and p.promise["source"] == "chat" and p.status == "submitted"


# SMS acknowledgements from different senders and systems, RU/UK/EN: none may answer a callback probe.
SMS_ACKS = [
    "Заявка №4411 принята. Мастер свяжется с вами.",
    "Ваша заявка принята! Менеджер перезвонит в течение 15 минут.",
    "Спасибо за обращение! Мы перезвоним вам в ближайшее время.",
    "Mebel-Ural: заявка на обратный звонок зарегистрирована, номер 20771.",
    "Ваш заказ №10293 оформлен. Оператор позвонит для подтверждения.",
    "Здравствуйте, Анна! Мы получили вашу заявку, специалист скоро свяжется с вами.",
    "Заявку №553 прийнято. Майстер зв'яжеться з вами найближчим часом.",
    "Дякуємо за звернення! Наш менеджер передзвонить вам протягом 10 хвилин.",
    "Ваше звернення зареєстровано під номером 3321.",
    "Your request #4411 has been received. An agent will call you back shortly.",
    "Thanks for your request! We'll call you back within 15 minutes.",
    "Callback booked: a specialist will contact you today.",
]
SMS_PEOPLE = [
    "Анна, добрый день! Это Ольга из Мебель-Урал. Диван есть, привезём в четверг. Перезвоните, пожалуйста: +73432223344",
    "Ірино, вітаю! Не додзвонилися до вас. Пральна машина є, ціна 17 999 грн.",
    "Hi Emily, Tom from Ride Bikes - the Marlin 5 in M is in stock, £649. Call me back on 0113 496 0000.",
]


@pytest.mark.parametrize("text", SMS_ACKS)
def test_it_never_lets_an_sms_acknowledgement_answer(text: str, world) -> None:  # type: ignore[no-untyped-def]
    factory, clock, ids = world
    ev = CallEvent(
        "sms",
        "+7 343 111-22-33",
        "+79123456701",
        clock.now() + timedelta(seconds=20),
        f"s-{hash(text)}",
        text=text,
    )
    kind, reasons = classify_event(ev)
    assert kind != "human", reasons
    with transaction(factory) as s:
        record_event(s, ev, now=clock.now())
    with transaction(factory) as s:
        assert s.get(Probe, ids["callback"][0]).status == "submitted"


@pytest.mark.parametrize("text", SMS_PEOPLE)
def test_it_still_hears_a_person_by_sms(text: str) -> None:
    kind, reasons = classify_event(
        CallEvent("sms", "+73431112233", "+79123456701", FakeClock().now(), "p", text=text)
    )
    assert kind == "human", reasons
