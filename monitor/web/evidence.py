"""Evidence files (screenshots, transcripts) served from one directory, never outside it."""

from __future__ import annotations

from pathlib import Path

INLINE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
}


def evidence_root(data_path: Path) -> Path:
    return (data_path / "evidence").resolve()


def url_for(path: str | None, root: Path) -> str | None:
    """A stored evidence path (absolute under root, or relative to it) -> /evidence/... or None."""
    if not path:
        return None
    p = Path(path)
    if p.is_absolute():
        try:
            rel = p.resolve().relative_to(root)
        except ValueError:
            return None
    else:
        rel = p
    return "/evidence/" + rel.as_posix()


def resolve(root: Path, rel: str) -> Path | None:
    """The file for a URL path, or None if it escapes the root (.., symlinks, absolute) or is missing."""
    if not rel or "\x00" in rel or rel.startswith("/"):
        return None
    candidate = (root / rel).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate
