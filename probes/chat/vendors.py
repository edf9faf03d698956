"""The one table of chat vendors: name -> module holding its adapter (loaded lazily).

Adding a vendor is one small file in ``probes/chat/`` with one ``ChatAdapter``
subclass, and one row here. Detection, the capture script's wrapped callbacks
and ``discover`` all derive from this table.
"""

from __future__ import annotations

import importlib
from functools import cache

from probes.chat.base import ChatAdapter
from probes.chat.generic import GenericAdapter

VENDORS: dict[str, str] = {
    "jivo": "probes.chat.jivo",
    "tawk": "probes.chat.tawk",
    "livechat": "probes.chat.livechat",
    "crisp": "probes.chat.crisp",
    "tidio": "probes.chat.tidio",
    "intercom": "probes.chat.intercom",
    "bitrix24": "probes.chat.bitrix24",
    "carrotquest": "probes.chat.carrotquest",
    "chatra": "probes.chat.chatra",
    "talkme": "probes.chat.talkme",
    "zendesk": "probes.chat.zendesk",
    "hubspot": "probes.chat.hubspot",
}


@cache
def adapter_class(vendor: str) -> type[ChatAdapter] | None:
    """The adapter class of a listed vendor: the ChatAdapter subclass its module defines."""
    path = VENDORS.get(vendor)
    if path is None:
        return None
    module = importlib.import_module(path)
    for obj in vars(module).values():
        if (
            isinstance(obj, type)
            and issubclass(obj, ChatAdapter)
            and obj.__module__ == path
            and obj.name == vendor
        ):
            return obj
    raise LookupError(f"{path} defines no ChatAdapter named {vendor!r}")


def all_adapters() -> dict[str, type[ChatAdapter]]:
    out: dict[str, type[ChatAdapter]] = {}
    for name in VENDORS:
        cls = adapter_class(name)
        if cls is not None:
            out[name] = cls
    return out


def get_adapter(vendor: str | None) -> ChatAdapter:
    """The vendor's adapter, or the DOM-only one for an unknown widget."""
    cls = adapter_class(vendor or "")
    return cls() if cls is not None else GenericAdapter()
