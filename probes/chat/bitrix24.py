"""Bitrix24 Open Lines: the widget object from the ``onBitrixLiveChat`` event (kept by the init script).

``operatorMessage`` fires for any non-visitor sender (bots, system lines), so it
carries no sender type; ``sessionOperatorChange`` says an operator was assigned.
"""

from __future__ import annotations

from typing import Any, ClassVar

from probes.chat.base import ApiSignal, ChatAdapter, text_of


class Bitrix24Adapter(ChatAdapter):
    name: ClassVar[str] = "bitrix24"
    script_hosts = (r"/upload/crm/site_button/loader_", r"cdn-ru\.bitrix24\.")
    globals = ("__rwB24",)
    dom = (".b24-widget-button-wrapper", "a.b24-widget-button-openline_livechat", ".bx-livechat-wrapper")
    ready_js = "window.__rwB24 || document.querySelector('a.b24-widget-button-openline_livechat')"
    open_js = (
        "if (window.__rwB24 && __rwB24.open) __rwB24.open();"
        " else { const a = document.querySelector('a.b24-widget-button-openline_livechat'); if (a) a.click(); }"
    )
    identify_js = (
        "if (window.__rwB24 && __rwB24.setCustomData) __rwB24.setCustomData("
        "[{USER: {NAME: arg.name}}, {MAIL: {VALUE: arg.email}}, {PHONE: {VALUE: arg.phone}}]);"
    )
    subscribe_js = (
        "const w = window.__rwB24; if (w && w.subscribe && window.BX && BX.LiveChatWidget)"
        " w.subscribe({type: BX.LiveChatWidget.SubscriptionType.every,"
        " callback: e => window.__rwApi('bitrix24', e.type, e.data)});"
    )

    def parse(self, event: str, payload: Any) -> ApiSignal | None:
        if event == "sessionOperatorChange":
            return ApiSignal(event, joined=True, sender=text_of(payload, "operator.name"))
        if event == "operatorMessage":
            return ApiSignal(
                event, text=text_of(payload, "message.text"), sender=text_of(payload, "user.name")
            )
        return None
