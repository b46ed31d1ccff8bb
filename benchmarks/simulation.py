"""How fast simulation matches are solved, every figure measured in this one run (the
machine may be shared, so each timing is the best of --repeat runs):

  1. a tournament of 200 mixed programs (full: 200 x 200 = 40,000 matches, each played
     by the interpreter, no match cache): 40 code-equality programs (CliqueBot-like, each
     also cooperating with one FairBot), 40 epsilon-grounded FairBots (epsilon = k/1000),
     40 bounded MirrorBots (budgets 10 to 49), 40 modal programs (FairBots and PrudentBots:
     provability on the GL chain) and 40 plain programs (DefectBots, CooperateBots and `play
     mix` coin flippers). Time per match by the family of the seat-1 program, and as a ratio
     to the code-equality row, the baseline measured in the same run. A match that fails (a
     modal statement about a program that plays a mix there: no proof decides a
     probability) is timed and counted too, in its own column.
  2. the deepest epsilon-grounded match: a ring of n copiers, R0 grounded with epsilon =
     1/10 and R(i) copying R(i+1) against itself, so the chain of one match has about n
     states in one strongly connected set: the linear system's size (unknowns, read from
     the trace) and the time of the match, for n = 10 ... 400.

    python benchmarks/simulation.py [--repeat 2] [--quick]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import tempfile
import time

import spi_lang
from spi_lang.engine.deep import run_deep
from spi_lang.engine.interpreter import play_match
from spi_lang.syntax.errors import SpiError

PD = 'import "games/prisoners_dilemma.spi"\n'
FAMILIES = ("code equality", "epsilon-grounded", "bounded", "modal", "plain")


def population(per_family: int) -> tuple[str, dict[str, str]]:
    """The tournament file's text and each program's family."""
    lines, family = [PD], {}
    for k in range(per_family):
        lines.append(f"program Clique{k} {{ if opponent == self {{ play Cooperate }} "
                     f"else if opponent == Fair{k} {{ play Cooperate }} else {{ play Defect }} }}")
        family[f"Clique{k}"] = "code equality"
        lines.append(f"program Fair{k} {{ if random < {k + 1}/1000 {{ play Cooperate }} else if simulate "
                     "opponent plays Cooperate against self { play Cooperate } else { play Defect } }")
        family[f"Fair{k}"] = "epsilon-grounded"
        lines.append(f"program Mirror{k} {{ within {10 + k} steps {{ if simulate opponent plays Cooperate "
                     "against self { play Cooperate } else { play Defect } } otherwise { play Cooperate } }")
        family[f"Mirror{k}"] = "bounded"
        prudent = " and provable in PA+1 (opponent plays Defect against Plain0)" if k % 2 else ""
        lines.append(f"program Modal{k} {{ if provable(opponent plays Cooperate against self){prudent} "
                     "{ play Cooperate } else { play Defect } }")
        family[f"Modal{k}"] = "modal"
        plain = ("play Defect", "play Cooperate", f"play mix {{ Cooperate: {k + 1}/{per_family + 1}, "
                 f"Defect: {per_family - k}/{per_family + 1} }}")[k % 3]
        lines.append(f"program Plain{k} {{ {plain} }}")
        family[f"Plain{k}"] = "plain"
    return "\n".join(lines) + "\n", family


def ring(n: int) -> str:
    lines = [PD]
    for i in range(n):
        coin = "if random < 1/10 { play Cooperate } else " if i == 0 else ""
        lines.append(f"program R{i} {{ {coin}if simulate R{(i + 1) % n} plays Cooperate against R{i} "
                     "{ play Cooperate } else { play Defect } }")
    return "\n".join(lines) + "\n"


def best(repeat: int, run):
    """The shortest of `repeat` timed calls of run(), and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def tournament(directory: str, per_family: int, repeat: int) -> None:
    text, family = population(per_family)
    path = os.path.join(directory, "population.spi")
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
    project = spi_lang.load(path)
    programs = [project.program(f"{path}:{name}") for name in family]
    game = project.game_for(programs)

    def by_family():
        totals = {f: [0.0, 0, 0] for f in FAMILIES}  # seconds, matches, failed
        for a in programs:
            start, failed = time.perf_counter(), 0
            for b in programs:
                try:
                    play_match(game, (a, b), trace=False)
                except SpiError:
                    failed += 1
            totals[family[a.name]][0] += time.perf_counter() - start
            totals[family[a.name]][1] += len(programs)
            totals[family[a.name]][2] += failed
        return totals

    seconds, totals = best(repeat, lambda: run_deep(by_family))
    n = len(programs)
    print(f"1. tournament of {n} programs ({per_family} per family): {n * n:,} matches in {seconds:.1f} s")
    print("   seat-1 family      matches   failed   mean per match   vs code equality")
    base = totals["code equality"][0] / totals["code equality"][1]
    for f in FAMILIES:
        mean = totals[f][0] / totals[f][1]
        print(f"   {f:<18}{totals[f][1]:>8,} {totals[f][2]:>8,}   {mean * 1e3:>11.3f} ms   {mean / base:>14.1f}x")


def deepest(sizes, directory: str, repeat: int) -> None:
    print("2. the deepest epsilon-grounded match: a ring of n copiers, one grounded (1/10)")
    print("   n      states   unknowns   time       payoffs")
    for n in sizes:
        path = os.path.join(directory, f"ring{n}.spi")
        with open(path, "w", encoding="utf-8") as out:
            out.write(ring(n))
        project = spi_lang.load(path)
        table = (project.program(f"{path}:R0"), project.program(f"{path}:R1"))
        game = project.game_for(list(table))
        fuel = 50_000_000
        seconds, result = best(repeat, lambda: run_deep(play_match, game, table, "leximin", fuel, True))
        sizes_seen = [re.search(r"states \(independent coins\): (\d+), largest linear system (\d+)", s.text)
                      for s in result.steps]
        found = [(int(m[1]), int(m[2])) for m in sizes_seen if m]
        states, unknowns = max(found, key=lambda su: su[1])
        payoffs = ", ".join(str(x) for x in result.payoffs)
        print(f"   {n:<7}{states:>6}   {unknowns:>8}   {seconds:>6.3f} s   ({payoffs})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="a small run (tests/house)")
    args = parser.parse_args()
    print("command: python benchmarks/simulation.py" + (" --quick" if args.quick else
                                                        f" --repeat {args.repeat}"))
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} cores")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as directory:
        tournament(directory, 5 if args.quick else 40, 1 if args.quick else args.repeat)
        deepest((10, 50) if args.quick else (10, 50, 100, 200, 400), directory,
                1 if args.quick else args.repeat)
    print(f"total time: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
