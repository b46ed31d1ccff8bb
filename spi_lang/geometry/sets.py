"""Exact payoff-space sets for 2-player games: finite unions of closed convex polygons
(points and segments are degenerate polygons), with union, intersection, emptiness,
membership and containment. Everything is `Fraction`; no floats.

A convex piece is kept as its vertices (counter-clockwise); intersections clip one
piece's vertex cycle by the other's half-planes a.x <= b (Sutherland-Hodgman), which
handles points and segments as cycles of one or two vertices. The interface (`PayoffSet` and its methods) is all that the
interpreter uses, so an n-player backend can replace this module.

Operations take a `charge` callback and spend fuel in proportion to their work before
doing it (a pair of pieces compared, a vertex tested against a half-plane), so a hostile
program cannot make one fuel step cost seconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from fractions import Fraction
from functools import cached_property

import attrs

from spi_lang.geometry.memo import ChargedMemo
from spi_lang.geometry.numbers import MAX_BITS, bounded, words
from spi_lang.geometry.planar import Point, convex_hull

MAX_PIECES = 500             # pieces in one set; keeps unions (quadratic) quick
MAX_INTERSECTIONS = 50_000   # piece pairs one intersection may have to cut
HalfPlane = tuple[Fraction, Fraction, Fraction]  # (a0, a1, b): a0*x0 + a1*x1 <= b
Charge = Callable[[int], None]  # spends units of a match's fuel
_MEMO = ChargedMemo()  # intersections and clips of planar sets, with the fuel they charged


def _free(units: int) -> None:
    """The charge of work done outside a match: nothing."""


@attrs.frozen(slots=False, cache_hash=True)  # hashing Fractions is slow: once per piece
class Piece:
    """A non-empty closed convex polygon, by its hull vertices (1, 2 or more)."""

    vertices: tuple[Point, ...]

    @classmethod
    def hull(cls, points: Iterable[Point]) -> Piece:
        """The convex hull of points, as a piece."""
        return cls(convex_hull(points))

    @property
    def dimension(self) -> int:
        """0 for a point, 1 for a segment, 2 for a polygon."""
        return min(len(self.vertices) - 1, 2)

    @cached_property
    def words(self) -> int:
        """64-bit words of the largest coordinate: the cost of one arithmetic step on it."""
        return words(x for v in self.vertices for x in v)

    @cached_property
    def planes(self) -> tuple[HalfPlane, ...]:
        """Half-planes whose intersection is exactly this piece."""
        return _halfplanes(self.vertices)

    @property
    def plane_count(self) -> int:
        """len(self.planes), without making them: fuel is charged by the count before the
        work (a point or a segment has 4 half-planes, a polygon one per edge)."""
        return len(self.vertices) if len(self.vertices) > 2 else 4

    def halfplanes(self) -> list[HalfPlane]:
        """Half-planes whose intersection is exactly this piece."""
        return list(self.planes)

    @cached_property
    def integer_planes(self) -> tuple[tuple[int, int, int], ...]:
        """The half-planes scaled to integer coefficients (same sets, faster tests)."""
        return tuple(_integers(plane) for plane in self.planes)

    @cached_property
    def integer_vertices(self) -> tuple[tuple[int, int, int], ...]:
        """The vertices as (X, Y, D) with x = (X/D, Y/D) and D > 0."""
        return tuple(_integers(v + (Fraction(1),)) for v in self.vertices)

    def contains(self, x: Point) -> bool:
        """Whether the point lies in this piece (boundary included)."""
        # In integers: with x = (X0/D0, X1/D1), D0, D1 > 0, a0 x0 + a1 x1 <= b is
        # a0 X0 D1 + a1 X1 D0 <= b D0 D1 (both sides times D0 D1).
        x0, d0, x1, d1 = x[0].numerator, x[0].denominator, x[1].numerator, x[1].denominator
        x0, x1, d = x0 * d1, x1 * d0, d0 * d1
        return all(a0 * x0 + a1 * x1 <= b * d for a0, a1, b in self.integer_planes)

    def within(self, other: Piece) -> bool:
        """Whether this piece is a subset of `other`."""
        if len(other.vertices) == 1:  # only a point is inside a point (a fast common case)
            return self.vertices == other.vertices
        # Exact integer arithmetic: a0 X + a1 Y <= b D is a0 x + a1 y <= b, as D > 0.
        planes = other.integer_planes
        return all(a0 * x + a1 * y <= b * d for x, y, d in self.integer_vertices
                   for a0, a1, b in planes)


_ONE, _ZERO, _MINUS_ONE = Fraction(1), Fraction(0), Fraction(-1)  # made once, not per call


def _halfplanes(v: tuple[Point, ...]) -> tuple[HalfPlane, ...]:
    if len(v) == 1:
        (x, y), = v
        return ((_ONE, _ZERO, x), (_MINUS_ONE, _ZERO, -x), (_ZERO, _ONE, y), (_ZERO, _MINUS_ONE, -y))
    if len(v) == 2:
        p, q = v
        normal = (q[1] - p[1], p[0] - q[0])
        along = (q[0] - p[0], q[1] - p[1])
        return (_plane(normal, p), _plane((-normal[0], -normal[1]), p),
                _plane(along, q), _plane((-along[0], -along[1]), p))
    return tuple(_plane((q[1] - p[1], p[0] - q[0]), p) for p, q in zip(v, v[1:] + v[:1]))


def _integers(values: tuple[Fraction, ...]) -> tuple[int, ...]:
    """The values times the least common multiple of their denominators."""
    scale = math.lcm(*(v.denominator for v in values))
    return tuple(v.numerator * (scale // v.denominator) for v in values)


def _plane(normal, point) -> HalfPlane:
    return (normal[0], normal[1], normal[0] * point[0] + normal[1] * point[1])


_VERTEX = "a vertex of a payoff set"


def _bounded_vertex(x: int, y: int, w: int) -> tuple[int, int, int]:
    """A cut point (X, Y, W), if X/W and Y/W pass the number bound (checked as fractions
    only when one of its integers is long: the common case costs three bit lengths)."""
    if max(x.bit_length(), y.bit_length(), w.bit_length()) > MAX_BITS:
        bounded(Fraction(x, w), _VERTEX)
        bounded(Fraction(y, w), _VERTEX)
    return x, y, w


def clip_piece(piece: Piece, planes) -> Piece | None:
    """The part of a piece inside half-planes, or None (Sutherland-Hodgman: each
    half-plane cuts the vertex cycle; a point or a segment is a cycle of 1 or 2 vertices).
    In integers: vertices are homogeneous (X, Y, W), W > 0, and each half-plane is scaled
    to integer coefficients, so every test and every cut point is exact integer work (a
    cut point is reduced by the gcd of its three numbers); the result is the same rational
    polygon the `Fraction` computation gives."""
    poly = list(piece.integer_vertices)
    for plane in planes:
        a0, a1, b = _integers(plane)
        values = [a0 * x + a1 * y - b * w for x, y, w in poly]
        out = []
        last = len(poly) - 1
        for i, (p, fp) in enumerate(zip(poly, values)):
            j = i + 1 if i < last else 0
            q, fq = poly[j], values[j]
            if fp <= 0:
                out.append(p)
            if (fp < 0 < fq) or (fq < 0 < fp):
                x, y, w = fp * q[0] - fq * p[0], fp * q[1] - fq * p[1], fp * q[2] - fq * p[2]
                if w < 0:
                    x, y, w = -x, -y, -w
                g = math.gcd(x, y, w)
                out.append(_bounded_vertex(x // g, y // g, w // g))
        if not out:
            return None
        poly = out
    return _hull_of_homogeneous(poly)


def _hull_of_homogeneous(points: list[tuple[int, int, int]]) -> Piece:
    """`Piece.hull` of homogeneous integer points: the hull is taken on one common
    denominator (the same order and the same turns as with `Fraction`s), then made
    `Fraction`s again."""
    scale = math.lcm(*(w for _, _, w in points))
    hull = convex_hull((x * (scale // w), y * (scale // w)) for x, y, w in points)
    return Piece(tuple((Fraction(x, scale), Fraction(y, scale)) for x, y in hull))


@attrs.frozen(cache_hash=True)  # a memo key in every clip and intersection
class PayoffSet:
    """A finite union of convex pieces, none inside another."""

    pieces: tuple[Piece, ...] = ()

    @classmethod
    def of(cls, pieces: Iterable[Piece], charge: Charge = _free) -> PayoffSet:
        """The union of pieces, with pieces inside others dropped (order kept)."""
        unique = list(dict.fromkeys(pieces))
        if len(unique) > MAX_PIECES:  # checked before the quadratic pass below
            raise SetTooLarge(f"{len(unique)} pieces")
        charge(_inclusion_cost(unique))
        kept: list[Piece] = []
        for piece in unique:
            if any(piece.within(k) for k in kept):
                continue
            kept = [k for k in kept if not k.within(piece)] + [piece]
        return cls(tuple(kept))

    @classmethod
    def points(cls, points: Iterable[Point], charge: Charge = _free) -> PayoffSet:
        """A finite set of points."""
        return cls.of((Piece((p,)) for p in dict.fromkeys(points)), charge)

    @property
    def empty(self) -> bool:
        return not self.pieces

    def union(self, other: PayoffSet, charge: Charge = _free) -> PayoffSet:
        """S | T."""
        return PayoffSet.of(self.pieces + other.pieces, charge)

    def intersect(self, other: PayoffSet, charge: Charge = _free) -> PayoffSet:
        """S & T (computed once for equal sets, `memo`: a reuse charges the same fuel)."""
        return _MEMO.get(("&", self, other), lambda counting: self._intersect(other, counting), charge)

    def _intersect(self, other: PayoffSet, charge: Charge) -> PayoffSet:
        if len(self.pieces) * len(other.pieces) > MAX_INTERSECTIONS:
            raise SetTooLarge(f"{len(self.pieces)} x {len(other.pieces)} piece pairs")
        charge(self._vertices() * sum(b.plane_count for b in other.pieces) * _words(self.pieces + other.pieces))
        return PayoffSet.of((p for a in self.pieces for b in other.pieces
                             if (p := clip_piece(a, b.planes)) is not None), charge)

    def clip(self, planes: list[HalfPlane], charge: Charge = _free) -> PayoffSet:
        """S intersected with half-planes (computed once for equal sets and planes)."""
        planes = tuple(planes)
        return _MEMO.get(("clip", self, _plane_key(planes)), lambda counting: self._clip(planes, counting), charge)

    def _clip(self, planes: tuple[HalfPlane, ...], charge: Charge) -> PayoffSet:
        charge(self._vertices() * len(planes) * _words(self.pieces))
        return PayoffSet.of((p for a in self.pieces
                             if (p := clip_piece(a, planes)) is not None), charge)

    def _vertices(self) -> int:
        return sum(len(piece.vertices) for piece in self.pieces)

    def contains(self, x: Point) -> bool:
        """Whether the point is in the set."""
        return any(piece.contains(x) for piece in self.pieces)

    def within(self, other: PayoffSet, charge: Charge = _free) -> bool:
        """Whether every point of this set is in `other` (exact for unions of polygons);
        `charge` pays each vertex tested against a half-plane, times the numbers' words."""
        return all(self._piece_within(piece, other, charge) for piece in self.pieces)

    @staticmethod
    def _piece_within(piece: Piece, other: PayoffSet, charge: Charge) -> bool:
        size = _words((piece, *other.pieces))
        charge(len(piece.vertices) * sum(o.plane_count for o in other.pieces) * size)
        if any(piece.within(o) for o in other.pieces):
            return True
        # A piece covered only by several pieces together: what is left of it after
        # removing each covering piece (a union of convex parts) must be empty.
        rest = [piece]
        for cover in other.pieces:
            charge(sum(len(r.vertices) for r in rest) * cover.plane_count ** 2 * size)
            rest = [part for r in rest for part in _minus(r, cover)]
            if not rest:
                return True
        return False


