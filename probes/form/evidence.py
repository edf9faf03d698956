"""Proof kept with each probe: what the form looked like filled, what came back, what was sent.

A report that says "this shop never answered" must be able to show that the shop did
receive the question; screenshots alone can lie (a thank-you toast for a failed request),
so the network exchange is kept too.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from playwright.async_api import Page

from probes.base import Evidence
from probes.private import private_dir, write_private

log = logging.getLogger(__name__)


class EvidenceKit:
    """Collects files under the probe's evidence directory; never raises on a bad page."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.items: list[Evidence] = []

    async def screenshot(self, page: Page, name: str, note: str = "") -> None:
        try:
            private_dir(self.dir)
            path = self.dir / f"{name}.jpg"
            write_private(path, await page.screenshot(full_page=True, timeout=5000, type="jpeg", quality=70))
            self.items.append(Evidence("screenshot", str(path), note or page.url))
        except Exception:  # a closed or crashed page must not hide the verdict
            log.debug("no screenshot %s of %s", name, page.url, exc_info=True)

    def write_json(self, name: str, data: Any, kind: str, note: str = "") -> None:
        try:
            path = write_private(
                self.dir / f"{name}.json",
                json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8"),
            )
            self.items.append(Evidence(kind, str(path), note))
        except OSError:
            pass

    def url(self, url: str, note: str = "") -> None:
        self.items.append(Evidence("url", url, note))

    def all(self) -> tuple[Evidence, ...]:
        return tuple(self.items)
