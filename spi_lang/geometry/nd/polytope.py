"""Exact convex polytopes in R^n (n >= 1), given by vertices (V) or by half-spaces (H),
with conversion both ways done by PPL (see bridge.py), and the linear programs the rest
of the n-D geometry needs (maximize a linear function, lexicographic maxima, faces).

A `Polytope` is immutable and bounded. Its H-representation is minimal: `inequalities`
(a, b) meaning a.x <= b, and `equations` (a, b) meaning a.x == b (the affine hull when
the polytope is not full-dimensional). Its V-representation is its vertices, sorted.
An empty polytope is allowed (`Polytope.empty(n)`); PayoffSet never keeps one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from functools import cached_property

from . import bridge
from .bridge import HalfSpace, Point

MAX_VERTICES = 5_000   # vertices of one polytope; conversions beyond this are refused


class PolytopeTooLarge(Exception):
    """A polytope has (or would have) more than MAX_VERTICES vertices."""


class Unbounded(Exception):
    """Half-spaces that describe an unbounded set were given where a polytope is needed."""


class Polytope:
    """A bounded convex polyhedron of R^n, exact (vertices and half-spaces are Fractions)."""

    __slots__ = ("n", "_poly", "__dict__")

    def __init__(self, n: int, poly):
        # Not for callers: use from_vertices / from_halfspaces / empty.
        self.n = n
        self._poly = poly

    @classmethod
    def from_vertices(cls, points: Iterable[Point]) -> Polytope:
        """The convex hull of finitely many points (at least one)."""
        pts = [tuple(Fraction(c) for c in p) for p in points]
        if not pts:
            raise ValueError("the hull of no points: use Polytope.empty(n)")
        if len(pts) > MAX_VERTICES:
            raise PolytopeTooLarge(f"{len(pts)} points > {MAX_VERTICES}")
        return cls(len(pts[0]), bridge.polyhedron_of_points(len(pts[0]), pts))

    @classmethod
    def from_halfspaces(cls, n: int, inequalities: Iterable[HalfSpace],
                        equations: Iterable[HalfSpace] = ()) -> Polytope:
        """{x : a.x <= b for each (a, b) in inequalities, a.x == b for each equation};
        raises Unbounded if that set is unbounded."""
        poly = bridge.polyhedron_of_constraints(n, _exact(inequalities), _exact(equations))
        if not poly.is_bounded():
            raise Unbounded("the half-spaces do not bound a polytope")
        return cls(n, poly)

    @classmethod
    def empty(cls, n: int) -> Polytope:
        """The empty polytope of R^n."""
        return cls(n, bridge.polyhedron_of_points(n, ()))

    # ---------------------------------------------------------- representations

    @cached_property
    def vertices(self) -> tuple[Point, ...]:
        """The vertices, sorted lexicographically (empty for the empty polytope)."""
        if self._poly.is_empty():
            return ()
        gens = self._poly.minimized_generators()
        if len(gens) > MAX_VERTICES:
            raise PolytopeTooLarge(f"{len(gens)} vertices > {MAX_VERTICES}")
        return tuple(sorted(bridge.from_generator(g) for g in gens))

    @cached_property
    def _hrep(self) -> tuple[tuple[HalfSpace, ...], tuple[HalfSpace, ...]]:
        ineqs, eqs = [], []
        for c in self._poly.minimized_constraints():
            half, is_eq = bridge.from_constraint(c)
            (eqs if is_eq else ineqs).append(half)
        return tuple(ineqs), tuple(eqs)

    @property
    def inequalities(self) -> tuple[HalfSpace, ...]:
        """Minimal facet inequalities (a, b): a.x <= b (integer coefficients, exact)."""
        return self._hrep[0]

    @property
    def equations(self) -> tuple[HalfSpace, ...]:
        """Equations (a, b): a.x == b of the affine hull (none if full-dimensional)."""
        return self._hrep[1]

    def halfspaces(self) -> list[HalfSpace]:
        """All of the H-representation as inequalities (each equation as two)."""
        out = list(self.inequalities)
        for a, b in self.equations:
            out += [(a, b), (tuple(-c for c in a), -b)]
        return out

    @property
    def is_empty(self) -> bool:
        """Whether the polytope has no point."""
        return self._poly.is_empty()

    @property
    def dimension(self) -> int:
        """The affine dimension (-1 for the empty polytope)."""
        return -1 if self._poly.is_empty() else self._poly.affine_dimension()

    def size(self) -> int:
        """Vertices times constraints: the unit of work charged for operations on it."""
        return max(1, len(self.vertices)) * max(1, len(self.inequalities) + len(self.equations))

    # ---------------------------------------------------------- predicates

    def contains(self, x: Point) -> bool:
        """Whether the point x lies in the polytope (boundary included)."""
        return (all(_dot(a, x) <= b for a, b in self.inequalities)
                and all(_dot(a, x) == b for a, b in self.equations))

    def within(self, other: Polytope) -> bool:
        """Whether this polytope is a subset of `other`."""
        return other._poly.contains(self._poly)

    def __eq__(self, other) -> bool:
        return isinstance(other, Polytope) and self.n == other.n and self.vertices == other.vertices

    def __hash__(self) -> int:
        return hash((self.n, self.vertices))

    def __repr__(self) -> str:
        return f"Polytope({[tuple(str(c) for c in v) for v in self.vertices]})"

    # ---------------------------------------------------------- operations

    def intersect(self, other: Polytope) -> Polytope:
        """The intersection of two polytopes (possibly empty)."""
        poly = _copy(self._poly)
        poly.intersection_assign(other._poly)
        return Polytope(self.n, poly)

    def clip(self, inequalities: Iterable[HalfSpace], equations: Iterable[HalfSpace] = ()) -> Polytope:
        """The part of the polytope inside extra half-spaces (and on extra hyperplanes)."""
        poly = _copy(self._poly)
        for a, b in _exact(inequalities):
            poly.add_constraint(bridge.ppl_constraint(a, b))
        for a, b in _exact(equations):
            poly.add_constraint(bridge.ppl_constraint(a, b, equality=True))
        return Polytope(self.n, poly)

    def maximize(self, c: Sequence[Fraction]) -> tuple[Fraction, Polytope] | None:
        """max c.x over the polytope and the face where it is attained (None if empty)."""
        best = bridge.maximize(self._poly, tuple(Fraction(v) for v in c))
        if best is None:
            return None
        value, _ = best
        return value, self.clip((), [(tuple(Fraction(v) for v in c), value)])

    def lex_maximize(self, objectives: Iterable[Sequence[Fraction]]) -> tuple[list[Fraction], Polytope]:
        """Maximize the objectives one after another, each on the face where the previous
        ones are optimal; returns the optimal values and the final face (non-empty)."""
        face, values = self, []
        for c in objectives:
            best = face.maximize(c)
            if best is None:
                raise ValueError("lex_maximize over an empty polytope")
            values.append(best[0])
            face = best[1]
        return values, face

    def face_vertices(self, tight: Iterable[HalfSpace]) -> tuple[Point, ...]:
        """The vertices where every given inequality (of this polytope) holds with equality."""
        tight = list(tight)
        return tuple(v for v in self.vertices if all(_dot(a, v) == b for a, b in tight))

    def ppl(self):
        """The underlying PPL polyhedron (a copy; for the other modules of spi_lang.geometry.nd)."""
        return _copy(self._poly)


def _copy(poly):
    return type(poly)(poly)


def _dot(a: Sequence[Fraction], x: Sequence[Fraction]) -> Fraction:
    return sum((p * q for p, q in zip(a, x)), Fraction(0))


def _exact(halfspaces: Iterable[HalfSpace]) -> list[HalfSpace]:
    return [(tuple(Fraction(c) for c in a), Fraction(b)) for a, b in halfspaces]


def dot(a: Sequence[Fraction], x: Sequence[Fraction]) -> Fraction:
    """The exact inner product a.x."""
    return _dot(a, x)


def max_min(piece: Polytope, shift: Sequence[Fraction], coords: Sequence[int],
            floors: dict[int, Fraction] | None = None) -> Fraction | None:
    """max over x in the piece, with x_j >= floors[j], of min_{i in coords} (x_i - shift_i):
    one exact LP in R^(n+1) with the extra variable t (None if infeasible)."""
    import ppl
    poly = piece.ppl()
    n = piece.n
    poly.add_space_dimensions_and_embed(1)
    t = ppl.Variable(n)
    for j, low in (floors or {}).items():  # x_j >= low
        poly.add_constraint(bridge.ppl_constraint(_unit(n + 1, j, -1), -Fraction(low)))
    for i in coords:  # x_i - t >= shift_i
        m = Fraction(shift[i]).denominator
        poly.add_constraint(m * ppl.Variable(i) - m * t >= int(shift[i] * m))
    if poly.is_empty():
        return None
    result = poly.maximize(ppl.Linear_Expression(t))
    return Fraction(int(result["sup_n"]), int(result["sup_d"]))


def _unit(n: int, i: int, sign: int) -> tuple[Fraction, ...]:
    return tuple(Fraction(sign if k == i else 0) for k in range(n))
