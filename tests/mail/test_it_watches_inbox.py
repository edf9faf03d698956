"""The inbox watcher against a real Dovecot, with shops answering in every way they do."""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import SystemClock
from monitor.config import Config
from monitor.demo.dovecot import PrivateDovecot
from monitor.demo.mailshop import Behaviour, MailShop
from monitor.store.db import session_factory
from monitor.store.models import MailCheckpoint, Probe, Reply, WatcherStatus
from monitor.watch.imap import InboxWatcher
from tests.fixtures.mail_env import probes_by_target, send_probes

pytestmark = pytest.mark.mail

SHOPS = {
    "threaded": ("ivan@threaded.test", Behaviour("human-reply", delay=0.2)),
    "fresh": ("sales@fresh.test", Behaviour("human-fresh", delay=0.2)),
    "freemail": ("shop@freemail-shop.test", Behaviour("human-freemail", delay=0.2)),
    "autohdr": ("info@autohdr.test", Behaviour("auto-headers", delay=0.1)),
    "autoword": ("info@autoword.test", Behaviour("auto-wording", delay=0.1)),
    "bounce": ("nobody@bounce.test", Behaviour("bounce", delay=0.1)),
    "junk": ("olga@junk.test", Behaviour("junk", delay=0.2)),
    "cp1251": ("manager@cp1251.test", Behaviour("cp1251", delay=0.2, date_skew=-7200)),
    "html": ("manager@html.test", Behaviour("html-only", delay=0.2)),
    "silent": ("info@silent.test", Behaviour("silent")),
}


def _rows(factory: sessionmaker[Session]) -> tuple[dict[str, Probe], list[Reply]]:
    with factory() as s:
        return probes_by_target(factory), list(s.scalars(select(Reply).order_by(Reply.id)))


async def test_it_classifies_and_times_every_kind_of_answer(
    dovecot: PrivateDovecot,
    make_shop: Callable[[dict[str, Behaviour]], MailShop],
    write_mail_config: Callable[..., Config],
    factory: sessionmaker[Session],
) -> None:
    shop = make_shop({addr: b for addr, b in SHOPS.values()})
    cfg = write_mail_config(dovecot, shop, {name: addr for name, (addr, _) in SHOPS.items()})
    await send_probes(cfg, factory)
    await asyncio.to_thread(shop.wait_idle, 20)
    assert not shop.errors
    watcher = InboxWatcher(cfg, factory, SystemClock())
    assert await watcher.sweep_once() == 9  # everyone but the silent shop answered once
    probes, replies = _rows(factory)
    status = {addr: probes[addr].status for addr, _ in SHOPS.values()}
    assert status == {
        "ivan@threaded.test": "answered",
        "sales@fresh.test": "answered",
        "shop@freemail-shop.test": "answered",
        "info@autohdr.test": "submitted",
        "info@autoword.test": "submitted",
        "nobody@bounce.test": "failed",
        "olga@junk.test": "answered",
        "manager@cp1251.test": "answered",
        "manager@html.test": "answered",
        "info@silent.test": "submitted",
    }
    assert probes["nobody@bounce.test"].reason == "undeliverable"
    assert probes["info@autohdr.test"].auto_reply_at is not None
    assert probes["info@autoword.test"].auto_reply_at is not None
    by_probe = {r.probe_id: r for r in replies}
    assert by_probe[probes["ivan@threaded.test"].id].match_method == "address"
    assert by_probe[probes["olga@junk.test"].id].details["folder"] == "Junk"
    assert "Доставка в ваш город есть" in (by_probe[probes["manager@cp1251.test"].id].excerpt or "")
    html_reply = by_probe[probes["manager@html.test"].id]
    assert "Доставка в ваш город есть" in (html_reply.excerpt or "") and "<p>" not in (
        html_reply.excerpt or ""
    )
    assert all(r.raw_path and open(r.raw_path, "rb").read() for r in replies)
    # Latency is measured by our server's clock, against the true delivery time, whatever the sender's Date says.
    delivered = {r.message_id: r.delivered_at for r in shop.replies}
    for r in replies:
        assert abs((r.received_at - delivered[r.message_key]).total_seconds()) <= 1.0
    cp1251 = by_probe[probes["manager@cp1251.test"].id]
    assert cp1251.sent_at is not None and (cp1251.received_at - cp1251.sent_at).total_seconds() > 7000
    p = probes["manager@cp1251.test"]
    assert p.latency_ms == int((p.first_human_reply_at - p.submitted_at).total_seconds() * 1000)
    # A second sweep finds nothing new.
    assert await watcher.sweep_once() == 0


