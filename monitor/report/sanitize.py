"""Whatever a shop sends back is untrusted: reduce it to a few inert tags before it is shown."""

from __future__ import annotations

import html

import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"b", "i", "em", "strong", "br", "p", "ul", "ol", "li", "blockquote", "pre", "code"}


def safe_html(text: str | None, *, limit: int = 2000) -> Markup:
    """Sanitized HTML (scripts, handlers, styles, links and images removed) safe to embed as is."""
    if not text:
        return Markup("")
    cleaned = nh3.clean(
        text[:limit],
        tags=ALLOWED_TAGS,
        attributes={},
        url_schemes=set(),
        clean_content_tags={"script", "style", "noscript", "template"},
        link_rel=None,
    )
    return Markup(cleaned)  # noqa: S704 - nh3 output is the sanitized form


def plain_text(text: str | None, *, limit: int = 2000) -> Markup:
    """A plain-text excerpt escaped, not sanitized: the shop's own words such as `<img ...>` stay visible.

    Sanitizing text as HTML would drop whatever looks like a tag; escaping shows it verbatim and
    can never make it live. Line breaks are kept.
    """
    if not text:
        return Markup("")
    return Markup(html.escape(text[:limit], quote=True).replace("\n", "<br>\n"))  # noqa: S704 - escaped above
