"""The terminal view: "N of M answered, K within 10 min" per touchpoint and target."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table

from monitor import i18n
from monitor.i18n import N_, Lang
from monitor.report import fmt
from monitor.report.figures import Figures
from monitor.report.fmt import headline_sla
from monitor.report.model import Cell, Report


def _table(title: str, cells: tuple[Cell, ...], report: Report, *, first_col: str, lang: Lang) -> Table:
    sla = report.sla_seconds
    _ = lang.gettext
    t = Table(title=_(title), title_justify="left", header_style="bold")
    t.add_column(_(first_col))
    t.add_column(_("Touchpoint"))
    t.add_column(_("Answered"), justify="right")
    for s in sla:
        t.add_column(f"≤ {lang.sla_label(s)}", justify="right")
    for name in (
        N_("Median"),
        "p90",
        N_("Median (work h)"),
        N_("Auto only"),
        N_("Waiting"),
        N_("Failed / blocked"),
        N_("Quality (of 5)"),
        N_("Canned"),
    ):
        t.add_column(_(name), justify="right")
    fig = Figures(lang)
    for c in cells:
        m = c.metrics
        biz = m.business_latency.median_s if m.business_latency else None
        t.add_row(
            c.target or (_(c.group) if c.group else "") or c.campaign or c.label,
            _(c.kind),
            fig.answered(m),
            *(str(m.within_count(s)) for s in sla),
            lang.duration(m.latency.median_s),
            lang.duration(m.latency.p90_s),
            lang.duration(biz),
            str(m.auto_only),
            str(m.waiting),
            f"{m.failed}/{m.blocked}",
            fig.quality(m),
            fig.canned(m),
        )
    return t


def _replies_table(report: Report, lang: Lang) -> Table:
    """What came back besides people, and the shop's promise against what it did, per target and touchpoint."""
    t = Table(
        title=lang.gettext("Replies: machine kinds and promises"), title_justify="left", header_style="bold"
    )
    for name in (N_("Target"), N_("Touchpoint"), N_("Not a person (never an answer)"), N_("Promise")):
        t.add_column(lang.gettext(name))
    fig = Figures(lang)
    for c in report.cells:
        t.add_row(
            c.target or c.label, lang.gettext(c.kind), fig.machine_kinds(c.metrics), fig.promise(c.metrics)
        )
    return t


def render(report: Report, lang: Lang | None = None) -> Group:
    """Rich renderables: per target x touchpoint, then per group, then the headline (in `lang`, default English)."""
    lang = lang or i18n.get()
    first = headline_sla(report)
    total = report.total
    head = (
        _headline(report, first)
        if lang.code == "en"
        else (
            f"[bold]{lang.gettext('%(n)s of %(m)s answered') % {'n': total.answered, 'm': total.reached}}, "
            f"{lang.gettext('%(k)s within %(sla)s') % {'k': total.within_count(first), 'sla': lang.sla_label(first)}}[/]"
            f"  ({lang.gettext('%(w)s still waiting; %(f)s failed and %(b)s blocked not counted') % {'w': total.waiting, 'f': total.failed, 'b': total.blocked}})"
        )
    )
    parts: list[Table | str] = [
        _table(N_("Per target and touchpoint"), report.cells, report, first_col=N_("Target"), lang=lang),
        _replies_table(report, lang),
        _table(N_("Per group"), report.groups, report, first_col=N_("Group"), lang=lang),
    ]
    if len({c.campaign for c in report.campaigns}) > 1:
        parts.append(
            _table(N_("Per campaign"), report.campaigns, report, first_col=N_("Campaign"), lang=lang)
        )
    parts.append(head)
    if (line := callback_line(report)) is not None:
        parts.append(line)
    return Group(*parts)


def _headline(report: Report, first: float) -> str:
    total = report.total
    return (
        f"[bold]{total.answered} of {total.reached} answered, {total.within_count(first)} within "
        f"{fmt.sla_label(first)}[/]  ({total.waiting} still waiting, {total.failed} failed, "
        f"{total.blocked} blocked, not counted)"
    )


def callback_line(report: Report) -> str | None:
    """The audit's own headline for callback forms: 'called back: 4 of 20, median 12m 05s'."""
    cell = next((c for c in report.kinds if c.kind == "callback"), None)
    if cell is None or not cell.metrics.reached:
        return None
    m = cell.metrics
    return f"called back: {m.answered} of {m.reached}, median {fmt.duration(m.latency.median_s)}"


def summary_lines(report: Report) -> list[str]:
    """Plain one-line-per-cell text, for logs and scripts."""
    first = headline_sla(report)
    lines = [
        f"{c.target} {c.kind}: {fmt.n_of_m(c.metrics)} answered, {c.metrics.within_count(first)} within "
        f"{fmt.sla_label(first)}"
        for c in report.cells
    ]
    return lines + [line] if (line := callback_line(report)) else lines


def print_report(report: Report, console: Console | None = None, lang: Lang | None = None) -> None:
    console = console or Console()
    if not console.is_terminal and console.width < 150:
        # Files and CI logs have no width: do not squeeze the table into 80 columns.
        console = Console(file=console.file, width=150, color_system=None)
    console.print(render(report, lang))