async def test_it_matches_plus_addresses_and_thread_only_replies(
    dovecot: PrivateDovecot,
    make_shop: Callable[[dict[str, Behaviour]], MailShop],
    write_mail_config: Callable[..., Config],
    factory: sessionmaker[Session],
) -> None:
    shop = make_shop({"ivan@plus.test": Behaviour("human-reply", delay=0.1)})
    cfg = write_mail_config(
        dovecot, shop, {"plus": "ivan@plus.test"}, template="shopper+{token}@shopper.test"
    )
    probes = await send_probes(cfg, factory)
    await asyncio.to_thread(shop.wait_idle, 10)
    p = probes["ivan@plus.test"]
    assert p.reply_address.startswith("shopper+")
    # A reply that reaches us without our address in any header: only its thread names the probe.
    orig_id = p.message_id
    dovecot.deliver(
        "shopper@shopper.test",
        (
            "From: Ivan <ivan@plus.test>\r\nTo: someone-else@shopper.test\r\nSubject: Re: again\r\n"
            f"Message-ID: <thread-only@plus.test>\r\nIn-Reply-To: {orig_id}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nЕщё раз здравствуйте, всё есть.\r\n"
        ).encode(),
    )
    # And one that names nothing at all: kept for review, not dropped.
    dovecot.deliver(
        "shopper@shopper.test",
        (
            "From: spam@elsewhere.test\r\nTo: shopper@shopper.test\r\nSubject: Скидки\r\n"
            "Message-ID: <nothing@elsewhere.test>\r\n\r\nКупите слона\r\n"
        ).encode(),
    )
    await InboxWatcher(cfg, factory, SystemClock()).sweep_once()
    with factory() as s:
        methods = {r.message_key: (r.match_method, r.probe_id) for r in s.scalars(select(Reply))}
    assert methods["<thread-only@plus.test>"] == ("thread", p.id)
    assert methods["<nothing@elsewhere.test>"] == ("unmatched", None)
    assert [
        m for k, m in methods.items() if k not in ("<thread-only@plus.test>", "<nothing@elsewhere.test>")
    ] == [("address", p.id)]


async def test_it_reprocesses_nothing_after_a_uidvalidity_change(
    dovecot: PrivateDovecot,
    write_mail_config: Callable[..., Config],
    factory: sessionmaker[Session],
) -> None:
    cfg = write_mail_config(dovecot, None, {}, folders="[INBOX]")
    for i in range(3):
        dovecot.deliver(
            "x@shopper.test", f"From: a@b.test\r\nMessage-ID: <m{i}@b.test>\r\n\r\nhi\r\n".encode()
        )
    watcher = InboxWatcher(cfg, factory, SystemClock())
    assert await watcher.sweep_once() == 3
    with factory() as s:
        cp = s.scalar(select(MailCheckpoint))
        assert cp is not None and cp.last_uid == 3
        cp.uidvalidity = 1  # as if the server had renumbered the folder
        s.commit()
    assert await watcher.sweep_once() == 3  # swept again ...
    with factory() as s:
        assert s.scalar(select(func.count(Reply.id))) == 3  # ... but nothing stored twice
        cp = s.scalar(select(MailCheckpoint))
        assert cp is not None and cp.uidvalidity != 1 and cp.last_uid == 3


async def _run_for(watcher: InboxWatcher, seconds: float) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(watcher.run(stop))
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.wait_for(task, 10)


