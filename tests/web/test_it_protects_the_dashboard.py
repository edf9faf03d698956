from __future__ import annotations

import re

import httpx
import pytest

from monitor.web import NoPassword, create_app
from tests.web.conftest import PASSWORD, Served


def _login(client: httpx.Client, password: str = PASSWORD) -> httpx.Response:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    return client.post("/login", data={"csrf": token.group(1), "password": password, "next": "/"})


def test_it_requires_sign_in_but_not_for_healthz(served: Served) -> None:
    with httpx.Client(base_url=served.url) as c:
        r = c.get("/")
        assert r.status_code == 303 and r.headers["location"] == "/login"
        assert c.get("/export/json").status_code == 303
        assert c.get("/evidence/probe-1/after.png").status_code == 303
        h = c.get("/healthz")
        assert h.status_code == 200 and h.json() == {"db": "ok", "watchers": 0, "watchers_failing": 0}
        assert "script-src" not in h.headers["content-security-policy"]  # default-src 'none' covers it
        assert h.headers["content-security-policy"].startswith("default-src 'none'")


def test_it_signs_in_with_the_password_only(served: Served) -> None:
    with httpx.Client(base_url=served.url) as c:
        assert _login(c, "wrong").status_code == 401
        r = _login(c)
        assert r.status_code == 303
        page = c.get("/")
        assert page.status_code == 200 and "6 of 9 answered" in page.text


def test_it_rejects_posts_without_the_csrf_token(served: Served) -> None:
    with httpx.Client(base_url=served.url) as c:
        assert c.post("/login", data={"password": PASSWORD}).status_code == 403
        _login(c)
        stray = c.get("/review")
        reply_id = re.search(r'id="reply-(\d+)"', stray.text)
        assert reply_id
        r = c.post(
            f"/review/{reply_id.group(1)}", data={"probe_id": str(served.ids["a_wait"]), "csrf": "forged"}
        )
        assert r.status_code == 403
        assert f'id="reply-{reply_id.group(1)}"' in c.get("/review").text  # still unassigned
        assert c.post("/logout", data={}).status_code == 403


def test_it_assigns_an_unmatched_reply_by_hand(served: Served) -> None:
    with httpx.Client(base_url=served.url) as c:
        _login(c)
        assert "6 of 9 answered" in c.get("/").text  # now cached
        page = c.get("/review").text
        assert "<script>alert" not in page and "&lt;b&gt;жирный&lt;/b&gt;" in page
        reply_id = re.search(r'id="reply-(\d+)"', page).group(1)  # type: ignore[union-attr]
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        r = c.post(f"/review/{reply_id}", data={"probe_id": str(served.ids["a_wait"]), "csrf": token})
        assert r.status_code == 303
        assert f'id="reply-{reply_id}"' not in c.get("/review").text
        # The waiting probe is now answered: shop-a form goes from 3 of 4 to 4 of 4.
        assert "4 of 4 (100%)" in c.get("/target/shop-a").text
        assert "7 of 9 answered" in c.get("/").text  # the write cleared the dashboard's cache
        assert c.post(f"/review/{reply_id}", data={"probe_id": "999999", "csrf": token}).status_code == 400


def test_it_limits_sign_in_attempts(served: Served) -> None:
    with httpx.Client(base_url=served.url) as c:
        for _ in range(5):
            assert _login(c, "nope").status_code == 401
        blocked = _login(c)  # even the right password waits
        assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
        served.clock.advance(301)
        assert _login(c).status_code == 303


def test_it_serves_evidence_without_leaving_its_directory(served: Served) -> None:
    with httpx.Client(base_url=served.url) as c:
        _login(c)
        ok = c.get(f"/evidence/probe-{served.ids['a_fast']}/after.png")
        assert ok.status_code == 200 and ok.headers["content-type"] == "image/png"
        for bad in (
            "../secret.txt",
            "..%2Fsecret.txt",
            "%2e%2e/secret.txt",
            "probe-1/../../secret.txt",
            "/etc/passwd",
            "%2Fetc%2Fpasswd",
        ):
            r = c.get("/evidence/" + bad)
            assert r.status_code == 404 and "outside" not in r.text, bad


def test_it_exports_what_the_report_says(served: Served) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    with httpx.Client(base_url=served.url) as c:
        _login(c)
        data = c.get("/export/json", params={"targets": "shop-a"}).json()
        assert {p["target"] for p in data["probes"]} == {"shop-a"}
        csv_text = c.get("/export/csv").text
        assert "3 of 4" in csv_text
        wb = load_workbook(BytesIO(c.get("/export/xlsx").content))
        assert len(wb.sheetnames) >= 2
        html = c.get("/export/html")
        assert html.headers["content-disposition"].startswith("attachment") and "<svg" in html.text
        assert c.get("/export/pdf").status_code == 404
        assert c.get("/export/json", params={"since": "garbage"}).status_code == 400


def test_it_refuses_to_start_without_a_password(web_cfg, factory, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from monitor.clock import FakeClock

    monkeypatch.delenv("REPLYWATCH_WEB_PASSWORD")
    with pytest.raises(NoPassword):
        create_app(web_cfg, factory, FakeClock())
