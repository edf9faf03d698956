"""`replywatch calls import`: provider call logs match probes once, and say why each row did or did not."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from monitor.cli import app
from tests.calls import fakes
from tests.calls.conftest import SECRETS, World

# Reconstructed from Twilio's call log export (Console "Download CSV": one row per call, E.164
# numbers, UTC times); Direction tells inbound calls from the ones the account placed.
TWILIO_CSV = """Call Sid,Date Created,Start Time,End Time,Duration,From,To,Direction,Status
CA11,2026-01-05 09:04:00 UTC,2026-01-05 09:04:00 UTC,2026-01-05 09:05:00 UTC,60,+73431112233,+79123456701,Inbound,completed
CA12,2026-01-05 09:06:00 UTC,2026-01-05 09:06:00 UTC,2026-01-05 09:06:30 UTC,30,+79123456701,+73431112233,Outgoing API,completed
CA13,2026-01-05 09:07:00 UTC,2026-01-05 09:07:00 UTC,2026-01-05 09:07:10 UTC,10,+74950000000,+79123456701,Inbound,completed
CA14,2026-01-05 09:08:00 UTC,2026-01-05 09:08:00 UTC,,nan,+73432223344,+79123456701,Inbound,completed
CA15,2099-01-05 09:08:00 UTC,2099-01-05 09:08:00 UTC,,5,+73432223344,+79123456701,Inbound,completed
"""

# Zadarma's PBX statistics fields (zadarma/user-api-v1 lib/Response/PbxStatistics.php); times in
# the account's zone (here Moscow, UTC+3): 12:00:45 MSK is 09:00:45 UTC.
ZADARMA_CSV = """call_id,sip,callstart,clid,destination,disposition,seconds,is_recorded,pbx_call_id
1570000000.1,100,2026-01-05 12:00:45,83432223344,79123456701,answered,30,0,in_abc
"""


def _run(world: World, tmp_path: Path, name: str, text: str, *args: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["--config", str(tmp_path / "replywatch.yaml"), "calls", "import", str(path), *args]
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_it_imports_a_twilio_log_idempotently(world: World, tmp_path: Path) -> None:
    out = _run(world, tmp_path, "twilio.csv", TWILIO_CSV)
    lines = out.splitlines()
    assert ":2: matched: probe" in lines[0] and "shopA" in lines[0]
    assert ":3: skipped: not an incoming call" in lines[1]
    assert ":4: unmatched: kept for review: 2 shops were waiting" in lines[2]
    assert ":5: skipped: bad row: duration" in lines[3]
    assert ":6: skipped: bad row: at:" in lines[4] and "future" in lines[4]
    assert lines[-1].endswith("1 matched, 1 unmatched, 0 already imported, 3 skipped")
    assert world.probe("shopA").latency_ms == 4 * 60 * 1000
    again = _run(world, tmp_path, "twilio.csv", TWILIO_CSV)
    assert again.splitlines()[-1].endswith("0 matched, 0 unmatched, 2 already imported, 3 skipped")
    assert len(world.replies()) == 2


def test_a_zadarma_log_row_seen_by_the_hook_is_not_stored_twice(world: World, tmp_path: Path) -> None:
    world.clock.advance(45)
    post = fakes.zadarma_start(
        "83432223344", "79123456701", "2026-01-05 12:00:45", secret=SECRETS["ZADARMA_API_SECRET"]
    )
    assert world.post(post).status_code == 200  # type: ignore[attr-defined]
    out = _run(world, tmp_path, "zadarma.csv", ZADARMA_CSV)
    assert out.splitlines()[-1].endswith("0 matched, 0 unmatched, 1 already imported, 0 skipped")
    assert len(world.replies()) == 1


def test_a_zadarma_log_is_read_in_the_accounts_time_zone(world: World, tmp_path: Path) -> None:
    out = _run(world, tmp_path, "zadarma.csv", ZADARMA_CSV, "--tz", "Europe/Moscow")
    assert "1 matched" in out.splitlines()[-1]
    assert world.probe("shopB").latency_ms == 45_000


def test_a_generic_log_needs_its_columns_named(world: World, tmp_path: Path) -> None:
    text = "Called,Started,Caller,Call ID,Talk\n+7 912 345-67-01,2026-01-05T09:02:00+00:00,8 343 111-22-33,x1,20\n"
    path = tmp_path / "pbx.csv"
    path.write_text(text, encoding="utf-8")
    cfg = str(tmp_path / "replywatch.yaml")
    bad = CliRunner().invoke(app, ["--config", cfg, "calls", "import", str(path)])
    assert bad.exit_code == 2 and "cannot tell the log's format" in " ".join(bad.output.split())
    wrong = CliRunner().invoke(
        app,
        [
            "--config",
            cfg,
            "calls",
            "import",
            str(path),
            "-f",
            "generic",
            "--map",
            "id=Call ID,from=Caller,to=Callee,at=Started",
        ],
    )
    assert wrong.exit_code == 2 and "not in the file: Callee" in " ".join(wrong.output.split())
    out = _run(
        world,
        tmp_path,
        "pbx.csv",
        text,
        "-f",
        "generic",
        "--map",
        "id=Call ID,from=Caller,to=Called,at=Started,duration=Talk",
        "--provider",
        "office-pbx",
    )
    assert "1 matched" in out.splitlines()[-1]
    assert world.probe("shopA").latency_ms == 120_000
