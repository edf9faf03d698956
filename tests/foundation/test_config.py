"""The config a user writes: the reference example passes; broken variants name file, line and key."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

from monitor.config import ConfigError, load_config, parse_condition, parse_days, parse_duration

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config" / "example.yaml"


@pytest.fixture
def secrets_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPPER_IMAP_PASSWORD", "imap-secret")
    monkeypatch.setenv("SHOPPER_SMTP_PASSWORD", "smtp-secret")


def test_it_accepts_the_reference_example(secrets_env: None) -> None:
    cfg = load_config(EXAMPLE)
    assert [t.name for t in cfg.targets] == ["shop01", "shop02"]
    assert cfg.shopper.mailbox.imap is not None and cfg.shopper.mailbox.imap.folders == ["INBOX", "Junk"]
    assert cfg.campaigns[0].reply_deadline == timedelta(hours=72)
    assert cfg.campaigns[0].sla == [timedelta(minutes=10), timedelta(hours=1), timedelta(hours=24)]
    assert cfg.campaigns[0].min_gap == timedelta(seconds=30)
    assert cfg.targets[1].touchpoints[0].selector == "form#ask"
    assert cfg.database_url() == "sqlite:///" + str(EXAMPLE.parent.resolve() / "replywatch.db")


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in example"
    path = tmp_path / "replywatch.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


BROKEN = [
    # (what is broken, old text, new text, expected key in message, expected words, line marker)
    ("bad yaml", "timezone: Europe/Moscow", "timezone: [Europe/Moscow", "", "invalid YAML", None),
    (
        "unknown key",
        "timezone: Europe/Moscow",
        "timezone: Europe/Moscow\ntimezon: UTC",
        "timezon",
        "unknown key",
        "timezon: UTC",
    ),
    (
        "wrong type",
        "concurrency: 4",
        "concurrency: four",
        "browser.concurrency",
        "integer",
        "concurrency: four",
    ),
    (
        "unknown time zone",
        "timezone: Europe/Moscow",
        "timezone: Mars/Olympus",
        "timezone",
        "unknown time zone",
        "Mars/Olympus",
    ),
    (
        "unknown target in campaign",
        "targets: all",
        "targets: [shop01, shop99]",
        "campaigns[0].targets[1]",
        "unknown target 'shop99'",
        "shop99",
    ),
    (
        "bad cron",
        'cron: "0 10 * * mon-fri"',
        'cron: "0 25 * * mon-fri"',
        "campaigns[0].schedule",
        "bad cron",
        "0 25 * *",
    ),
    (
        "bad duration",
        "reply_deadline: 72h",
        "reply_deadline: 72 hours",
        "campaigns[0].reply_deadline",
        "duration",
        "72 hours",
    ),
    (
        "inline secret",
        "password_env: SHOPPER_SMTP_PASSWORD}",
        "password: hunter2}",
        "shopper.mailbox.smtp",
        "inline secret",
        "hunter2",
    ),
    ("bad group", "group: client", "group: friend", "targets[0].group", "client", "group: friend"),
    (
        "bad touchpoint kind",
        "{kind: chat,",
        "{kind: telegraph,",
        "targets[0].touchpoints[2].kind",
        "form",
        "telegraph",
    ),
    (
        "email without to",
        "{kind: email, to: shop01@shops.test}",
        "{kind: email}",
        "targets[0].touchpoints[1]",
        "needs 'to",
        "{kind: email}",
    ),
    (
        "bad business hours",
        'from: "09:00"',
        'from: "9 am"',
        "targets[0].business_hours.from",
        "HH:MM",
        "9 am",
    ),
    (
        "bad alert condition",
        'when: "median_first_reply > 2h"',
        'when: "median_reply >> 2h"',
        "alerts[0].when",
        "expected",
        "median_reply",
    ),
    ("missing personas", "  personas:\n", "  personaz:\n", "shopper", "", "personaz"),
    (
        "bad url",
        "url: http://127.0.10.2:8080/\n",
        "url: ftp://127.0.10.2/\n",
        "targets[1].url",
        "http",
        "ftp://",
    ),
    (
        "bad country",
        "group: client",
        "group: client\n    country: XX",
        "targets[0].country",
        "unknown country 'XX'",
        "country: XX",
    ),
]


@pytest.mark.parametrize("case", BROKEN, ids=[c[0] for c in BROKEN])
def test_it_names_file_line_and_key_for_broken_variants(
    tmp_path: Path, secrets_env: None, case: tuple
) -> None:
    _, old, new, key, words, marker = case
    path = _variant(tmp_path, old, new)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = "\n".join(info.value.problems)
    assert str(path) in text
    assert key in text
    assert words in text
    if marker:
        line = _line_of(path.read_text(encoding="utf-8"), marker)
        assert f"{path}:{line}:" in text, text


def test_it_reports_a_missing_secret_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHOPPER_IMAP_PASSWORD", raising=False)
    monkeypatch.setenv("SHOPPER_SMTP_PASSWORD", "x")
    path = tmp_path / "c.yaml"
    shutil.copy(EXAMPLE, path)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    (problem,) = info.value.problems
    assert problem.startswith(f"{path}:7: shopper.mailbox.imap.password_env")
    assert "SHOPPER_IMAP_PASSWORD is not set" in problem


def test_it_merges_included_target_files_and_locates_their_errors(tmp_path: Path, secrets_env: None) -> None:
    main = _variant(tmp_path, "targets:\n", "include: [more/*.yaml]\ntargets:\n")
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "a.yaml").write_text(
        "targets:\n  - name: shop03\n    url: http://127.0.10.3:8080/\n    touchpoints: [{kind: form, url: http://127.0.10.3:8080/c}]\n",
        encoding="utf-8",
    )
    cfg = load_config(main)
    assert [t.name for t in cfg.targets] == ["shop01", "shop02", "shop03"]
    bad = tmp_path / "more" / "b.yaml"
    bad.write_text(
        "targets:\n  - name: shop04\n    url: http://127.0.10.4/\n    grup: client\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as info:
        load_config(main)
    assert any(p.startswith(f"{bad}:4: targets[0].grup") for p in info.value.problems), info.value.problems


def _broken_include_config(dir_: Path, shop: int) -> tuple[Path, Path]:
    dir_.mkdir()
    main = _variant(dir_, "targets:\n", "include: [more/*.yaml]\ntargets:\n")
    (dir_ / "more").mkdir()
    bad = dir_ / "more" / f"shop{shop}.yaml"
    filler = "".join(f"  - name: ok{shop}x{i}\n    url: http://127.0.10.{i}/\n" for i in range(1, 40))
    bad.write_text(
        f"targets:\n{filler}  - name: shop{shop}\n    url: http://127.0.10.4/\n    grup: client\n",
        encoding="utf-8",
    )
    return main, bad


def test_it_loads_configs_in_parallel_threads_without_sharing_state(
    tmp_path: Path, secrets_env: None
) -> None:
    """Each load keeps its own include bookkeeping (no module globals), so parallel loads locate their own errors."""
    cases = [_broken_include_config(tmp_path / f"c{n}", n) for n in range(4)]

    def located(case: tuple[Path, Path]) -> bool:
        main, bad = case
        try:
            load_config(main)
        except ConfigError as exc:
            return any(p.startswith(f"{bad}:82: targets[39].grup") for p in exc.problems)
        return False

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(located, cases * 6))
    assert all(results)


def test_it_parses_durations_days_and_conditions() -> None:
    assert parse_duration("1h30m") == timedelta(minutes=90)
    assert parse_duration("7d") == timedelta(days=7)
    assert parse_duration(45) == timedelta(seconds=45)
    with pytest.raises(ValueError):
        parse_duration("soon")
    assert parse_days("mon-fri") == [0, 1, 2, 3, 4]
    assert parse_days("fri-mon") == [0, 4, 5, 6]
    assert parse_days(["sat", "sun"]) == [5, 6]
    c = parse_condition("median_first_reply > 2h")
    assert (c.metric, c.op, c.value) == ("median_first_reply", ">", 7200.0)
    assert parse_condition("answer_rate < 50%").value == 0.5


def _cli(
    *args: str, env_extra: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, **(env_extra or {})}
    env.pop("SHOPPER_IMAP_PASSWORD", None) if env_extra is None else None
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_it_inits_a_directory_that_passes_check(tmp_path: Path) -> None:
    d = tmp_path / "x"
    r = _cli("init", str(d))
    assert r.returncode == 0, r.stderr
    assert (d / "replywatch.db").exists()
    r = _cli("--config", str(d / "replywatch.yaml"), "check")
    assert r.returncode == 0, r.stderr + r.stdout
    assert "ok" in r.stdout
    r = _cli("--config", str(d / "replywatch.yaml"), "db", "current")
    assert r.returncode == 0 and "up to date" in r.stdout


def test_check_exits_nonzero_and_writes_nothing_on_errors(tmp_path: Path) -> None:
    path = _variant(tmp_path, "concurrency: 4", "concurrency: -1")
    r = _cli(
        "--config", str(path), "check", env_extra={"SHOPPER_IMAP_PASSWORD": "a", "SHOPPER_SMTP_PASSWORD": "b"}
    )
    assert r.returncode != 0
    assert "browser.concurrency" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["replywatch.yaml"]


def test_config_schema_is_json_schema_with_the_main_sections() -> None:
    r = _cli("config-schema")
    assert r.returncode == 0, r.stderr
    schema = json.loads(r.stdout)
    for key in ("database", "shopper", "targets", "campaigns", "alerts", "browser"):
        assert key in schema["properties"]
    assert "base_dir" not in schema["properties"]
