"""The one table of touchpoint kinds: kind -> where its probe class lives (loaded lazily).

Like healthchecks' ``TRANSPORTS``, everything else derives from this table: the
config's allowed ``kind:`` values, the CLI's "needs a browser" test and
``probes.base.get_probe``. Adding a kind is one module with one ``Probe`` class
and one row here; importing this module imports no probe, so ``monitor.config``
can read it cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindRow:
    """One touchpoint kind: ``path`` is ``"module:Class"``; ``browser`` says it drives Chromium."""

    path: str
    browser: bool


KINDS: dict[str, KindRow] = {
    "form": KindRow("probes.form.probe:FormProbe", browser=True),
    "email": KindRow("probes.email:EmailProbe", browser=False),
    "chat": KindRow("probes.chat.probe:ChatProbe", browser=True),
    "callback": KindRow("probes.callback:CallbackProbe", browser=True),
    "pricelist": KindRow("probes.form.probe:PricelistProbe", browser=True),
    "subscription": KindRow("probes.form.probe:SubscriptionProbe", browser=True),
}

KIND_NAMES: tuple[str, ...] = tuple(KINDS)
BROWSER_KINDS: frozenset[str] = frozenset(k for k, row in KINDS.items() if row.browser)
