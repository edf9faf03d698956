"""HubSpot chat: ``HubSpotConversations.widget.open()``; events carry no content (DOM capture reads it)."""

from __future__ import annotations

from typing import ClassVar

from probes.chat.base import ChatAdapter


class HubSpotAdapter(ChatAdapter):
    name: ClassVar[str] = "hubspot"
    script_hosts = (r"js(-eu1|-ap1|-na1)?\.hs-scripts\.com/", r"js\.usemessages\.com/")
    globals = ("HubSpotConversations", "hsConversationsSettings")
    dom = ("#hubspot-messages-iframe-container",)
    ready_js = "window.HubSpotConversations && HubSpotConversations.widget"
    open_js = "HubSpotConversations.widget.open();"
    subscribe_js = (
        "for (const e of ['conversationStarted', 'unreadConversationCountChanged'])"
        " HubSpotConversations.on(e, d => window.__rwApi('hubspot', e, d));"
    )
