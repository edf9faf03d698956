"""Overhead of the private-address route guard: pages per second with and without it.

    python bench/bench_guards.py [--pages 60] [--subresources 10]

A loopback page with N images (sub-requests) is loaded `--pages` times in a fresh context each
time, once in a plain BrowserPool and once in a guarded one (NetGuard, the page's host allowed
as a target URL). Prints pages/s for both and the overhead per page. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from probes.browser import BrowserPool  # noqa: E402
from probes.netguard import NetGuard  # noqa: E402

PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


def serve(subresources: int) -> tuple[ThreadingHTTPServer, str]:
    imgs = "".join(f'<img src="/p{i}.gif">' for i in range(subresources))
    page = f"<!doctype html><html><head><title>t</title></head><body><h1>Магазин</h1>{imgs}</body></html>".encode()

    class H(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body, ctype = (
                (PIXEL, "image/gif") if self.path.endswith(".gif") else (page, "text/html; charset=utf-8")
            )
            self.send_response(200)
            self.send_header("content-type", ctype)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), H)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


async def rate(pool: BrowserPool, url: str, pages: int) -> float:
    async with pool.context(allow_url=url) as ctx:  # warm-up
        await (await ctx.new_page()).goto(url, wait_until="load")
    t0 = time.perf_counter()
    for _ in range(pages):
        async with pool.context(allow_url=url) as ctx:
            page = await ctx.new_page()
            await page.goto(url, wait_until="load")
    return pages / (time.perf_counter() - t0)


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--subresources", type=int, default=10)
    args = ap.parse_args()
    server, url = serve(args.subresources)
    try:
        results = {}
        for name, guard in (
            ("plain", None),
            ("guarded", NetGuard()),
            ("plain again", None),
            ("guarded again", NetGuard()),
        ):
            async with BrowserPool(concurrency=1, guard=guard) as pool:
                results[name] = await rate(pool, url, args.pages)
            print(f"{name:14s} {results[name]:6.2f} pages/s  ({args.subresources} sub-requests per page)")
        plain = (results["plain"] + results["plain again"]) / 2
        guarded = (results["guarded"] + results["guarded again"]) / 2
        print(
            f"mean: plain {plain:.2f} pages/s, guarded {guarded:.2f} pages/s; "
            f"overhead {1000 / guarded - 1000 / plain:+.1f} ms per page ({(plain / guarded - 1) * 100:+.0f}%)"
        )
    finally:
        server.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
