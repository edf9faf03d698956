"""Web form probes: find, fill and submit a shop's question form like a real customer.

Kinds ``form``, ``pricelist`` and ``subscription`` live in probe.py (rows in
``probes.kinds.KINDS``); ``probes.callback`` reuses it for callback forms. Modules: snapshot (one JS pass per frame), locate, classify, fields,
phone, fill, captcha, outcome, evidence, probe.
"""

from __future__ import annotations

from probes.form.probe import FormProbe, PricelistProbe, SubscriptionProbe

__all__ = ["FormProbe", "PricelistProbe", "SubscriptionProbe"]
