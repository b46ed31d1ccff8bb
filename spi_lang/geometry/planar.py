"""Exact 2-D payoff-space geometry: convex hulls, Pareto dominance, the Pareto frontier
of a polygon, and the Pareto meet minimum. Points are tuples of `Fraction`s."""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

Point = tuple[Fraction, ...]


def weakly_improves(x: Point, y: Point) -> bool:
    """x >= y in every coordinate."""
    return all(a >= b for a, b in zip(x, y))


def dominates(x: Point, y: Point) -> bool:
    """x >= y everywhere and x > y somewhere (a Pareto improvement)."""
    return weakly_improves(x, y) and x != y


# The hull on one common denominator per axis is taken only while that denominator stays
# this short: many unrelated denominators (hostile input) would make every scaled
# coordinate as long as their product, so those points take the per-point path instead.
SCALE_BITS = 8192


def convex_hull(points: Iterable[Point]) -> tuple[Point, ...]:
    """Vertices of the convex hull, counter-clockwise from the leftmost (then lowest) point.

    Collinear points are dropped; a single point or a segment gives 1 or 2 vertices.
    """
    pts = list(points)
    # Integer work with the same answer: scaling axis i by a positive L_i keeps the order
    # of the points and the sign of every cross product (it scales by L_0 L_1 > 0).
    scales = [_common_denominator(p[axis] for p in pts) for axis in (0, 1)]
    if None in scales:
        unique = sorted(set(pts))
        return tuple(unique) if len(unique) <= 2 else _homogeneous_hull(unique)
    l0, l1 = scales
    # Duplicates dropped by their integer keys (cheap to hash, unlike `Fraction`s), each
    # kept as its first occurrence, as a set of the points would keep it.
    scaled = {(p[0].numerator * (l0 // p[0].denominator),
               p[1].numerator * (l1 // p[1].denominator)): p for p in reversed(pts)}
    order = sorted(scaled)
    if len(order) <= 2:
        return tuple(scaled[q] for q in order)
    return tuple(scaled[q] for q in _monotone_chain(order, _cross))


def _common_denominator(values: Iterable[Fraction]) -> int | None:
    """The least common multiple of the values' denominators; None past SCALE_BITS bits."""
    scale = 1
    for d in {v.denominator for v in values}:
        if scale % d:
            scale = math.lcm(scale, d)
            if scale.bit_length() > SCALE_BITS:
                return None
    return scale


def _monotone_chain(pts: list, turn) -> list:
    """Andrew's monotone chain on sorted, distinct points; `turn(o, a, b)` has the sign of
    the cross product (a - o) x (b - o)."""
    def chain(seq):
        out: list = []
        for p in seq:
            while len(out) >= 2 and turn(out[-2], out[-1], p) <= 0:
                out.pop()
            out.append(p)
        return out

    lower, upper = chain(pts), chain(reversed(pts))
    hull = lower[:-1] + upper[:-1]
    return hull if len(hull) >= 2 else [pts[0], pts[-1]]


def _cross(o, a, b) -> int:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _homogeneous_hull(pts: list[Point]) -> tuple[Point, ...]:
    """The hull of sorted, distinct points, each as integers (X, Y, W) with W > 0: the
    sign of a cross product of three such points is the sign of their 3 x 3 determinant
    (it is the rational cross product times W_o W_a W_b > 0)."""
    homogeneous = {}
    for p in pts:
        w = math.lcm(p[0].denominator, p[1].denominator)
        homogeneous[p[0].numerator * (w // p[0].denominator),
                    p[1].numerator * (w // p[1].denominator), w] = p
    order = list(homogeneous)  # in the order of pts: the Fraction order
    return tuple(homogeneous[q] for q in _monotone_chain(order, _determinant))


def _determinant(o, a, b) -> int:
    return (o[0] * (a[1] * b[2] - a[2] * b[1]) - o[1] * (a[0] * b[2] - a[2] * b[0])
            + o[2] * (a[0] * b[1] - a[1] * b[0]))


def pareto_frontier(points: Iterable[Point]) -> tuple[Point, ...]:
    """Vertices of the Pareto frontier E of the convex hull, from the top-left end
    (largest second coordinate) to the bottom-right end (largest first coordinate).

    Every edge between consecutive vertices lies in E and has strictly negative slope.
    """
    hull = convex_hull(points)
    right = max(hull, key=lambda p: (p[0], p[1]))
    top = max(hull, key=lambda p: (p[1], p[0]))
    i = hull.index(right)
    chain = [right]
    while chain[-1] != top:
        i = (i + 1) % len(hull)
        chain.append(hull[i])
    return tuple(reversed(chain))


def pareto_meet_minimum(points: Iterable[Point]) -> Point:
    """PMM: each player's lowest payoff on the Pareto frontier."""
    frontier = pareto_frontier(points)
    return (frontier[0][0], frontier[-1][1])


def slice_at(hull: tuple[Point, ...], axis: int, value: Fraction) -> tuple[Fraction, Fraction] | None:
    """The range of the other coordinate over the points of a convex polygon (given by its
    vertices) whose coordinate `axis` equals `value`; None when the line misses it."""
    other = 1 - axis
    edges = list(zip(hull, hull[1:] + hull[:1])) if len(hull) > 1 else [(hull[0], hull[0])]
    found: list[Fraction] = []
    for p, q in edges:
        if p[axis] == q[axis]:
            if p[axis] == value:
                found += [p[other], q[other]]
        elif min(p[axis], q[axis]) <= value <= max(p[axis], q[axis]):
            t = (value - p[axis]) / (q[axis] - p[axis])
            found.append(p[other] + t * (q[other] - p[other]))
    return (min(found), max(found)) if found else None


def pareto_meet_projection(points: Iterable[Point], player: int, payoff: Point) -> tuple[Point, ...]:
    """PMP_player of an outcome with payoffs `payoff`: the points x of the hull with
    x_player >= max(PMM_player, u_player) and x_other = max(PMM_other, u_other).
    Returned as its end points (one point, or the two ends of a segment)."""
    points = list(points)
    pmm = pareto_meet_minimum(points)
    floor = tuple(max(m, u) for m, u in zip(pmm, payoff))
    other = 1 - player
    span = slice_at(convex_hull(points), other, floor[other])
    if span is None or span[1] < floor[player]:
        return ()
    ends = []
    for x in (max(span[0], floor[player]), span[1]):
        point = [Fraction(0), Fraction(0)]
        point[player], point[other] = x, floor[other]
        ends.append(tuple(point))
    return tuple(dict.fromkeys(ends))
