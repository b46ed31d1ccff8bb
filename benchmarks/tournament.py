"""How fast tournaments run, every figure measured in this one run (the machine may be
shared, so each timing is the best of --repeat runs):

  1. pairs per second for populations of N = 100, 300 and 1000 programs (full
     tournaments: N x N matches): "base+alg1" (60% base programs with code checks, 40%
     renegotiation programs) and "mixed" (40% base, 30% renegotiation, 20% csr, 10%
     PMP-extensions). The mixed 1000 x 1000 (a million csr-heavy matches) does not fit
     the 5-minute budget, so it is sampled: --sample-rows programs drawn at random (seeded)
     play seat 1 against all 1000 in seat 2;
  2. spilang against a hand-written Python implementation of the same base and
     renegotiation programs on the same Game object (benchmarks/handwritten.py), on the
     base+alg1 population, checking that both give the same payoffs;
  3. loading a 10,000-program file (spi_lang.load: parse, checks, programs, canonical
     code) against lark's bare parse of it with spilang's grammar;
  4. the speedup of 2 worker processes over 1 on the mixed N = 300 tournament;
  5. peak memory (tracemalloc) per program when loading the 10,000-program file, and per
     match of the mixed N = 300 tournament;
  6-8. whole processes (benchmarks/whole_process.py): spilang against the integer floor
     (benchmarks/floor.py) at N = 1000 and 3000, per match against per pair, the peak
     memory of `spilang tournament --csv FILE` at N = 3000, and the largest population
     whose round robin finishes in 60 s; and the start-up of a command on a one-program
     file. Each target is printed with its measured figure.

Programs are generated with distinct code (benchmarks/population.py), so the match cache
never shortcuts a measured tournament (it is also switched off).

    python benchmarks/tournament.py [--seed 1] [--repeat 2] [--sample-rows 100]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import handwritten  # noqa: E402
import population  # noqa: E402
import whole_process  # noqa: E402

import spi_lang  # noqa: E402
from spi_lang.load.gc_pause import gc_paused  # noqa: E402
from spi_lang.syntax.parser import grammar  # noqa: E402

BASE_ALG1 = {"base": 0.6, "reneg": 0.4}
MIXED = {"base": 0.4, "reneg": 0.3, "csr": 0.2, "pmp": 0.1}
SIZES = (100, 300, 1000)
LOAD_SIZE = 10_000


def write(directory: str, name: str, programs: list) -> str:
    path = os.path.join(directory, f"{name}.spi")
    with open(path, "w", encoding="utf-8") as out:
        out.write(population.spi_text(programs))
    return path


def best(repeat: int, run) -> tuple[float, object]:
    """The shortest of `repeat` timed calls of run(), and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def timed_tournament(path: str, repeat: int, workers: int = 1, rows: list[str] | None = None):
    """Best time of a tournament on a freshly loaded project (loading not timed), so that
    canonical-code hashing is paid in every run."""
    times, result = [], None
    for _ in range(repeat):
        project = spi_lang.load(path)
        specs = dict(seat1=tuple(f"{path}:{r}" for r in rows), seat2=(path,)) if rows else {}
        start = time.perf_counter()
        result = spi_lang.tournament(*(() if rows else (path,)), **specs, project=project,
                                     cache=None, workers=workers)
        times.append(time.perf_counter() - start)
    return min(times), result


def pairs_per_second(directory: str, args) -> dict:
    print("1. pairs per second (serial, whole tournament: plan, canonical code, matches, matrix)")
    print(f"   {'population':<11} {'N':>5} {'matches':>9} {'time':>8} {'pairs/s':>9} {'us/pair':>8}")
    runs = {}
    for name, mix in (("base+alg1", BASE_ALG1), ("mixed", MIXED)):
        for n in SIZES:
            programs = population.population(n, args.seed, mix)
            path = write(directory, f"{name.replace('+', '_')}_{n}", programs)
            rows = None
            if name == "mixed" and n == 1000:
                rows = random.Random(args.seed).sample([p.name for p in programs], args.sample_rows)
            seconds, result = timed_tournament(path, args.repeat, rows=rows)
            runs[name, n] = (path, programs, seconds, result)
            pairs = len(result.seat1) * len(result.seat2)
            label = f"{n}" + (f" ({args.sample_rows} rows)" if rows else "")
            print(f"   {name:<11} {label:>5} {pairs:>9,} {seconds:>7.2f}s {pairs / seconds:>9,.0f} "
                  f"{seconds / pairs * 1e6:>8.1f}", flush=True)
    return runs


def against_handwritten(runs: dict, args) -> None:
    print("\n2. spilang (the tournaments of 1.) against hand-written Python: base+alg1, the same "
          "programs, the same Game, exact")
    print(f"   {'N':>5} {'matches':>9} {'spilang':>8} {'by hand':>8} {'ratio':>6}")
    for n in SIZES:
        path, programs, seconds, result = runs["base+alg1", n]
        project = spi_lang.load(path)
        game = project.games["Scheduling"]
        compiled = handwritten.compile_population(programs)
        index = {p.name: k for k, p in enumerate(programs)}
        pairs = [(index[a], index[b]) for a in result.seat1 for b in result.seat2]
        by_hand, payoffs = best(args.repeat, lambda: handwritten.tournament(game, compiled, pairs))
        ours = [cell.payoffs for row in result.matrix for cell in row]
        assert ours == payoffs, "spilang and the hand-written programs disagree"
        print(f"   {n:>5} {len(pairs):>9,} {seconds:>7.2f}s {by_hand:>7.2f}s {seconds / by_hand:>5.2f}x",
              flush=True)


