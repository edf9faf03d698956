"""`replywatch demo`: the whole loop on a fresh machine, on loopback, with no accounts.

It is the production code path end to end (the daemon with its real scheduler,
Chromium probes, SMTP, the IMAP IDLE watcher, the chat watcher, the call hook,
the report and the dashboard) pointed at a little world of demo shops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import time
import warnings
from pathlib import Path
from typing import Any

import typer
from rich.live import Live
from rich.text import Text

from monitor.cli.common import console, die
from monitor.clock import SystemClock
from monitor.config import load_config
from monitor.store.db import make_engine, session_factory, upgrade
from monitor.store.repo import counts_by_status

FINAL = ("answered", "unanswered", "failed", "blocked")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    directory: Path = typer.Option(Path("replywatch-demo"), "--dir", help="Working directory (recreated)."),
    no_serve: bool = typer.Option(
        False, "--no-serve", help="Print the table and exit instead of serving the dashboard."
    ),
    timeout: float = typer.Option(150.0, "--timeout", help="Seconds to wait for the round to finish."),
    port: int = typer.Option(0, "--port", help="Dashboard port (default 8080, or a free one)."),
) -> None:
    """Run a campaign against local demo shops, print "N of M answered", then serve the dashboard."""
    missing = _missing_system_parts()
    if missing:
        die("the demo needs " + "; ".join(missing) + ". On Debian/Ubuntu `./scripts/demo` installs them.")
    if directory.exists():
        if not (directory / ".replywatch-demo").exists() and any(directory.iterdir()):
            die(f"{directory} exists and is not a demo directory; choose another --dir")
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    (directory / ".replywatch-demo").touch()
    code = asyncio.run(_demo(directory.resolve(), serve=not no_serve, timeout=timeout, port=port or None))
    raise typer.Exit(code)


def _missing_system_parts() -> list[str]:
    from probes.browser import find_executable

    out = []
    if not find_executable() and not _playwright_browser():
        out.append("Chromium (Debian: apt-get install chromium; elsewhere: playwright install chromium)")
    if not shutil.which("dovecot") and not os.path.exists("/usr/sbin/dovecot"):
        out.append("Dovecot (Debian: apt-get install dovecot-imapd dovecot-lmtpd)")
    return out


def _playwright_browser() -> bool:
    cache = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH", Path.home() / ".cache" / "ms-playwright"))
    return any(cache.glob("chromium-*")) if cache.exists() else False


async def _demo(workdir: Path, *, serve: bool, timeout: float, port: int | None) -> int:
    from monitor.daemon import Daemon, DaemonOptions, install_signal_handlers
    from monitor.demo.world import DemoWorld

    if logging.getLogger().level > logging.DEBUG:  # keep the demo's screen for the results (-v shows all)
        logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd's warnings about test-only AUTH
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    world = DemoWorld(workdir, web_port=port)
    console.print(
        "[bold]replywatch demo[/]: starting demo shops, a private mailbox and the shops' mail server on loopback"
    )
    await world.start()
    try:
        cfg_path = workdir / "replywatch.yaml"
        cfg_path.write_text(world.config_text(), encoding="utf-8")
        os.environ.update(world.env())
        cfg = load_config(cfg_path)
        engine = make_engine(cfg.database_url())
        upgrade(engine)
        factory = session_factory(engine)
        clock = SystemClock()
        daemon = Daemon(cfg, engine, factory, clock, DaemonOptions(web=True, expire_every=3.0, tick=0.5))
        install_signal_handlers(daemon.stop)
        run = asyncio.create_task(daemon.run())
        n_tp = sum(len(t.touchpoints) for t in cfg.targets)
        console.print(
            f"campaign [bold]demo-round[/]: {len(cfg.targets)} shops, {n_tp} touchpoints "
            f"(forms, e-mail, chats, callbacks); reply deadline 75 s"
        )
        done = await _wait_for_round(factory, n_tp, timeout, run)
        if run.done():
            return _report_crash(run)
        if not done:
            console.print(
                f"[yellow]the round did not finish within {timeout:.0f} s; showing what is known[/]"
            )
        _print_table(cfg_path)
        if not serve:
            daemon.stop.set()
            await asyncio.wait_for(run, 30)
            return 0
        console.print(
            f"\ndashboard: [bold]http://127.0.0.1:{world.web_port}/[/]  password: [bold]{world.web_password}[/]"
            f"\n(the daemon keeps running; Ctrl-C stops it. Config: {cfg_path})"
        )
        return await run
    finally:
        await world.stop()


async def _wait_for_round(factory: Any, expected: int, timeout: float, run: asyncio.Task[int]) -> bool:
    start = time.monotonic()
    with Live(
        Text("waiting for the first round..."), console=console, transient=True, refresh_per_second=4
    ) as live:
        while time.monotonic() - start < timeout and not run.done():
            with factory() as s:
                counts = counts_by_status(s)
            total = sum(counts.values())
            final = sum(counts.get(k, 0) for k in FINAL)
            shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            live.update(Text(f"{time.monotonic() - start:5.0f} s  probes: {shown or 'none yet'}"))
            if total >= expected and final == total:
                return True
            await asyncio.sleep(1.0)
    return False


def _print_table(cfg_path: Path) -> None:
    from monitor.cli import app

    with contextlib.suppress(SystemExit):
        app(["--config", str(cfg_path), "report"], standalone_mode=False)


def _report_crash(run: asyncio.Task[int]) -> int:
    exc = run.exception()
    console.print(f"[red]the daemon stopped unexpectedly: {exc!r}[/]")
    return 1
