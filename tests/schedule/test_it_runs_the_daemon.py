"""`replywatch run` as a real subprocess against SQLite and a local SMTP shop.

What the shop's SMTP server received is the ground truth: rounds keep coming on
their own, a second scheduler stays idle, a SIGKILL mid-submission never leads
to a second submission, and SIGTERM stops the daemon within seconds.
"""

from __future__ import annotations

import collections
import signal
import time

from tests.schedule.conftest import daemon_config, log_events, probes_in, wait_until


def test_it_probes_round_after_round_on_its_own_and_stops_on_sigterm(
    shop_smtp, cli_factory, tmp_path
) -> None:
    handler, server = shop_smtp
    cli = cli_factory(daemon_config(server.port, interval="2s"))
    assert cli.run("db", "upgrade").returncode == 0
    proc = cli.start("run", "--no-web", log=tmp_path / "run.log")
    wait_until(lambda: len(handler.messages) >= 9, 30, "three rounds of three probes")
    tokens = handler.tokens()
    assert len(tokens) == len(set(tokens)) == len(handler.messages)
    t0 = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(15) == 0
    assert time.monotonic() - t0 < 6
    events = [e.get("event") for e in log_events(tmp_path / "run.log")]
    assert events.count("round_created") >= 3 and "daemon_stopped" in events
    probes = probes_in(tmp_path / "rw.db")
    submitted = [p for p in probes if p.status == "submitted"]
    assert {p.token for p in submitted} <= set(tokens)
    assert all(p.deadline_at is not None and p.campaign_id is not None for p in submitted)
    status = cli.run("status")
    assert status.returncode == 0 and "submitted" in status.stdout and "scheduler" in status.stdout
    camps = cli.run("campaigns")
    assert camps.returncode == 0 and "often" in camps.stdout


def test_it_keeps_a_second_scheduler_idle_until_the_first_is_gone(shop_smtp, cli_factory, tmp_path) -> None:
    handler, server = shop_smtp
    cli = cli_factory(daemon_config(server.port, interval="2s"))
    assert cli.run("db", "upgrade").returncode == 0
    first = cli.start("run", "--no-web", log=tmp_path / "first.log")
    wait_until(lambda: len(handler.messages) >= 3, 30, "the first round")
    second = cli.start("run", "--no-web", log=tmp_path / "second.log")
    wait_until(
        lambda: any(e.get("event") == "scheduler_idle" for e in log_events(tmp_path / "second.log")),
        30,
        "the second scheduler to say it is idle",
    )
    time.sleep(3)
    assert second.poll() is None
    second_events = log_events(tmp_path / "second.log")
    assert not any(e.get("event") == "round_created" for e in second_events)
    assert not any(str(e.get("msg", "")).startswith("probe ") for e in second_events)
    assert {p.claimed_by.rsplit(":", 1)[1] for p in probes_in(tmp_path / "rw.db") if p.claimed_by} == {
        str(first.pid)
    }
    tokens = handler.tokens()
    assert len(tokens) == len(set(tokens))
    first.send_signal(signal.SIGTERM)
    assert first.wait(15) == 0
    wait_until(
        lambda: any(e.get("event") == "scheduler_takeover" for e in log_events(tmp_path / "second.log")),
        20,
        "the idle scheduler to take over",
    )
    n = len(handler.messages)
    wait_until(lambda: len(handler.messages) >= n + 3, 20, "a round from the new scheduler")
    second.send_signal(signal.SIGTERM)
    assert second.wait(15) == 0
    tokens = handler.tokens()
    assert len(tokens) == len(set(tokens))


def test_it_never_submits_twice_after_a_sigkill_mid_submission(shop_smtp, cli_factory, tmp_path) -> None:
    handler, server = shop_smtp
    handler.delay = 30.0  # the shop's server holds its reply to DATA: the daemon dies mid-submission
    cli = cli_factory(daemon_config(server.port, interval="2s"))
    assert cli.run("db", "upgrade").returncode == 0
    proc = cli.start("run", "--no-web", log=tmp_path / "run1.log")
    wait_until(lambda: handler.started >= 3, 30, "three submissions in flight")
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    cut = {p.token for p in probes_in(tmp_path / "rw.db") if p.status == "running"}
    assert len(cut) == 3
    handler.delay = 0.0
    before = len(handler.messages)
    proc2 = cli.start("run", "--no-web", log=tmp_path / "run2.log")
    wait_until(lambda: len(handler.messages) >= before + 6, 40, "two rounds after the restart")
    proc2.send_signal(signal.SIGTERM)
    assert proc2.wait(15) == 0
    counts = collections.Counter(handler.tokens())
    assert counts and max(counts.values()) == 1, counts.most_common(3)
    probes = {p.token: p for p in probes_in(tmp_path / "rw.db")}
    for token in cut:
        assert probes[token].status == "failed"
        assert (probes[token].reason or "").startswith("interrupted")
        assert counts[token] == 1  # it did reach the shop, once, and was not repeated


def test_it_refuses_to_run_on_an_old_schema(shop_smtp, cli_factory) -> None:
    _handler, server = shop_smtp
    cli = cli_factory(daemon_config(server.port))
    res = cli.run("run", "--no-web", timeout=60)
    assert res.returncode == 2
    assert "db upgrade" in res.stderr + res.stdout


def test_it_refuses_the_procrastinate_backend_on_sqlite(shop_smtp, cli_factory) -> None:
    _handler, server = shop_smtp
    cli = cli_factory(daemon_config(server.port, backend="procrastinate"))
    assert cli.run("db", "upgrade").returncode == 0
    res = cli.run("run", "--no-web", timeout=60)
    assert res.returncode == 2 and "PostgreSQL" in res.stderr
    res = cli.run("worker", timeout=60)
    assert res.returncode == 2 and "PostgreSQL" in res.stderr
