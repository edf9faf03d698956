"""Matching: strongest evidence first (address, thread, token, sender domain), unmatched kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from monitor.config import Config
from monitor.mail.match import DbLookup, PendingProbe, decide, sender_belongs, target_domains
from monitor.mail.parse import parse_message
from monitor.store import repo
from monitor.store.db import transaction

T0 = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


@dataclass
class FakeProbe:
    id: int
    address: str
    message_id: str
    token: str
    sender_domains: tuple[str, ...] = ()
    submitted_at: datetime | None = T0
    pending: bool = True


@dataclass
class TableLookup:
    """An in-memory ProbeLookup: the decision logic is pure, so a table is a fair stand-in."""

    probes: list[FakeProbe] = field(default_factory=list)

    def by_addresses(self, addresses: Sequence[str]) -> list[int]:
        return [p.id for p in self.probes if p.address in addresses]

    def by_message_ids(self, ids: Sequence[str]) -> list[int]:
        return [p.id for p in self.probes if p.message_id in ids]

    def by_tokens(self, tokens: Sequence[str]) -> list[int]:
        return [p.id for p in self.probes if p.token in tokens]

    def pending_for_sender(self, address: str) -> list[PendingProbe]:
        return [
            PendingProbe(p.id, p.submitted_at)
            for p in self.probes
            if p.pending and sender_belongs(address, set(p.sender_domains), set())
        ]


LOOKUP = TableLookup(
    [
        FakeProbe(
            1, "anna.k7m2x9p4qr@shopper.test", "<k7m2x9p4qr.1@shopper.test>", "k7m2x9p4qr", ("alpha.test",)
        ),
        FakeProbe(
            2, "igor.t3n8v5w6ya@shopper.test", "<t3n8v5w6ya.2@shopper.test>", "t3n8v5w6ya", ("bravo.test",)
        ),
        FakeProbe(
            3,
            "anna.h4j6k8m2pa@shopper.test",
            "<h4j6k8m2pa.3@shopper.test>",
            "h4j6k8m2pa",
            ("bravo.test",),
            submitted_at=T0 + timedelta(hours=1),
        ),
        FakeProbe(
            4,
            "anna.z9y8x7w6va@shopper.test",
            "<z9y8x7w6va.4@shopper.test>",
            "z9y8x7w6va",
            ("charlie.test",),
            pending=False,
        ),
    ]
)


def _raw(headers: str, body: str = "Да, есть.") -> bytes:
    return (
        headers.replace("\n", "\r\n") + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body
    ).encode()


CASES = [
    ("to address", "From: x@other.test\nTo: anna.k7m2x9p4qr@shopper.test", "", 1, "address", "exact"),
    (
        "address case-insensitive",
        "From: x@other.test\nTo: Anna.K7M2X9P4QR@Shopper.Test",
        "",
        1,
        "address",
        "exact",
    ),
    (
        "cc address",
        "From: x@other.test\nTo: boss@x.test\nCc: <igor.t3n8v5w6ya@shopper.test>",
        "",
        2,
        "address",
        "exact",
    ),
    (
        "delivered-to",
        "From: x@other.test\nTo: undisclosed-recipients:;\nDelivered-To: igor.t3n8v5w6ya@shopper.test",
        "",
        2,
        "address",
        "exact",
    ),
    (
        "x-original-to",
        "From: x@other.test\nTo: list@x.test\nX-Original-To: anna.h4j6k8m2pa@shopper.test",
        "",
        3,
        "address",
        "exact",
    ),
    (
        "mangled address keeps the token",
        "From: x@other.test\nTo: annak7m2x9p4qr@shopper.test",
        "",
        1,
        "address",
        "exact",
    ),
    (
        "address beats thread",
        "From: x@other.test\nTo: igor.t3n8v5w6ya@shopper.test\nIn-Reply-To: <k7m2x9p4qr.1@shopper.test>",
        "",
        2,
        "address",
        "exact",
    ),
    (
        "in-reply-to",
        "From: x@other.test\nTo: shopper@shopper.test\nIn-Reply-To: <k7m2x9p4qr.1@shopper.test>",
        "",
        1,
        "thread",
        "exact",
    ),
    (
        "references",
        "From: x@other.test\nTo: shopper@shopper.test\nReferences: <zz@a> <t3n8v5w6ya.2@shopper.test>",
        "",
        2,
        "thread",
        "exact",
    ),
    (
        "token in subject",
        "From: x@other.test\nTo: shopper@shopper.test\nSubject: Re: заявка k7m2x9p4qr",
        "",
        1,
        "token",
        "exact",
    ),
    (
        "token in quoted body",
        "From: x@other.test\nTo: shopper@shopper.test",
        "Да.\n\n> Анна <anna.h4j6k8m2pa@shopper.test> написала:",
        3,
        "token",
        "exact",
    ),
    (
        "sender domain, pending",
        "From: olga@alpha.test\nTo: shopper@shopper.test",
        "",
        1,
        "sender-domain",
        "probable",
    ),
    (
        "sender subdomain",
        "From: crm@mail.alpha.test\nTo: shopper@shopper.test",
        "",
        1,
        "sender-domain",
        "probable",
    ),
    (
        "sender domain, latest pending before arrival",
        "From: olga@bravo.test\nTo: shopper@shopper.test",
        "",
        3,
        "sender-domain",
        "probable",
    ),
    (
        "sender domain without pending probe",
        "From: olga@charlie.test\nTo: shopper@shopper.test",
        "",
        None,
        "unmatched",
        None,
    ),
    (
        "nothing",
        "From: spam@spam.test\nTo: shopper@shopper.test\nSubject: Скидки",
        "Купите",
        None,
        "unmatched",
        None,
    ),
    (
        "look-alike words are not tokens",
        "From: spam@spam.test\nTo: shopper@shopper.test\nSubject: abcdefghjk",
        "zzzzzzzzzz",
        None,
        "unmatched",
        None,
    ),
]


@pytest.mark.parametrize("name,headers,body,probe,method,confidence", CASES, ids=[c[0] for c in CASES])
def test_it_matches(
    name: str, headers: str, body: str, probe: int | None, method: str, confidence: str | None
) -> None:
    got = decide(
        parse_message(_raw(headers, body or "Да, есть.")), LOOKUP, received_at=T0 + timedelta(hours=2)
    )
    assert (got.result.probe_id, got.result.method, got.result.confidence) == (probe, method, confidence), (
        got.reason
    )
    assert got.reason


def test_a_reply_before_the_later_probe_goes_to_the_earlier_one() -> None:
    mail = parse_message(_raw("From: olga@bravo.test\nTo: shopper@shopper.test"))
    assert decide(mail, LOOKUP, received_at=T0 + timedelta(minutes=30)).result.probe_id == 2


@pytest.mark.parametrize(
    "sender,belongs",
    [
        ("olga@shop.test", True),
        ("crm@mail.shop.test", True),
        ("x@evilshop.test", False),
        ("shop.owner@gmail.com", True),
        ("someone.else@gmail.com", False),
    ],
)
def test_freemail_domains_only_count_as_whole_addresses(sender: str, belongs: bool) -> None:
    @dataclass
    class T:
        url: str = "https://www.shop.test/"
        email_domains: tuple[str, ...] = ()

    @dataclass
    class Tp:
        address: str | None

    domains, addresses = target_domains(T(), [Tp("shop.owner@gmail.com"), Tp(None)])  # type: ignore[arg-type]
    assert "gmail.com" not in domains
    assert sender_belongs(sender, domains, addresses) is belongs


def test_the_database_lookup_finds_probes_by_every_kind_of_evidence(
    make_config: object,
    factory: sessionmaker[Session],
) -> None:
    cfg: Config = make_config("""
