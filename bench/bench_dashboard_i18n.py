"""What the languages and the new charts cost the dashboard: catalog load, formatting calls, chart rendering.

Usage: python bench/bench_dashboard_i18n.py   (prints figures; no assertions, the machine is shared)
"""

from __future__ import annotations

import time
from collections.abc import Callable

from monitor import i18n
from monitor.report import charts, compare_charts
from monitor.report.model import Cell, Metrics, WeekRow


def timed(label: str, fn: Callable[[], object], n: int = 1) -> None:
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    dt = (time.perf_counter() - t0) / n
    print(f"{label:<48} {dt * 1e3:9.3f} ms" if dt >= 1e-3 else f"{label:<48} {dt * 1e6:9.1f} µs")


def main() -> None:
    i18n._translations.cache_clear()
    timed("ru catalog: read .po + compile in memory", lambda: i18n._translations("ru"))
    ru, en = i18n.get("ru"), i18n.get("en")
    timed("ru gettext", lambda: ru.gettext("Median (work h)"), 100_000)
    timed("ru duration (babel units)", lambda: ru.duration(7500), 10_000)
    timed("en duration (fmt)", lambda: en.duration(7500), 10_000)
    timed("ru percent", lambda: ru.percent(0.667), 10_000)
    m = Metrics(probes=20, reached=20, answered=9, within=((600.0, 3),))
    groups = [Cell("client", k, m, group="client") for k in ("form", "email", "chat", "callback")]
    groups += [Cell("competitor", k, m, group="competitor") for k in ("form", "email", "chat", "callback")]
    weeks = [WeekRow(f"2026-W{w:02d}", 100, 60 + w, 30 + w, 600.0 + 30 * w) for w in range(1, 27)]
    lat = [float(10 + (i * 37) % 86400) for i in range(5000)]
    timed(
        "groups chart SVG (4 touchpoints x 2 groups)", lambda: compare_charts.groups_chart(groups, 600, ru), 5
    )
    timed("weekly trend SVG (26 weeks)", lambda: compare_charts.weekly_trend(weeks, 600, ru), 5)
    timed(
        "histogram SVG, human axis (5,000 latencies)",
        lambda: charts.latency_histogram(lat, (600, 3600), ru),
        5,
    )


if __name__ == "__main__":
    main()
