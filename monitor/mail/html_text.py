"""HTML mail bodies -> readable text, in time linear in the input, whatever the markup.

A shop's HTML (or a hostile sender's) decides how hard a tree-building parser
works: measured on this machine (bench/bench_mail_html.py), BeautifulSoup took
9.1 s for 10,000 nested <div>s, the standard library's html.parser is quadratic
on runs of unterminated ``<!--`` or ``</`` (CVE-2025-6069; 20 s for 160 KB on
Python 3.11.7), lxml on one tag with 40,000 attributes (2.7 s) and lexbor
(selectolax) on deep nesting (2.4 s for 40,000 levels). Text extraction needs
no tree, so this is a single forward scan: every search starts where the last
one ended, and a construct left unterminated swallows the rest of the input, as
it does in a browser. Nothing is fetched or run: images, links, scripts and
styles are only characters to skip.
"""

from __future__ import annotations

import html as htmllib
import re

# Elements whose content is never shown.
_RAW_TEXT = frozenset({"script", "style", "title", "textarea", "xmp"})  # content is not markup
_HIDDEN = frozenset({"noscript", "template"})  # content is markup, but not shown
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "tr",
        "table",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "pre",
        "hr",
    }
)
MAX_QUOTE_DEPTH = 16  # deeper <blockquote>s are kept as text without more "> " prefixes

_TAG = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r />]*)")
_ATTR_STOP = re.compile(r"[>=]")
_SPACE = " \t\n\r\f"
_RAW_END: dict[str, re.Pattern[str]] = {n: re.compile(rf"</{n}[\s/>]", re.IGNORECASE) for n in _RAW_TEXT}


def tidy(text: str) -> str:
    """Collapse runs of blanks within lines and of empty lines; strip the ends."""
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class _Text:
    """Where the scan's text goes: one buffer per open <blockquote>, hidden regions skipped."""

    def __init__(self) -> None:
        self.buffers: list[list[str]] = [[]]
        self.hidden = 0  # open <noscript>/<template> elements
        self.in_head = False
        self.extra_quotes = 0  # <blockquote>s past MAX_QUOTE_DEPTH

    def text(self, chunk: str) -> None:
        if chunk and not self.hidden and not self.in_head:
            self.buffers[-1].append(htmllib.unescape(chunk))

    def start(self, name: str) -> None:
        if name in _HIDDEN:
            self.hidden += 1
        elif name == "head":
            self.in_head = True
        elif name == "body":
            self.in_head = False
        elif self.hidden or self.in_head:
            return
        elif name == "br":
            self.buffers[-1].append("\n")
        elif name in _BLOCKS:
            self.buffers[-1].append("\n\n")
        elif name == "blockquote":
            if len(self.buffers) <= MAX_QUOTE_DEPTH:
                self.buffers.append([])
            else:
                self.extra_quotes += 1

    def end(self, name: str) -> None:
        if name in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif name == "head":
            self.in_head = False
        elif self.hidden or self.in_head:
            return
        elif name in _BLOCKS:
            self.buffers[-1].append("\n\n")
        elif name == "blockquote":
            if self.extra_quotes:
                self.extra_quotes -= 1
            elif len(self.buffers) > 1:
                self._close_quote()

    def _close_quote(self) -> None:
        lines = tidy("".join(self.buffers.pop())).splitlines()
        self.buffers[-1].append("\n\n" + "\n".join("> " + ln for ln in lines) + "\n\n")

    def result(self) -> str:
        while len(self.buffers) > 1:
            self._close_quote()
        return tidy("".join(self.buffers[0]))


def html_to_text(html: str) -> str:
    """Visible text of an HTML body: blocks on their own lines, quotes prefixed "> ", scripts dropped."""
    out = _Text()
    pos, n = 0, len(html)
    while pos < n:
        lt = html.find("<", pos)
        if lt < 0:
            out.text(html[pos:])
            break
        out.text(html[pos:lt])
        pos = _markup(html, lt, out)
    return out.result()


def _markup(html: str, lt: int, out: _Text) -> int:
    """Handle the construct starting at ``lt`` (a "<"); returns where the scan goes on."""
    n = len(html)
    if html.startswith("<!--", lt):
        end = html.find("-->", lt + 4)
        return n if end < 0 else end + 3
    m = _TAG.match(html, lt)
    if m is None:
        if html.startswith(("<!", "<?", "</"), lt):  # doctype, CDATA, processing instruction, bogus comment
            end = html.find(">", lt + 2)
            return n if end < 0 else end + 1
        out.text("<")
        return lt + 1
    end = _tag_end(html, m.end())
    if end < 0:
        return n  # a tag left open at the end of the input: the rest is inside it
    name = m.group(2).lower()
    if m.group(1):
        out.end(name)
        return end + 1
    out.start(name)
    if name in _RAW_TEXT:
        close = _RAW_END[name].search(html, end + 1)
        return n if close is None else close.start()
    return end + 1


def _tag_end(html: str, i: int) -> int:
    """Index of the ">" closing a tag whose attributes start at ``i``; quoted values may hold ">"."""
    n = len(html)
    while True:
        m = _ATTR_STOP.search(html, i)
        if m is None:
            return -1
        if m.group() == ">":
            return m.start()
        j = m.end()
        while j < n and html[j] in _SPACE:
            j += 1
        if j < n and html[j] in "\"'":
            close = html.find(html[j], j + 1)
            if close < 0:
                return -1
            i = close + 1
        else:
            i = j
