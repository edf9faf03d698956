"""Touchpoint probes: one module (or package) per kind, behind ``probes.base.Probe``.

The kinds are listed once, in ``probes.kinds.KINDS``.
"""
