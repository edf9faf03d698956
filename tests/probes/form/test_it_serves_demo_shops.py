"""The demo shops themselves: each on its own loopback host, recording exactly what they received."""

from __future__ import annotations

import httpx

from monitor.demo.formsites import FormSites, address_in, build_shops, serving


def test_it_serves_each_shop_on_its_own_loopback_host() -> None:
    with serving(["labelled", "english"], base="127.0.66") as sites:
        hosts = {s.host for s in sites}
        assert len(hosts) == 2 and all(h.startswith("127.0.66.") for h in hosts)
        r = httpx.get(sites["english"].url_for("/contact"))
        assert r.status_code == 200 and "Contact us" in r.text
        assert "Disallow: /cart" in httpx.get(sites["labelled"].url_for("/robots.txt")).text


def test_it_records_submissions_and_calls_the_hook() -> None:
    calls: list[tuple[str, dict[str, str]]] = []
    sites = FormSites(build_shops(["labelled", "broken"]), base="127.0.66").start()
    try:
        sites.on_submission(lambda site, fields: calls.append((site, fields)))
        r = httpx.post(sites["labelled"].url_for("/send"), data={"email": "a@b.test", "message": "Привет"})
        assert r.status_code == 303
        httpx.post(sites["broken"].url_for("/send"), data={"email": "a@b.test"})
        assert [(x.path, x.fields, x.accepted) for x in sites["labelled"].received] == [
            ("/send", {"email": "a@b.test", "message": "Привет"}, True)
        ]
        assert not sites["broken"].received[0].accepted
        assert calls == [
            ("labelled", {"email": "a@b.test", "message": "Привет"})
        ]  # rejected ones never reply
    finally:
        sites.stop()


def test_it_checks_csrf_like_a_real_framework() -> None:
    with serving(["csrf"], base="127.0.66") as sites:
        shop = sites["csrf"]
        with httpx.Client() as c:
            page = c.get(shop.url_for("/contacts")).text
            token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
            bad = c.post(shop.url_for("/send"), data={"csrfmiddlewaretoken": "forged", "agree": "on"})
            good = c.post(shop.url_for("/send"), data={"csrfmiddlewaretoken": token, "agree": "on"})
        assert bad.status_code == 403 and good.status_code == 303
        assert [r.accepted for r in shop.received] == [False, True]


def test_it_finds_the_customer_address_in_any_field() -> None:
    assert address_in({"x7f3a": "Анна", "q91be": " anna.k7q2m@shopper.test "}) == "anna.k7q2m@shopper.test"
    assert address_in({"name": "Анна", "contact": "+7 912"}) is None


def test_it_writes_targets_for_the_demo_config(make_config) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import MINIMAL_CONFIG

    with serving(["labelled", "masked", "callback"], base="127.0.66") as sites:
        cfg = make_config(MINIMAL_CONFIG.replace("targets: []\n", sites.targets_yaml()))
    kinds = {t.name: sorted(tp.kind for tp in t.touchpoints) for t in cfg.targets}
    assert kinds == {"labelled": ["form"], "masked": ["callback"], "callback": ["callback", "form"]}
