"""Widgets no vendor adapter claims: everything through the DOM (``probes.chat.dom``).

Every new node in the widget that is not the visitor's is an incoming message;
``discover`` calls such a widget "unknown widget".
"""

from __future__ import annotations

from typing import Any, ClassVar

from probes.chat.base import ApiSignal, ChatAdapter


class GenericAdapter(ChatAdapter):
    """No vendor API: open, type and send through the widget's own UI."""

    name: ClassVar[str] = "unknown"
    has_js_api: ClassVar[bool] = False

    def parse(self, event: str, payload: Any) -> ApiSignal | None:
        return None
