"""Vendor adapters: declared capabilities and how each reads its vendor's event payloads (case table)."""

from __future__ import annotations

from typing import Any

import pytest

from probes.chat.base import ApiSignal
from probes.chat.generic import GenericAdapter
from probes.chat.vendors import VENDORS, all_adapters, get_adapter

CASES: list[tuple[str, str, Any, dict[str, Any] | None]] = [
    (
        "jivo",
        "jivo_onMessageReceived",
        {"type": "operator", "message": "Да, есть", "name": "Мария"},
        {"text": "Да, есть", "sender": "Мария", "sender_type": "agent"},
    ),
    ("jivo", "jivo_onMessageReceived", {"type": "bot", "message": "Выберите тему"}, {"sender_type": "bot"}),
    ("jivo", "jivo_onAccept", {"name": "Мария"}, {"joined": True}),
    (
        "tawk",
        "onChatMessageAgent",
        {"message": "Hello", "name": "Tom"},
        {"text": "Hello", "sender_type": "agent"},
    ),
    ("tawk", "onChatMessageSystem", {"message": "Chat started"}, {"sender_type": "system"}),
    (
        "tawk",
        "onAgentJoinChat",
        {"name": "Tom", "position": "Support", "image": "", "id": "1"},
        {"joined": True, "sender": "Tom"},
    ),
    ("tawk", "onStatusChange", "offline", {"status": "offline"}),
    (
        "livechat",
        "new_event",
        {
            "id": "1",
            "timestamp": 1772446867250,
            "type": "message",
            "text": "Привет",
            "author": {"id": "a@b", "type": "agent"},
            "greeting": {"id": 7, "uniqueId": "g"},
        },
        {"greeting": True, "sender_type": "agent", "vendor_ms": 1772446867250.0},
    ),
    (
        "livechat",
        "new_event",
        {"type": "message", "text": "Меню", "author": {"id": "bot-chatbot-1", "type": "agent"}},
        {"sender_type": "bot"},
    ),
    (
        "livechat",
        "new_event",
        {"type": "message", "text": "Вопрос", "author": {"id": "me", "type": "customer"}},
        {"sender_type": "customer"},
    ),
    ("livechat", "availability_changed", {"availability": "offline"}, {"status": "offline"}),
    (
        "crisp",
        "message:received",
        {"content": "Ответ", "from": "operator", "user": {"nickname": "Олег"}},
        {"text": "Ответ", "sender": "Олег", "sender_type": None},
    ),
    (
        "crisp",
        "message:received",
        {"content": "Auto", "from": "operator", "automated": True},
        {"sender_type": "system"},
    ),
    ("crisp", "website:availability:changed", False, {"status": "offline"}),
    ("tidio", "messageFromOperator", {"message": "Hi there"}, {"text": "Hi there", "sender_type": None}),
    (
        "bitrix24",
        "operatorMessage",
        {"message": {"text": "Добрый день"}, "user": {"name": "Ирина"}},
        {"text": "Добрый день", "sender": "Ирина"},
    ),
    ("bitrix24", "sessionOperatorChange", {"operator": {"name": "Ирина"}}, {"joined": True}),
    (
        "carrotquest",
        "conversation_opened",
        {"parts": [{"type": "reply_admin", "sent_via": "message_auto", "body": "Мы скоро ответим"}]},
        {"sender_type": "system", "text": "Мы скоро ответим"},
    ),
    (
        "carrotquest",
        "conversation_opened",
        {"part_last": {"type": "reply_admin", "sent_via": "message_manual", "body": "Да"}},
        {"sender_type": "agent"},
    ),
    ("carrotquest", "conversation_opened", {"part_last": {"type": "reply_user", "body": "Вопрос"}}, None),
    (
        "chatra",
        "onNewMessage",
        {"type": "agent", "message": "Здравствуйте", "agentName": "Анна"},
        {"sender_type": "agent"},
    ),
    ("intercom", "unread", 1, None),
    ("zendesk", "unreadMessages", 2, None),
]


@pytest.mark.parametrize(
    ("vendor", "event", "payload", "expected"), CASES, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)]
)
def test_it_reads_vendor_events(
    vendor: str, event: str, payload: Any, expected: dict[str, Any] | None
) -> None:
    sig = get_adapter(vendor).parse(event, payload)
    if expected is None:
        assert sig is None
        return
    assert isinstance(sig, ApiSignal)
    for key, value in expected.items():
        assert getattr(sig, key) == value, (key, sig)


def test_every_vendor_row_names_a_module_with_one_adapter_with_signatures() -> None:
    adapters = all_adapters()
    assert set(adapters) == set(VENDORS)
    for name, cls in adapters.items():
        assert cls.name == name and cls.script_hosts and (cls.globals or cls.dom), name
        assert cls.open_js, name  # every vendor here has an official way to open its widget


@pytest.mark.parametrize(
    ("vendor", "sends"),
    [
        ("crisp", True),
        ("tidio", True),
        ("talkme", True),
        ("jivo", False),
        ("tawk", False),
        ("intercom", False),
    ],
)
def test_it_declares_who_can_send_through_the_api(vendor: str, sends: bool) -> None:
    assert get_adapter(vendor).can_send_by_api is sends


def test_an_unknown_vendor_gets_the_generic_dom_adapter() -> None:
    assert isinstance(get_adapter("unknown"), GenericAdapter) and isinstance(
        get_adapter(None), GenericAdapter
    )