def loading(directory: str, args) -> str:
    print(f"\n3. loading a {LOAD_SIZE:,}-program file (mixed) against lark's bare parse")
    programs = population.population(LOAD_SIZE, args.seed, MIXED)
    path = write(directory, "load", programs)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    parser = grammar()
    parser.parse("program A { play B }", start="start")  # build the parser before timing
    lark_times, paused_times, load_times = [], [], []
    for _ in range(args.repeat + 1):  # interleaved, so both see the same machine load
        lark_times.append(best(1, lambda: parser.parse(text, start="start"))[0])
        with gc_paused():  # the collector as spi_lang.load has it
            paused_times.append(best(1, lambda: parser.parse(text, start="start"))[0])
        load_times.append(best(1, lambda: spi_lang.load(path))[0])
    lark, paused, load = min(lark_times), min(paused_times), min(load_times)
    print(f"   {len(text):,} bytes; lark parse {lark:.2f}s, spi_lang.load {load:.2f}s: "
          f"{load / lark:.2f}x", flush=True)
    verdict = "met" if load <= 1.2 * paused else "NOT met"
    print(f"   same GC settings (lark's parse with the collector paused, as spi_lang.load pauses it): "
          f"lark {paused:.2f}s: {load / paused:.2f}x  target <= 1.2x: {verdict}", flush=True)
    return path


def workers(runs: dict, args) -> None:
    print("\n4. --workers 2 against 1 (mixed N = 300; starting the workers included)")
    path = runs["mixed", 300][0]
    figures = {}
    for count in (1, 2, 1, 2):  # interleaved, so both see the same machine load
        project = spi_lang.load(path)
        before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = spi_lang.tournament(path, project=project, cache=None, workers=count)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = [a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before)]
        if count not in figures or wall < figures[count][0]:
            figures[count] = (wall, *cpu, result.to_json())
    (one, cpu_one, _, json_one), (two, parent, children, json_two) = figures[1], figures[2]
    assert json_one == json_two, "workers changed the results"
    print(f"   wall: 1 worker {one:.2f}s, 2 workers {two:.2f}s: speedup {one / two:.2f}x "
          f"(load average {os.getloadavg()[0]:.2f} after)")
    print(f"   cpu: 1 worker {cpu_one:.2f}s; 2 workers {parent:.2f}s in the parent + {children:.2f}s "
          f"in the workers", flush=True)
    alone, together = machine_parallelism()
    print(f"   the machine now: a CPU-bound loop takes {alone:.2f}s alone and {together:.2f}s with a "
          f"second copy running: 2 processes get {2 * alone / together:.2f}x the work done of one "
          "(2.00x on 2 idle cores)", flush=True)


def _spin(_=None) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


def machine_parallelism() -> tuple[float, float]:
    """How long a CPU-bound loop takes alone and with a second copy beside it: what two
    processes can get out of this machine at the moment (others may be using it)."""
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_spin, range(2)))  # start both processes
        alone = min(pool.submit(_spin).result() for _ in range(2))
        together = max(pool.map(_spin, range(2)))
    return alone, together


def memory(runs: dict, load_path: str) -> None:
    print("\n5. peak memory (tracemalloc)")
    tracemalloc.start()
    spi_lang.load(load_path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"   loading {LOAD_SIZE:,} programs: peak {peak / 2**20:.1f} MiB, "
          f"{peak / LOAD_SIZE / 1024:.1f} KiB per program")
    path = runs["mixed", 300][0]
    project = spi_lang.load(path)
    tracemalloc.start()
    result = spi_lang.tournament(path, project=project, cache=None)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    pairs = len(result.seat1) * len(result.seat2)
    print(f"   mixed N = 300 tournament (project loaded before): peak {peak / 2**20:.1f} MiB, "
          f"{peak / pairs:.0f} bytes per match", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="seed of the populations")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per figure (the best counts)")
    parser.add_argument("--sample-rows", type=int, default=100,
                        help="seat-1 programs of the mixed N = 1000 sample")
    args = parser.parse_args(argv)
    print(f"command: python benchmarks/tournament.py --seed {args.seed} --repeat {args.repeat} "
          f"--sample-rows {args.sample_rows}")
    print(f"python {platform.python_version()} ({platform.python_implementation()}), "
          f"spilang {spi_lang.__version__}, {platform.machine()}, {os.cpu_count()} cpus, "
          f"load average {os.getloadavg()[0]:.2f} at start\n")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="spilang-bench-") as directory:
        runs = pairs_per_second(directory, args)
        against_handwritten(runs, args)
        load_path = loading(directory, args)
        workers(runs, args)
        memory(runs, load_path)
        whole_process.report(directory, args)
    print(f"\ntotal time: {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
