"""One hostile message never stops reply counting (issue 14), on SQLite and PostgreSQL, with a real Dovecot.

Before the fix each of these left the checkpoint at 0 and the genuine reply after
the hostile one unstored: MIME nested 1,200 deep raised RecursionError, a NUL
byte gave psycopg.DataError, and the sweep retried the same batch forever.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

import monitor.watch.imap as imap_mod
from monitor.clock import SystemClock
from monitor.config import Config
from monitor.demo.dovecot import PrivateDovecot
from monitor.demo.mailshop import Behaviour, MailShop
from monitor.store import repo
from monitor.store.db import session_factory, transaction
from monitor.store.models import MailCheckpoint, Probe, Reply
from monitor.watch.imap import InboxWatcher, plan_batches
from tests.fixtures.hostile_mail import HOSTILE, big_attachment
from tests.fixtures.mail_env import create_email_probes, probes_by_target, send_probes

pytestmark = pytest.mark.mail

SHOPS = {"a": "ivan@a.test", "b": "olga@b.test", "c": "petr@c.test"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, sqlite_engine: Engine) -> sessionmaker[Session]:
    engine: Engine = sqlite_engine if request.param == "sqlite" else request.getfixturevalue("pg_engine")
    return session_factory(engine)


@pytest.fixture
def quiet_config(
    dovecot: PrivateDovecot,
    make_shop: Callable[[dict[str, Behaviour]], MailShop],
    write_mail_config: Callable[..., Config],
) -> Config:
    """Three shops that never answer by themselves: the test delivers what they "send"."""
    shop = make_shop({addr: Behaviour("silent") for addr in SHOPS.values()})
    return write_mail_config(dovecot, shop, SHOPS, folders="[INBOX]")


def _boom(to: str) -> bytes:
    """A plain message that a test's patched classifier or store fails on (Message-ID <boom@hostile.test>)."""
    return (
        b"From: x@hostile.test\r\nTo: "
        + to.encode()
        + b"\r\nSubject: boom\r\nMessage-ID: <boom@hostile.test>\r\n\r\nboom\r\n"
    )


def waiting_probes(cfg: Config, factory: sessionmaker[Session]) -> dict[str, Probe]:
    """One `submitted` probe per shop (as if its question had gone out a minute ago)."""
    from datetime import UTC, datetime, timedelta

    sent = datetime.now(UTC) - timedelta(minutes=1)
    for pid in create_email_probes(cfg, factory):
        with transaction(factory) as s:
            assert repo.claim_probe(s, pid, "test", sent)
            assert repo.mark_submitted(s, pid, submitted_at=sent, evidence=[], details={}, message_id=None)
    return probes_by_target(factory)


def reply(to: str, sender: str, n: int) -> bytes:
    return (
        f"From: Manager <{sender}>\r\nTo: {to}\r\nSubject: Re: Вопрос\r\nMessage-ID: <genuine{n}@shop.test>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nЗдравствуйте! Доставка в Екатеринбург есть, 2-3 дня.\r\n"
    ).encode()


def checkpoint(factory: sessionmaker[Session], folder: str = "INBOX") -> int:
    with factory() as s:
        return int(s.scalar(select(MailCheckpoint.last_uid).where(MailCheckpoint.folder == folder)) or 0)


def replies(factory: sessionmaker[Session]) -> list[Reply]:
    with factory() as s:
        return list(s.scalars(select(Reply).order_by(Reply.id)))


async def test_it_stores_every_reply_between_hostile_messages(
    dovecot: PrivateDovecot,
    make_shop: Callable[[dict[str, Behaviour]], MailShop],
    write_mail_config: Callable[..., Config],
    db: sessionmaker[Session],
) -> None:
    """UIDs alternate: a genuine answer, then a hostile message to the next probe, then its genuine answer..."""
    names = sorted(HOSTILE)
    shops = {f"s{i}": f"m{i}@s{i}.test" for i in range(len(names) + 1)}
    cfg = write_mail_config(
        dovecot, make_shop({a: Behaviour("silent") for a in shops.values()}), shops, folders="[INBOX]"
    )
    probes = waiting_probes(cfg, db)
    order = [probes[a] for a in shops.values()]
    dovecot.deliver(order[0].reply_address, reply(order[0].reply_address, "m0@s0.test", 0))
    for i, name in enumerate(names, start=1):
        to = order[i].reply_address
        dovecot.deliver(to, HOSTILE[name](to))
        dovecot.deliver(to, reply(to, f"m{i}@s{i}.test", i))
    assert await InboxWatcher(cfg, db, SystemClock()).sweep_once() == 2 * len(names) + 1
    assert checkpoint(db) == 2 * len(names) + 1
    assert {p.status for p in probes_by_target(db).values()} == {"answered"}
    rows = replies(db)
    assert len(rows) == 2 * len(names) + 1 and all(r.raw_path and Path(r.raw_path).read_bytes() for r in rows)
    assert all(
        rows[2 * i].kind == "human" and rows[2 * i].message_key == f"<genuine{i}@shop.test>"
        for i in range(len(names) + 1)
    )
    hostile = {name: rows[2 * i - 1] for i, name in enumerate(names, start=1)}
    assert all("\x00" not in (r.subject or "") + (r.excerpt or "") for r in rows)
    for name in ("deep-mime", "deep-rfc822"):
        assert hostile[name].kind == "unparsed" and "nested" in hostile[name].reasons[0]
        assert hostile[name].probe_id == order[names.index(name) + 1].id  # its headers say whom it was for
    assert hostile["nul"].subject == "zerobyte"


