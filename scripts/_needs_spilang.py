"""Imported by each script before spilang: when the Python running the script has no
spilang (a system `python3` rather than the checkout's venv), run the script again with the
checkout's `.venv/bin/python` if there is one, else say how to run it, not a traceback."""

from __future__ import annotations

import os
import sys
from pathlib import Path

RERUN = "SPILANG_SCRIPT_RERUN"  # set for the second run: a venv without spilang must not loop


def ensure() -> None:
    """Return if spilang can be imported; otherwise re-run the script or exit 1."""
    try:
        import spi_lang  # noqa: F401
        return
    except ModuleNotFoundError:
        pass
    venv = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "python"
    script = sys.argv[0]
    if venv.exists() and not os.environ.get(RERUN):
        os.environ[RERUN] = "1"
        os.execv(str(venv), [str(venv), script, *sys.argv[1:]])
    print(f"{script} needs spilang, which this Python ({sys.executable}) does not have: set up "
          f"the checkout's venv as the README says, then run .venv/bin/python {script}", file=sys.stderr)
    sys.exit(1)


ensure()
