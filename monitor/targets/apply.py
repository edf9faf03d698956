"""Write target updates where targets come from: the config YAML (and its include files).

The database only mirrors the config (sync_config marks targets missing from it
inactive), so an import that wrote rows would be undone by the next run. Files
are edited round-trip (ruamel.yaml keeps comments and order); a target is
updated in the file that defines it, a new one is appended to the main config's
`targets:` (or to `--into`, an include file). All files are written, the config
is loaded back, and on any problem every file is restored: all or nothing.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from monitor.config import Config, ConfigError, load_config
from monitor.targets.validate import TargetUpdate


@dataclass(frozen=True)
class Applied:
    added: tuple[str, ...]
    updated: tuple[str, ...]
    files: tuple[Path, ...]
    config: Config


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    return y


def _load(path: Path) -> Any:
    return _yaml().load(path.read_text(encoding="utf-8")) if path.exists() else None


def _files(main: Path, tree: Any) -> list[Path]:
    out = [main]
    for pat in (tree.get("include") or []) if isinstance(tree, CommentedMap) else []:
        full = pat if os.path.isabs(pat) else str(main.parent / pat)
        out += [Path(m) for m in sorted(glob.glob(full))]
    return out


def _targets(tree: CommentedMap) -> CommentedSeq:
    seq = tree.get("targets")
    if not isinstance(seq, CommentedSeq):
        seq = CommentedSeq()
        tree["targets"] = seq
    seq.fa.set_block_style()  # `targets: []` would otherwise grow as one long flow line
    return seq


def _set_emails(node: CommentedMap, emails: Sequence[str]) -> None:
    tps = node.get("touchpoints")
    if not isinstance(tps, CommentedSeq):
        tps = node["touchpoints"] = CommentedSeq()
    have = {str(tp.get("to", "")).lower() for tp in tps if isinstance(tp, dict) and tp.get("kind") == "email"}
    domains = node.get("email_domains")
    if not isinstance(domains, CommentedSeq):
        domains = CommentedSeq()
    for e in emails:
        if e.lower() in have:
            continue
        tp = CommentedMap([("kind", "email"), ("to", e)])
        if have:  # a second e-mail touchpoint needs a name of its own
            tp["name"] = e.split("@", 1)[0]
        tp.fa.set_flow_style()
        tps.append(tp)
        have.add(e.lower())
        domain = e.split("@", 1)[1].lower()
        if domain not in [str(d).lower() for d in domains]:
            domains.append(domain)
    if domains:
        node["email_domains"] = domains


def _apply(node: CommentedMap, u: TargetUpdate) -> None:
    for key, value in (("group", u.group), ("url", u.url), ("timezone", u.timezone), ("country", u.country)):
        if value is not None:
            node[key] = value
    if u.phones is not None:
        node["phones"] = CommentedSeq(u.phones)
        node["phones"].fa.set_flow_style()
    if u.emails:
        _set_emails(node, u.emails)


def apply_updates(main: Path, updates: Sequence[TargetUpdate], *, into: Path | None = None) -> Applied:
    """Write every update, or none (ConfigError with the config's own problems, files restored)."""
    main = main.resolve()
    included = _files(main, _load(main))
    trees = {p.resolve(): _load(p) for p in included}
    dest = (into or main).resolve()
    touched: set[Path] = set()
    if dest not in trees:
        trees[dest] = _load(dest) if dest.exists() else CommentedMap()
        _targets(trees[dest])
        _add_include(trees[main], main, dest)
        touched |= {main, dest}
    where = {
        str(t["name"]): (p, t)
        for p, tree in trees.items()
        if isinstance(tree, CommentedMap)
        for t in _targets(tree)
        if isinstance(t, CommentedMap) and "name" in t
    }
    added, updated = [], []
    for u in updates:
        if u.name in where:
            path, node = where[u.name]
            updated.append(u.name)
        else:
            path, node = dest, CommentedMap([("name", u.name), ("group", u.group or "competitor")])
            _targets(trees[dest]).append(node)
            where[u.name] = (path, node)
            added.append(u.name)
        _apply(node, u)
        touched.add(path)
    cfg = _write_checked(main, {p: trees[p] for p in touched})
    return Applied(tuple(added), tuple(updated), tuple(sorted(touched)), cfg)


def _add_include(tree: CommentedMap, main: Path, dest: Path) -> None:
    inc = tree.get("include")
    if not isinstance(inc, CommentedSeq):
        inc = tree["include"] = CommentedSeq()
    rel = os.path.relpath(dest, main.parent)
    if rel not in inc:
        inc.append(rel)


def _write_checked(main: Path, trees: dict[Path, Any]) -> Config:
    originals = {p: (p.read_bytes() if p.exists() else None) for p in trees}
    try:
        for p, tree in trees.items():
            buf = StringIO()
            _yaml().dump(tree, buf)
            tmp = p.with_name(f".{p.name}.import-tmp")
            tmp.write_text(buf.getvalue(), encoding="utf-8")
            os.replace(tmp, p)
        return load_config(main, check_secrets=False)
    except BaseException:
        for p, data in originals.items():
            if data is None:
                p.unlink(missing_ok=True)
            else:
                p.write_bytes(data)
        raise


__all__ = ["Applied", "ConfigError", "apply_updates"]