async def _wait_replies(factory: sessionmaker[Session], n: int, timeout: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        with factory() as s:
            if (s.scalar(select(func.count(Reply.id))) or 0) >= n:
                return time.monotonic() - start
        await asyncio.sleep(0.05)
    raise AssertionError(f"fewer than {n} replies after {timeout}s")


@pytest.mark.parametrize("idle", [True, False], ids=["idle", "polling"])
async def test_it_notices_new_mail_while_running(
    idle: bool,
    dovecot: PrivateDovecot,
    write_mail_config: Callable[..., Config],
    factory: sessionmaker[Session],
) -> None:
    cfg = write_mail_config(dovecot, None, {}, idle=idle, poll="1s")
    stop = asyncio.Event()
    task = asyncio.create_task(InboxWatcher(cfg, factory, SystemClock()).run(stop))
    try:
        await asyncio.sleep(0.5)
        dovecot.deliver("x@shopper.test", b"From: a@b.test\r\nMessage-ID: <live1@b.test>\r\n\r\nhi\r\n")
        dovecot.deliver(
            "x@shopper.test", b"From: a@b.test\r\nMessage-ID: <live2@b.test>\r\n\r\nhi\r\n", folder="Junk"
        )
        lag = await _wait_replies(factory, 2, 10)
        assert lag < (1.0 if idle else 3.0)
        # Right after a sweep a folder reports "ok"; it returns to waiting at once (within seconds
        # on a loaded machine), so read the state until it settles.
        want = {"INBOX": "idle" if idle else "polling", "Junk": "idle" if idle else "polling"}
        for _ in range(50):
            with factory() as s:
                states = {w.name.rsplit("/", 1)[1]: w.state for w in s.scalars(select(WatcherStatus))}
            if states == want:
                break
            await asyncio.sleep(0.1)
        assert states == want
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


async def test_it_loses_and_doubles_nothing_when_killed_and_restarted(
    dovecot: PrivateDovecot,
    write_mail_config: Callable[..., Config],
    factory: sessionmaker[Session],
) -> None:
    cfg = write_mail_config(dovecot, None, {})
    sent = 0

    async def feed(n: int) -> None:
        nonlocal sent
        for _ in range(n):
            folder = "Junk" if sent % 4 == 0 else None
            raw = f"From: a@b.test\r\nMessage-ID: <k{sent}@b.test>\r\nSubject: {sent}\r\n\r\nhi\r\n".encode()
            await asyncio.to_thread(dovecot.deliver, "x@shopper.test", raw, folder)
            sent += 1
            await asyncio.sleep(0.01)

    for _round in range(3):
        stop = asyncio.Event()
        task = asyncio.create_task(InboxWatcher(cfg, factory, SystemClock()).run(stop))
        await feed(15)
        await asyncio.sleep(0.2)
        task.cancel()  # killed, not stopped: mid-IDLE or mid-sweep
        with pytest.raises(asyncio.CancelledError):
            await task
        await feed(5)  # arrives while nobody watches
    await InboxWatcher(cfg, factory, SystemClock()).sweep_once()
    with factory() as s:
        keys = list(s.scalars(select(Reply.message_key)))
    assert len(keys) == sent == 60
    assert set(keys) == {f"<k{i}@b.test>" for i in range(sent)}


async def test_it_reconnects_and_catches_up_after_a_server_restart(
    dovecot: PrivateDovecot,
    write_mail_config: Callable[..., Config],
    factory: sessionmaker[Session],
) -> None:
    cfg = write_mail_config(dovecot, None, {})
    stop = asyncio.Event()
    task = asyncio.create_task(InboxWatcher(cfg, factory, SystemClock()).run(stop))
    dovecot.deliver("x@shopper.test", b"From: a@b.test\r\nMessage-ID: <r1@b.test>\r\n\r\nhi\r\n")
    await _wait_replies(factory, 1, 10)
    await asyncio.sleep(0.3)  # now in IDLE
    await asyncio.to_thread(dovecot.stop)
    await asyncio.sleep(0.5)
    with factory() as s:
        states = {w.state for w in s.scalars(select(WatcherStatus))}
        assert "reconnecting" in states
    await asyncio.to_thread(dovecot.start)
    dovecot.deliver("x@shopper.test", b"From: a@b.test\r\nMessage-ID: <r2@b.test>\r\n\r\nhi\r\n")
    dovecot.deliver(
        "x@shopper.test", b"From: a@b.test\r\nMessage-ID: <r3@b.test>\r\n\r\nhi\r\n", folder="Junk"
    )
    await _wait_replies(factory, 3, 15)
    stop.set()
    await asyncio.wait_for(task, 10)
    with factory() as s:
        assert sorted(s.scalars(select(Reply.message_key))) == ["<r1@b.test>", "<r2@b.test>", "<r3@b.test>"]
        rows = list(s.scalars(select(WatcherStatus)))
        assert rows and all(w.last_error for w in rows) and all(w.last_ok_at for w in rows)
    assert datetime.now(UTC)  # the watcher ended cleanly on stop


async def test_it_polls_when_the_server_has_no_idle(
    write_mail_config: Callable[..., Config],
    factory: sessionmaker[Session],
) -> None:
    no_idle = PrivateDovecot(
        {"shopper": "imap-secret"},
        extra_conf="imap_capability = IMAP4rev1 LITERAL+ SASL-IR ID ENABLE UIDPLUS",
    )
    with no_idle:
        cfg = write_mail_config(no_idle, None, {}, folders="[INBOX]", idle=True, poll="1s")
        stop = asyncio.Event()
        task = asyncio.create_task(InboxWatcher(cfg, factory, SystemClock()).run(stop))
        try:
            await asyncio.sleep(0.5)
            no_idle.deliver("x@shopper.test", b"From: a@b.test\r\nMessage-ID: <p1@b.test>\r\n\r\nhi\r\n")
            await _wait_replies(factory, 1, 5)
            with factory() as s:
                assert [w.state for w in s.scalars(select(WatcherStatus))] == ["polling"]
        finally:
            stop.set()
            await asyncio.wait_for(task, 10)


async def test_it_reissues_idle_within_the_renew_interval(
    dovecot: PrivateDovecot,
    write_mail_config: Callable[..., Config],
    factory: sessionmaker[Session],
) -> None:
    cfg = write_mail_config(dovecot, None, {}, folders="[INBOX]")
    cfg.shopper.mailbox.imap.idle_renew = timedelta(seconds=0.5)  # type: ignore[union-attr]
    sweeps: list[float] = []

    class Counting(InboxWatcher):
        def _select_quiet(self, client: object, folder: str) -> None:
            sweeps.append(time.monotonic())
            super()._select_quiet(client, folder)  # type: ignore[arg-type]

    await _run_for(Counting(cfg, factory, SystemClock()), 3.2)
    # Before every IDLE the folder is re-checked: IDLE was ended and re-issued about every 0.5-1 s.
    assert len(sweeps) >= 3
    assert max(b - a for a, b in zip(sweeps, sweeps[1:], strict=False)) < 2.0


@pytest.mark.postgres
async def test_it_works_the_same_on_postgresql(
    dovecot: PrivateDovecot,
    make_shop: Callable[[dict[str, Behaviour]], MailShop],
    write_mail_config: Callable[..., Config],
    pg_engine: Engine,
) -> None:
    factory = session_factory(pg_engine)
    shop = make_shop(
        {
            "ivan@pg.test": Behaviour("auto-then-human", delay=0.1, human_delay=0.3),
            "gone@pg.test": Behaviour("bounce", delay=0.1),
        }
    )
    cfg = write_mail_config(dovecot, shop, {"pg": "ivan@pg.test", "gone": "gone@pg.test"})
    await send_probes(cfg, factory)
    await asyncio.to_thread(shop.wait_idle, 10)
    watcher = InboxWatcher(cfg, factory, SystemClock())
    assert await watcher.sweep_once() == 3
    assert await watcher.sweep_once() == 0
    probes = probes_by_target(factory)
    ok, gone = probes["ivan@pg.test"], probes["gone@pg.test"]
    assert (
        ok.status == "answered"
        and ok.auto_reply_at is not None
        and ok.auto_reply_at <= ok.first_human_reply_at
    )
    assert gone.status == "failed" and gone.reason == "undeliverable"


async def test_it_verifies_the_servers_tls_certificate(
    write_mail_config: Callable[..., Config],
    factory: sessionmaker[Session],
) -> None:
    with PrivateDovecot({"shopper": "imap-secret"}, tls=True) as tls_dovecot:
        tls_dovecot.deliver("x@shopper.test", b"From: a@b.test\r\nMessage-ID: <tls1@b.test>\r\n\r\nhi\r\n")
        cfg = write_mail_config(tls_dovecot, None, {}, folders="[INBOX]")
        imap = cfg.shopper.mailbox.imap
        assert imap is not None
        imap.port, imap.tls = tls_dovecot.imaps_port, True
        # A self-signed certificate is refused: no mail is read from a server we cannot authenticate.
        with pytest.raises(ssl.SSLCertVerificationError):
            await InboxWatcher(cfg, factory, SystemClock()).sweep_once()
        # Trusting the server's own CA (ca_file) verifies it properly, host name included.
        imap.ca_file = str(tls_dovecot.root / "cert.pem")
        assert await InboxWatcher(cfg, factory, SystemClock()).sweep_once() == 1
        imap.ca_file = None
        imap.verify_tls = False  # only when the operator says so explicitly
        tls_dovecot.deliver("x@shopper.test", b"From: a@b.test\r\nMessage-ID: <tls2@b.test>\r\n\r\nhi\r\n")
        assert await InboxWatcher(cfg, factory, SystemClock()).sweep_once() == 1
