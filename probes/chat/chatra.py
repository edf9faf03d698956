"""Chatra: ``Chatra('openChat')`` and integration data; ``ChatraSetup.onNewMessage`` is wrapped by capture."""

from __future__ import annotations

from typing import Any, ClassVar

from probes.chat.base import ApiSignal, ChatAdapter, text_of


class ChatraAdapter(ChatAdapter):
    name: ClassVar[str] = "chatra"
    script_hosts = (r"call\.chatra\.io/chatra\.js",)
    globals = ("Chatra", "ChatraID")
    dom = ("#chatra", ".chatra--expanded")
    callback_holder = ("ChatraSetup", ("onNewMessage", "onAnalyticEvent", "onChatStarted"))
    ready_js = "typeof window.Chatra === 'function'"
    open_js = "Chatra('openChat', true);"
    identify_js = "Chatra('setIntegrationData', {name: arg.name, email: arg.email, phone: arg.phone});"

    def parse(self, event: str, payload: Any) -> ApiSignal | None:
        if event != "onNewMessage":
            return None
        kind = text_of(payload, "type", "from")
        sender_type = {"agent": "agent", "client": "customer", "visitor": "customer", "bot": "bot"}.get(
            kind or ""
        )
        return ApiSignal(
            event,
            text=text_of(payload, "message", "text"),
            sender=text_of(payload, "agentName", "name"),
            sender_type=sender_type,
        )
