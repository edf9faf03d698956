"""Regenerate the README screenshots (light, dark, phone, Russian, a target): run the demo, sign in, shoot.

Usage: python docs/screenshot.py   (takes about two minutes; loopback only)
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from probes.browser import BrowserPool

OUT = Path(__file__).resolve().parent


SHOTS = (  # file, browser locale, colour scheme, viewport, path
    ("dashboard.png", "en-US", "light", {"width": 1400, "height": 1000}, "/"),
    ("target.png", "en-US", "light", {"width": 1400, "height": 1000}, "/target/our-shop"),
    ("dashboard-dark.png", "en-US", "dark", {"width": 1400, "height": 1000}, "/"),
    ("dashboard-phone.png", "en-US", "light", {"width": 390, "height": 844}, "/"),
    ("dashboard-ru.png", "ru-RU", "light", {"width": 1400, "height": 1000}, "/"),
)


async def shoot(port: int, password: str) -> None:
    async with BrowserPool() as pool:
        for name, locale, scheme, viewport, path in SHOTS:
            async with pool.context(locale=locale, viewport=viewport) as ctx:
                page = await ctx.new_page()
                await page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
                await page.goto(f"http://127.0.0.1:{port}/login")
                await page.fill("input[type=password]", password)
                await page.click("button[type=submit], input[type=submit]")
                await page.wait_for_load_state("networkidle")
                await page.goto(f"http://127.0.0.1:{port}{path}")
                await page.wait_for_load_state("networkidle")
                await page.screenshot(path=str(OUT / name), full_page=False)


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="rw-shot-")) / "demo"
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor", "demo", "--dir", str(workdir), "--port", "18099"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "150"},
    )
    assert proc.stdout is not None
    password = None
    deadline = time.monotonic() + 400
    for line in proc.stdout:
        sys.stdout.write(line)
        m = re.search(r"password: (\S+)", line)
        if m:
            password = m.group(1)
            break
        if time.monotonic() > deadline:
            break
    try:
        assert password, "the demo did not print the dashboard password"
        asyncio.run(shoot(18099, password))
        print("wrote " + ", ".join(str(OUT / name) for name, *_ in SHOTS))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)


if __name__ == "__main__":
    main()
