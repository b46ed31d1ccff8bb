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
    too_large = (sets.SetTooLarge,)  # what its operations raise past their size caps

    @staticmethod
    def empty() -> sets.PayoffSet:
        """The empty set."""
        return sets.PayoffSet()

    @staticmethod
    def hull(points: Iterable[Point]) -> sets.PayoffSet:
        """The convex hull of points, as a set."""
        return sets.PayoffSet((sets.Piece.hull(points),))


PLANAR = Planar()


class Polyhedral:
    """The payoff space of a game of n >= 3 players (pplpy is imported only here)."""

    def __init__(self, dimension: int) -> None:
        from spi_lang.geometry.nd import polytope
        from spi_lang.geometry.nd import sets as nd_sets  # pplpy: only for 3+ players
        self.dimension, self._sets, self._polytope = dimension, nd_sets, polytope
        self.below, self.above = nd_sets.below, nd_sets.above
        # what its operations raise past their size caps (pieces, pairs, vertices)
        self.too_large = (sets.SetTooLarge, nd_sets.SetTooLarge, polytope.PolytopeTooLarge)

    def empty(self):
        """The empty set."""
        return self._sets.PayoffSet(self.dimension)

    def of(self, pieces, charge=sets._free):
        """The union of pieces (each a polytope of this space)."""
        return self._sets.PayoffSet.of(self.dimension, pieces, charge)

    def points(self, points: Iterable[Point], charge=sets._free):
        """A finite set of points."""
        return self._sets.PayoffSet.points(points, charge)

    def hull(self, points: Iterable[Point]):
        """The convex hull of points, as a set."""
        return self._sets.PayoffSet.polytope(self._polytope.Polytope.from_vertices(list(points)))
