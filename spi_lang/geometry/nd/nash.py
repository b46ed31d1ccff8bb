"""The exact Nash-product maximizer over one polytope, or a clear refusal.

N(x) = prod_i (x_i - d_i) for x > d (0 elsewhere). Where N > 0 somewhere on the piece P,
log N is strictly concave there, so the maximizer x* is unique, lies in Q = P & {x >= d},
is efficient in Q, and is the critical point of log N on the relative interior of the
face G of Q that holds it. With aff(G) = {x : A x = b}, the critical point solves
1/(x - d) = A^T lam. Split the coordinates into blocks that share no row of A (in
reduced row-echelon form). A block of k coordinates with k independent rows pins them;
a block with one row a.x_B = b gives the rational x_i = d_i + (b - a.d_B) / (k a_i);
a coordinate in no row means G has no critical point. A block of k coordinates with
1 < r < k rows couples them through a polynomial system whose solution can be
irrational (already for an edge in R^3: a quadratic). We try every face with a rational
candidate and accept the one that passes the exact optimality test
    sum_i (v_i - d_i) / (x*_i - d_i) <= n for every vertex v of Q
(the first-order condition of the concave problem). If none passes, the maximizer sits
on a coupled face and NashIrrational is raised: never a float, never a guess.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from .bridge import Point
from .efficiency import all_subfaces, efficient_face_sets
from .polytope import Polytope, max_min
from .sets import above


class NashIrrational(Exception):
    """The Nash product's maximizer lies on a face where it solves a coupled polynomial
    system (it may be irrational); spilang does not approximate it."""


def nash_value(x: Point, d: Point) -> Fraction:
    """N(x): the product of gains over d when all are positive, else 0."""
    result = Fraction(1)
    for xi, di in zip(x, d):
        if xi <= di:
            return Fraction(0)
        result *= xi - di
    return result


def nash_in_piece(piece: Polytope, d: Point, leximin: Callable[[Polytope], Point],
                  charge: Callable[[int], None]) -> Point:
    """The key-best point of one polytope for nash: its N-maximizer, or its leximin
    point when N is 0 on all of it."""
    n = piece.n
    t = max_min(piece, d, range(n))
    if t is None or t <= 0:  # no point strictly above d: N is 0 everywhere
        return leximin(piece)
    region = piece.clip(above(d))
    walk, faces = efficient_face_sets(region, charge)
    coupled = False
    for face in all_subfaces(walk, faces, charge):
        charge(region.size())
        candidate = critical_point(walk.polytope(face), d)
        if candidate is None:
            continue
        if candidate == "coupled":
            coupled = True
            continue
        if _optimal(candidate, region, d):
            return candidate
    raise NashIrrational(
        "the Nash product's maximizer lies on a face where several players' payoffs are "
        "coupled by more than one equation; it solves a polynomial system and may be "
        "irrational, so it is not computed" + ("" if coupled else " (no candidate found)"))


def _optimal(x: Point, region: Polytope, d: Point) -> bool:
    if not region.contains(x) or any(xi <= di for xi, di in zip(x, d)):
        return False
    g = [xi - di for xi, di in zip(x, d)]
    n = len(x)
    return all(sum((vi - di) / gi for vi, di, gi in zip(v, d, g)) <= n for v in region.vertices)


def critical_point(face: Polytope, d: Point) -> Point | str | None:
    """The critical point of log N on aff(face) when it is rational by the block rule;
    None when there is none; "coupled" when a block has 1 < rows < coordinates."""
    n = face.n
    rows = _rref([(list(a), b) for a, b in face.equations], n)
    blocks = _blocks(rows, n)
    if blocks is None:
        return None
    x: list[Fraction | None] = [None] * n
    for coords, block_rows in blocks:
        if len(block_rows) == len(coords):  # pinned: RREF rows are unit rows here
            for a, b in block_rows:
                x[next(i for i in coords if a[i] != 0)] = b
        elif len(block_rows) == 1:
            (a, b), = block_rows
            k = len(coords)
            slack = b - sum(a[i] * d[i] for i in coords)
            for i in coords:
                x[i] = d[i] + slack / (k * a[i])
        elif face.dimension == 1:  # an edge: one unknown, solved exactly below
            return edge_critical_point(face, d)
        else:
            return "coupled"
    return tuple(x)


def edge_critical_point(edge: Polytope, d: Point) -> Point | str | None:
    """The critical point of log N inside an edge p-q, exactly if it is rational.

    On x = p + t(q - p), h(t) = sum_i delta_i / g_i(t) strictly decreases; its root is a
    root of the integer polynomial q(t) = sum_i delta_i prod_{k != i} g_k(t). A rational
    root r/s has s dividing the leading coefficient c, and two fractions of denominator
    <= |c| are >= 1/c^2 apart, so bisecting to width < 1/c^2 and taking the nearest
    fraction of denominator <= |c| finds it; an exact test q(t) == 0 confirms it."""
    p, q = edge.vertices
    delta = [b - a for a, b in zip(p, q)]
    g0 = [a - di for a, di in zip(p, d)]
    if any(g == 0 and dl == 0 for g, dl in zip(g0, delta)):
        return None  # N is 0 on the whole edge
    if _h_sign(g0, delta, 0) <= 0 or _h_sign(g0, delta, 1) >= 0:
        return None  # N peaks at an end point, not inside
    poly = _poly_scaled(g0, delta)
    bound = abs(poly[-1])
    lo, hi = Fraction(0), Fraction(1)
    while (hi - lo) * bound * bound >= 1:
        mid = (lo + hi) / 2
        if _h_sign(g0, delta, mid) > 0:
            lo = mid
        else:
            hi = mid
    t = ((lo + hi) / 2).limit_denominator(bound)
    if not (lo <= t <= hi) or sum(c * t ** k for k, c in enumerate(poly)) != 0:
        return "coupled"  # the root is irrational
    return tuple(a + t * dl for a, dl in zip(p, delta))


def _h_sign(g0, delta, t: Fraction) -> int:
    """The sign of h(t) = sum delta_i / g_i(t), with its limits at zero gains."""
    gains = [g + t * dl for g, dl in zip(g0, delta)]
    if any(g == 0 for g in gains):  # a gain vanishing at an end point dominates
        return 1 if t == 0 else -1
    total = sum(dl / g for dl, g in zip(delta, gains))
    return (total > 0) - (total < 0)


def _poly_scaled(g0, delta) -> list[int]:
    """Integer coefficients (constant first, trailing zeros dropped) of
    sum_i delta_i prod_{k != i} (g0_k + t delta_k), scaled by the lcm of denominators."""
    total = [Fraction(0)] * len(g0)
    for i, dl in enumerate(delta):
        term = [dl]
        for k, (g, dk) in enumerate(zip(g0, delta)):
            if k != i:
                term = _mul_linear(term, g, dk)
        for j, c in enumerate(term):
            total[j] += c
    while total and total[-1] == 0:
        total.pop()
    scale = math.lcm(1, *(c.denominator for c in total))
    return [int(c * scale) for c in total]


def _mul_linear(poly: list[Fraction], a: Fraction, b: Fraction) -> list[Fraction]:
    """poly(t) * (a + b t), coefficients constant first."""
    out = [Fraction(0)] * (len(poly) + 1)
    for j, c in enumerate(poly):
        out[j] += a * c
        out[j + 1] += b * c
    return out


def _rref(rows: list[tuple[list[Fraction], Fraction]], n: int) -> list[tuple[list[Fraction], Fraction]]:
    """Reduced row-echelon form of the equations a.x = b (exact, independent rows)."""
    out: list[tuple[list[Fraction], Fraction]] = []
    for a, b in rows:
        a, b = [Fraction(c) for c in a], Fraction(b)
        for pa, pb in out:
            p = next(i for i, c in enumerate(pa) if c != 0)
            if a[p] != 0:
                f = a[p]
                a, b = [x - f * y for x, y in zip(a, pa)], b - f * pb
        piv = next((i for i, c in enumerate(a) if c != 0), None)
        if piv is None:
            continue
        a, b = [c / a[piv] for c in a], b / a[piv]
        out = [_eliminate(pa, pb, a, b, piv) for pa, pb in out] + [(a, b)]
    return out


def _eliminate(pa, pb, a, b, piv):
    """Row (pa, pb) with its entry in column piv cleared by the pivot row (a, b)."""
    f = pa[piv]
    return ([x - f * y for x, y in zip(pa, a)], pb - f * b) if f != 0 else (pa, pb)


def _blocks(rows, n: int):
    """Coordinates grouped by shared rows, with their rows; None if a coordinate is free."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    used = set()
    for a, _ in rows:
        support = [i for i, c in enumerate(a) if c != 0]
        used.update(support)
        for i in support[1:]:
            parent[find(i)] = find(support[0])
    if len(used) < n:
        return None
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return [(coords, [r for r in rows if any(r[0][i] != 0 for i in coords)])
            for coords in groups.values()]