async def test_it_keeps_a_message_it_cannot_store_as_unparsed_and_moves_on(
    dovecot: PrivateDovecot,
    quiet_config: Config,
    db: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cfg = quiet_config
    probes = waiting_probes(cfg, db)
    a, b = probes["ivan@a.test"], probes["olga@b.test"]
    dovecot.deliver(a.reply_address, reply(a.reply_address, "ivan@a.test", 1))
    dovecot.deliver(b.reply_address, _boom(b.reply_address))
    dovecot.deliver(b.reply_address, reply(b.reply_address, "olga@b.test", 2))
    real = imap_mod.classify

    def classify(mail, **kw):  # type: ignore[no-untyped-def]
        if mail.subject == "boom":
            raise ValueError("a classifier bug")
        return real(mail, **kw)

    monkeypatch.setattr(imap_mod, "classify", classify)
    assert await InboxWatcher(cfg, db, SystemClock()).sweep_once() == 3
    assert checkpoint(db) == 3
    rows = {r.message_key: r for r in replies(db)}
    assert rows["<boom@hostile.test>"].kind == "unparsed"
    assert "ValueError: a classifier bug" in rows["<boom@hostile.test>"].reasons[0]
    assert {p.status for p in probes_by_target(db).values() if p.id in (a.id, b.id)} == {"answered"}


async def test_it_skips_a_message_it_cannot_store_even_as_unparsed(
    dovecot: PrivateDovecot,
    quiet_config: Config,
    factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cfg = quiet_config
    probes = waiting_probes(cfg, factory)
    a, b = probes["ivan@a.test"], probes["olga@b.test"]
    dovecot.deliver(a.reply_address, _boom(a.reply_address))
    dovecot.deliver(b.reply_address, reply(b.reply_address, "olga@b.test", 2))
    real = imap_mod.store_reply

    def refuses_boom(session, incoming, match):  # type: ignore[no-untyped-def]
        if incoming.message_key == "<boom@hostile.test>":
            raise ValueError("a storage bug")
        return real(session, incoming, match)

    monkeypatch.setattr(imap_mod, "store_reply", refuses_boom)
    assert await InboxWatcher(cfg, factory, SystemClock()).sweep_once() == 2
    assert checkpoint(factory) == 2
    assert [r.message_key for r in replies(factory)] == ["<genuine2@shop.test>"]
    assert probes_by_target(factory)["olga@b.test"].status == "answered"


async def test_it_never_moves_past_a_message_the_server_left_out_of_a_fetch(
    dovecot: PrivateDovecot,
    quiet_config: Config,
    factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found by the IMAP-outage run: a UID missing from a FETCH answer was taken for expunged and skipped."""
    cfg = quiet_config
    probes = waiting_probes(cfg, factory)
    for n, addr in enumerate(("ivan@a.test", "olga@b.test", "petr@c.test")):
        dovecot.deliver(probes[addr].reply_address, reply(probes[addr].reply_address, addr, n))
    real_connect = imap_mod.connect
    dropped: list[int] = []

    def connect(*a, **kw):  # type: ignore[no-untyped-def]
        client = real_connect(*a, **kw)
        real_fetch = client.fetch

        def fetch(uids, data, *rest, **kw2):  # type: ignore[no-untyped-def]
            out = real_fetch(uids, data, *rest, **kw2)
            if "BODY.PEEK[]" in data and 2 in out and not dropped:
                dropped.append(2)
                del out[2]  # as a truncated or garbled response would leave it
            return out

        client.fetch = fetch
        return client

    monkeypatch.setattr(imap_mod, "connect", connect)
    assert await InboxWatcher(cfg, factory, SystemClock()).sweep_once() == 3
    assert dropped == [2] and checkpoint(factory) == 3
    assert sorted(r.message_key for r in replies(factory)) == [f"<genuine{i}@shop.test>" for i in range(3)]


async def test_it_retries_the_whole_batch_when_the_database_is_down(
    dovecot: PrivateDovecot,
    quiet_config: Config,
    factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cfg = quiet_config
    probes = waiting_probes(cfg, factory)
    for n, addr in enumerate(("ivan@a.test", "olga@b.test")):
        p = probes[addr]
        dovecot.deliver(p.reply_address, reply(p.reply_address, addr, n))
    real = imap_mod.store_reply
    calls = {"n": 0}

    def flaky(session, incoming, match):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise OperationalError("INSERT", {}, Exception("server closed the connection unexpectedly"))
        return real(session, incoming, match)

    monkeypatch.setattr(imap_mod, "store_reply", flaky)
    watcher = InboxWatcher(cfg, factory, SystemClock())
    with pytest.raises(OperationalError):
        await watcher.sweep_once()
    # Nothing half-done: not the first reply, not an `unparsed` stand-in, not the checkpoint.
    assert replies(factory) == [] and checkpoint(factory) == 0
    assert await watcher.sweep_once() == 2
    assert [r.kind for r in replies(factory)] == ["human", "human"] and checkpoint(factory) == 2


async def test_it_quarantines_oversized_mail_but_still_counts_its_answer(
    dovecot: PrivateDovecot,
    quiet_config: Config,
    factory: sessionmaker[Session],
) -> None:
    cfg = quiet_config
    imap = cfg.shopper.mailbox.imap
    assert imap is not None
    imap.max_message_size = 1024 * 1024  # type: ignore[assignment]
    probes = waiting_probes(cfg, factory)
    a, b, c = (probes[x] for x in ("ivan@a.test", "olga@b.test", "petr@c.test"))
    dovecot.deliver(a.reply_address, reply(a.reply_address, "ivan@a.test", 1))
    dovecot.deliver(
        b.reply_address,
        big_attachment(
            b.reply_address, megabytes=3, text="Добрый день! Прайс-лист во вложении, доставка есть."
        ),
    )
    dovecot.deliver(c.reply_address, reply(c.reply_address, "petr@c.test", 3))
    watcher = InboxWatcher(cfg, factory, SystemClock())
    watcher.batch_bytes = 600  # a couple of small messages per FETCH at most
    assert await watcher.sweep_once() == 3
    assert checkpoint(factory) == 3
    assert {p.status for p in probes_by_target(factory).values()} == {"answered"}
    big = next(r for r in replies(factory) if r.probe_id == b.id)
    assert big.details["quarantined"]["size"] > 4_000_000
    assert big.details["quarantined"]["kept_bytes"] < 300_000
    kept = Path(big.raw_path or "").read_bytes()
    assert big.raw_path and big.raw_path.endswith(".head.eml") and b"Subject: price list" in kept
    assert "Прайс-лист во вложении" in (big.excerpt or "")


def test_it_cuts_fetch_batches_by_bytes() -> None:
    sizes = {1: 100, 2: 100, 3: 900, 4: 5000, 5: 10, 6: 10}
    assert plan_batches([1, 2, 3, 4, 5, 6], sizes, max_bytes=1000, max_size=2000) == [
        [1, 2],
        [3],
        [4],
        [5, 6],
    ]
    assert plan_batches([1, 2, 5, 6], sizes, max_bytes=10_000, max_size=2000, max_count=3) == [[1, 2, 5], [6]]
    assert plan_batches([], {}, max_bytes=1, max_size=1) == []


async def test_it_counts_every_answer_after_a_hostile_mail_while_watching(
    dovecot: PrivateDovecot,
    make_shop: Callable[[dict[str, Behaviour]], MailShop],
    write_mail_config: Callable[..., Config],
    factory: sessionmaker[Session],
) -> None:
    """End to end: a poison mail to one probe 1 s after the question, then three shops' genuine answers."""
    shop = make_shop({addr: Behaviour("human-reply", delay=2.0) for addr in SHOPS.values()})
    cfg = write_mail_config(dovecot, shop, SHOPS)
    stop = asyncio.Event()
    task = asyncio.create_task(InboxWatcher(cfg, factory, SystemClock()).run(stop))
    try:
        probes = await send_probes(cfg, factory)
        await asyncio.sleep(1.0)
        target = probes["ivan@a.test"].reply_address
        for build in HOSTILE.values():
            await asyncio.to_thread(dovecot.deliver, target, build(target))
        await asyncio.to_thread(shop.wait_idle, 20)
        await _wait(lambda: {p.status for p in probes_by_target(factory).values()} == {"answered"}, 30)
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
    assert len(replies(factory)) == 3 + len(HOSTILE)


async def _wait(cond: Callable[[], bool], timeout: float) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not cond():
        if loop.time() > end:
            raise AssertionError(f"not within {timeout}s")
        await asyncio.sleep(0.2)
