"""Charts as inline SVG strings (matplotlib, Agg-free Figure objects: safe in a web server's threads).

SVG keeps the report one self-contained file and the text selectable; our own
numbers and target names are the only inputs, and matplotlib escapes text.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from monitor.i18n import Lang, get  # noqa: E402
from monitor.report.axes import human_time_axis, tick_floor  # noqa: E402
from monitor.report.model import Curve, HeatCell  # noqa: E402

_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_HEADER = re.compile(r"^.*?(?=<svg)", re.S)


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    return _HEADER.sub("", buf.getvalue(), count=1)


def latency_histogram(
    latencies_s: Sequence[float], sla_seconds: Sequence[float] = (), lang: Lang | None = None
) -> str:
    """First-human-reply latencies on a log time axis (ticks at 10 s, 1 min, ...), SLA thresholds dashed."""
    lang = lang or get()
    fig = Figure(figsize=(7, 3))
    ax = fig.add_subplot()
    data = [max(v, 1.0) for v in latencies_s]
    if data:
        hi = max(max(data), 120.0)
        lo = tick_floor(min(min(data), hi / 4) / 2)
        edges = [10 ** (math.log10(lo) + i * (math.log10(hi * 1.1) - math.log10(lo)) / 30) for i in range(31)]
        ax.hist(data, bins=edges, color="#305496")
        ax.set_xscale("log")
        for s in sla_seconds:
            ax.axvline(s, color="#c00000", linestyle="--", linewidth=1)
        human_time_axis(ax.xaxis, lang, lo, hi * 1.1)
    else:
        ax.text(0.5, 0.5, lang.gettext("no answers yet"), ha="center", va="center", transform=ax.transAxes)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(lang.gettext("time to the first human reply (log scale)"))
    ax.set_ylabel(lang.gettext("probes"))
    return _svg(fig)


def km_curves(
    curves: Sequence[Curve], *, limit: int = 12, horizon_s: float | None = None, lang: Lang | None = None
) -> str:
    """Answered-by-time (Kaplan-Meier) per target; the `limit` targets with most probes."""
    lang = lang or get()
    fig = Figure(figsize=(7, 3.6))
    ax = fig.add_subplot()
    shown = sorted(curves, key=lambda c: -c.n)[:limit]
    # Start left of the first answer (chats answer in seconds), but not before 1 s.
    first = min((p.t for c in shown for p in c.points if p.t > 0), default=60.0)
    left = max(1.0, min(60.0, first / 2))
    right = max(72 * 3600.0, (horizon_s or 0) * 1.2)
    for c in sorted(shown, key=lambda c: c.label):
        xs = [left] + [max(p.t, 1.0) for p in c.points]
        ys = [0.0] + [p.answered for p in c.points]
        xs.append(right)  # hold the last level to the right edge
        ys.append(ys[-1])
        ax.step(xs, ys, where="post", label=f"{c.label} (n={c.n})")
    ax.set_xscale("log")
    ax.set_xlim(left, right)
    human_time_axis(ax.xaxis, lang, left, right)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(lang.gettext("time after submission (log scale)"))
    ax.set_ylabel(lang.gettext("answered by then"))
    if shown:
        ax.legend(fontsize=7, loc="upper left", frameon=False)
    return _svg(fig)


def heatmap(cells: Sequence[HeatCell], lang: Lang | None = None) -> str:
    """Answer rate by weekday x hour of the request, in each target's own time zone."""
    lang = lang or get()
    grid = [[math.nan] * 24 for _ in range(7)]
    counts = [[0] * 24 for _ in range(7)]
    for c in cells:
        if c.reached:
            grid[c.weekday][c.hour] = c.answered / c.reached
            counts[c.weekday][c.hour] = c.reached
    fig = Figure(figsize=(8, 2.8))
    ax = fig.add_subplot()
    im = ax.imshow(grid, aspect="auto", cmap="RdYlGn", vmin=0, vmax=1)
    ax.set_yticks(range(7), [lang.gettext(d) for d in _WEEKDAYS])
    ax.set_xticks(range(0, 24, 2), [f"{h:02d}" for h in range(0, 24, 2)])
    ax.set_xlabel(lang.gettext("hour the request was sent (target's local time); blank = no probes"))
    fig.colorbar(im, ax=ax, label=lang.gettext("answered"))
    return _svg(fig)
