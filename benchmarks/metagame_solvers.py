"""How large a meta-game Gambit solves exactly: the time of `enummixed` (every extreme
equilibrium) and `lcp` (one equilibrium), both `rational=True`, on random two-seat
meta-games of n programs per seat, against the same solver on n = 4 measured in the same
run (the ratio column). The games are `spi_lang.geometry.games.Game`s with payoffs
k/d (k in 0..20, d in 1..4, seeded), written with spilang's `.nfg` writer and read by
pygambit, as `spilang metagame` does. A solver stops growing n after a run longer than
--budget seconds (enummixed at 12 programs took minutes when this was written).

    python benchmarks/metagame_solvers.py [--seed 1] [--budget 30]
"""

from __future__ import annotations

import argparse
import io
import platform
import random
import time
from fractions import Fraction

import pygambit

from spi_lang.geometry.games import Game
from spi_lang.geometry.nfg import to_nfg

SIZES = {"enummixed": (4, 6, 8, 9, 10, 11, 12), "lcp": (4, 10, 20, 40, 60, 80, 100, 120)}


def random_game(n: int, seed: int) -> Game:
    rng = random.Random(seed * 1000 + n)
    names = tuple(f"Program{k}" for k in range(n))
    table = {(p, q): (Fraction(rng.randint(0, 20), rng.randint(1, 4)), Fraction(rng.randint(0, 20), rng.randint(1, 4)))
             for p in names for q in names}
    return Game("Bench", ("P1", "P2"), (names, names), table)


def solve_time(solver: str, game: Game) -> tuple[float, int]:
    theirs = pygambit.read_nfg(io.StringIO(to_nfg(game)))
    start = time.perf_counter()
    if solver == "enummixed":
        found = pygambit.nash.enummixed_solve(theirs, rational=True).equilibria
    else:
        found = pygambit.nash.lcp_solve(theirs, rational=True, stop_after=1).equilibria
    return time.perf_counter() - start, len(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--budget", type=float, default=30.0)
    args = parser.parse_args()
    print(f"# pygambit {pygambit.__version__}, Python {platform.python_version()}, {platform.machine()}, seed {args.seed}")
    print(f"{'solver':<10} {'programs':>8} {'equilibria':>10} {'seconds':>9} {'ratio to n=4':>13}")
    for solver, sizes in SIZES.items():
        baseline = None
        for n in sizes:
            seconds, found = solve_time(solver, random_game(n, args.seed))
            baseline = baseline or seconds
            print(f"{solver:<10} {n:>8} {found:>10} {seconds:>9.3f} {seconds / baseline:>13.0f}", flush=True)
            if seconds > args.budget:
                break


if __name__ == "__main__":
    main()
