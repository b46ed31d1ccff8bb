"""Start-up stays light: `spilang play`, `check` and `game` on the scheduling programs, and
`import spi_lang`, never import the heavy optional libraries (numerics, solvers, plotting,
dask), which only the commands that use them import. Checked by the modules a fresh
process has loaded when it ends, not by timing (benchmarks/startup.py measures the time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAIR = [str(ROOT / "stdlib_programs" / "scheduling" / f"fair{i}.spi") for i in (1, 2)]
HEAVY = ("numpy", "pygambit", "nashpy", "dask", "distributed", "pplpy", "ppl", "flint", "matplotlib",
         "scipy")

# Runs the CLI in this process, then prints the top-level names of the modules loaded.
_RUN = """\
import json, sys
from spi_lang.ui.cli import main
status = main(sys.argv[1:])
loaded = sorted({name.split(".")[0] for name in sys.modules})
sys.stdout.write("\\n" + json.dumps({"status": status, "loaded": loaded}))
"""


def _loaded(*argv: str) -> set[str]:
    run = subprocess.run([sys.executable, "-c", _RUN, *argv], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    report = json.loads(run.stdout.splitlines()[-1])
    assert report["status"] == 0, run.stdout + run.stderr
    return set(report["loaded"])


@pytest.mark.parametrize("argv", [("play", *FAIR), ("check", FAIR[0]), ("game", FAIR[0])],
                         ids=["play", "check", "game"])
def test_a_one_program_command_imports_no_heavy_library(argv):
    assert _loaded(*argv) & set(HEAVY) == set()


def test_importing_the_package_imports_no_heavy_library():
    code = "import sys, spi_lang; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert set(run.stdout.split()) & set(HEAVY) == set()


def test_the_listing_shows_what_a_command_imports():
    # the check would pass vacuously if the listing were empty: it holds the parser and the package
    assert {"spi_lang", "lark", "attr"} <= _loaded("play", *FAIR)
