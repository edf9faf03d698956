"""`replywatch serve`: the dashboard on its own (the daemon embeds the same app), and /metrics on
`web.metrics_listen` when that is set."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from monitor.cli.common import AppContext, console, ctx_obj, die

if TYPE_CHECKING:
    from monitor.web.serve import BackgroundServer


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    ctx: typer.Context,
    host: str | None = typer.Option(
        None, "--host", help="Address to listen on (default: web.host, 127.0.0.1)."
    ),
    port: int | None = typer.Option(None, "--port", help="Port (default: web.port, 8080)."),
) -> None:
    """Serve the dashboard (sign-in with $REPLYWATCH_WEB_PASSWORD or web.password_file)."""
    import uvicorn

    from monitor.web import NoPassword, create_app
    from monitor.web.serve import server_config

    app_ctx = ctx_obj(ctx)
    cfg = app_ctx.config
    try:
        web = create_app(cfg, app_ctx.ready_factory(), app_ctx.clock)
    except NoPassword as exc:
        die(str(exc))
        return
    host = host or cfg.web.host
    port = port or cfg.web.port
    metrics = start_metrics_listener(app_ctx)
    try:
        console.print(f"dashboard on [bold]http://{host}:{port}/[/] (Ctrl+C to stop)")
        uvicorn.Server(server_config(web, cfg, host, port, log_level="warning", access_log=False)).run()
    finally:
        if metrics is not None:
            metrics.stop()


def start_metrics_listener(app_ctx: AppContext) -> BackgroundServer | None:
    """/metrics without a token on web.metrics_listen, when that is set (a clear exit if it cannot listen)."""
    from monitor.web.metrics_listener import create_metrics_app
    from monitor.web.serve import BackgroundServer, ListenFailed

    cfg = app_ctx.config
    if cfg.web.metrics_address is None:
        return None
    host, port = cfg.web.metrics_address
    app = create_metrics_app(app_ctx.ready_factory(), app_ctx.clock)
    try:
        server = BackgroundServer(app, cfg, host, port, what="web.metrics_listen").start()
    except ListenFailed as exc:
        die(str(exc))
        return None
    console.print(f"/metrics without a token on [bold]http://{cfg.web.metrics_listen}/metrics[/]")
    return server
