"""Telephony providers that may post call/SMS events to the hook, one small adapter each.

Adding a provider is one module with a class like ``TwilioProvider`` (see base.Provider) and
one line in ``PROVIDERS``; its secrets get a section under ``telephony:`` in the config.
"""

from __future__ import annotations

from monitor.telephony.base import Provider
from monitor.telephony.generic import GenericProvider
from monitor.telephony.mango import MangoProvider
from monitor.telephony.twilio import TwilioProvider
from monitor.telephony.zadarma import ZadarmaProvider

PROVIDERS: dict[str, Provider] = {
    "generic": GenericProvider(),
    "twilio": TwilioProvider(),
    "zadarma": ZadarmaProvider(),
    "mango": MangoProvider(),
}
