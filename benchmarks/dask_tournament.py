"""A tournament on a Dask LocalCluster against the same tournament on local worker
processes, measured in one run: a mixed population (benchmarks/population.py: 40% base,
30% renegotiation, 20% csr, 10% PMP-extension programs, all of distinct code) of
--programs programs, one population, every cell written as CSV:

  local:  spilang tournament mixed.spi --workers 2 --csv -          (the driver holds the
          whole N x N table of cells, then writes it)
  dask:   spilang tournament mixed.spi --cluster local:2 --out DIR  (2 worker processes
          write the cells as CSV parts; the driver keeps per-program tallies only)

Each command runs in its own process; its wall time (starting the workers or the
cluster included), the driver's own peak resident memory (VmHWM of the driver process:
the workers are other processes) and the CPU time of all its processes (on a shared
machine the wall time depends on the other load; the CPU time much less) are reported,
and the merged parts are
checked to be byte-identical to the local CSV. With --rows R, R programs drawn at random
(seeded) play seat 1 against all of them in seat 2 (R x N cells), for a shorter run.

    python benchmarks/dask_tournament.py [--programs 3000] [--rows R] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import population  # noqa: E402

import spi_lang  # noqa: E402
from spi_lang.analysis.tournament_parts import merge_parts  # noqa: E402

MIXED = {"base": 0.4, "reneg": 0.3, "csr": 0.2, "pmp": 0.1}

# The driver: the CLI in this process, then its peak resident memory from /proc.
DRIVER = """
import sys
from spi_lang.ui.cli import main
code = main(sys.argv[2:])
with open("/proc/self/status") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
with open(sys.argv[1], "w") as out:
    out.write(peak)
sys.exit(code)
"""


def run(directory: str, argv: list[str], stdout_path: str) -> tuple[float, float, float]:
    """Wall seconds, the driver's peak RSS (MiB) and the CPU seconds of all its processes
    (driver, workers, cluster: every descendant is waited for) of `spilang ARGV`."""
    peak_file = os.path.join(directory, "peak")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(stdout_path, "wb") as stdout:
        done = subprocess.run([sys.executable, "-c", DRIVER, peak_file, *argv], cwd=directory,
                              stdout=stdout, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode != 0:
        sys.exit(f"spilang {' '.join(argv)} failed ({done.returncode}):\n{done.stderr.decode()}")
    with open(peak_file) as handle:
        return wall, int(handle.read()) / 1024, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--programs", type=int, default=3000, help="programs in the population")
    parser.add_argument("--rows", type=int, default=None, help="seat-1 programs drawn (default: all)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the population")
    args = parser.parse_args(argv)
    n = args.programs
    rows = f" --rows {args.rows}" if args.rows else ""
    print(f"command: python benchmarks/dask_tournament.py --programs {n}{rows} --seed {args.seed}")
    print(f"python {platform.python_version()}, spilang {spi_lang.__version__}, {os.cpu_count()} cpus, "
          f"load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory(prefix="spilang-dask-bench-") as directory:
        programs = population.population(n, args.seed, MIXED)
        with open(os.path.join(directory, "mixed.spi"), "w", encoding="utf-8") as out:
            out.write(population.spi_text(programs))
        who = ["mixed.spi"]
        if args.rows:
            drawn = random.Random(args.seed).sample([p.name for p in programs], args.rows)
            who = ["--seat1", *(f"mixed.spi:{name}" for name in drawn), "--seat2", "mixed.spi"]
            print(f"{n:,} programs (mixed), {args.rows} of them in seat 1: {args.rows * n:,} cells\n")
        else:
            print(f"{n:,} programs (mixed), one population: {n * n:,} cells\n")
        print(f"{'run':<34} {'wall':>9} {'driver peak RSS':>16} {'CPU, all processes':>19}")
        local_csv = os.path.join(directory, "local.csv")
        local = run(directory, ["tournament", *who, "--workers", "2", "--csv", "-"], local_csv)
        print(f"{'--workers 2 --csv -':<34} {local[0]:>8.1f}s {local[1]:>12.0f} MiB {local[2]:>18.1f}s",
              flush=True)
        summary = os.path.join(directory, "summary.txt")
        dask = run(directory, ["tournament", *who, "--cluster", "local:2", "--out", "parts"], summary)
        print(f"{'--cluster local:2 --out parts':<34} {dask[0]:>8.1f}s {dask[1]:>12.0f} MiB {dask[2]:>18.1f}s",
              flush=True)
        print(f"\ndask / local: wall {dask[0] / local[0]:.2f}x, driver peak RSS {dask[1] / local[1]:.2f}x, "
              f"CPU {dask[2] / local[2]:.2f}x")
        same = _same(os.path.join(directory, "parts"), local_csv)
        print(f"merged parts byte-identical to the local CSV: {'yes' if same else 'NO'}")
        print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0 if same else 1


def _same(folder: str, csv_path: str) -> bool:
    """Whether the parts, merged, are the CSV's bytes (read piece by piece)."""
    with open(csv_path, "rb") as handle:
        for piece in merge_parts(folder):
            data = piece.encode("utf-8")
            if handle.read(len(data)) != data:
                return False
        return handle.read(1) == b""


if __name__ == "__main__":
    sys.exit(main())
