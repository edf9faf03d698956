from __future__ import annotations

import threading
import time
from datetime import timedelta

from monitor.clock import FakeClock
from monitor.web.cache import ReportCache


def test_it_computes_once_per_key_until_the_ttl_passes() -> None:
    clock = FakeClock()
    cache = ReportCache(clock, ttl=timedelta(seconds=30))
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return len(calls)

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", slow))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [1, 1, 1, 1] and len(calls) == 1  # concurrent requests share one computation
    clock.advance(29)
    assert cache.get("k", slow) == 1
    clock.advance(2)
    assert cache.get("k", slow) == 2
    cache.clear()
    assert cache.get("k", slow) == 3
