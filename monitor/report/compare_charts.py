"""The two charts a client asks for first: "how do we compare?" and "are we getting better?".

Same matplotlib-to-SVG route as `charts.py`; our own numbers and names are the
only inputs and matplotlib escapes text.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from monitor.i18n import Lang, get
from monitor.report.axes import human_linear_axis
from monitor.report.charts import _svg
from monitor.report.model import Cell, WeekRow

GROUP_COLOURS = {"client": "#2e7d32", "competitor": "#9e9e9e"}


def _empty(fig: Figure, ax: Axes, lang: Lang) -> str:
    """The chart's frame with a note instead of bars, so the page keeps its layout."""
    ax.text(
        0.5,
        0.5,
        lang.gettext("no probe has reached a shop yet"),
        ha="center",
        va="center",
        transform=ax.transAxes,
    )
    ax.set_axis_off()
    return _svg(fig)


def groups_chart(groups: Sequence[Cell], sla_s: float, lang: Lang | None = None) -> str:
    """Per touchpoint, the client's answer rate and within-SLA share beside the competitors'."""
    lang = lang or get()
    cells = [c for c in groups if c.metrics.reached]
    kinds = sorted({c.kind for c in cells})
    fig = Figure(figsize=(7, 1.4 + 0.75 * max(len(kinds), 1)))
    ax = fig.add_subplot()
    if not cells:
        return _empty(fig, ax, lang)
    names = sorted({c.group for c in cells}, key=lambda g: (g != "client", g))
    height = 0.8 / len(names)
    for i, group in enumerate(names):
        by_kind = {c.kind: c.metrics for c in cells if c.group == group}
        ys = [k + i * height for k in range(len(kinds))]
        rates = [(by_kind[k].answer_rate or 0.0) if k in by_kind else 0.0 for k in kinds]
        within = [(by_kind[k].within_share(sla_s) or 0.0) if k in by_kind else 0.0 for k in kinds]
        colour = GROUP_COLOURS.get(group, "#305496")
        ax.barh(
            ys,
            rates,
            height=height * 0.9,
            color=colour,
            alpha=0.45,
            label=f"{lang.gettext(group)}: " + lang.gettext("answered"),
        )
        ax.barh(
            ys,
            within,
            height=height * 0.9,
            color=colour,
            label=f"{lang.gettext(group)}: "
            + lang.gettext("within %(sla)s") % {"sla": lang.sla_label(sla_s)},
        )
        for y, r in zip(ys, rates, strict=True):
            ax.text(min(r, 1.0) + 0.01, y, lang.percent(r), va="center", fontsize=7)
    ax.set_yticks(
        [k + height * (len(names) - 1) / 2 for k in range(len(kinds))], [lang.gettext(k) for k in kinds]
    )
    ax.invert_yaxis()
    ax.set_xlim(0, 1.12)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(lang.gettext("share of probes that reached the shop"))
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, frameon=False)
    return _svg(fig)


def weekly_trend(weeks: Sequence[WeekRow], sla_s: float, lang: Lang | None = None) -> str:
    """Answer rate and within-SLA share per ISO week, with the median reply time on its own axis."""
    lang = lang or get()
    fig = Figure(figsize=(7, 3))
    ax = fig.add_subplot()
    rows = [w for w in weeks if w.reached]
    if not rows:
        return _empty(fig, ax, lang)
    xs = list(range(len(rows)))
    ax.plot(
        xs,
        [w.answered / w.reached for w in rows],
        marker="o",
        color="#305496",
        label=lang.gettext("answered"),
    )
    ax.plot(
        xs,
        [w.within_first_sla / w.reached for w in rows],
        marker="s",
        color="#2e7d32",
        label=lang.gettext("within %(sla)s") % {"sla": lang.sla_label(sla_s)},
    )
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xticks(xs, [w.week for w in rows], rotation=30 if len(rows) > 6 else 0, fontsize=8)
    ax.set_xlabel(lang.gettext("week"))
    medians = [(x, w.median_s) for x, w in zip(xs, rows, strict=True) if w.median_s is not None]
    handles, labels = ax.get_legend_handles_labels()
    if medians:
        right = ax.twinx()
        right.plot(
            [x for x, _ in medians],
            [m for _, m in medians],
            linestyle="--",
            color="#c77700",
            label=lang.gettext("median reply time"),
        )
        top = max(m for _, m in medians) * 1.1 or 60.0
        human_linear_axis(right.yaxis, lang, top)
        right.set_ylim(0, top)
        more = right.get_legend_handles_labels()
        handles, labels = handles + more[0], labels + more[1]
    ax.legend(
        handles, labels, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.32), ncol=3, frameon=False
    )
    return _svg(fig)
