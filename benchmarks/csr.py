"""Time per match of csr programs (Algorithm 2) and their PMP-extensions, against the
same match with renegotiation programs (Algorithm 1) measured in the same run.

Two games: the Scheduling game of the stdlib (Fair1 vs Fair2 as the Algorithm 1 baseline;
Bold1 vs Modest2, Hardline1 vs Hardline2 and their PMP-extensions) and a random 4x4 game
(seeded) with the same four kinds of pairs built over one pair of pure defaults that
miscoordinate. Each game is loaded once; then `spi_lang.api.play(a, b, project=project)`
is timed, after one warm-up call, in batches of doubling size until at least --min-time
seconds have been spent on the row; the row's mean is the total time over the number of
calls. The timing loop runs on spilang's deep-stack thread (`spi_lang.engine.deep.run_deep`), as
a tournament's matches do, so the figures are matches, not thread starts.

With --against REV (a git revision; by default BASELINE, the code before issue 15's
geometry work) every row is also measured on that revision's code, checked out in a
temporary git worktree and run as a separate process in alternation with this one
(old, new, old, new: the best of each counts, so both see the same machine load), and
the speedup of each row is printed against the target of 3x.

    python benchmarks/csr.py [--seed 1] [--min-time 0.5] [--select leximin] [--against REV | --alone]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import timeit
from fractions import Fraction

import spi_lang
from spi_lang.api import play
from spi_lang.engine.deep import run_deep
from spi_lang.geometry.planar import pareto_frontier
from spi_lang.geometry.text import format_vector

# The code before issue 15's geometry work (main after issue 17's fuel accounting).
BASELINE = "7497c48"

SCHEDULING = """\
import "scheduling/fair1.spi"
import "scheduling/fair2.spi"
import "scheduling/bold1.spi"
import "scheduling/modest2.spi"
import "scheduling/hardline1_pmp.spi"
import "scheduling/hardline2_pmp.spi"

program Bold1Pmp = pmp_extension(Bold1)
program Modest2Pmp = pmp_extension(Modest2)
"""

# (label, player 1, player 2); the first row of each game is its Algorithm 1 baseline.
SCHEDULING_ROWS = [
    ("Fair1 vs Fair2 (Alg. 1)", "Fair1", "Fair2"),
    ("Bold1 vs Modest2", "Bold1", "Modest2"),
    ("Bold1Pmp vs Modest2Pmp", "Bold1Pmp", "Modest2Pmp"),
    ("Hardline1 vs Hardline2", "Hardline1", "Hardline2"),
    ("Hardline1Pmp vs Hardline2Pmp", "Hardline1Pmp", "Hardline2Pmp"),
]
RANDOM_ROWS = [
    ("Fair1 vs Fair2 (Alg. 1)", "Fair1", "Fair2"),
    ("Bold1 vs Bold2", "Bold1", "Bold2"),
    ("Bold1Pmp vs Bold2Pmp", "Bold1Pmp", "Bold2Pmp"),
    ("Hardline1 vs Hardline2", "Hardline1", "Hardline2"),
    ("Hardline1Pmp vs Hardline2Pmp", "Hardline1Pmp", "Hardline2Pmp"),
]


def random_game(seed: int) -> str:
    """A 4x4 game with payoffs 0-5 and its programs: pure defaults (a_i, b_j) whose payoff
    some profile strictly Pareto-improves; Fair1/Fair2 map the default profile to the
    improving profile with the best leximin key; Bold_i offers everything below player
    i's best frontier point, Hardline_i only that point; and the PMP-extensions."""
    rng = random.Random(seed)
    actions = ([f"a{k}" for k in range(1, 5)], [f"b{k}" for k in range(1, 5)])
    profiles = [(x, y) for x in actions[0] for y in actions[1]]
    while True:
        payoff = {p: (rng.randint(0, 5), rng.randint(0, 5)) for p in profiles}
        default = rng.choice(profiles)
        u = payoff[default]
        better = [p for p in profiles if payoff[p][0] >= u[0] and payoff[p][1] >= u[1]
                  and payoff[p] != u]
        if better:
            break
    target = max(better, key=lambda p: (min(payoff[p]), max(payoff[p]), payoff[p]))
    frontier = pareto_frontier([tuple(map(Fraction, v)) for v in payoff.values()])
    best2, best1 = frontier[0], frontier[-1]  # top-left end: best for player 2

    def vec(x) -> str:
        return "(" + ", ".join(str(c) for c in x) + ")"

    d1, d2 = default
    rows = "\n".join(f"  payoff ({x}, {y}) = {vec(v)}" for (x, y), v in payoff.items())
    remap = f"  map ({d1}, {d2}) -> ({target[0]}, {target[1]})"
    return f"""\
game Random4x4 {{
  actions P1: {', '.join(actions[0])}
  actions P2: {', '.join(actions[1])}
{rows}
}}

program Default1 {{ play {d1} }}
program Default2 {{ play {d2} }}

program Fair1 renegotiation {{
  default Default1
{remap}
}}
program Fair2 renegotiation {{
  default Default2
{remap}
}}

program Bold1 csr {{
  default Default1
  offer below {vec(best1)}
}}
program Bold2 csr {{
  default Default2
  offer below {vec(best2)}
}}
program Hardline1 csr {{
  default Default1
  offer point {vec(best1)}
}}
program Hardline2 csr {{
  default Default2
  offer point {vec(best2)}
}}

program Bold1Pmp = pmp_extension(Bold1)
program Bold2Pmp = pmp_extension(Bold2)
program Hardline1Pmp = pmp_extension(Hardline1)
program Hardline2Pmp = pmp_extension(Hardline2)
"""


