"""`replywatch run` with form touchpoints: real Chromium through the daemon's browser pool, local shops."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from monitor.demo.formsites import serving
from tests.schedule.conftest import probes_in, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CONFIG = """database: sqlite:///rw.db
timezone: Europe/Moscow
shopper:
  mailbox:
    address_template: "{{first}}.{{token}}@shopper.test"
  personas:
    - {{first_name: Анна, last_name: Кузнецова, phone: "+7 912 345-67-01"}}
  questions:
    - "Здравствуйте! Есть ли доставка в Екатеринбург?"
browser: {{executable_path: /usr/bin/chromium, concurrency: 2, probe_timeout: 60s, allow_networks: ["127.0.0.0/8"]}}
worker: {{concurrency: 2}}
targets:
{targets}
campaigns:
  - name: forms
    touchpoints: [form]
    schedule: {{interval: 1h}}
    min_gap: 1s
"""


def test_it_submits_each_form_once_per_round(cli_factory, tmp_path: Path) -> None:
    with serving(["labelled", "ajax"], base="127.0.63") as sites:
        targets = "\n".join(
            f"  - name: {s.name}\n    url: {s.url}\n    touchpoints:\n"
            f"      - {{kind: form, url: {s.url_for(s.start_path)}}}"
            for s in sites
        )
        cli = cli_factory(CONFIG.format(targets=targets))
        assert cli.run("db", "upgrade").returncode == 0
        proc = cli.start("run", "--no-web", log=tmp_path / "run.log")
        db = tmp_path / "rw.db"
        wait_until(
            lambda: (
                db.exists()
                and len(probes_in(db)) == 2
                and all(p.status not in ("scheduled", "running") for p in probes_in(db))
            ),
            120,
            "both form probes to finish",
        )
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0
        assert {p.status for p in probes_in(db)} == {"submitted"}, [
            (p.status, p.reason) for p in probes_in(db)
        ]
        for shop in sites:
            assert len(shop.accepted) == 1, shop.name
