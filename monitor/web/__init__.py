"""The web dashboard: `create_app(cfg, factory, clock)` returns the Starlette app."""

from monitor.web.app import create_app
from monitor.web.auth import NoPassword

__all__ = ["NoPassword", "create_app"]
