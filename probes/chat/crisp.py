"""Crisp: the ``$crisp`` queue; the one vendor here whose API can send the visitor's message."""

from __future__ import annotations

from typing import Any, ClassVar

from probes.chat.base import ApiSignal, ChatAdapter, text_of


class CrispAdapter(ChatAdapter):
    name: ClassVar[str] = "crisp"
    can_send_by_api: ClassVar[bool] = True
    script_hosts = (r"client\.crisp\.chat/",)
    globals = ("$crisp", "CRISP_WEBSITE_ID")
    dom = (".crisp-client", "#crisp-chatbox")
    ready_js = "window.$crisp && typeof $crisp.is === 'function'"
    open_js = '$crisp.push(["do", "chat:open"]);'
    identify_js = (
        '$crisp.push(["set", "user:nickname", [arg.name]]); $crisp.push(["set", "user:email", [arg.email]]);'
        ' $crisp.push(["set", "user:phone", [arg.phone]]);'
    )
    subscribe_js = (
        'for (const e of ["message:received", "message:sent", "website:availability:changed"])'
        ' $crisp.push(["on", e, d => window.__rwApi("crisp", e, d)]);'
    )
    status_js = 'return $crisp.is("website:available") ? "online" : "offline";'
    send_js = '$crisp.push(["do", "message:send", ["text", arg.text]]);'

    def parse(self, event: str, payload: Any) -> ApiSignal | None:
        if event == "website:availability:changed":
            return ApiSignal(event, status="online" if payload else "offline")
        if event == "message:received" and isinstance(payload, dict):
            automated = bool(payload.get("automated")) or payload.get("origin") in (
                "urn:crisp.im:bot",
                "chat:bot",
            )
            return ApiSignal(
                event,
                text=text_of(payload, "content", "content.text"),
                sender=text_of(payload, "user.nickname"),
                sender_type="system" if automated else None,
                vendor_ms=float(payload["timestamp"])
                if isinstance(payload.get("timestamp"), int | float)
                else None,
            )
        if event == "message:sent":
            return ApiSignal(event, text=text_of(payload, "content"), sender_type="customer")
        return None
