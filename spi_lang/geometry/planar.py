"""Exact 2-D payoff-space geometry: convex hulls, Pareto dominance, the Pareto frontier
of a polygon, and the Pareto meet minimum. Points are tuples of `Fraction`s."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

Point = tuple[Fraction, ...]


def weakly_improves(x: Point, y: Point) -> bool:
    """x >= y in every coordinate."""
    return all(a >= b for a, b in zip(x, y))


def dominates(x: Point, y: Point) -> bool:
    """x >= y everywhere and x > y somewhere (a Pareto improvement)."""
    return weakly_improves(x, y) and x != y


def _cross(o: Point, a: Point, b: Point) -> Fraction:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(points: Iterable[Point]) -> tuple[Point, ...]:
    """Vertices of the convex hull, counter-clockwise from the leftmost (then lowest) point.

    Collinear points are dropped; a single point or a segment gives 1 or 2 vertices.
    """
    pts = sorted(set(points))
    if len(pts) <= 2:
        return tuple(pts)

    def chain(seq):
        out: list[Point] = []
        for p in seq:
            while len(out) >= 2 and _cross(out[-2], out[-1], p) <= 0:
                out.pop()
            out.append(p)
        return out

    lower, upper = chain(pts), chain(reversed(pts))
    hull = lower[:-1] + upper[:-1]
    return tuple(hull) if len(hull) >= 2 else (pts[0], pts[-1])


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
