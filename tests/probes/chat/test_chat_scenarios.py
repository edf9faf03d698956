"""End to end: demo shops with real widgets on loopback, real Chromium, the runner and the chat watcher.

Each case is a widget x operator behaviour with the verdict a person would give.
Latency is checked against the demo server's true send time of the operator's message.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.demo.chatsites import WIDGETS, ChatSites
from tests.probes.chat.conftest import Outcome, chat_config, make_watcher, probe_and_watch

pytestmark = pytest.mark.browser


def _true_latency(sites: ChatSites, run: str) -> float:
    conv = sites.find(run)[0]
    human, visitor = conv.first_human(), conv.visitor_message()
    assert human is not None and visitor is not None
    return (human["ts"] - visitor["ts"]) / 1000


def _done(outcomes: dict[str, Outcome]) -> bool:
    return all(o.probe.status != "submitted" for o in outcomes.values())


@pytest.mark.parametrize(
    "widgets",
    [
        tuple(w for w in WIDGETS if not w.startswith("generic")),
        tuple(w for w in WIDGETS if w.startswith("generic")),
    ],
    ids=["vendors", "generic"],
)
async def test_it_times_the_person_not_the_proactive_greeting(
    tmp_path: Path, factory, pool, chat_sites, widgets
) -> None:
    runs = {w: f"g{i}" for i, w in enumerate(widgets)}
    cfg = chat_config(
        tmp_path, {w: chat_sites.url(w, "greet_human", run=r, delay=4) for w, r in runs.items()}
    )
    watcher = make_watcher(cfg, factory, pool)
    out = await probe_and_watch(cfg, factory, pool, watcher=watcher, watch_for=40, until=_done)
    for widget, o in out.items():
        assert o.probe.status == "answered", (widget, o.probe.status, o.probe.reason)
        truth = _true_latency(chat_sites, runs[widget])
        assert o.probe.latency_ms is not None
        assert abs(o.probe.latency_ms / 1000 - truth) < 2.0, (widget, o.probe.latency_ms, truth)
        kinds = [r.kind for r in o.replies]
        assert "greeting" in kinds and kinds[-1] == "human", (widget, kinds)
        assert o.session is not None and o.session.state == "closed"
        assert o.probe.details["vendor"] == ("unknown" if widget.startswith("generic") else widget)


@pytest.mark.parametrize(
    ("widgets", "lang"),
    [(("livechat", "tidio", "generic-shadow", "jivo"), "ru"), (("crisp", "generic-ce"), "uk")],
)
async def test_it_skips_a_bot_menu_and_times_the_person_after_it(
    tmp_path: Path, factory, pool, chat_sites, widgets, lang
) -> None:
    runs = {w: f"b{i}" for i, w in enumerate(widgets)}
    cfg = chat_config(
        tmp_path, {w: chat_sites.url(w, "bot_human", run=r, delay=4, lang=lang) for w, r in runs.items()}
    )
    out = await probe_and_watch(
        cfg, factory, pool, watcher=make_watcher(cfg, factory, pool), watch_for=40, until=_done
    )
    for widget, o in out.items():
        assert o.probe.status == "answered", (widget, o.probe.status, o.probe.reason)
        assert abs(o.probe.latency_ms / 1000 - _true_latency(chat_sites, runs[widget])) < 2.0
        assert o.probe.auto_reply_at is not None and o.probe.auto_reply_at < o.probe.first_human_reply_at
        bot = next(r for r in o.replies if r.kind in ("bot", "auto"))
        assert any("button" in why or "bot" in why for why in bot.reasons), bot.reasons


async def test_it_leaves_an_automatic_promise_unanswered(tmp_path: Path, factory, pool, chat_sites) -> None:
    widgets = ("tawk", "generic-ce", "crisp")
    runs = {w: f"a{i}" for i, w in enumerate(widgets)}
    cfg = chat_config(tmp_path, {w: chat_sites.url(w, "auto_nobody", run=r) for w, r in runs.items()})
    out = await probe_and_watch(
        cfg,
        factory,
        pool,
        watcher=make_watcher(cfg, factory, pool),
        watch_for=15,
        until=lambda outs: all(o.probe.auto_reply_at for o in outs.values()),
    )
    for widget, o in out.items():
        assert o.probe.status == "submitted" and o.probe.first_human_reply_at is None, (
            widget,
            o.probe.status,
        )
        assert o.probe.auto_reply_at is not None, widget
        auto = [r for r in o.replies if r.kind == "auto"]
        assert auto and any("canned" in why for why in auto[0].reasons)
        assert auto[0].details["promise_seconds"] == 300


async def test_it_records_nothing_when_nobody_answers(tmp_path: Path, factory, pool, chat_sites) -> None:
    cfg = chat_config(
        tmp_path,
        {w: chat_sites.url(w, "nobody", run=f"n{i}") for i, w in enumerate(("crisp", "generic-iframe"))},
    )
    out = await probe_and_watch(cfg, factory, pool, watcher=make_watcher(cfg, factory, pool), watch_for=3)
    for widget, o in out.items():
        assert o.probe.status == "submitted" and o.probe.submitted_at is not None, widget
        assert [r for r in o.replies if r.kind != "greeting"] == []
        assert o.session is not None and o.session.state == "held"


async def test_it_gives_the_reply_address_to_an_offline_widget(
    tmp_path: Path, factory, pool, chat_sites
) -> None:
    widgets = ("jivo", "generic-shadow", "livechat")
    runs = {w: f"o{i}" for i, w in enumerate(widgets)}
    cfg = chat_config(tmp_path, {w: chat_sites.url(w, "offline", run=r) for w, r in runs.items()})
    out = await probe_and_watch(cfg, factory, pool, watcher=make_watcher(cfg, factory, pool), watch_for=1)
    for widget, o in out.items():
        assert o.probe.status == "submitted", (widget, o.probe.status, o.probe.reason)
        assert o.probe.details["continues_by"] == "email"
        tickets = chat_sites.find(runs[widget])[0].tickets
        assert tickets and tickets[0]["email"] == o.probe.reply_address, (widget, tickets)
        assert "Екатеринбург" in tickets[0]["message"]


async def test_it_reads_an_answer_that_came_while_the_page_was_parked(
    tmp_path: Path, factory, pool, chat_sites
) -> None:
    widgets = ("generic-shadow", "crisp")  # one shows an ISO datetime, one HH:MM:SS
    runs = {w: f"l{i}" for i, w in enumerate(widgets)}
    cfg = chat_config(tmp_path, {w: chat_sites.url(w, "late", run=r, delay=8) for w, r in runs.items()})
    watcher = make_watcher(
        cfg,
        factory,
        pool,
        first_window=timedelta(seconds=1),
        reopen_every=timedelta(seconds=7),
        reopen_settle=2.0,
    )
    out = await probe_and_watch(cfg, factory, pool, watcher=watcher, watch_for=45, until=_done)
    for widget, o in out.items():
        assert o.probe.status == "answered", (widget, o.probe.status)
        assert o.session is not None and o.session.details.get("reopens", 0) >= 1
        human = next(r for r in o.replies if r.kind == "human")
        assert human.details["timing_resolution"].startswith("displayed"), human.details
        conv = chat_sites.find(runs[widget])[0]
        true_at = datetime.fromtimestamp(conv.first_human()["ts"] / 1000, UTC)
        assert abs((o.probe.first_human_reply_at - true_at).total_seconds()) < 2.0, widget
        assert not conv.sockets or len(conv.messages) >= 2


async def test_it_reports_nobody_online_when_an_offline_chat_takes_no_message(
    tmp_path: Path, factory, pool, chat_sites
) -> None:
    cfg = chat_config(
        tmp_path,
        {w: chat_sites.url(w, "closed", run=f"c{i}") for i, w in enumerate(("tawk", "generic-iframe"))},
    )
    out = await probe_and_watch(cfg, factory, pool, watcher=make_watcher(cfg, factory, pool), watch_for=0)
    for widget, o in out.items():
        assert o.probe.status == "failed" and o.probe.reason.startswith("nobody online"), (
            widget,
            o.probe.reason,
        )
        assert o.probe.details["chat_result"] == "nobody online"
        assert o.probe.submit_started_at is None  # nothing was sent, so nothing can be answered


async def test_it_leaves_the_reply_address_when_the_chat_asks_for_an_e_mail_after_the_question(
    tmp_path: Path, factory, pool, chat_sites
) -> None:
    widgets = ("tawk", "generic-ce")
    runs = {w: f"e{i}" for i, w in enumerate(widgets)}
    cfg = chat_config(tmp_path, {w: chat_sites.url(w, "ask_email", run=r) for w, r in runs.items()})
    out = await probe_and_watch(cfg, factory, pool, watcher=make_watcher(cfg, factory, pool), watch_for=1)
    for widget, o in out.items():
        assert o.probe.status == "submitted" and o.probe.details.get("continues_by") == "email", widget
        tickets = chat_sites.find(runs[widget])[0].tickets
        assert [t["email"] for t in tickets] == [o.probe.reply_address], widget
