"""The one uvicorn configuration for the dashboard, the hooks and /metrics (`serve`, the daemon, tests).

uvicorn believes X-Forwarded-For/-Proto from 127.0.0.1 by default; then every client can
choose its own address for the sign-in limiter. Here forwarding headers are off unless the
operator names the proxies in web.trusted_proxies.
"""

from __future__ import annotations

import threading
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


class ListenFailed(RuntimeError):
    """A background listener did not start (the address is taken, or not this machine's)."""


class BackgroundServer:
    """uvicorn in a thread, for a second listener next to a server that owns the main thread.

    uvicorn installs no signal handlers outside the main thread, so Ctrl+C still stops
    the main server; whoever started this one stops it afterwards.
    """

    def __init__(self, app: Any, cfg: Config, host: str, port: int, *, what: str) -> None:
        self.what, self.address = what, f"{host}:{port}"
        self.server = uvicorn.Server(
            server_config(app, cfg, host, port, log_level="warning", access_log=False)
        )
        self.thread = threading.Thread(target=self.server.run, name=what, daemon=True)

    def start(self) -> BackgroundServer:
        """Returns once it listens; raises ListenFailed when it cannot (uvicorn has logged why)."""
        self.thread.start()
        while not self.server.started and self.thread.is_alive():
            self.thread.join(timeout=0.05)
        if not self.server.started:
            raise ListenFailed(
                f"{self.what}: cannot listen on {self.address} (in use, or not an address of this machine)"
            )
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
