"""replywatch core: config, storage, scheduling, watchers, matching, reports, alerts, web, CLI."""

__version__ = "0.1.0"
