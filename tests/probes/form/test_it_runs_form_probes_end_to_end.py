"""Config -> runner -> form probe -> shop -> reply mail -> match -> answered, with the real pieces.

The shop's reply is composed by the demo hook (``on_submission``) to whatever address
the shop's server received in the form; matching and classification are the e-mail
machinery's own functions, so this proves that a form probe's submission can be timed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import FakeClock
from monitor.demo.formsites import FormSites
from monitor.mail.classify import classify
from monitor.mail.match import DbLookup, decide
from monitor.mail.parse import parse_message
from monitor.runner import run_probe
from monitor.store import repo
from monitor.store.db import transaction
from monitor.store.models import Probe, Touchpoint
from monitor.store.replies import IncomingReply, store_reply
from probes.base import ProbeEnv
from probes.browser import BrowserPool
from tests.conftest import MINIMAL_CONFIG

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.browser]


def reply_to(fields: dict[str, str], when: datetime) -> bytes:
    """A shop employee answers the address from the form."""
    to = next(v for v in fields.values() if "@" in v)
    m = EmailMessage()
    m["From"] = "Ольга, магазин <olga@english.shop.test>"
    m["To"] = to
    m["Subject"] = "Re: ваш вопрос с сайта"
    m["Date"] = format_datetime(when)
    m["Message-ID"] = make_msgid(domain="english.shop.test")
    m.set_content("Здравствуйте, Анна! Да, доставляем в Екатеринбург за 3 дня. С уважением, Ольга")
    return bytes(m)


async def test_it_submits_through_the_runner_and_the_reply_is_timed(
    shops: FormSites, pool: BrowserPool, factory: sessionmaker[Session], make_config, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    shop, cb = shops["english"], shops["masked"]
    cfg = make_config(
        MINIMAL_CONFIG.replace(
            "targets: []\n",
            f"""
targets:
  - name: tea
    url: {shop.url}
    touchpoints:
      - {{kind: form, url: {shop.url}}}
  - name: windows
    url: {cb.url}
    touchpoints:
      - {{kind: callback, url: {cb.url_for("/contacts")}}}
""",
        )
    )
    clock = FakeClock(datetime(2026, 3, 2, 7, 0, tzinfo=UTC))
    with transaction(factory) as s:
        repo.sync_config(s, cfg)
        ids = [
            repo.create_probe(s, cfg, tp, scheduled_at=clock.now()).id
            for tp in s.scalars(select(Touchpoint).order_by(Touchpoint.id))
        ]
    mails: list[bytes] = []
    shop.hook = lambda site, fields: mails.append(reply_to(fields, clock.now() + timedelta(minutes=7)))

    statuses = [await run_probe(cfg, factory, clock, pid, ProbeEnv(browser=pool)) for pid in ids]
    assert statuses == ["submitted", "submitted"]
    with transaction(factory) as s:
        form_probe, cb_probe = (s.get(Probe, i) for i in ids)
        assert form_probe is not None and cb_probe is not None
        assert form_probe.submit_started_at is not None and form_probe.submitted_at is not None
        assert any(e["kind"] == "screenshot" and Path(e["path"]).exists() for e in form_probe.evidence)
        assert form_probe.details["filled"]["email"] == form_probe.reply_address
        (got,) = shop.accepted
        assert got.fields["your_email"] == form_probe.reply_address  # the address the shop will answer
        assert got.fields["body"] == form_probe.question
        (cb_got,) = cb.accepted
        assert cb_got.fields["phone"] == "+7 (912) 345-67-0" + cb_probe.phone[-1]  # persona's own phone
        submitted = form_probe.submitted_at

    (raw,) = mails
    mail = parse_message(raw)
    received = clock.now() + timedelta(minutes=7)
    with transaction(factory) as s:
        match = decide(mail, DbLookup(s), received_at=received)
        assert match.result.probe_id == ids[0] and match.result.method == "address"
        verdict = classify(mail, received_at=received, submitted_at=submitted)
        store_reply(
            s,
            IncomingReply(
                channel="email",
                kind=verdict.kind,
                message_key=mail.message_id or "k",
                received_at=received,
                detected_at=received,
                sender=mail.sender,
                subject=mail.subject,
            ),
            match.result,
        )
    with transaction(factory) as s:
        p = s.get(Probe, ids[0])
        assert p is not None and p.status == "answered"
        # submitted_at is the shop's answer to the POST, taken from the network a moment before the (frozen) clock
        assert 7 * 60 * 1000 <= p.latency_ms <= 7 * 60 * 1000 + 15_000
