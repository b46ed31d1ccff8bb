"""Pareto efficiency in R^n, decided by exact LPs, and the efficient part of a polytope as
a union of faces.

A point p of a set S is (Pareto-)efficient in S when no point of S weakly improves it
for every player and strictly for one. For a polytope P this is one LP: the maximum of
sum(x) over P & {x >= p} equals sum(p). A pure payoff point can be dominated by a
mixture of others without being dominated by any single one; the LP sees mixtures.

The efficient set of a polytope is a union of faces, and a face is efficient exactly
when a point of its relative interior (the mean of its vertices) is: an efficient point
of a polytope maximizes some strictly positive weighting w.x over it (Isermann), so the
whole smallest face holding it does too. Faces are walked from P down through facets of
faces (computed combinatorially from the vertex-facet incidence), stopping at efficient
ones; the result is the inclusion-maximal efficient faces.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from .bridge import Point
from .polytope import Polytope, dot
from .sets import PayoffSet, SetTooLarge, above

Charge = Callable[[int], None]
MAX_FACES = 20_000   # faces one walk may visit


def _free(units: int) -> None:
    """No fuel accounting."""


def dominated_in(p: Point, piece: Polytope) -> bool:
    """Whether some point of the polytope weakly improves p for all and strictly for one."""
    better = piece.clip(above(p))
    best = better.maximize([Fraction(1)] * len(p))
    return best is not None and best[0] > sum(p)


def is_efficient(p: Point, points: PayoffSet | Polytope, charge: Charge = _free) -> bool:
    """Whether p is Pareto-efficient in the set (p must be a point of it; exact LPs)."""
    pieces = points.pieces if isinstance(points, PayoffSet) else (points,)
    charge(sum(p.size() for p in pieces) + 1)
    return not any(dominated_in(p, piece) for piece in pieces)


def _mean(points: list[Point]) -> Point:
    k = len(points)
    return tuple(sum(col, Fraction(0)) / k for col in zip(*points))


class FaceWalk:
    """The faces of one polytope as sets of vertex indices, from its vertex-facet incidence."""

    def __init__(self, piece: Polytope):
        self.piece = piece
        self.verts = piece.vertices
        self.tight = [frozenset(k for k, v in enumerate(self.verts) if dot(a, v) == b)
                      for a, b in piece.inequalities]

    def facets_of(self, face: frozenset[int]) -> list[frozenset[int]]:
        """The facets of a face: the inclusion-maximal proper non-empty face & facet sets."""
        cands = {face & t for t in self.tight if not face <= t}
        cands.discard(frozenset())
        return sorted((c for c in cands if not any(c < d for d in cands)), key=sorted)

    def polytope(self, face: frozenset[int]) -> Polytope:
        """The face as a polytope."""
        return Polytope.from_vertices([self.verts[k] for k in sorted(face)])

    def efficient(self, face: frozenset[int]) -> bool:
        """Whether the face is efficient in the whole polytope (its mean is)."""
        return not dominated_in(_mean([self.verts[k] for k in face]), self.piece)


def efficient_face_sets(piece: Polytope, charge: Charge = _free) -> tuple[FaceWalk, list[frozenset[int]]]:
    """The inclusion-maximal efficient faces of a non-empty polytope, as vertex-index sets."""
    walk = FaceWalk(piece)
    root = frozenset(range(len(walk.verts)))
    stack, seen, found = [root], {root}, []
    while stack:
        face = stack.pop()
        charge(piece.size())  # one LP over the polytope per face visited
        if walk.efficient(face):
            found.append(face)
            continue
        for sub in walk.facets_of(face):
            if sub not in seen:
                if len(seen) >= MAX_FACES:
                    raise SetTooLarge(f"more than {MAX_FACES} faces visited")
                seen.add(sub)
                stack.append(sub)
    maximal = [f for f in found if not any(f < g for g in found)]
    return walk, sorted(maximal, key=sorted)


def efficient_faces(piece: Polytope, charge: Charge = _free) -> PayoffSet:
    """The Pareto-efficient part of a polytope, as the union of its maximal efficient faces."""
    if piece.is_empty:
        return PayoffSet(piece.n, ())
    walk, faces = efficient_face_sets(piece, charge)
    return PayoffSet(piece.n, tuple(walk.polytope(f) for f in faces))


def all_subfaces(walk: FaceWalk, faces: list[frozenset[int]], charge: Charge = _free) -> list[frozenset[int]]:
    """Every non-empty face of the given faces (themselves included), largest first."""
    stack, seen = list(faces), set(faces)
    while stack:
        face = stack.pop()
        charge(len(face) * (len(walk.tight) + 1))
        for sub in walk.facets_of(face):
            if sub not in seen:
                if len(seen) >= MAX_FACES:
                    raise SetTooLarge(f"more than {MAX_FACES} faces visited")
                seen.add(sub)
                stack.append(sub)
    return sorted(seen, key=lambda f: (-len(f), sorted(f)))
