"""Selection functions (Section 4.2 of the paper) over exact payoff sets, and the
canonical outcome that plays a selected payoff point.

Each selection function is a list of objectives maximized lexicographically; the last
ones (the payoff vector in player order) make the optimum unique. On a convex piece the
optimum is found among finitely many candidate points; on a union, it is the best of the
pieces' optima. A lexicographic order whose first objective never decreases when a
player's payoff rises picks a Pareto-efficient point, and a function that picks the best
element by a fixed order is transitive: if every point added to S weakly dominates
sel(S), the new best is either sel(S) or one of those points.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable
from fractions import Fraction

from spi_lang.geometry.games import Game, Outcome
from spi_lang.geometry.memo import memo_of
from spi_lang.geometry.numbers import bounded_all, words
from spi_lang.geometry.planar import Point
from spi_lang.geometry.sets import PayoffSet, Piece
from spi_lang.geometry.text import format_vector
from spi_lang.syntax.errors import SpiError

NAMES = ("leximin", "utilitarian", "nash", "dictator:P")
_LOWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _leximin_key(x: Point) -> tuple:
    return (*sorted(x), *x)


def select(name: str, game: Game, points: PayoffSet, charge=None) -> Point:
    """The point that selection function `name` picks from a non-empty set (3+ players:
    the exact LPs' work is charged to `charge`; 2 players: a unit per vertex, times the
    64-bit words of the largest coordinate)."""
    if not game.planar:
        return bounded_all(_select_nd(name, game, points, charge), "a selected point")
    key = selection_key(name, game)
    if charge is not None:
        charge(sum(len(p.vertices) * words(x for v in p.vertices for x in v) for p in points.pieces))
    best = max((_best_in_piece(piece, key, name, game) for piece in points.pieces), key=key)
    return bounded_all(best, "a selected point")


def _select_nd(name: str, game: Game, points, charge) -> Point:
    """`select` in 3+ dimensions, by exact LPs (and the exact Nash product where it is
    rational; where it may not be, a clear error)."""
    from spi_lang.geometry.nd import selection as nd
    selection_key(name, game)  # unknown names and players: the same errors as for 2 players
    if name.startswith("dictator:"):
        name = f"dictator:{_dictator_seat(name, game)}"
    lows = list(lows_of(game))
    try:
        return nd.select(name, points, lows, charge or (lambda units: None))
    except nd.NashIrrational as exc:
        raise SpiError(f"the nash selection has no exact rational answer here ({exc}); spilang never "
                       "rounds it: use leximin, utilitarian or dictator:P in this game", game.span) from None


def selection_key(name: str, game: Game) -> Callable[[Point], tuple]:
    """The lexicographic objective of a selection function (larger is better)."""
    if name == "leximin":
        return _leximin_key
    if name == "utilitarian":
        return lambda x: (sum(x), *_leximin_key(x))
    if name == "nash":
        lows = lows_of(game)
        return lambda x: (_product(x, lows), *_leximin_key(x))
    if name.startswith("dictator:"):
        seat = _dictator_seat(name, game)
        return lambda x: (x[seat], *_leximin_key(x))
    raise SpiError(f"unknown selection function {name!r}; choose one of {', '.join(NAMES)}")


def check_selection(name: str, game: Game) -> None:
    """Raise SpiError for an unknown selection function or dictator."""
    selection_key(name, game)


def lows_of(game: Game) -> tuple[Fraction, ...]:
    """Each player's lowest payoff over the table (nash's disagreement point), computed
    once per game (issue 17, F4d: it was computed again for every edge)."""
    found = _LOWS.get(game)
    if found is None:
        found = _LOWS[game] = tuple(min(u[i] for u in game.table.values()) for i in range(len(game.players)))
    return found


def _dictator_seat(name: str, game: Game) -> int:
    player = name.split(":", 1)[1]
    if player in game.players:
        return game.players.index(player)
    raise SpiError(f"unknown player {player!r} in {name!r}; the players of {game.name} are "
                   f"{', '.join(game.players)}")


def _product(x: Point, lows: list[Fraction]) -> Fraction:
    result = Fraction(1)
    for value, low in zip(x, lows):
        result *= value - low
    return result


def _best_in_piece(piece: Piece, key, name: str, game: Game) -> Point:
    """The key's maximum over a convex piece. The first objective peaks at a vertex, where
    an edge crosses the diagonal (min(x) bends there), or inside an edge (nash). If it
    is leximin's min(x), or nash's product is 0 on the whole piece, the later objectives
    are decided on the face where it is optimal."""
    candidates = list(piece.vertices)
    if len(piece.vertices) > 1:
        for p, q in zip(piece.vertices, piece.vertices[1:] + piece.vertices[:1]):
            candidates += _edge_points(p, q, name, game)
    best = max(candidates, key=key)
    if name == "leximin" or (name == "nash" and key(best)[0] == 0):
        low = min(best)
        face = PayoffSet((piece,)).clip([(Fraction(-1), Fraction(0), -low),
                                         (Fraction(0), Fraction(-1), -low)])
        best = max((v for p in face.pieces for v in p.vertices), key=key, default=best)
    return best


def _edge_points(p: Point, q: Point, name: str, game: Game) -> list[Point]:
    d = (q[0] - p[0], q[1] - p[1])
    points = []
    if d[0] != d[1]:  # where x0 = x1 on the edge: min(x) bends there
        t = (p[1] - p[0]) / (d[0] - d[1])
        if 0 <= t <= 1:
            points.append((p[0] + t * d[0], p[1] + t * d[1]))
    if name == "nash":  # the product (p0 + t d0 - l0)(p1 + t d1 - l1) peaks where its derivative is 0
        lows = lows_of(game)  # computed once per game, not once per edge (issue 17, F4d)
        g0, g1 = p[0] - lows[0], p[1] - lows[1]
        if d[0] * d[1] != 0:
            t = -(g0 * d[1] + g1 * d[0]) / (2 * d[0] * d[1])
            if 0 <= t <= 1:
                points.append((p[0] + t * d[0], p[1] + t * d[1]))
    return points


# ------------------------------------------------------------------ canonical outcome

def canonical_outcome(game: Game, x: Point, charge=None) -> Outcome:
    """The outcome both players play for payoff point x: the first pure profile (in
    profile order) that pays x; otherwise, for 2 players, the correlated lottery with the
    fewest profiles (2, then 3), the first such set of profiles in profile order, and for
    more players the lottery of at most n+1 profiles found by walking down the faces of F
    (`nd.lottery`: each step takes the first vertex in profile order). The 2-player search
    charges 4 units of `charge` per payoff of each set of profiles it tries (8 a pair, 12 a
    triple: about its Fraction operations) (it is quadratic and cubic in the distinct
    payoffs, so a hostile game must not get it for free). Computed once per game and
    point; a reuse charges the same units."""
    return memo_of(game).get(("canonical", x), lambda counting: _canonical(game, x, counting), charge)


def _canonical(game: Game, x: Point, charge) -> Outcome:
    if not game.planar:
        return _canonical_nd(game, x)
    firsts: dict[Point, tuple[str, ...]] = {}
    for profile in game.profiles():
        firsts.setdefault(game.payoff(profile), profile)
    if x in firsts:
        return game.pure(firsts[x])
    options = list(firsts.items())
    order = {profile: i for i, profile in enumerate(game.profiles())}
    options.sort(key=lambda item: order[item[1]])
    for size in (2, 3):
        for combo in itertools.combinations(options, size):
            charge(4 * size)  # a test of k payoffs is about 4k Fraction operations
            weights = _barycentric([u for u, _ in combo], x)
            if weights is not None:
                return game.outcome((profile, w) for (_, profile), w in zip(combo, weights))
    raise SpiError(f"payoff point ({x[0]}, {x[1]}) is not in the feasible set of {game.name}")


def _barycentric(points: list[Point], x: Point) -> list[Fraction] | None:
    """Positive weights summing to 1 with which `points` average to x, if there are any."""
    if len(points) == 2:
        (a, b) = points
        d = (b[0] - a[0], b[1] - a[1])
        if d[0] * (x[1] - a[1]) != d[1] * (x[0] - a[0]):
            return None
        t = (x[0] - a[0]) / d[0] if d[0] else (x[1] - a[1]) / d[1]
        return [1 - t, t] if 0 < t < 1 else None
    a, b, c = points
    det = (b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])
    if det == 0:
        return None
    wb = ((x[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (x[1] - a[1])) / det
    wc = ((b[0] - a[0]) * (x[1] - a[1]) - (x[0] - a[0]) * (b[1] - a[1])) / det
    wa = 1 - wb - wc
    return [wa, wb, wc] if min(wa, wb, wc) > 0 else None


def _canonical_nd(game: Game, x: Point) -> Outcome:
    from spi_lang.geometry.nd.lottery import NotFeasible, canonical_lottery
    table = {profile: game.payoff(profile) for profile in game.profiles()}
    try:
        return game.outcome(canonical_lottery(table, x, game._nd.feasible))
    except NotFeasible:
        raise SpiError(f"payoff point {format_vector(x)} is not in the feasible set of {game.name}") from None
