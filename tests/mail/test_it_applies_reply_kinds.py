"""Reply kinds end to end: real probes, a real Dovecot, the real watcher; what each kind does to its probe."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import SystemClock
from monitor.config import Config
from monitor.demo.dovecot import PrivateDovecot
from monitor.demo.mailshop import Behaviour, MailShop
from monitor.store.models import Probe, Reply
from monitor.watch.imap import InboxWatcher
from tests.fixtures.mail_env import probes_by_target, send_probes
from tests.mail.corpus.builders import dsn, mail, mdn

pytestmark = pytest.mark.mail

HUMAN = (
    "Здравствуйте, {name}!\nДа, доставка в Екатеринбург есть, 2-3 дня, стоимость 450 руб.\n"
    "Оформить заказ можно по телефону +7 343 222-33-44.\n\nС уважением,\nОльга, менеджер"
)
OUTLOOK = {"Thread-Index": "AdtB3c4fQm1x2y3z4A==", "X-MS-Has-Attach": "", "X-Auto-Response-Suppress": "All"}
HELPDESK = {"Precedence": "bulk", "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "OOF"}
SHOPS = ("receipt", "delay", "delayonly", "exchange", "helpdesk", "ack", "ooo", "bounce", "news", "plain")


def _human(p: Probe, sender: str, *, headers: dict[str, str] | None = None) -> bytes:
    name = (p.persona or {}).get("first_name", "")
    return mail(
        sender,
        "Re: " + (p.subject or "Вопрос"),
        HUMAN.format(name=name),
        to=p.reply_address,
        headers={"In-Reply-To": p.message_id or "", **(headers or {})},
        reply=False,
    )


def _script(p: Probe, shop: str) -> list[bytes]:
    """What each shop sends back, in order."""
    addr, to, orig = f"sales@{shop}.test", p.reply_address, p.message_id or ""
    delayed = dsn(
        f"MAILER-DAEMON@mx.{shop}.test",
        "Delayed Mail (still being retried)",
        "This is the mail system. "
        "Your message could not be delivered for more than 2 hour(s). It will be retried until it is 5 days "
        "old.",
        action="delayed",
        status="4.4.1",
        recipient=addr,
        to=to,
        original_id=orig,
    )
    return {
        "receipt": [
            mdn(
                addr,
                "Read: Вопрос",
                "Your message was read on Friday.",
                to=to,
                original_id=orig,
                disposition="automatic-action/MDN-sent-automatically; displayed",
            ),
            _human(p, addr),
        ],
        "delay": [delayed, _human(p, addr)],
        "delayonly": [delayed],
        "exchange": [_human(p, addr, headers=OUTLOOK)],
        "helpdesk": [_human(p, addr, headers=HELPDESK)],
        "ack": [
            mail(
                addr,
                "Заявка №1542",
                "Спасибо! Ваша заявка №1542 зарегистрирована. Ответим в течение 15 минут.",
                to=to,
                reply=False,
            ),
            _human(p, addr),
        ],
        "ooo": [
            mail(
                addr,
                "Автоматический ответ: Вопрос",
                "Я в отпуске до 10 декабря.",
                to=to,
                reply=False,
                headers={"Auto-Submitted": "auto-generated"},
            )
        ],
        "bounce": [
            dsn(
                f"MAILER-DAEMON@mx.{shop}.test",
                "Undelivered Mail Returned to Sender",
                "User unknown",
                action="failed",
                status="5.1.1",
                recipient=addr,
                to=to,
                original_id=orig,
                diagnostic="550 5.1.1 User unknown",
            )
        ],
        "news": [
            mail(
                f"news@{shop}.test",
                "Добро пожаловать!",
                "Спасибо за подписку! Дарим промокод на скидку 10%. Отписаться",
                to=to,
                reply=False,
                headers={"List-Unsubscribe": "<https://x.test/u>"},
            )
        ],
        "plain": [_human(p, addr)],
    }[shop]


async def test_it_lets_only_people_answer_and_only_permanent_failures_fail(
    dovecot: PrivateDovecot,
    make_shop: Callable[[dict[str, Behaviour]], MailShop],
    write_mail_config: Callable[..., Config],
    factory: sessionmaker[Session],
) -> None:
    shop = make_shop({f"sales@{name}.test": Behaviour("silent") for name in SHOPS})
    cfg = write_mail_config(dovecot, shop, {name: f"sales@{name}.test" for name in SHOPS})
    probes = await send_probes(cfg, factory)
    # every shop's first message, then (a second later, so INTERNALDATEs differ) the rest
    for step in (0, 1):
        for name in SHOPS:
            p = probes[f"sales@{name}.test"]
            msgs = _script(p, name)
            if step < len(msgs):
                await asyncio.to_thread(dovecot.deliver, p.reply_address, msgs[step])
        if step == 0:
            await asyncio.sleep(1.2)
    watcher = InboxWatcher(cfg, factory, SystemClock())
    await watcher.sweep_once()
    after = probes_by_target(factory)
    with factory() as s:
        replies = {r.probe_id: [] for r in s.scalars(select(Reply))}
        for r in s.scalars(select(Reply).order_by(Reply.received_at)):
            replies.setdefault(r.probe_id, []).append(r)
    kinds = {name: [r.kind for r in replies.get(after[f"sales@{name}.test"].id, [])] for name in SHOPS}
    assert kinds == {
        "receipt": ["receipt", "human"],
        "delay": ["delivery", "human"],
        "delayonly": ["delivery"],
        "exchange": ["human"],
        "helpdesk": ["human"],
        "ack": ["ack", "human"],
        "ooo": ["ooo"],
        "bounce": ["bounce"],
        "news": ["newsletter"],
        "plain": ["human"],
    }
    status = {name: after[f"sales@{name}.test"].status for name in SHOPS}
    assert status == {
        "receipt": "answered",
        "delay": "answered",
        "delayonly": "submitted",
        "exchange": "answered",
        "helpdesk": "answered",
        "ack": "answered",
        "ooo": "submitted",
        "bounce": "failed",
        "news": "submitted",
        "plain": "answered",
    }
    rec = after["sales@receipt.test"]
    human = replies[rec.id][1]
    # the answer is the person's, a second after the receipt, not the receipt
    assert (
        rec.first_human_reply_at == human.received_at
        and rec.details["read_at"] < human.received_at.isoformat()
    )
    assert after["sales@delayonly.test"].details.get("delivery_delayed_at")
    assert after["sales@ooo.test"].auto_reply_at is not None
    assert after["sales@news.test"].auto_reply_at is None
    bounce = after["sales@bounce.test"]
    assert bounce.reason == "undeliverable" and bounce.details["bounce"]["failed_recipients"] == [
        "sales@bounce.test"
    ]
    # an auto-reply's promise is kept on the probe, with its source
    ack = after["sales@ack.test"]
    assert ack.promised_s == 900 and ack.promise and ack.promise["source"] == "auto-reply"
    # every person's reply is graded, each item with its proof; machines' replies are not
    graded = [r for rs in replies.values() for r in rs if r.kind == "human"]
    assert len(graded) == 6 and all(r.quality_score == 5 for r in graded)
    assert graded[0].quality and graded[0].quality["items"]["signed"]["proof"] == "Ольга, менеджер"
    assert all(r.quality is None for rs in replies.values() for r in rs if r.kind != "human")
    # one template to many shops is not "canned": that is per shop (tests/mail/test_it_grades_replies.py)
    assert not any(r.canned for r in graded)


async def test_it_lets_a_later_answer_overrule_a_bounce(
    dovecot: PrivateDovecot,
    make_shop: Callable[[dict[str, Behaviour]], MailShop],
    write_mail_config: Callable[..., Config],
    factory: sessionmaker[Session],
) -> None:
    shop = make_shop({"sales@bounce.test": Behaviour("silent")})
    cfg = write_mail_config(dovecot, shop, {"bounce": "sales@bounce.test"})
    p = (await send_probes(cfg, factory))["sales@bounce.test"]
    watcher = InboxWatcher(cfg, factory, SystemClock())
    await asyncio.to_thread(dovecot.deliver, p.reply_address, _script(p, "bounce")[0])
    await watcher.sweep_once()
    assert probes_by_target(factory)["sales@bounce.test"].status == "failed"
    time.sleep(1.1)
    await asyncio.to_thread(dovecot.deliver, p.reply_address, _human(p, "olga@bounce.test"))
    await watcher.sweep_once()
    after = probes_by_target(factory)["sales@bounce.test"]
    assert after.status == "answered" and after.latency_ms is not None
    assert after.details["bounce_overruled_by_answer"] == "undeliverable"
