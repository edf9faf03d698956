"""The one uvicorn configuration for the dashboard and the hooks (`serve`, the daemon, tests).

uvicorn believes X-Forwarded-For/-Proto from 127.0.0.1 by default; then every client can
choose its own address for the sign-in limiter. Here forwarding headers are off unless the
operator names the proxies in web.trusted_proxies.
"""

from __future__ import annotations

from typing import Any

import uvicorn

from monitor.config import Config


def proxy_options(cfg: Config) -> dict[str, Any]:
    """uvicorn's proxy_headers/forwarded_allow_ips from web.trusted_proxies."""
    proxies = cfg.web.trusted_proxies
    if not proxies:
        return {"proxy_headers": False, "forwarded_allow_ips": ""}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(proxies)}


def server_config(app: Any, cfg: Config, host: str, port: int, **kwargs: Any) -> uvicorn.Config:
    """A uvicorn.Config with our proxy policy; kwargs pass through (log_level, lifespan...)."""
    return uvicorn.Config(app, host=host, port=port, **proxy_options(cfg), **kwargs)
