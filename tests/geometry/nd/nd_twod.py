"""A 2-player view of the n-D results in the shapes spi_lang/geometry.py returns, so a
test can compare the two implementations (this is not a fast path: it runs the general
n-D code and only reorders its output).
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from spi_lang.geometry.nd.bridge import Point
from spi_lang.geometry.nd.game import GameGeometry


def _geometry(points: Iterable[Point]) -> GameGeometry:
    return GameGeometry({k: p for k, p in enumerate(points)})


def pareto_frontier_2d(points: Iterable[Point]) -> tuple[Point, ...]:
    """Vertices of the efficient set, from the top-left end to the bottom-right end
    (as geometry.pareto_frontier: first coordinate rising, second falling)."""
    g = _geometry(points)
    return tuple(sorted(g.efficient.vertices(), key=lambda v: (v[0], -v[1])))


def pareto_meet_minimum_2d(points: Iterable[Point]) -> Point:
    """The PMM (as geometry.pareto_meet_minimum)."""
    return _geometry(points).pmm


def pareto_meet_projection_2d(points: Iterable[Point], player: int, payoff: Point) -> tuple[Point, ...]:
    """PMP_player as its end points, low to high in the player's coordinate, or () when
    empty (as geometry.pareto_meet_projection)."""
    pmp = _geometry(points).pmp(player, tuple(Fraction(c) for c in payoff))
    ends = sorted(pmp.vertices(), key=lambda v: v[player])
    return tuple(dict.fromkeys(ends))
