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
    """Vertices of the convex hull, counter-clockwise from the lowest-leftmost point.

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