database: sqlite:///rw.db
shopper:
  mailbox:
    address_template: "{first}.{token}@shopper.test"
    smtp: {host: 127.0.0.1, port: 2525, starttls: false}
  personas: [{first_name: Анна, phone: "+7 900 000-00-01"}]
  questions: ["Есть доставка?"]
targets:
  - name: shop
    url: https://www.shop.test/
    email_domains: [crm-mail.test]
    touchpoints: [{kind: email, to: info@shop.test}]
""")  # type: ignore[operator]
    with transaction(factory) as s:
        repo.sync_config(s, cfg)
        tp = repo.touchpoints_for(s, cfg, None)[0]
        p = repo.create_probe(s, cfg, tp, scheduled_at=T0)
        repo.claim_probe(s, p.id, "w", T0)
        repo.mark_submitted(s, p.id, submitted_at=T0, evidence=[], details={}, message_id="<m1@shopper.test>")
        pid, addr, token = p.id, p.reply_address, p.token
    with factory() as s:
        look = DbLookup(s)
        assert look.by_addresses([addr.upper()]) == [pid]
        assert look.by_message_ids(["<m1@shopper.test>"]) == [pid]
        assert look.by_tokens([token]) == [pid]
        assert [x.probe_id for x in look.pending_for_sender("ivan@crm-mail.test")] == [pid]
        assert [x.probe_id for x in look.pending_for_sender("ivan@shop.test")] == [pid]
        assert look.pending_for_sender("ivan@other.test") == []
        assert look.is_our_message("<m1@shopper.test>") and not look.is_our_message(None)
