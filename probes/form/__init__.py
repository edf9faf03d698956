"""Web form probes: find, fill and submit a shop's question form like a real customer.

Importing this package registers kind ``form``; ``probes.callback`` reuses it for
callback forms. Modules: snapshot (one JS pass per frame), locate, classify, fields,
phone, fill, captcha, outcome, evidence, probe.
"""

from __future__ import annotations

from probes.base import register
from probes.form.probe import FormProbe, PricelistProbe, SubscriptionProbe

register("form")(FormProbe)
register("pricelist")(PricelistProbe)
register("subscription")(SubscriptionProbe)

__all__ = ["FormProbe", "PricelistProbe", "SubscriptionProbe"]
