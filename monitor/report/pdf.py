"""HTML report -> PDF in the Chromium we already run (no extra system packages)."""

from __future__ import annotations

import asyncio

from probes.browser import BrowserPool


async def html_to_pdf(html: str, pool: BrowserPool | None = None) -> bytes:
    """Print the page to A4 landscape. JavaScript is off: the report needs none."""
    own = pool is None
    pool = pool or BrowserPool(concurrency=1)
    try:
        async with pool.context(java_script_enabled=False) as ctx:
            page = await ctx.new_page()
            await page.set_content(html, wait_until="load")
            return await page.pdf(
                format="A4",
                landscape=True,
                print_background=True,
                margin={"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"},
            )
    finally:
        if own:
            await pool.close()


def html_to_pdf_sync(html: str) -> bytes:
    return asyncio.run(html_to_pdf(html))
