"""Kind `callback`: a "call me back" form or widget, found and submitted by the form machinery.

Only the choice of form (``want``) and what the shop needs to act (a phone) differ
from a question form, so this is a subclass, not a copy.
"""

from __future__ import annotations

from typing import ClassVar

from probes.form.probe import FormProbe


class CallbackProbe(FormProbe):
    kind: ClassVar[str] = "callback"
    want: ClassVar[str] = "callback"
    needs: ClassVar[tuple[str, ...]] = ("phone",)
