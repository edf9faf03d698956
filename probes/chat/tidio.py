"""Tidio: ``tidioChatApi`` (open, visitor data, send); bots share ``messageFromOperator``, so no sender type."""

from __future__ import annotations

from typing import Any, ClassVar

from probes.chat.base import ApiSignal, ChatAdapter, text_of


class TidioAdapter(ChatAdapter):
    name: ClassVar[str] = "tidio"
    can_send_by_api: ClassVar[bool] = True
    script_hosts = (r"code\.tidio\.co/",)
    globals = ("tidioChatApi",)
    dom = ("#tidio-chat", "iframe#tidio-chat-iframe")
    ready_js = "window.tidioChatApi && typeof tidioChatApi.open === 'function'"
    open_js = "tidioChatApi.open();"
    identify_js = "tidioChatApi.setVisitorData({name: arg.name, email: arg.email, phone: arg.phone});"
    subscribe_js = (
        "for (const e of ['messageFromOperator', 'messageFromVisitor', 'conversationStart'])"
        " tidioChatApi.on(e, d => window.__rwApi('tidio', e, d));"
    )
    send_js = "tidioChatApi.messageFromVisitor(arg.text);"

    def parse(self, event: str, payload: Any) -> ApiSignal | None:
        if event == "messageFromOperator":
            return ApiSignal(
                event,
                text=text_of(payload, "message", "data.message"),
                sender=text_of(payload, "operator.name"),
            )
        if event == "messageFromVisitor":
            return ApiSignal(event, text=text_of(payload, "message"), sender_type="customer")
        return None
