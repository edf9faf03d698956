"""Talk-Me / Verbox (one platform): the function named by ``window.supportAPIMethod`` (observed API)."""

from __future__ import annotations

from typing import ClassVar

from probes.chat.base import ChatAdapter

FN = "const f = window[window.supportAPIMethod || 'TalkMe'] || window.Verbox;"


class TalkMeAdapter(ChatAdapter):
    name: ClassVar[str] = "talkme"
    can_send_by_api: ClassVar[bool] = True  # observed, not documented
    script_hosts = (
        r"lcab\.talk-me\.ru/support/support\.js",
        r"admin\.verbox\.ru/support/support\.js",
        r"static\.site-chat\.me/support/",
    )
    globals = ("TalkMe", "Verbox", "supportAPIMethod")
    dom = ("script#supportScript",)
    ready_js = "typeof (window[window.supportAPIMethod || 'TalkMe'] || window.Verbox) === 'function'"
    open_js = FN + " f('openSupport');"
    identify_js = FN + " f('setClientInfo', {name: arg.name, email: arg.email, phone: arg.phone});"
    send_js = FN + " f('sendMessage', arg.text);"
