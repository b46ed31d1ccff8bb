"""The n-player benchmark runs: `benchmarks/nplayer.py --quick` exits 0 and prints its
tables (no timing is asserted: only that every section ran and the two 2-player paths
agreed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_nplayer_benchmark_quick_run():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "nplayer.py"), "--quick"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert "Traceback" not in run.stderr
    assert out.startswith("command: python benchmarks/nplayer.py")
    # the three tables' headers
    assert "game      profiles          F          E       PMM  PMP_1(d)      total" in out
    assert "game      match  select        fuel  calls  mean per match  vs Alg. 1  payoffs" in out
    assert "game      work                                    planar         n-D  n-D / planar  same result" in out
    # every game of the quick run, the nash refusal in the fixed game, and the 2-player paths agree
    for name in ("R3p3a", "R4p3a", "R2p4a", "Irr3"):
        assert f"\n{name} " in out
    assert "refused: the exact answer may be irrational" in out
    rows = [line for line in out.splitlines() if line.startswith("R2p4a ")]
    assert rows and all(line.endswith("yes") for line in rows), rows
    assert "total time:" in out


def test_simulation_benchmark_quick_run():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "simulation.py"), "--quick"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert out.startswith("command: python benchmarks/simulation.py --quick")
    for family in ("code equality", "epsilon-grounded", "bounded", "modal", "plain"):
        assert f"\n   {family} " in out
    # the rings of 10 and 50 copiers: n + 1 states (R0 against R1 leads into the ring), 2n
    # unknowns in the ring's one strongly connected set, and cooperation for sure.
    assert "   10         11         20 " in out and "   50         51        100 " in out
    assert out.count("(3, 3)") == 2


def _run_with_whole_process(body: str) -> str:
    """The stdout of a fresh Python that imports benchmarks/whole_process.py and runs body."""
    script = f"import sys, tempfile, types; sys.path.insert(0, {str(ROOT / 'benchmarks')!r})\nimport whole_process\n" + body
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_whole_process_child_reports_its_own_peak_memory_not_its_parents():
    # On Linux a child's peak resident memory starts from its parent's at the exec; a
    # parent holding 200 MiB ran `python -c pass` "at" 200 MiB before the launcher.
    stdout = _run_with_whole_process(
        "ballast = bytearray(200 * 2**20)\n"
        "for i in range(0, len(ballast), 4096): ballast[i] = 1\n"
        "cpu, wall, rss, out, err = whole_process.child([sys.executable, '-c', 'print(7)'])\n"
        "print(rss, repr(out))\n")
    rss, out = stdout.split(maxsplit=1)
    assert int(rss) < 100 * 1024 and out.strip() == repr("7\n")  # KiB: a bare Python is about 10 MiB


def test_whole_process_small_run_agrees_with_the_floor():
    # against_floor asserts that spilang's ranking means equal the floor's for the same
    # population; N = 35 programs of 10 code classes.
    stdout = _run_with_whole_process(
        "with tempfile.TemporaryDirectory() as d:\n"
        "    ours, floor, played = whole_process.against_floor(d, 35, 10, types.SimpleNamespace(seed=3, repeat=1))\n"
        "print(played)\n")
    assert int(stdout) == 10 * 10  # one match per pair of code classes
