"""`replywatch status` while the database is down says so in one line, not with a traceback."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from monitor.cli import main
from tests.conftest import MINIMAL_CONFIG, write_config


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens there once the socket is closed


def test_it_says_the_database_is_unreachable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = MINIMAL_CONFIG.replace(
        "sqlite:///rw.db", f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/x"
    )
    cfg = write_config(tmp_path, text)
    monkeypatch.setattr(sys, "argv", ["replywatch", "--config", str(cfg), "status"])
    with pytest.raises(SystemExit) as exit_:
        main()
    err = capsys.readouterr().err
    assert exit_.value.code == 3
    assert err.startswith("error: the database is unreachable: ") and "refused" in err
    assert "Traceback" not in err
