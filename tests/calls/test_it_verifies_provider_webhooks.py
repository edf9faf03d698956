"""Provider webhooks: signed posts answer the right probe at our receipt time; anything else changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.calls import fakes
from tests.calls.conftest import SECRETS, World, make_world

PERSONA = "+79123456701"
SHOP_A_LOCAL = "8 (343) 111-22-33"  # how shop A's own number is written locally
SHOP_A = "+73431112233"


def test_a_signed_twilio_call_answers_the_callers_shop_at_our_receipt_time(world: World) -> None:
    world.clock.advance(timedelta(minutes=40))
    params = fakes.twilio_call("CA1", SHOP_A, PERSONA, Timestamp="")  # an empty Timestamp is no time at all
    params.pop("Timestamp")
    r = world.post(fakes.twilio(SECRETS["TWILIO_AUTH_TOKEN"], "http://testserver/hooks/twilio", params))
    assert r.status_code == 200 and "<Response/>" in r.text  # type: ignore[attr-defined]
    p = world.probe("shopA")
    assert p.status == "answered" and p.latency_ms == 40 * 60 * 1000
    assert world.probe("shopB").status == "submitted"


@pytest.mark.parametrize("case", ["unsigned", "forged", "tampered", "other-url"])
def test_unsigned_or_forged_twilio_posts_get_401_and_change_nothing(world: World, case: str) -> None:
    params = fakes.twilio_call("CA2", SHOP_A, PERSONA)
    url = "http://testserver/hooks/twilio"
    post = fakes.twilio(
        SECRETS["TWILIO_AUTH_TOKEN"],
        "https://elsewhere.example/hooks/twilio" if case == "other-url" else url,
        params,
        forge=case == "forged",
    )
    if case == "unsigned":
        post.headers.pop("X-Twilio-Signature")
    if case == "tampered":  # signed for one shop, posted claiming the other
        post = fakes.Post(post.path, post.body.replace(b"%2B73431112233", b"%2B73432223344"), post.headers)
    r = world.post(post)
    assert r.status_code == 401, r.text  # type: ignore[attr-defined]
    assert world.replies() == []


def test_behind_a_proxy_twilio_signs_the_public_url(make_config, factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = make_world(make_config, factory, monkeypatch, public_url="https://hooks.example.com/rw")
    params = fakes.twilio_call("CA3", SHOP_A, PERSONA)
    internal = fakes.twilio(SECRETS["TWILIO_AUTH_TOKEN"], "http://testserver/hooks/twilio", params)
    assert w.post(internal).status_code == 401  # type: ignore[attr-defined]
    public = fakes.twilio(SECRETS["TWILIO_AUTH_TOKEN"], "https://hooks.example.com/rw/hooks/twilio", params)
    assert w.post(fakes.Post("/hooks/twilio", public.body, public.headers)).status_code == 200  # type: ignore[attr-defined]
    assert [r.match_method for r in w.replies()] == ["caller-number"]


def test_a_retried_webhook_is_stored_once(world: World) -> None:
    post = fakes.twilio(
        SECRETS["TWILIO_AUTH_TOKEN"],
        "http://testserver/hooks/twilio",
        fakes.twilio_call("CA4", SHOP_A, PERSONA),
    )
    assert world.post(post).status_code == 200  # type: ignore[attr-defined]
    first = world.probe("shopA").first_human_reply_at
    world.clock.advance(timedelta(minutes=5))
    assert world.post(post).status_code == 200  # type: ignore[attr-defined]
    completed = fakes.twilio_call("CA4", SHOP_A, PERSONA, CallStatus="completed", CallDuration="61")
    assert (
        world.post(
            fakes.twilio(SECRETS["TWILIO_AUTH_TOKEN"], "http://testserver/hooks/twilio", completed)
        ).status_code
        == 200
    )  # type: ignore[attr-defined]
    assert len(world.replies()) == 1 and world.probe("shopA").first_human_reply_at == first


def test_a_twilio_sms_is_stored_and_judged_by_its_words(world: World) -> None:
    post = fakes.twilio(
        SECRETS["TWILIO_AUTH_TOKEN"],
        "http://testserver/hooks/twilio",
        fakes.twilio_sms("SM1", SHOP_A, PERSONA, "Ваша заявка принята. Мы получили ваше обращение."),
    )
    assert world.post(post).status_code == 200  # type: ignore[attr-defined]
    [reply] = world.replies()
    assert (reply.channel, reply.kind, reply.probe_id) == ("sms", "auto", world.probes["shopA"])
    assert world.probe("shopA").status == "submitted"


def test_a_zadarma_call_from_the_shops_local_number_matches_it(world: World) -> None:
    world.clock.advance(timedelta(seconds=45))
    secret = SECRETS["ZADARMA_API_SECRET"]
    start = fakes.zadarma_start("83432223344", "79123456701", "2026-12-03 12:00:45", secret=secret)
    assert world.post(start).status_code == 200  # type: ignore[attr-defined]
    end = fakes.zadarma_start(
        "83432223344",
        "79123456701",
        "2026-12-03 12:00:45",
        event="NOTIFY_END",
        secret=secret,
        duration="30",
        disposition="answered",
    )
    world.clock.advance(timedelta(seconds=40))
    assert world.post(end).status_code == 200  # type: ignore[attr-defined]
    [reply] = world.replies()
    assert (reply.probe_id, reply.match_method) == (world.probes["shopB"], "caller-number")
    assert world.probe("shopB").latency_ms == 45_000


def test_zadarma_forgeries_and_its_url_check(world: World) -> None:
    secret = SECRETS["ZADARMA_API_SECRET"]
    forged = fakes.zadarma_start(
        "83431112233", "79123456701", "2026-12-03 12:00:00", secret=secret, forge=True
    )
    assert world.post(forged).status_code == 401  # type: ignore[attr-defined]
    real = fakes.zadarma_start("83431112233", "79123456701", "2026-12-03 12:00:00", secret=secret)
    edited = fakes.Post(real.path, real.body.replace(b"83431112233", b"83432223344"), real.headers)
    assert world.post(edited).status_code == 401  # type: ignore[attr-defined]
    assert world.client.get("/hooks/zadarma?zd_echo=abc123").text == "abc123"
    assert world.replies() == []


def test_a_zadarma_sms_is_stored(world: World) -> None:
    post = fakes.zadarma_sms(
        "73431112233",
        "79123456701",
        "Анна, перезвоните нам, пожалуйста: 8 343 111-22-33",
        secret=SECRETS["ZADARMA_API_SECRET"],
    )
    assert world.post(post).status_code == 200  # type: ignore[attr-defined]
    [reply] = world.replies()
    assert reply.channel == "sms" and reply.probe_id == world.probes["shopA"]


def test_a_mango_call_uses_the_signed_timestamp(world: World) -> None:
    rang = world.clock.now() + timedelta(seconds=20)
    world.clock.advance(timedelta(seconds=31))  # Mango's notification reached us 11 s after the ring
    payload = fakes.mango_call("entry-1", "73431112233", "79123456701", int(rang.timestamp()))
    key, salt = SECRETS["MANGO_API_KEY"], SECRETS["MANGO_API_SALT"]
    assert world.post(fakes.mango("call", payload, key=key, salt=salt, forge=True)).status_code == 401  # type: ignore[attr-defined]
    assert world.post(fakes.mango("call", payload, key=key, salt=salt)).status_code == 200  # type: ignore[attr-defined]
    summary = {
        "entry_id": "entry-1",
        "call_direction": 1,
        "from": {"number": "73431112233"},
        "to": {"number": "79123456701"},
        "line_number": "79123456701",
        "create_time": int(rang.timestamp()),
        "talk_time": 0,
        "end_time": 0,
    }
    assert world.post(fakes.mango("summary", summary, key=key, salt=salt)).status_code == 200  # type: ignore[attr-defined]
    assert len(world.replies()) == 1
    assert world.probe("shopA").latency_ms == 20_000


def test_a_mango_timestamp_in_our_future_is_not_believed(world: World) -> None:
    future = int((world.clock.now() + timedelta(hours=2)).timestamp())
    world.clock.advance(timedelta(seconds=50))
    post = fakes.mango(
        "call",
        fakes.mango_call("entry-2", "73431112233", "79123456701", future),
        key=SECRETS["MANGO_API_KEY"],
        salt=SECRETS["MANGO_API_SALT"],
    )
    assert world.post(post).status_code == 200  # type: ignore[attr-defined]
    assert world.probe("shopA").latency_ms == 50_000


def _generic(world: World, event: object, *, age: float = 0, raw: bytes | None = None) -> object:
    stamp = int(world.clock.now().timestamp() - age)
    return world.post(fakes.generic(SECRETS["REPLYWATCH_HOOK_SECRET"], event, stamp, raw=raw))


def test_the_generic_hook_takes_signed_json_and_keeps_its_own_time(world: World) -> None:
    world.clock.advance(timedelta(minutes=3))
    ok = _generic(
        world, {"channel": "call", "id": "g1", "from": SHOP_A_LOCAL, "to": "8 912 345-67-01", "duration": 12}
    )
    assert ok.status_code == 200, ok.text  # type: ignore[attr-defined]
    assert world.probe("shopA").latency_ms == 180_000


@pytest.mark.parametrize(
    ("body", "raw", "status", "says"),
    [
        (
            {"channel": "call", "id": "x", "from": SHOP_A, "to": PERSONA, "at": "2026-01-01T00:00:00Z"},
            None,
            400,
            "at",
        ),
        (None, b"{not json", 400, "not JSON"),
        (None, b"[1, 2]", 400, "JSON object"),
        ({"channel": "call", "id": 7, "from": SHOP_A, "to": PERSONA}, None, 400, "id"),
        (
            {"channel": "call", "id": "x", "from": SHOP_A, "to": PERSONA, "duration": "nan"},
            None,
            400,
            "duration",
        ),
        (
            None,
            b'{"channel": "call", "id": "x", "from": "+73431112233", "to": "+79123456701", "duration": NaN}',
            400,
            "duration",
        ),
        ({"channel": "fax", "id": "x", "from": SHOP_A, "to": PERSONA}, None, 400, "channel"),
        ({"channel": "call", "id": "x", "from": SHOP_A, "to": "hello"}, None, 400, "to"),
        ({"channel": "sms", "id": "x", "from": SHOP_A, "to": PERSONA}, None, 400, "text"),
    ],
)
def test_malformed_generic_bodies_get_400_with_the_reason(
    world: World, body: object, raw: bytes | None, status: int, says: str
) -> None:
    r = _generic(world, body, raw=raw)
    assert r.status_code == status and says in r.json()["error"], r.text  # type: ignore[attr-defined]
    assert world.replies() == []


def test_stale_or_unsigned_generic_posts_get_401(world: World) -> None:
    event = {"channel": "call", "id": "g2", "from": SHOP_A, "to": PERSONA}
    assert _generic(world, event, age=6 * 60).status_code == 401  # type: ignore[attr-defined]
    unsigned = world.client.post("/hooks/calls", json=event)
    assert unsigned.status_code == 401
    token_style = world.client.post("/hooks/calls?token=generic-secret", json=event)
    assert token_style.status_code == 401
    assert world.replies() == []


def test_an_unconfigured_provider_is_not_there(make_config, factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = make_world(make_config, factory, monkeypatch)
    monkeypatch.delenv("ZADARMA_API_SECRET")
    post = fakes.zadarma_start("83431112233", "79123456701", "2026-12-03 12:00:00", secret="anything")
    assert w.post(post).status_code == 404  # type: ignore[attr-defined]


def test_an_oversized_body_is_refused(world: World) -> None:
    r = world.client.post(
        "/hooks/calls", content=b"x" * (70 * 1024), headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413
    assert world.replies() == []


def test_the_issues_sms_acknowledgement_never_answers_a_callback(world: World) -> None:
    post = fakes.twilio(
        SECRETS["TWILIO_AUTH_TOKEN"],
        "http://testserver/hooks/twilio",
        fakes.twilio_sms("SM9", SHOP_A, PERSONA, "Заявка №4471 принята. Мастер свяжется с вами."),
    )
    assert world.post(post).status_code == 200  # type: ignore[attr-defined]
    assert world.probe("shopA").status == "submitted"


def test_a_zadarma_notification_posted_as_multipart_is_read(world: World) -> None:
    """Zadarma sometimes posts multipart/form-data (noted by public integrations); the fields are the same."""
    form = fakes.zadarma_start(
        "83431112233", "79123456701", "2026-12-03 12:00:00", secret=SECRETS["ZADARMA_API_SECRET"]
    )
    from urllib.parse import parse_qsl

    boundary = "----zd7f3a"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in parse_qsl(form.body.decode())
    ]
    body = ("".join(parts) + f"--{boundary}--\r\n").encode()
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Signature": form.headers["Signature"],
    }
    assert world.post(fakes.Post("/hooks/zadarma", body, headers)).status_code == 200  # type: ignore[attr-defined]
    assert [r.probe_id for r in world.replies()] == [world.probes["shopA"]]
