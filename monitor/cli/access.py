"""`replywatch api-key create|list|revoke` and `replywatch share`: read access without the dashboard password."""

from __future__ import annotations

from datetime import datetime

import typer
from rich.table import Table

from monitor.cli.common import AppContext, console, ctx_obj, die, err_console
from monitor.clock import iso_ms
from monitor.store.db import transaction

keys_app = typer.Typer(help="API keys for /api/v1: create, list, revoke.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="api-key")
    app.command("share")(share)


@keys_app.command("create")
def create(
    ctx: typer.Context, name: str = typer.Argument(..., help="A name for who uses it, e.g. grafana.")
) -> None:
    """Make a key and print its token once (only a hash is stored: keep the token)."""
    from monitor.store.access import create_key

    app = ctx_obj(ctx)
    factory = app.ready_factory()
    try:
        with transaction(factory) as s:
            token = create_key(s, name.strip(), app.clock.now())
    except ValueError as exc:
        die(str(exc))
        return
    typer.echo(token)
    err_console.print(
        f"API key [bold]{name}[/] created; the token above is shown only now. "
        "Send it as 'Authorization: Bearer <token>'.",
        highlight=False,
    )


@keys_app.command("list")
def list_(ctx: typer.Context) -> None:
    """Every key: name, first characters of its token, when made, last used, revoked."""
    from monitor.store.access import list_keys

    app = ctx_obj(ctx)
    with app.ready_factory()() as s:
        keys = list_keys(s)
    t = Table("name", "token starts", "created", "last used", "revoked")
    for k in keys:
        t.add_row(k.name, k.prefix + "…", _t(k.created_at), _t(k.last_used_at), _t(k.revoked_at))
    console.print(t if keys else "no API keys yet: replywatch api-key create NAME")


@keys_app.command("revoke")
def revoke(ctx: typer.Context, name: str = typer.Argument(..., help="The key's name.")) -> None:
    """Revoke a key at once: its token gets 401 from then on."""
    from monitor.store.access import revoke_key

    app = ctx_obj(ctx)
    with transaction(app.ready_factory()) as s:
        ok = revoke_key(s, name, app.clock.now())
    if not ok:
        die(f"no live API key named {name!r}")
    typer.echo(f"revoked API key {name}")


def share(
    ctx: typer.Context,
    client: str = typer.Argument(None, help="The client target whose report the link shows."),
    days: float = typer.Option(14, "--days", min=0.01, help="Days until the link expires."),
    base_url: str = typer.Option(
        None, "--base-url", help="The dashboard's address (default web.public_url)."
    ),
    list_links: bool = typer.Option(False, "--list", help="List every link instead."),
    revoke: str = typer.Option(
        None, "--revoke", help="Withdraw this link id (or every link of this client)."
    ),
) -> None:
    """Print a signed, expiring, read-only link to CLIENT's report (against its competitors)."""
    app = ctx_obj(ctx)
    if list_links:
        _list_shares(app)
    elif revoke:
        _revoke_share(app, revoke)
    elif not client:
        die("give the client: replywatch share CLIENT --days 14 (or --list, --revoke ID)")
    else:
        _create_share(app, client, days, base_url)


def _create_share(app: AppContext, client: str, days: float, base_url: str | None) -> None:
    from monitor.share import NoSecret, share_url, sign
    from monitor.store.access import create_share

    cfg = app.config
    target = next((t for t in cfg.targets if t.name == client), None)
    if target is None or target.group != "client":
        clients = ", ".join(t.name for t in cfg.targets if t.group == "client") or "none"
        die(f"{client!r} is not a client target; clients: {clients}")
    factory = app.ready_factory()
    try:
        sign(cfg, "check")
    except NoSecret as exc:
        die(str(exc))
    with transaction(factory) as s:
        link = create_share(s, client, app.clock.now(), days)
    typer.echo(share_url(cfg, sign(cfg, link.id), base_url))
    err_console.print(
        f"share {link.id} for {client}, expires {iso_ms(link.expires_at)}; "
        f"withdraw it with: replywatch share --revoke {link.id}",
        highlight=False,
    )


def _list_shares(app: AppContext) -> None:
    from monitor.store.access import list_shares

    with app.ready_factory()() as s:
        links = list_shares(s)
    t = Table("id", "client", "created", "expires", "revoked")
    for link in links:
        t.add_row(link.id, link.client, _t(link.created_at), _t(link.expires_at), _t(link.revoked_at))
    console.print(t if links else "no share links yet")


def _revoke_share(app: AppContext, which: str) -> None:
    from monitor.store.access import revoke_share

    with transaction(app.ready_factory()) as s:
        n = revoke_share(s, which, app.clock.now())
    if not n:
        die(f"no live share link {which!r}")
    typer.echo(f"revoked {n} share link(s)")


def _t(value: datetime | None) -> str:
    return iso_ms(value) or "-"
