"""`replywatch serve`: the dashboard on its own (the daemon embeds the same app)."""

from __future__ import annotations

import typer

from monitor.cli.common import console, ctx_obj, die


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
    factory = app_ctx.ready_factory()
    try:
        web = create_app(cfg, factory, app_ctx.clock)
    except NoPassword as exc:
        die(str(exc))
        return
    host = host or cfg.web.host
    port = port or cfg.web.port
    console.print(f"dashboard on [bold]http://{host}:{port}/[/] (Ctrl+C to stop)")
    uvicorn.Server(server_config(web, cfg, host, port, log_level="warning", access_log=False)).run()
