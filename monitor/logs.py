"""Logging: readable on a terminal, one JSON object per line otherwise (for log shippers)."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key in ("probe_id", "target", "kind", "event"):
            if hasattr(record, key):
                out[key] = getattr(record, key)
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def setup_logging(verbose: bool = False, *, json_logs: bool | None = None) -> None:
    root = logging.getLogger()
    if getattr(root, "_replywatch", False):
        return
    json_logs = (not sys.stderr.isatty()) if json_logs is None else json_logs
    handler: logging.Handler = logging.StreamHandler(sys.stderr)
    if json_logs:
        handler.setFormatter(JsonFormatter())
    else:
        from rich.logging import RichHandler

        handler = RichHandler(show_path=False, rich_tracebacks=False)
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in (
        "asyncio",
        "apscheduler",
        "httpx",
        "httpcore",
        "aiosmtpd",
        "mail.log",
        "imapclient",
        "procrastinate",
        "uvicorn.access",
        "alembic",
        "matplotlib",
        "PIL",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    root._replywatch = True  # type: ignore[attr-defined]
