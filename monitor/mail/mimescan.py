"""How deeply a raw message nests, found by one linear pass before the real parser sees it.

The standard library's mail parser recurses once per nested multipart or
attached message: 1,200 levels raise RecursionError, and long before that the
work per line grows with the depth. Mail from people nests a few levels (a
forward of a forward stays under ten), so anything past ``limit`` is refused
before parsing. The scan follows the same rules as the parser (a multipart's
boundary lines, an attached message's own headers) without building anything.
"""

from __future__ import annotations

import io
from email.message import Message


def _content_type(header_lines: list[bytes]) -> tuple[str, str | None]:
    """(content type, boundary) of one header block; only Content-Type is read."""
    value: list[bytes] = []
    for line in header_lines:
        if value and line[:1] in (b" ", b"\t"):
            value.append(line)
        elif value:
            break
        elif line[:13].lower() == b"content-type:":
            value.append(line[13:])
    if not value:
        return "text/plain", None
    m = Message()
    m["content-type"] = (
        b"".join(value)[:8192].decode("ascii", "replace").replace("\r", " ").replace("\n", " ")
    )
    return m.get_content_type(), m.get_boundary()


def mime_depth(raw: bytes, limit: int) -> int:
    """Nesting depth of ``raw`` (0 for a single-part message); stops counting once past ``limit``."""
    stack: list[bytes | None] = []  # open multipart boundaries (None: an attached message/*)
    headers: list[bytes] | None = []  # the header block being read, None while in a body
    depth = 0
    for line in io.BytesIO(raw):
        line = line.rstrip(b"\r\n")
        if headers is not None:
            if line.strip():
                if len(headers) < 1000:
                    headers.append(line)
                continue
            ctype, boundary = _content_type(headers)
            headers = None
            if ctype.startswith("multipart/") and boundary:
                stack.append(b"--" + boundary.encode("ascii", "replace"))
            elif ctype in ("message/rfc822", "message/global"):
                stack.append(None)
                headers = []
            depth = max(depth, len(stack))
            if depth > limit:
                return depth
        elif line.startswith(b"--"):
            _boundary_line(stack, line.rstrip(b" \t"))
            if stack and stack[-1] is not None and line.rstrip(b" \t") == stack[-1]:
                headers = []
    return depth


def _boundary_line(stack: list[bytes | None], line: bytes) -> None:
    """A line naming an open boundary closes everything nested inside it (and itself, with "--")."""
    for i in range(len(stack) - 1, -1, -1):
        b = stack[i]
        if b is None:
            continue
        if line == b:
            del stack[i + 1 :]
            return
        if line == b + b"--":
            del stack[i:]
            return
