"""LiveChat (text.com): ``LiveChatWidget.call/get/on``; ``new_event`` carries author type and greeting flag."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from probes.chat.base import ApiSignal, ChatAdapter, text_of

EVENTS = (
    "new_event",
    "greeting_displayed",
    "availability_changed",
    "customer_status_changed",
    "form_submitted",
)


class LiveChatAdapter(ChatAdapter):
    name: ClassVar[str] = "livechat"
    reports_sender_type: ClassVar[bool] = True
    script_hosts = (r"cdn\.livechatinc\.com/tracking\.js", r"cdn\.livechat-files\.com/")
    globals = ("LiveChatWidget", "__lc", "LC_API")
    dom = ("#chat-widget-container", "iframe#chat-widget")
    ready_js = (
        "window.LiveChatWidget && typeof LiveChatWidget.call === 'function'"
        " && (() => { try { return !!LiveChatWidget.get('state'); } catch (e) { return false; } })()"
    )
    open_js = "LiveChatWidget.call('maximize');"
    identify_js = (
        "LiveChatWidget.call('set_customer_name', arg.name); LiveChatWidget.call('set_customer_email', arg.email);"
        " LiveChatWidget.call('set_session_variables', {phone: arg.phone});"
    )
    subscribe_js = "for (const e of {}) LiveChatWidget.on(e, d => window.__rwApi('livechat', e, d));".format(
        str(list(EVENTS)).replace("'", '"')
    )
    status_js = (
        "const s = LiveChatWidget.get('state');"
        " return s && s.availability === 'offline' ? 'offline' : s ? 'online' : null;"
    )

    def parse(self, event: str, payload: Any) -> ApiSignal | None:
        if event == "availability_changed":
            return ApiSignal(event, status=text_of(payload, "availability"))
        if event != "new_event" or not isinstance(payload, dict):
            return None
        author = payload.get("author") or {}
        kind = author.get("type") if isinstance(author, dict) else None
        author_id = str(author.get("id", "")) if isinstance(author, dict) else ""
        sender_type = "customer" if kind == "customer" else "agent" if kind == "agent" else None
        if sender_type == "agent" and ("bot" in author_id.lower() or "chatbot" in author_id.lower()):
            sender_type = "bot"
        return ApiSignal(
            event,
            text=text_of(payload, "text", "message"),
            sender=text_of(payload, "author.name"),
            sender_type=sender_type,
            greeting=bool(payload.get("greeting")),
            vendor_ms=_ms(payload.get("timestamp")),
        )


def _ms(value: Any) -> float | None:
    if isinstance(value, int | float):
        return float(value) if value > 1e11 else float(value) * 1000
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1000
        except ValueError:
            return None
    return None
