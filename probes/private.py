"""Private files: evidence, raw mail, chat storage state and the database are the operator's alone.

They hold shop replies, persona addresses and cookies; a shared machine's other users must
not read them. Modes are set explicitly (0700 directories, 0600 files) rather than left to
the umask, and `replywatch` also runs under umask 077 so files written by libraries
(Playwright screenshots, SQLite's WAL) follow.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """mkdir -p with 0700 on every directory it creates (existing parents are left alone)."""
    missing: list[Path] = []
    p = path
    while not p.exists():
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(d, DIR_MODE)  # mkdir's mode is masked by the umask
    return path


def write_private(path: Path, data: bytes) -> Path:
    """Write a file created 0600 (never briefly world-readable), in a private directory."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb", closefd=False) as f:
            f.write(data)
    finally:
        os.close(fd)
    return path


def touch_private(path: Path) -> Path:
    """Create an empty 0600 file if missing (e.g. the SQLite database before SQLite opens it)."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    os.close(fd)
    return path
