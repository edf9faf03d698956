"""Tawk.to: ``Tawk_API`` callbacks (wrapped before the embed runs) and ``maximize``.

Agent and system messages come through separate callbacks, and
``onAgentJoinChat`` names the person who joined: the strongest human marker.
"""

from __future__ import annotations

from typing import Any, ClassVar

from probes.chat.base import ApiSignal, ChatAdapter, text_of


class TawkAdapter(ChatAdapter):
    name: ClassVar[str] = "tawk"
    reports_sender_type: ClassVar[bool] = True
    script_hosts = (r"embed\.tawk\.to/",)
    globals = ("Tawk_API", "Tawk_LoadStart")
    dom = ("#tawkchat-container", "iframe[title*='chat widget' i]")
    callback_holder = (
        "Tawk_API",
        (
            "onLoad",
            "onStatusChange",
            "onChatMaximized",
            "onChatStarted",
            "onChatEnded",
            "onAgentJoinChat",
            "onAgentLeaveChat",
            "onChatMessageVisitor",
            "onChatMessageAgent",
            "onChatMessageSystem",
            "onOfflineSubmit",
            "onUnreadCountChanged",
        ),
    )
    ready_js = "window.Tawk_API && typeof Tawk_API.maximize === 'function'"
    open_js = "Tawk_API.maximize();"
    identify_js = (
        "if (Tawk_API.setAttributes) Tawk_API.setAttributes("
        "{name: arg.name, email: arg.email, phone: arg.phone}, function () {});"
    )
    status_js = (
        "const s = Tawk_API.getStatus ? Tawk_API.getStatus() : null;"
        " return s === 'offline' ? 'offline' : (s === 'online' || s === 'away') ? 'online' : null;"
    )

    def parse(self, event: str, payload: Any) -> ApiSignal | None:
        text = text_of(payload, "message", "text")
        sender = text_of(payload, "name", "sender.n", "sender.name")
        if event == "onChatMessageAgent":
            return ApiSignal(event, text=text, sender=sender, sender_type="agent")
        if event == "onChatMessageSystem":
            return ApiSignal(event, text=text, sender=sender, sender_type="system")
        if event == "onChatMessageVisitor":
            return ApiSignal(event, text=text, sender_type="customer")
        if event == "onAgentJoinChat":
            return ApiSignal(event, joined=True, sender=sender)
        if event == "onStatusChange":
            status = payload if isinstance(payload, str) else None
            return ApiSignal(event, status="offline" if status == "offline" else "online" if status else None)
        return None
