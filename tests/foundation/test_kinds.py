"""The one table of touchpoint kinds and the one of chat vendors: everything else derives from them."""

from __future__ import annotations

import importlib
import typing
from pathlib import Path

import pytest

from monitor.config import CampaignConfig, Destinations, TouchpointConfig
from probes.base import get_probe, probe_class
from probes.chat.base import ChatAdapter
from probes.chat.vendors import VENDORS, adapter_class
from probes.kinds import BROWSER_KINDS, KINDS

CHAT_DIR = Path(__file__).resolve().parents[2] / "probes" / "chat"


def _literal_values(annotation: object) -> set[str]:
    """The strings a (possibly list- or Optional-wrapped) Literal annotation allows."""
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    return set().union(*(_literal_values(a) for a in typing.get_args(annotation)))


def test_it_allows_exactly_the_table_kinds_in_config() -> None:
    assert _literal_values(TouchpointConfig.model_fields["kind"].annotation) == set(KINDS)
    assert _literal_values(CampaignConfig.model_fields["touchpoints"].annotation) == set(KINDS)
    assert _literal_values(Destinations.model_fields["touchpoints"].annotation) == set(KINDS)


def test_it_loads_each_kind_from_its_row() -> None:
    for kind in KINDS:
        cls = probe_class(kind)
        assert cls.kind == kind, f"{KINDS[kind].path} says kind {cls.kind!r}"
        assert hasattr(get_probe(kind), "submit")


def test_it_names_the_known_kinds_for_an_unknown_one() -> None:
    with pytest.raises(KeyError, match="telegraph.*'callback'"):
        get_probe("telegraph")


def test_it_derives_the_browser_kinds_from_the_table() -> None:
    assert {"form", "chat", "callback", "pricelist", "subscription"} == BROWSER_KINDS


def test_it_registers_a_chat_vendor_by_its_file_and_one_row() -> None:
    adapter_files = set()
    for path in CHAT_DIR.glob("*.py"):
        module = importlib.import_module(f"probes.chat.{path.stem}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, ChatAdapter) and obj.__module__ == module.__name__:
                if obj.name != "unknown":  # the generic adapter, for widgets no vendor claims
                    adapter_files.add(obj.name)
    assert adapter_files == set(VENDORS)
    for name, path in VENDORS.items():
        cls = adapter_class(name)
        assert cls is not None and cls.__module__ == path
