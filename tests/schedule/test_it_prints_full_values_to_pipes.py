"""`campaigns`, `status` and `probe` with stdout to a pipe: full values, and --format json."""

from __future__ import annotations

import json

from tests.schedule.conftest import daemon_config

LONG = "ежедневная-проверка-всех-магазинов-клиента-и-конкурентов-по-почте"
CAMPAIGN = (
    f"  - name: {LONG}\n    touchpoints: [email]\n    schedule: {{interval: 36h}}\n"
    "    min_gap: 1s\n    reply_deadline: 1h\n    targets: [shop0, shop1, shop2, shop3, shop4, shop5]"
)


def test_it_prints_whole_tables_into_a_pipe(shop_smtp, cli_factory) -> None:  # type: ignore[no-untyped-def]
    _, server = shop_smtp
    cli = cli_factory(daemon_config(server.port, targets=6, extra_campaign=CAMPAIGN))
    assert cli.run("db", "upgrade").returncode == 0
    out = cli.run("campaigns")
    assert out.returncode == 0, out.stderr
    assert LONG in out.stdout and "every 36h" in out.stdout and "…" not in out.stdout
    assert "shop0, shop1, shop2, shop3, shop4, shop5" in out.stdout
    status = cli.run("status")
    assert status.returncode == 0 and "…" not in status.stdout


def test_it_prints_json_for_campaigns_status_and_probe(shop_smtp, cli_factory) -> None:  # type: ignore[no-untyped-def]
    handler, server = shop_smtp
    cli = cli_factory(daemon_config(server.port, targets=6, extra_campaign=CAMPAIGN))
    assert cli.run("db", "upgrade").returncode == 0
    probed = cli.run(
        "probe",
        "--touchpoint",
        "email",
        "--target",
        "shop0",
        "--target",
        "shop1",
        "--format",
        "json",
        timeout=120,
    )
    assert probed.returncode == 0, probed.stderr
    rows = json.loads(probed.stdout)
    assert {r["target"] for r in rows} == {"shop0", "shop1"} and {r["status"] for r in rows} == {"submitted"}
    assert all(r["reply_address"].endswith("@shopper.test") and r["submitted_at"] for r in rows)
    camps = json.loads(cli.run("campaigns", "--format", "json").stdout)
    assert [c["name"] for c in camps] == ["often", LONG] and camps[1]["targets"] == [
        "shop0",
        "shop1",
        "shop2",
        "shop3",
        "shop4",
        "shop5",
    ]
    assert camps[0]["schedule"] == "every 3s" and camps[0]["state"] == "enabled"
    status = json.loads(cli.run("status", "--format", "json").stdout)
    assert status["probes"]["submitted"] == 2 and status["waiting_for_reply"] == 2
    assert isinstance(status["watchers"], list)
    bad = cli.run("status", "--format", "yaml")
    assert bad.returncode == 2 and "json" in bad.stderr
