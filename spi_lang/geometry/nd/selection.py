"""Selection functions over an n-dimensional payoff set (a union of polytopes), exact.

Each selection function maximizes a key lexicographically, the same keys as
spi_lang/selection.py, so the choice is a function of the set (deterministic tie-break):

- leximin:      (sorted(x), x)
- utilitarian:  (sum(x), sorted(x), x)
- dictator i:   (x_i, sorted(x), x)
- nash (base d): (N(x), sorted(x), x) with N(x) = prod(x_i - d_i) if x > d, else 0.
  spi_lang's base d is each player's lowest pure payoff; here d is a parameter.

On one polytope the key's maximum is found by exact LPs (leximin: the classic sequence
"maximize the smallest free coordinate, then fix the coordinates that cannot rise"; the
leximin point of a convex set is unique, so the trailing x never decides there). On a
union it is the best of the pieces' maxima. Every key strictly rises when a point is
Pareto-improved, so the selected point is Pareto-efficient in the set. Nash's maximizer
is in nash.py; it raises NashIrrational where the exact maximizer may be irrational.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from .bridge import Point
from .nash import NashIrrational, nash_in_piece, nash_value
from .polytope import Polytope, max_min
from .sets import PayoffSet

Charge = Callable[[int], None]
__all__ = ["leximin", "utilitarian", "dictator", "nash", "select", "leximin_key",
           "NashIrrational", "EmptySelection"]


class EmptySelection(Exception):
    """A selection function was applied to the empty set."""


def _free(units: int) -> None:
    """No fuel accounting."""


def leximin_key(x: Point) -> tuple:
    """The leximin order's key: the sorted vector, then the vector (larger is better)."""
    return (*sorted(x), *x)


def leximin_in_piece(piece: Polytope) -> Point:
    """The unique leximin-best point of a non-empty polytope (at most n + n^2 exact LPs)."""
    n = piece.n
    zero = (Fraction(0),) * n
    floors: dict[int, Fraction] = {}
    while len(floors) < n:
        free = [i for i in range(n) if i not in floors]
        t = max_min(piece, zero, free, floors)
        # Coordinates that cannot rise above t while the others keep >= t are fixed at t;
        # at least one exists (else averaging optimal points would beat t).
        level = {**floors, **{i: t for i in free}}
        region = piece.clip([(_unit(n, j, -1), -low) for j, low in level.items()])
        for i in free:
            best = region.maximize(_unit(n, i, 1))
            if best[0] == t:
                floors[i] = t
    # Every coordinate is now pinned: x_i >= floors[i] and no point exceeds it.
    return tuple(floors[i] for i in range(n))


def _unit(n: int, i: int, sign: int) -> Point:
    return tuple(Fraction(sign if k == i else 0) for k in range(n))


def _best(points: PayoffSet, in_piece: Callable[[Polytope], Point], key, charge: Charge) -> Point:
    if points.empty:
        raise EmptySelection("selection from the empty set")
    n = points.n
    # n + n^2 LPs per piece, each over a piece of `size` units
    charge(sum((n + n * n) * p.size() for p in points.pieces))
    return max((in_piece(p) for p in points.pieces), key=key)


def leximin(points: PayoffSet, charge: Charge = _free) -> Point:
    """The leximin-best point of a non-empty payoff set."""
    return _best(points, leximin_in_piece, leximin_key, charge)


def utilitarian(points: PayoffSet, charge: Charge = _free) -> Point:
    """The point of largest payoff sum; ties broken by leximin."""
    ones = (Fraction(1),) * points.n
    return _best(points, lambda p: leximin_in_piece(p.maximize(ones)[1]),
                 lambda x: (sum(x), *leximin_key(x)), charge)


def dictator(points: PayoffSet, player: int, charge: Charge = _free) -> Point:
    """The point best for `player`; ties broken by leximin."""
    c = _unit(points.n, player, 1)
    return _best(points, lambda p: leximin_in_piece(p.maximize(c)[1]),
                 lambda x: (x[player], *leximin_key(x)), charge)


def nash(points: PayoffSet, base: Sequence[Fraction], charge: Charge = _free) -> Point:
    """The point maximizing the product of gains over `base` (N above); where N is 0 on
    the whole set, the leximin point. Raises NashIrrational (see nash.py)."""
    d = tuple(Fraction(c) for c in base)
    return _best(points, lambda p: nash_in_piece(p, d, leximin_in_piece, charge),
                 lambda x: (nash_value(x, d), *leximin_key(x)), charge)


def select(name: str, points: PayoffSet, base: Sequence[Fraction] | None = None,
           charge: Charge = _free) -> Point:
    """Selection by name: 'leximin', 'utilitarian', 'nash' (needs base), 'dictator:<i>'."""
    if name == "leximin":
        return leximin(points, charge)
    if name == "utilitarian":
        return utilitarian(points, charge)
    if name == "nash":
        if base is None:
            raise ValueError("nash needs the base (disagreement) point")
        return nash(points, base, charge)
    if name.startswith("dictator:"):
        return dictator(points, int(name.split(":", 1)[1]), charge)
    raise ValueError(f"unknown selection function {name!r}")
