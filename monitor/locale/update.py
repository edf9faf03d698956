"""Refresh the catalogs from the code: `python -m monitor.locale.update` (needs Babel's pybabel on PATH).

Extracts messages.pot, then merges it into every language's messages.po; new
messages arrive untranslated and `tests/test_it_speaks_russian.py` fails until
someone translates them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[1]


def main() -> None:
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [
            str(pybabel),
            "extract",
            "-F",
            str(HERE / "babel.cfg"),
            "-k",
            "N_",
            "--no-location",
            "--sort-output",
            "--omit-header",
            "-o",
            str(HERE / "messages.pot"),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    for po in sorted(HERE.glob("*/LC_MESSAGES/messages.po")):
        subprocess.run(
            [
                str(pybabel),
                "update",
                "--no-fuzzy-matching",
                "--ignore-obsolete",
                "-i",
                str(HERE / "messages.pot"),
                "-o",
                str(po),
                "-l",
                po.parents[1].name,
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
