"""Time axes in the units people think in: ticks at 10 s, 1 min, 10 min, 1 h, 1 day, 1 week, never 10^-3 h."""

from __future__ import annotations

from typing import Any

from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from monitor.i18n import Lang

TICKS_S = (1.0, 10.0, 60.0, 600.0, 3600.0, 6 * 3600.0, 86400.0, 3 * 86400.0, 7 * 86400.0, 30 * 86400.0)


def human_time_axis(axis: Any, lang: Lang, lo_s: float, hi_s: float) -> None:
    """Log-scaled seconds on `axis` (ax.xaxis), labelled "10 sec", "1 min", "1 hr", "1 day" in `lang`."""
    ticks = [t for t in TICKS_S if lo_s <= t <= hi_s] or [lo_s, hi_s]
    axis.set_major_locator(FixedLocator(ticks))
    axis.set_minor_locator(NullLocator())
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: lang.tick(v)))


def tick_floor(seconds: float) -> float:
    """The nearest tick at or below `seconds`, so an axis starts on a labelled value."""
    return max((t for t in TICKS_S if t <= seconds), default=seconds)


NICE_S = (
    1.0,
    5.0,
    10.0,
    30.0,
    60.0,
    120.0,
    300.0,
    600.0,
    1200.0,
    1800.0,
    3600.0,
    7200.0,
    3 * 3600.0,
    6 * 3600.0,
    12 * 3600.0,
    86400.0,
    2 * 86400.0,
    7 * 86400.0,
)


def human_linear_axis(axis: Any, lang: Lang, hi_s: float, most: int = 5) -> None:
    """A linear time axis from 0 with ticks on round durations (5 min, 10 min, 1 h...), never "13 min 20 s"."""
    step = next((n for n in NICE_S if hi_s / n <= most), NICE_S[-1])
    axis.set_major_locator(FixedLocator([i * step for i in range(int(hi_s // step) + 2)]))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: lang.duration(v)))
