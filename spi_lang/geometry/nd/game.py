"""The payoff-space geometry of an n-player game given as a payoff table (a dict from
pure profiles to payoff vectors of Fractions; its iteration order is the profile order):
the feasible set F, its Pareto-efficient faces E, the Pareto meet minimum and the
Pareto meet projections (Appendix A of DiGiovanni, Clifton and Mace, arXiv 2403.05103).

- F is the convex hull of the pure payoff vectors (players can randomize jointly).
- E is the set of efficient points of F, a union of faces (efficiency.py).
- PMM_i = min over E of u_i (Definition 5), attained at a vertex of E.
- PMP_i(a) = {x in F : x_i >= max(PMM_i, u_i(a)), x_j = max(PMM_j, u_j(a)) for j != i}:
  a segment parallel to axis i, a point, or empty (it can be empty for n >= 3).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from fractions import Fraction
from functools import cached_property

from .bridge import Point
from .efficiency import efficient_faces
from .polytope import Polytope
from .sets import PayoffSet

Profile = Hashable  # a tuple of action names, typically
Table = Mapping[Profile, Sequence[Fraction]]
Charge = Callable[[int], None]


def _free(units: int) -> None:
    """No fuel accounting."""


def _vector(u: Sequence) -> Point:
    return tuple(Fraction(c) for c in u)


def feasible_set(table: Table) -> Polytope:
    """F: the convex hull of the pure payoff vectors."""
    return Polytope.from_vertices(_vector(u) for u in table.values())


def pareto_meet_minimum(efficient: PayoffSet) -> Point:
    """The PMM: each player's lowest payoff over the efficient set (a union of faces)."""
    verts = efficient.vertices()
    return tuple(min(v[i] for v in verts) for i in range(efficient.n))


def pareto_meet_projection(feasible: Polytope, pmm: Point, player: int,
                           payoff: Sequence[Fraction], charge: Charge = _free) -> PayoffSet:
    """PMP_player of an outcome paying `payoff`, as a payoff set (empty or one polytope)."""
    n = feasible.n
    floor = tuple(max(m, Fraction(u)) for m, u in zip(pmm, payoff))
    unit = [tuple(Fraction(int(k == i)) for k in range(n)) for i in range(n)]
    equations = [(unit[j], floor[j]) for j in range(n) if j != player]
    inequalities = [(tuple(-c for c in unit[player]), -floor[player])]  # x_i >= floor_i
    charge(feasible.size() + 1)
    return PayoffSet.polytope(feasible.clip(inequalities, equations))


class GameGeometry:
    """F, E, the PMM and the PMPs of one payoff table, computed once each."""

    def __init__(self, table: Table):
        if not table:
            raise ValueError("a game needs at least one profile")
        self.table = {p: _vector(u) for p, u in table.items()}
        self.n = len(next(iter(self.table.values())))
        if any(len(u) != self.n for u in self.table.values()):
            raise ValueError("payoff vectors of different lengths")

    @cached_property
    def feasible(self) -> Polytope:
        """F, the feasible set."""
        return feasible_set(self.table)

    @cached_property
    def efficient(self) -> PayoffSet:
        """E, the Pareto-efficient part of F, as its maximal efficient faces."""
        return efficient_faces(self.feasible)

    @cached_property
    def pmm(self) -> Point:
        """The Pareto meet minimum."""
        return pareto_meet_minimum(self.efficient)

    def pmp(self, player: int, payoff: Sequence[Fraction], charge: Charge = _free) -> PayoffSet:
        """PMP_player of an outcome with expected payoffs `payoff` (possibly empty)."""
        return pareto_meet_projection(self.feasible, self.pmm, player, payoff, charge)

    def expected(self, lottery: Sequence[tuple[Profile, Fraction]]) -> Point:
        """The expected payoff vector of a lottery [(profile, probability), ...]."""
        total = [Fraction(0)] * self.n
        for profile, p in lottery:
            for i, u in enumerate(self.table[profile]):
                total[i] += Fraction(p) * u
        return tuple(total)
