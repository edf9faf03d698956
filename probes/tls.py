"""One way to build TLS contexts for mail servers: verified by default, a private CA when given."""

from __future__ import annotations

import ssl


def tls_context(verify: bool = True, ca_file: str | None = None) -> ssl.SSLContext:
    """Certificate and host name checked against the system store (plus ``ca_file``), unless ``verify`` is off."""
    ctx = ssl.create_default_context(cafile=ca_file)
    if not verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx
