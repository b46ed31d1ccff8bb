"""The provability benchmark runs: `benchmarks/modal.py --repeat 1 --programs 20` exits 0
and prints every table with the worlds the argument predicts (no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_modal_benchmark_small_run():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "modal.py"), "--repeat", "1",
                          "--programs", "20"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    # FairBot vs DefectBot: one box, worlds 0 and 1
    assert "| FairBot vs DefectBot | " in out and "| 1 | 1 | 2 | (D, D) |" in out
    # nested boxes: depth + 1 worlds, stable from world `depth`
    assert "| 150 | " in out and "| 151 | 150 |" in out
    # PA+10^12: 3 worlds, stable from world 10^12 + 1
    assert "| 3 | 1,000,000,000,001 |" in out
    assert "tournament of 20 programs (400 matches" in out
    assert "| modal-modal | 100 |" in out
