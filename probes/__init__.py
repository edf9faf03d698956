"""Touchpoint probes: one module (or package) per kind, behind ``probes.base.Probe``."""

from __future__ import annotations

import importlib

# Modules that register a probe kind in probes.base.REGISTRY when imported.
PROBE_MODULES = ("probes.email", "probes.form", "probes.callback", "probes.chat")


def load_all() -> None:
    """Import every probe module that exists; a missing optional one is skipped."""
    for name in PROBE_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
