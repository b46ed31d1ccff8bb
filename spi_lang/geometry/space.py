"""The payoff space of a game, as the one interface that Algorithm 2 and the checks use:
empty sets, finite sets of points, convex hulls, the orthants `below`/`above` a point,
and the sets' own operations (union through `of`, intersection, clipping, membership).
Two-player games get the planar implementation (`sets`, exact polygons clipped by
Sutherland-Hodgman, fast); games of three or more players get the polyhedral one
(`polytopes`, exact polytopes through the Parma Polyhedra Library)."""

from __future__ import annotations

from collections.abc import Iterable

from spi_lang.geometry import sets
from spi_lang.geometry.planar import Point


class Planar:
    """The payoff space of a 2-player game. Its operations are the planar set class's own
    (no wrapper: deep offer chains spend no extra stack frame per set operation)."""

    dimension = 2
    of = sets.PayoffSet.of          # the union of pieces (each a convex set of this space)
    points = sets.PayoffSet.points  # a finite set of points
    below = staticmethod(sets.below)
    above = staticmethod(sets.above)

    @staticmethod
    def empty() -> sets.PayoffSet:
        """The empty set."""
        return sets.PayoffSet()

    @staticmethod
    def hull(points: Iterable[Point]) -> sets.PayoffSet:
        """The convex hull of points, as a set."""
        return sets.PayoffSet((sets.Piece.hull(points),))


PLANAR = Planar()