def _plane_key(planes: tuple[HalfPlane, ...]) -> tuple[int, ...]:
    """The planes' numbers as numerators and denominators: equal exactly when the planes
    are, and hashed and compared as ints (hashing a `Fraction` runs Python code)."""
    return tuple(n for plane in planes for v in plane for n in (v.numerator, v.denominator))


def _words(pieces) -> int:
    return max((p.words for p in pieces), default=1)


def _inclusion_cost(pieces: list[Piece]) -> int:
    """What `of` may spend testing pieces inside others: piece P within Q tests P's
    vertices against Q's half-planes, so every ordered pair costs vertices(P) x planes(Q)
    (sum over P != Q = V x H - sum of each piece with itself), times the words of the
    largest coordinate. Cheap to compute: a pass over the pieces, not over the pairs."""
    if len(pieces) < 2:
        return 0
    vertices = [len(p.vertices) for p in pieces]
    planes = [p.plane_count for p in pieces]
    pairs = sum(vertices) * sum(planes) - sum(v * h for v, h in zip(vertices, planes))
    return pairs * _words(pieces)


class SetTooLarge(Exception):
    """A set grew past MAX_PIECES pieces."""


def _minus(piece: Piece, cover: Piece) -> list[Piece]:
    """Closures of the convex parts of `piece` outside `cover` that have points outside it
    (degenerate slivers on the boundary of `cover` are dropped)."""
    parts = []
    done: list[HalfPlane] = []
    for a0, a1, b in cover.halfplanes():
        outside = clip_piece(piece, done + [(-a0, -a1, -b)])
        if outside is not None and any(a0 * v[0] + a1 * v[1] > b for v in outside.vertices):
            parts.append(outside)
        done.append((a0, a1, b))
    return parts


def below(x: Point) -> list[HalfPlane]:
    """Half-planes of the points weakly below x."""
    return [(_ONE, _ZERO, x[0]), (_ZERO, _ONE, x[1])]


def above(x: Point) -> list[HalfPlane]:
    """Half-planes of the points weakly above x (the weak Pareto improvements on x)."""
    return [(_MINUS_ONE, _ZERO, -x[0]), (_ZERO, _MINUS_ONE, -x[1])]