def measure(a: str, b: str, project, select: str, min_time: float) -> tuple[float, int, object]:
    """Mean seconds per call of play(a, b) over at least `min_time` seconds of calls."""
    return run_deep(_measure, a, b, project, select, min_time)


def _measure(a: str, b: str, project, select: str, min_time: float) -> tuple[float, int, object]:
    result = play(a, b, project=project, select=select)  # warm-up (cached game geometry)
    timer = timeit.Timer(lambda: play(a, b, project=project, select=select))
    total, calls, number = 0.0, 0, 1
    while total < min_time:
        total += timer.timeit(number)
        calls += number
        number *= 2
    return total / calls, calls, result


def fmt_time(seconds: float) -> str:
    if seconds >= 1e-1:
        return f"{seconds:.3f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} us"


def rows_json(args) -> int:
    """--rows-json: measure every row here and print {label: seconds per match} (what
    --against runs on each revision)."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="spilang-bench-") as directory:
        for name, text, rows in (("scheduling", SCHEDULING, SCHEDULING_ROWS),
                                 ("random4x4", random_game(args.seed), RANDOM_ROWS)):
            path = os.path.join(directory, f"{name}.spi")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            project = spi_lang.load(path)
            for label, a, b in rows:
                mean, _, result = measure(f"{path}:{a}", f"{path}:{b}", project, args.select, args.min_time)
                out[f"{name}: {label}"] = (mean, format_vector(result.payoffs))
    print(json.dumps(out))
    return 0


def against(args) -> int:
    """Every row on REV's code and on this code, alternately, in separate processes."""
    here = os.path.dirname(os.path.abspath(__file__))
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=here, capture_output=True,
                          text=True, check=True).stdout.strip()
    options = ["--seed", str(args.seed), "--min-time", str(args.min_time), "--select", args.select, "--rows-json"]
    with tempfile.TemporaryDirectory(prefix="spilang-baseline-") as base:
        tree = os.path.join(base, "tree")
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", tree, args.against], cwd=root, check=True)
        try:
            runs: dict[str, list[dict]] = {"old": [], "new": []}
            for _ in range(2):
                for which, path in (("old", tree), ("new", root)):
                    env = {**os.environ, "PYTHONPATH": path}
                    done = subprocess.run([sys.executable, os.path.join(here, "csr.py"), *options], env=env,
                                          capture_output=True, text=True, check=True)
                    runs[which].append(json.loads(done.stdout))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", tree], cwd=root, check=True)
    print(f"against {args.against} (the code before the speed-up), best of 2 runs each, alternated:")
    header = f"{'row':<44} {'before':>10} {'now':>10} {'speedup':>8}  target >= 3x"
    print(header)
    print("-" * len(header))
    speedups = []
    for label in runs["new"][0]:
        old = min(r[label][0] for r in runs["old"])
        new = min(r[label][0] for r in runs["new"])
        assert runs["old"][0][label][1] == runs["new"][0][label][1], f"{label}: the payoffs changed"
        speedups.append(old / new)
        print(f"{label:<44} {fmt_time(old):>10} {fmt_time(new):>10} {old / new:>7.2f}x  "
              f"{'met' if old / new >= 3 else 'NOT met'}")
    print(f"every row at least 3x faster: {'met' if min(speedups) >= 3 else 'NOT met'} "
          f"(slowest speedup {min(speedups):.2f}x)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="seed of the random 4x4 game")
    parser.add_argument("--min-time", type=float, default=0.5, help="seconds per row (at least)")
    parser.add_argument("--select", default="leximin", help="selection function")
    parser.add_argument("--against", default=BASELINE, help="a git revision to compare every row with")
    parser.add_argument("--alone", action="store_true", help="no comparison: this code's rows only")
    parser.add_argument("--rows-json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rows_json:
        return rows_json(args)

    print(f"command: python benchmarks/csr.py --seed {args.seed} --min-time {args.min_time} "
          f"--select {args.select}")
    print(f"python {platform.python_version()} ({platform.python_implementation()}), "
          f"spilang {spi_lang.__version__}, {platform.machine()}, {os.cpu_count()} cpus, "
          f"load average {os.getloadavg()[0]:.2f} at start")
    print()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="spilang-bench-") as directory:
        games = []
        for name, text, rows in (("scheduling", SCHEDULING, SCHEDULING_ROWS),
                                 ("random4x4", random_game(args.seed), RANDOM_ROWS)):
            path = os.path.join(directory, f"{name}.spi")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            games.append((path, spi_lang.load(path), rows))

        header = f"{'game':<11} {'match':<30} {'calls':>6} {'mean per match':>15} {'vs Alg. 1':>10}  payoffs"
        print(header)
        print("-" * len(header))
        for path, project, rows in games:
            game = next(iter(project.games.values()))
            baseline = None
            for label, a, b in rows:
                mean, calls, result = measure(f"{path}:{a}", f"{path}:{b}", project, args.select,
                                              args.min_time)
                baseline = baseline or mean
                print(f"{game.name:<11} {label:<30} {calls:>6} {fmt_time(mean):>15} "
                      f"{mean / baseline:>9.1f}x  {format_vector(result.payoffs)}")
        print()
        for _, project, _ in games:
            game = next(iter(project.games.values()))
            print(f"{game.name}: PMM {format_vector(game.pmm)}, Pareto frontier "
                  + " - ".join(format_vector(v) for v in game.frontier))
    if not args.alone:
        print()
        against(args)
    print(f"total time: {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
