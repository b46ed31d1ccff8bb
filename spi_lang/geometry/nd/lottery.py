"""The canonical lottery for a feasible payoff point: an exact correlated lottery over at
most n+1 pure profiles that pays exactly that point (Caratheodory), found in polynomial
time by a "pulling" walk down the faces of F, never by trying subsets.

The walk, from y = x with mass 1:
 1. if some pure profile pays exactly y, put the remaining mass on the first such
    profile (in profile order) and stop;
 2. else let G be the smallest face of F holding y (the facets tight at y) and v the
    vertex of G whose first paying profile comes first in profile order;
 3. shoot the ray from v through y to the boundary of G: z = v + t*(y - v) with the
    largest t (t > 1, a ratio test over F's facets); then y = (1 - 1/t) v + (1/t) z, so
    v gets mass*(1 - 1/t), mass becomes mass/t, and y becomes z.
z lies on a facet of G that misses v, so the face's dimension drops at every step:
at most dim F + 1 <= n + 1 profiles. Every choice is fixed by the profile order, so the
lottery is a function of (table, x).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from fractions import Fraction

from .bridge import Point
from .polytope import Polytope, dot

Profile = Hashable


class NotFeasible(Exception):
    """The payoff point is not in the feasible set of the game."""


def canonical_lottery(table: Mapping[Profile, Sequence[Fraction]], x: Sequence[Fraction],
                      feasible: Polytope | None = None) -> list[tuple[Profile, Fraction]]:
    """[(profile, probability), ...] in profile order: at most n+1 profiles, positive
    exact probabilities summing to 1, expected payoff exactly x."""
    payoffs = {p: tuple(Fraction(c) for c in u) for p, u in table.items()}
    order = {p: k for k, p in enumerate(payoffs)}
    first: dict[Point, Profile] = {}
    for profile, u in payoffs.items():
        first.setdefault(u, profile)
    F = feasible if feasible is not None else Polytope.from_vertices(payoffs.values())
    y = tuple(Fraction(c) for c in x)
    if not F.contains(y):
        raise NotFeasible(f"payoff point {tuple(map(str, y))} is not feasible")
    weights: dict[Profile, Fraction] = {}
    mass = Fraction(1)
    while y not in first:
        v = min(F.face_vertices(_tight(F, y)), key=lambda w: order[first[w]])
        t = _exit(F, v, y)
        weights[first[v]] = weights.get(first[v], Fraction(0)) + mass * (1 - 1 / t)
        mass /= t
        y = tuple(a + t * (b - a) for a, b in zip(v, y))
    weights[first[y]] = weights.get(first[y], Fraction(0)) + mass
    return sorted(((p, w) for p, w in weights.items() if w), key=lambda pw: order[pw[0]])


def _tight(F: Polytope, y: Point):
    """The facet inequalities of F that hold with equality at y."""
    return [(a, b) for a, b in F.inequalities if dot(a, y) == b]


def _exit(F: Polytope, v: Point, y: Point) -> Fraction:
    """The largest t with v + t(y - v) in F (t >= 1 as y is in F; finite as F is bounded)."""
    direction = tuple(b - a for a, b in zip(v, y))
    ratios = [(b - dot(a, v)) / s for a, b in F.inequalities if (s := dot(a, direction)) > 0]
    return min(ratios)
