"""Benchmark: feasible set + efficient faces + PMM for random 3-player games with 3, 6
and 10 actions per player and a 4-player game with 3, then intersection and selection
of two offer sets in the 3-player 6-action game. Prints wall-clock times.

Run: python benchmarks/nd_geometry.py
"""

from __future__ import annotations

import itertools
import random
import time
from fractions import Fraction

from spi_lang.geometry.nd.game import GameGeometry
from spi_lang.geometry.nd.selection import NashIrrational, leximin, nash, utilitarian
from spi_lang.geometry.nd.sets import PayoffSet


def random_table(rng: random.Random, players: int, actions: int) -> dict:
    """Payoffs drawn uniformly from {0, 1/2, ..., 10} for every pure profile."""
    return {p: tuple(Fraction(rng.randint(0, 20), 2) for _ in range(players))
            for p in itertools.product(range(actions), repeat=players)}


def _timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"  {label:34} {1000 * (time.perf_counter() - start):9.1f} ms")
    return result


def bench_game(players: int, actions: int, seed: int) -> GameGeometry:
    """Time F, E and the PMM of one random game."""
    rng = random.Random(seed)
    g = GameGeometry(random_table(rng, players, actions))
    print(f"{players} players x {actions} actions ({actions ** players} profiles):")
    F = _timed("feasible set (V->H)", lambda: g.feasible)
    print(f"  {'':34} {len(F.vertices)} vertices, {len(F.inequalities)} facets")
    E = _timed("efficient faces", lambda: g.efficient)
    print(f"  {'':34} {len(E.pieces)} maximal faces")
    _timed("PMM", lambda: g.pmm)
    return g


def bench_offers(g: GameGeometry) -> None:
    """Two offer sets, each a union: A = the efficient faces E plus the pure payoff points;
    B = F where player 1, or else player 2, gets at least the middle of its range on E;
    intersect them and select."""
    F = PayoffSet.polytope(g.feasible)
    A = _timed("offer A = E | pure points", lambda: g.efficient.union(PayoffSet.points(g.table.values())))
    cuts = []
    for i in (0, 1):
        mid = (g.pmm[i] + max(v[i] for v in g.efficient.vertices())) / 2
        unit = tuple(Fraction(-int(k == i)) for k in range(g.n))
        cuts.append(F.clip([(unit, -mid)]))
    B = _timed("offer B = F&{x1>=m1} | F&{x2>=m2}", lambda: cuts[0].union(cuts[1]))
    print(f"  {'':34} A: {len(A.pieces)} pieces, B: {len(B.pieces)} pieces")
    both = _timed("A & B", lambda: A.intersect(B))
    print(f"  {'':34} {len(both.pieces)} pieces")
    _timed("leximin(A & B)", lambda: leximin(both))
    _timed("utilitarian(A & B)", lambda: utilitarian(both))
    try:
        _timed("nash(A & B, base = PMM)", lambda: nash(both, g.pmm))
    except NashIrrational as e:
        print(f"  nash: NashIrrational ({e})")


def main() -> None:
    for players, actions, seed in ((3, 3, 1), (3, 6, 2), (3, 10, 3), (4, 3, 4)):
        g = bench_game(players, actions, seed)
        if (players, actions) == (3, 6):
            bench_offers(g)


if __name__ == "__main__":
    main()
