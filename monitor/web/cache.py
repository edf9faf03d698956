"""A short-lived cache of whole-database reports for the dashboard.

Over a million probes the overview takes seconds to compute, while its numbers
move only when replies arrive; a few tens of seconds of staleness is fine for
a dashboard, and any write made through the dashboard clears the cache.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from datetime import datetime, timedelta
from typing import Any

from monitor.clock import Clock


class ReportCache:
    def __init__(self, clock: Clock, ttl: timedelta = timedelta(seconds=30), size: int = 32) -> None:
        self.clock, self.ttl, self.size = clock, ttl, size
        self._items: dict[Hashable, tuple[datetime, Any]] = {}
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The cached value, or compute it once: concurrent requests for one key wait for the first."""
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            now = self.clock.now()
            with self._lock:
                hit = self._items.get(key)
                if hit is not None and now - hit[0] < self.ttl:
                    return hit[1]
            value = compute()
            with self._lock:
                if len(self._items) >= self.size:
                    self._items.pop(next(iter(self._items)))
                self._items[key] = (now, value)
            return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._key_locks.clear()
