"""JivoChat: callbacks ``jivo_on*`` (wrapped by the capture init script) and ``jivo_api``.

No visitor-send method exists, so the question goes through the widget UI.
``jivo_onAccept`` (an operator accepted the chat) is the best human marker:
proactive invitations also arrive through ``jivo_onMessageReceived``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from probes.chat.base import ApiSignal, ChatAdapter, text_of


class JivoAdapter(ChatAdapter):
    name: ClassVar[str] = "jivo"
    reports_sender_type: ClassVar[bool] = True  # partly: onAccept vs onMessageReceived
    script_hosts = (r"code\.jivosite\.com/widget/", r"code\.jivo\.ru/widget/")
    globals = ("jivo_api", "jivo_config")
    dom = ("jdiv",)
    callback_globals = (
        "jivo_onLoadCallback",
        "jivo_onMessageReceived",
        "jivo_onAccept",
        "jivo_onMessageSent",
        "jivo_onChangeState",
        "jivo_onOpen",
        "jivo_onClientStartChat",
        "jivo_onIntroduction",
    )
    ready_js = "window.jivo_api && typeof jivo_api.open === 'function'"
    open_js = "jivo_api.open({start: 'chat'});"
    identify_js = "jivo_api.setContactInfo({name: arg.name, email: arg.email, phone: arg.phone});"
    status_js = (
        "const m = jivo_api.chatMode ? jivo_api.chatMode() : null;"
        " return m === 'offline' ? 'offline' : m === 'online' ? 'online' : null;"
    )

    def parse(self, event: str, payload: Any) -> ApiSignal | None:
        if event == "jivo_onAccept":
            return ApiSignal(event, joined=True, sender=text_of(payload, "name", "agent.name"))
        if event == "jivo_onMessageReceived":
            kind = text_of(payload, "type")
            sender_type = {"operator": "agent", "bot": "bot", "system": "system"}.get(kind or "")
            return ApiSignal(
                event,
                text=text_of(payload, "message", "text"),
                sender=text_of(payload, "name", "agent_name"),
                sender_type=sender_type,
            )
        if event == "jivo_onChangeState":
            return None
        return None
