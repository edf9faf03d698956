"""The printable report: one self-contained HTML file (inline SVG charts), also the source of the PDF."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from monitor import i18n
from monitor.clock import iso_ms
from monitor.i18n import Lang
from monitor.report import charts
from monitor.report.figures import Figures
from monitor.report.fmt import headline_sla
from monitor.report.model import Report
from monitor.report.sanitize import plain_text, safe_html
from monitor.store.reportq import ProbeRow

APPENDIX_LIMIT = 5000


def file_url(path: str | None) -> str | None:
    """Evidence link for a report opened from disk: absolute paths become file:// URLs."""
    if not path:
        return None
    p = Path(path)
    return p.as_uri() if p.is_absolute() else path


@dataclass(frozen=True)
class Charts:
    histogram: Markup
    km: Markup
    heat: Markup


def make_charts(report: Report, lang: Lang | None = None) -> Charts:
    horizon = max((p.t for c in report.curves for p in c.points), default=None)
    return Charts(
        Markup(charts.latency_histogram(report.latencies_s, report.sla_seconds, lang)),  # noqa: S704 - our own SVG
        Markup(charts.km_curves(report.curves, horizon_s=horizon, lang=lang)),  # noqa: S704
        Markup(charts.heatmap(report.heat, lang)),  # noqa: S704
    )


def environment(lang: Lang | None = None) -> Environment:
    """Words in `lang` through Jinja2's i18n extension, figures through `L` (durations, percents) and
    `F` (n of m, quality, promise...), as on the dashboard; English when none is given."""
    lang = lang or i18n.get()
    env = Environment(
        loader=PackageLoader("monitor.report", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(lang.translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(iso=iso_ms, clean=safe_html, text=plain_text, lang=lang.code, L=lang, F=Figures(lang))
    return env


def filters_text(report: Report) -> str:
    f = report.filters
    parts = [
        f"{name}={','.join(v)}"
        for name, v in (
            ("campaign", f.campaigns),
            ("group", f.groups),
            ("target", f.targets),
            ("touchpoint", f.kinds),
        )
        if v
    ]
    parts += [f"{n}={iso_ms(v)}" for n, v in (("since", f.since), ("until", f.until)) if v]
    return "; ".join(parts)


def render_html(
    report: Report,
    probes: Iterable[ProbeRow],
    *,
    title: str | None = None,
    evidence_url: Callable[[str | None], str | None] = file_url,
    appendix_limit: int = APPENDIX_LIMIT,
    lang: Lang | None = None,
) -> str:
    lang = lang or i18n.get()
    env = environment(lang)
    cells: Any = env.get_template("cells.html").make_module({"sla": report.sla_seconds})
    appendix = list(islice(probes, appendix_limit + 1))
    first = headline_sla(report)
    ctx: dict[str, Any] = {
        "title": title or lang.gettext("replywatch report"),
        "report": report,
        "total": report.total,
        "charts": make_charts(report, lang),
        "generated": iso_ms(report.generated_at),
        "filters": filters_text(report),
        "sla_labels": [lang.sla_label(s) for s in report.sla_seconds],
        "first_sla": first,
        "first_sla_label": lang.sla_label(first),
        "cells": cells,  # fig() and answered() for the other tables
        "cell_table": cells.cell_table,
        "appendix": appendix[:appendix_limit],
        "appendix_truncated": len(appendix) > appendix_limit,
        "evidence_url": evidence_url,
    }
    return env.get_template("report.html").render(ctx)
