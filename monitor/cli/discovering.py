"""`replywatch discover URL`: list a shop's touchpoints and print a ready config snippet."""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict

import typer
from rich.table import Table

from monitor.browsing import browser_pool
from monitor.cli.common import console, ctx_obj
from monitor.discover import Inventory, discover, table_rows, yaml_snippet
from probes.browser import BrowserPool
from probes.netguard import NetGuard


def register(app: typer.Typer) -> None:
    app.command("discover")(discover_cmd)


def _pool(ctx: typer.Context) -> BrowserPool:
    """The configured browser when a config exists; discovery also works without one."""
    app = ctx_obj(ctx)
    if app.config_path.exists():
        return browser_pool(app.config.browser, concurrency=1)
    return BrowserPool(concurrency=1, guard=NetGuard())


def discover_cmd(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="The shop's home or contacts page."),
    pages: int = typer.Option(6, "--pages", help="At most this many same-site pages."),
    delay: float = typer.Option(0.5, "--delay", help="Seconds between page loads (be polite)."),
    name: str | None = typer.Option(None, "--name", help="Target name for the config snippet."),
    as_json: bool = typer.Option(False, "--json", help="Print the inventory as JSON instead."),
) -> None:
    """Crawl a site lightly and inventory its touchpoints: forms, chat, e-mails, phones, messengers."""
    inv = asyncio.run(_run(_pool(ctx), url, pages, delay))
    if as_json:
        console.print_json(json.dumps(asdict(inv), ensure_ascii=False))
        return
    print_inventory(inv, name)


async def _run(pool: BrowserPool, url: str, pages: int, delay: float) -> Inventory:
    async with pool:
        return await discover(url, pool, max_pages=pages, delay=delay)


def print_inventory(inv: Inventory, name: str | None = None) -> None:
    table = Table(title=f"Touchpoints of {inv.url}", show_lines=False)
    table.add_column("touchpoint", style="bold")
    table.add_column("what")
    table.add_column("where", overflow="fold")
    for row in table_rows(inv):
        table.add_row(*row, end_section=False)
    console.print(table)
    console.print(
        f"pages looked at: {len(inv.pages)}"
        + (f"; skipped by robots.txt: {len(inv.robots_skipped)}" if inv.robots_skipped else "")
        + (f"; errors: {len(inv.errors)}" if inv.errors else ""),
        markup=False,
    )
    console.print("\n[bold]config snippet[/] (paste under targets:)")
    console.print(yaml_snippet(inv, name), markup=False, highlight=False, soft_wrap=True, end="")
