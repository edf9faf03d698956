"""Carrot quest: ``carrotquest.open/identify/addCallback``; parts say ``message_auto`` vs ``message_manual``."""

from __future__ import annotations

from typing import Any, ClassVar

from probes.chat.base import ApiSignal, ChatAdapter, text_of

TOPICS = ("conversation_started", "conversation_opened", "messenger_opened", "user_replied")


class CarrotQuestAdapter(ChatAdapter):
    name: ClassVar[str] = "carrotquest"
    reports_sender_type: ClassVar[bool] = True  # via part sent_via
    script_hosts = (r"cdn\.carrotquest\.io/",)
    globals = ("carrotquest", "carrotquestasync")
    dom = (
        "#carrotquest-messenger-collapsed-container",
        "iframe.carrot-messenger-frame",
        "#carrot-messenger-frame",
    )
    ready_js = "window.carrotquest && typeof carrotquest.open === 'function'"
    open_js = "carrotquest.open();"
    identify_js = "carrotquest.identify({'$name': arg.name, '$email': arg.email, '$phone': arg.phone});"
    subscribe_js = (
        "for (const t of {}) carrotquest.addCallback(t, d => window.__rwApi('carrotquest', t, d));".format(
            str(list(TOPICS)).replace("'", '"')
        )
    )

    def parse(self, event: str, payload: Any) -> ApiSignal | None:
        if not isinstance(payload, dict):
            return None
        part = payload.get("part_last")
        if part is None and isinstance(payload.get("parts"), list) and payload["parts"]:
            part = payload["parts"][-1]
        if not isinstance(part, dict) or part.get("type") != "reply_admin":
            return None
        via = part.get("sent_via")
        sender_type = "system" if via == "message_auto" else "agent" if via == "message_manual" else None
        return ApiSignal(
            event,
            text=text_of(part, "body", "text"),
            sender=text_of(part, "from.name"),
            sender_type=sender_type,
        )
