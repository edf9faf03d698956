"""Browser-side JavaScript of the chat probe, kept in ``probes/chat/js/*.js``.

Every script gets ``js/lib.js`` (the one shadow-root walker and the shape helpers)
in front of it, so the helpers exist once. ``function_js(name)`` gives an
expression for ``frame.evaluate(js, arg)``; ``init_js(config)`` the capture
script that runs in every frame before the site's own scripts.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def source(name: str) -> str:
    return resources.files("probes.chat").joinpath("js", f"{name}.js").read_text(encoding="utf-8")


@cache
def function_js(name: str) -> str:
    """``(arg) => ...`` with the shared helpers in scope."""
    body = source(name).strip().rstrip(";")
    return f"(arg) => {{\n{source('lib')}\nreturn ({body})(arg);\n}}"


def init_js(config: dict[str, Any]) -> str:
    """The capture script with its configuration, wrapped so it leaves no globals but its own."""
    return f"(() => {{\nconst RW_CONFIG = {json.dumps(config)};\n{source('lib')}\n{source('capture')}\n}})();"
