"""Exact payoff-space sets in R^n: finite unions of non-empty convex polytopes, with
union, intersection, clipping by half-spaces, membership, containment and emptiness.
The n-dimensional counterpart of spi_lang/sets.py, with the same interface shape.

Fuel. Every operation takes `charge(units)` and calls it BEFORE doing its work, with
units in proportion to that work. One unit is one vertex-against-constraint test (the
inner step of PPL's conversions and of containment tests); for an operation on pieces
P and Q it is charged as (vertices of P + Q) x (constraints of P + Q), an upper-bound
style estimate made from the operands (the result's size is unknown beforehand). PPL's
double description can be super-linear on pathological inputs, so sizes are also capped:
MAX_PIECES pieces per set, MAX_PAIRS piece pairs per intersection, MAX_REMAINDER parts
in a containment test, and polytope.MAX_VERTICES vertices per piece; past a cap the
operation raises SetTooLarge before working.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction

import attrs

from spi_lang.geometry.numbers import bounded

from . import bridge
from .bridge import HalfSpace, Point, ppl
from .polytope import Polytope

MAX_PIECES = 500          # pieces in one set (union is quadratic in this)
MAX_PAIRS = 50_000        # piece pairs one intersection may have to cut
MAX_REMAINDER = 10_000    # convex parts left while testing a piece against a cover
Charge = Callable[[int], None]


def _free(units: int) -> None:
    """The charge of work done outside a match: nothing."""


class SetTooLarge(Exception):
    """An operation would exceed one of the size caps of this module."""


def _pair_cost(p: Polytope, q: Polytope) -> int:
    return ((len(p.vertices) + len(q.vertices))
            * (len(p.inequalities) + len(p.equations) + len(q.inequalities) + len(q.equations) + 1))


@attrs.frozen
class PayoffSet:
    """A finite union of non-empty polytopes of R^n, none inside another."""

    n: int
    pieces: tuple[Polytope, ...] = ()

    @classmethod
    def of(cls, n: int, pieces: Iterable[Polytope], charge: Charge = _free) -> PayoffSet:
        """The union of polytopes, with empty ones and ones inside others dropped."""
        unique = list(dict.fromkeys(p for p in pieces if not p.is_empty))
        if len(unique) > MAX_PIECES:  # checked before the quadratic pass below
            raise SetTooLarge(f"{len(unique)} pieces > {MAX_PIECES}")
        charge(sum(_pair_cost(p, q) for i, p in enumerate(unique) for q in unique[:i]))
        kept: list[Polytope] = []
        for piece in unique:
            if any(piece.within(k) for k in kept):
                continue
            kept = [k for k in kept if not k.within(piece)] + [piece]
        for piece in kept:  # new vertices (of intersections, clips) are made by PPL
            for vertex in piece.vertices:
                for x in vertex:
                    bounded(x, "a vertex of a payoff set")
        return cls(n, tuple(kept))

    @classmethod
    def points(cls, points: Iterable[Point], charge: Charge = _free) -> PayoffSet:
        """A finite set of points (at least one, to fix the dimension)."""
        pts = [tuple(Fraction(c) for c in p) for p in points]
        return cls.of(len(pts[0]), (Polytope.from_vertices([p]) for p in dict.fromkeys(pts)), charge)

    @classmethod
    def polytope(cls, piece: Polytope) -> PayoffSet:
        """The set of one polytope (empty if it is empty)."""
        return cls(piece.n, () if piece.is_empty else (piece,))

    @property
    def empty(self) -> bool:
        """Whether the set has no point (pieces are never empty)."""
        return not self.pieces

    def union(self, other: PayoffSet, charge: Charge = _free) -> PayoffSet:
        """S | T."""
        return PayoffSet.of(self.n, self.pieces + other.pieces, charge)

    def intersect(self, other: PayoffSet, charge: Charge = _free) -> PayoffSet:
        """S & T (piece by piece)."""
        if len(self.pieces) * len(other.pieces) > MAX_PAIRS:
            raise SetTooLarge(f"{len(self.pieces)} x {len(other.pieces)} piece pairs > {MAX_PAIRS}")
        charge(sum(_pair_cost(a, b) for a in self.pieces for b in other.pieces))
        return PayoffSet.of(self.n, (a.intersect(b) for a in self.pieces for b in other.pieces), charge)

    def clip(self, inequalities: Iterable[HalfSpace], charge: Charge = _free,
             equations: Iterable[HalfSpace] = ()) -> PayoffSet:
        """S intersected with half-spaces a.x <= b (and hyperplanes a.x == b)."""
        ineqs, eqs = list(inequalities), list(equations)
        charge(sum(len(p.vertices) * (len(p.inequalities) + len(ineqs) + len(eqs) + 1)
                   for p in self.pieces))
        return PayoffSet.of(self.n, (p.clip(ineqs, eqs) for p in self.pieces), charge)

    def cut_to(self, feasible: Polytope, charge: Charge = _free) -> PayoffSet:
        """S intersected with a polytope (the feasible set F of a game, typically)."""
        return self.intersect(PayoffSet.polytope(feasible), charge)

    def contains(self, x: Point, charge: Charge = _free) -> bool:
        """Whether the point is in the set."""
        charge(sum(len(p.inequalities) + len(p.equations) for p in self.pieces) + 1)
        return any(p.contains(x) for p in self.pieces)

    def within(self, other: PayoffSet, charge: Charge = _free) -> bool:
        """Whether every point of this set is in `other` (exact: each piece minus the
        other's pieces, as exact not-necessarily-closed polyhedra, must be empty)."""
        return all(_piece_within(piece, other.pieces, charge) for piece in self.pieces)

    def vertices(self) -> list[Point]:
        """The vertices of every piece, in piece order (repeats removed)."""
        return list(dict.fromkeys(v for p in self.pieces for v in p.vertices))


def _piece_within(piece: Polytope, cover: tuple[Polytope, ...], charge: Charge) -> bool:
    charge(sum(_pair_cost(piece, c) for c in cover) + 1)
    if any(piece.within(c) for c in cover):
        return True
    # What is left of the piece outside each cover piece in turn, kept exact with strict
    # inequalities (NNC polyhedra), so no boundary sliver is lost or invented.
    rest = [ppl.NNC_Polyhedron(piece.ppl())]
    for c in cover:
        halves = c.halfspaces()
        charge(len(rest) * len(halves) * (len(halves) + 1))
        rest = [part for r in rest for part in _minus(r, halves)]
        if not rest:
            return True
        if len(rest) > MAX_REMAINDER:
            raise SetTooLarge(f"containment test split a piece into more than {MAX_REMAINDER} parts")
    return False


def _minus(region, halves: list[HalfSpace]) -> list:
    """region minus {x : every a.x <= b}, as disjoint NNC parts (the first violated
    half-space decides the part), empty parts dropped."""
    parts = []
    inside = type(region)(region)
    for a, b in halves:
        part = type(inside)(inside)
        part.add_constraint(bridge.strictly_outside(a, b))
        if not part.is_empty():
            parts.append(part)
        inside.add_constraint(bridge.ppl_constraint(a, b))
        if inside.is_empty():
            break
    return parts


def below(x: Point) -> list[HalfSpace]:
    """Half-spaces of the orthant {y : y <= x} (for clip): y_i <= x_i for each i."""
    n = len(x)
    return [(_unit(n, i, 1), Fraction(x[i])) for i in range(n)]


def above(x: Point) -> list[HalfSpace]:
    """Half-spaces of the orthant {y : y >= x} (the weak Pareto improvements on x)."""
    n = len(x)
    return [(_unit(n, i, -1), -Fraction(x[i])) for i in range(n)]


def _unit(n: int, i: int, sign: int) -> Point:
    return tuple(Fraction(sign if k == i else 0) for k in range(n))
