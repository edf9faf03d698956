"""HTML mail -> text: our linear scan against the parsers we could have used, on inputs that hurt parsers.

    python bench/bench_mail_html.py [--n 10000 40000]

For each input shape and size, CPU seconds per parser (BeautifulSoup as the old code used
it; html.parser streaming; lxml's HTMLPullParser; selectolax/lexbor; ours). lxml and
selectolax are optional: `pip install lxml selectolax` to include them. A parser whose
time grows 16x for 4x the input is quadratic on that shape.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from monitor.mail.html_text import html_to_text  # noqa: E402

SKIP = {"script", "style", "head", "title", "noscript", "template"}
BLOCKS = {"p", "div", "li", "tr", "table", "br"}


def bs4_old(html: str) -> str:
    """The pre-issue-14 code: BeautifulSoup, with text inserted around every block."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(list(SKIP)):
        tag.decompose()
    for block in soup.find_all(list(BLOCKS)):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    return soup.get_text()


class _Stdlib(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.skip += tag in SKIP
        if tag in BLOCKS:
            self.out.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in SKIP and self.skip > 0

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data)


def stdlib(html: str) -> str:
    p = _Stdlib()
    p.feed(html)
    p.close()
    return "".join(p.out)


def lxml_pull(html: str) -> str:
    from lxml import etree

    parser = etree.HTMLPullParser(events=("start", "end"), no_network=True, recover=True, huge_tree=True)
    parser.feed(html)
    parser.close()
    out = []
    for ev, el in parser.read_events():
        if ev == "start" and el.text:
            out.append(el.text)
        elif ev == "end" and el.tail:
            out.append(el.tail)
    return "".join(out)


def lexbor(html: str) -> str:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    return tree.body.text(separator="") if tree.body else ""


SHAPES: dict[str, Callable[[int], str]] = {
    "nested <div>": lambda n: "<html><body>" + "<div>" * n + "Hello" + "</div>" * n + "</body></html>",
    "unclosed <p>": lambda n: "<p>x" * n,
    "unterminated <!--": lambda n: "<!--" * n,
    "runs of </": lambda n: "</" * n,
    "unterminated CDATA": lambda n: "<![CDATA[" * n,
    "one tag, n attributes": lambda n: "<a " + " ".join(f"x{i}='1'" for i in range(n)) + ">y</a>",
    "nested <blockquote>": lambda n: "<blockquote>q" * n,
    "newsletter-like": lambda n: (
        "<table>" + "<tr><td><p style='x'>Текст &amp; <b>цена</b></p></td></tr>" * (n // 10) + "</table>"
    ),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="+", default=[10_000, 40_000])
    ap.add_argument(
        "--bs4-max-n", type=int, default=5000, help="run the old BeautifulSoup code up to this n only"
    )
    ap.add_argument(
        "--limit", type=float, default=60.0, help="skip a parser on larger sizes once it took this long"
    )
    args = ap.parse_args()
    parsers: dict[str, Callable[[str], str]] = {
        "ours": html_to_text,
        "bs4 (old)": bs4_old,
        "html.parser": stdlib,
    }
    optional: list[tuple[str, Callable[[str], str]]] = [("lxml", lxml_pull), ("lexbor", lexbor)]
    for name, fn in optional:
        try:
            fn("<p>x</p>")
            parsers[name] = fn
        except ImportError:
            print(f"({name} not installed: skipped)")
    print(f"{'shape':24} {'n':>7} {'KB':>6}  " + "  ".join(f"{p:>11}" for p in parsers))
    too_slow: set[tuple[str, str]] = set()
    for shape, make in SHAPES.items():
        for n in args.n:
            html = make(n)
            cells = []
            for name, fn in parsers.items():
                if (shape, name) in too_slow or (name == "bs4 (old)" and n > args.bs4_max_n):
                    cells.append(f"{'skipped':>11}")
                    continue
                t0 = time.process_time()  # CPU seconds: fair on a machine other work loads
                fn(html)
                dt = time.process_time() - t0
                if dt > args.limit:
                    too_slow.add((shape, name))
                cells.append(f"{dt:10.3f}s")
            print(f"{shape:24} {n:>7} {len(html) // 1024:>6}  " + "  ".join(cells), flush=True)
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
