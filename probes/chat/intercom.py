"""Intercom: open and pre-fill through ``Intercom(...)``; messages only from the DOM (unread count in the API)."""

from __future__ import annotations

from typing import ClassVar

from probes.chat.base import ChatAdapter


class IntercomAdapter(ChatAdapter):
    name: ClassVar[str] = "intercom"
    script_hosts = (r"widget\.intercom\.io/widget/", r"js\.intercomcdn\.com/")
    globals = ("Intercom", "intercomSettings")
    dom = ("#intercom-container", "#intercom-frame", ".intercom-lightweight-app", ".intercom-launcher")
    ready_js = "typeof window.Intercom === 'function'"
    open_js = "Intercom('show');"
    identify_js = "Intercom('update', {name: arg.name, email: arg.email, phone: arg.phone});"
    subscribe_js = "Intercom('onUnreadCountChange', n => window.__rwApi('intercom', 'unread', n));"
