"""Zendesk messaging: ``zE('messenger', ...)`` opens it; no message events, so the DOM is the source."""

from __future__ import annotations

from typing import ClassVar

from probes.chat.base import ChatAdapter


class ZendeskAdapter(ChatAdapter):
    name: ClassVar[str] = "zendesk"
    script_hosts = (r"static\.zdassets\.com/ekr/snippet\.js",)
    globals = ("zE", "$zopim")
    dom = ("script#ze-snippet", "iframe#launcher")
    ready_js = "typeof window.zE === 'function'"
    open_js = "zE('messenger', 'open');"
    subscribe_js = (
        "zE('messenger:on', 'unreadMessages', n => window.__rwApi('zendesk', 'unreadMessages', n));"
    )
