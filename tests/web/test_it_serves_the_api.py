"""The JSON API over real HTTP: keys hashed at rest, 401 without or with a revoked key, report filters."""

from __future__ import annotations

import hashlib

import httpx
import pytest
from sqlalchemy import select

from monitor.store.access import create_key, revoke_key
from monitor.store.db import transaction
from monitor.store.models import ApiKey
from tests.fixtures.report_seed import NOW
from tests.web.conftest import Served


def _key(served: Served, factory, name: str = "grafana") -> str:  # type: ignore[no-untyped-def]
    with transaction(factory) as s:
        return create_key(s, name, NOW)


def test_it_refuses_requests_without_a_live_key(served: Served, factory) -> None:  # type: ignore[no-untyped-def]
    token = _key(served, factory)
    with httpx.Client(timeout=60, base_url=served.url) as c:
        assert c.get("/api/v1/summary").status_code == 401
        assert c.get("/api/v1/summary", headers={"Authorization": "Bearer rw_nope"}).status_code == 401
        assert c.get("/api/v1/summary", headers={"Authorization": f"Basic {token}"}).status_code == 401
        assert c.get("/api/v1/summary", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        with transaction(factory) as s:
            assert revoke_key(s, "grafana", NOW)
        r = c.get("/api/v1/summary", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_it_stores_only_the_tokens_hash(served: Served, factory) -> None:  # type: ignore[no-untyped-def]
    token = _key(served, factory)
    with factory() as s:
        row = s.scalar(select(ApiKey))
    assert row is not None and row.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (row.token_sha256, row.prefix) and len(token) > 40


def test_it_answers_with_the_reports_figures_and_filters(served: Served, factory) -> None:  # type: ignore[no-untyped-def]
    h = {"Authorization": f"Bearer {_key(served, factory)}"}
    with httpx.Client(timeout=60, base_url=served.url, headers=h) as c:
        total = c.get("/api/v1/summary").json()["total"]
        assert total["answered_text"] == "6 of 9"
        only_a = c.get("/api/v1/summary", params={"target": "shop-a", "touchpoint": "form"}).json()
        assert only_a["total"]["answered_text"] == "3 of 4"
        assert {x["target"] for x in only_a["cells"]} == {"shop-a"}
        board = c.get("/api/v1/leaderboard", params={"touchpoint": "form"}).json()["leaderboard"]
        assert [r["target"] for r in board][:1] and all(r["touchpoint"] == "form" for r in board)
        assert c.get("/api/v1/summary", params={"since": "yesterday-ish"}).status_code == 400
        targets = c.get("/api/v1/targets").json()["targets"]
        assert [t["name"] for t in targets] == ["shop-a", "shop-b", "shop-c"]


def test_it_pages_probes_and_lists_a_probes_replies(served: Served, factory) -> None:  # type: ignore[no-untyped-def]
    h = {"Authorization": f"Bearer {_key(served, factory)}"}
    with httpx.Client(timeout=60, base_url=served.url, headers=h) as c:
        first = c.get("/api/v1/probes", params={"target": "shop-a", "limit": 4}).json()
        second = c.get("/api/v1/probes", params={"target": "shop-a", "limit": 4, "offset": 4}).json()
        ids = [p["id"] for p in first["probes"] + second["probes"]]
        assert len(ids) == 7 == len(set(ids)) and first["next_offset"] == 4 and second["next_offset"] is None
        replies = c.get(f"/api/v1/probes/{served.ids['a_fast']}/replies").json()["replies"]
        assert [r["kind"] for r in replies] == ["human"] and replies[0]["excerpt"].startswith("Добрый день")
        assert c.get("/api/v1/probes/999999/replies").status_code == 404
        assert c.get("/api/v1/probes", params={"limit": 5000}).status_code == 422


def test_it_publishes_an_openapi_document(served: Served) -> None:
    with httpx.Client(timeout=60, base_url=served.url) as c:
        doc = c.get("/api/v1/openapi.json").json()
    assert doc["info"]["version"] == "v1"
    assert {"/summary", "/leaderboard", "/probes", "/probes/{probe_id}/replies", "/targets"} <= set(
        doc["paths"]
    )
    params = {p["name"] for p in doc["paths"]["/probes"]["get"]["parameters"]}
    assert {"campaign", "group", "target", "touchpoint", "since", "until", "limit", "offset"} <= params
    assert "HTTPBearer" in doc["components"]["securitySchemes"]


def test_it_creates_lists_and_revokes_keys_from_the_command_line(served: Served) -> None:
    from typer.testing import CliRunner

    from monitor.cli import app

    def run(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(
            app,
            ["--config", str(served.cfg.base_dir / "replywatch.yaml"), "api-key", *args],
            env={"COLUMNS": "200"},
        )

    made = run("create", "grafana")
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[0]
    assert run("create", "grafana").exit_code == 2  # one key per name
    listed = run("list")
    assert "grafana" in listed.stdout and token not in listed.stdout and token[:10] in listed.stdout
    with httpx.Client(timeout=60, base_url=served.url, headers={"Authorization": f"Bearer {token}"}) as c:
        assert c.get("/api/v1/targets").status_code == 200
        assert run("revoke", "grafana").exit_code == 0
        assert c.get("/api/v1/targets").status_code == 401
    assert run("revoke", "grafana").exit_code == 2


@pytest.mark.postgres
def test_it_answers_the_same_on_postgres(web_cfg, pg_engine) -> None:  # type: ignore[no-untyped-def]
    from monitor.clock import FakeClock
    from monitor.store.db import session_factory
    from monitor.web import create_app
    from tests.fixtures.report_seed import seed
    from tests.web.serving import serve_app

    pg = session_factory(pg_engine)
    ids = seed(pg, web_cfg)
    with transaction(pg) as s:
        token = create_key(s, "grafana", NOW)
    with (
        serve_app(create_app(web_cfg, pg, FakeClock(NOW))) as url,
        httpx.Client(timeout=60, base_url=url, headers={"Authorization": f"Bearer {token}"}) as c,
    ):
        assert c.get("/api/v1/summary").json()["total"]["answered_text"] == "6 of 9"
        probes = c.get("/api/v1/probes", params={"target": "shop-a", "touchpoint": "form"}).json()["probes"]
        assert len(probes) == 5 and ids["a_fast"] in {p["id"] for p in probes}
        assert c.get("/api/v1/summary", headers={"Authorization": "Bearer rw_x"}).status_code == 401
