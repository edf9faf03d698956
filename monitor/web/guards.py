"""ASGI guards around the dashboard: request body limits and the session cookie's Secure flag.

They sit outside Starlette's routing, so every route (hooks included) is covered and no
view can forget them; /login gets a much smaller budget because anyone may post to it.
"""

from __future__ import annotations

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOGIN_MAX_BODY = 16 * 1024  # a password, a CSRF token and a path


class _TooLarge(Exception):
    """Raised from receive() once the body passes its limit; turned into a 413."""


class BodyLimit:
    """413 for a request body over the limit: by Content-Length before reading, else while it streams.

    Counting as the bytes arrive means a chunked upload without Content-Length is cut off at
    the limit instead of being buffered whole by request.form().
    """

    def __init__(self, app: ASGIApp, *, max_body: int, login_max_body: int = LOGIN_MAX_BODY) -> None:
        self.app, self.max_body, self.login_max_body = app, max_body, login_max_body

    def _limit(self, scope: Scope) -> int:
        return (
            min(self.max_body, self.login_max_body) if scope["path"].startswith("/login") else self.max_body
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _reject(scope, receive, send, limit)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await _reject(scope, receive, send, limit)


async def _reject(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = PlainTextResponse(
        f"request body too large (limit {limit} bytes)", status_code=413, headers={"connection": "close"}
    )
    await response(scope, receive, send)


class SecureCookies:
    """Add `Secure` to our session cookie when the request came over HTTPS (or always/never by setting).

    The scheme is HTTPS either directly or via X-Forwarded-Proto from a trusted proxy (uvicorn
    rewrites scope["scheme"] only for web.trusted_proxies).
    """

    def __init__(self, app: ASGIApp, *, mode: str, cookie: str) -> None:
        self.app, self.mode, self.prefix = app, mode, cookie.encode() + b"="

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        secure = self.mode == "always" or (self.mode == "auto" and scope.get("scheme") in ("https", "wss"))
        if scope["type"] != "http" or not secure:
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = []
                for k, v in message.get("headers", []):
                    if (
                        k.lower() == b"set-cookie"
                        and v.startswith(self.prefix)
                        and b"secure" not in v.lower()
                    ):
                        v += b"; secure"
                    headers.append((k, v))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_secure)
