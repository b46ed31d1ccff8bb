"""Definition 6(2): a set-valued renegotiation function offers, for some default outcome a,
a point that strictly improves on a for some player. A csr program whose offers can never
do so always plays its default; `check` reports it as a warning, not an error, because
the paper itself uses such programs (the proof of Theorem 3 replaces any program by the
csr program with it as default and an empty renegotiation set).

"Can never" is decided on a bound of each clause: the constant sets, points of profiles
and lotteries, hulls of those, and their unions and intersections are exact; anything
that depends on the match (`outcome`, `result(...)`, `offers(...)`, `pmp(...)` of those)
may be any point of F, and a guard may hold. So the warning is certain: for every pure
profile a (offers are made at realized default profiles) the bound holds no point
x >= u(a) other than u(a) itself."""

from __future__ import annotations

from spi_lang.geometry.constant_sets import CONSTANT_SETS, constant_set, coords
from spi_lang.geometry.games import Game
from spi_lang.load.programs import Program
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiWarning

FIXED_OUTCOMES = (ast.Profile, ast.Lottery)


def never_improves(program: Program, game: Game) -> list[SpiWarning]:
    """A warning if no offer of csr `program` can ever strictly improve on its default
    outcome for anyone (Definition 6(2)); [] otherwise, or when that depends on the match."""
    if program.reference is not None or not isinstance(program.decl, ast.CsrProgram):
        return []
    bound = game.space.empty()
    for clause in program.offers:
        found = _bound(clause.set, game)
        if found is None:
            return []
        bound = bound.union(found)
    space = game.space
    for profile in game.profiles():
        u = game.payoff(profile)
        better = bound.clip(space.above(u))
        if not better.within(space.points([u])):
            return []
    return [SpiWarning(f"no offer of {program.name} can ever strictly improve on its default outcome for "
                       "anyone: at every default profile a its offers hold no point x >= u(a) other than "
                       "u(a) itself (Definition 6(2)), so it always plays its default", program.decl.name.span)]


def _bound(expr, game: Game):
    """The set `expr` can be, if that does not depend on the match; else None."""
    if isinstance(expr, CONSTANT_SETS):
        return constant_set(game, expr)
    if isinstance(expr, ast.OutcomeSet) and all(isinstance(o, FIXED_OUTCOMES) for o in expr.outcomes):
        return game.space.points(game.expected(game.outcome_of(o)) for o in expr.outcomes)
    if isinstance(expr, ast.HullSet) and all(isinstance(i, (ast.Coords, *FIXED_OUTCOMES)) for i in expr.items):
        return game.space.hull(coords(i) if isinstance(i, ast.Coords) else game.expected(game.outcome_of(i))
                               for i in expr.items)
    if isinstance(expr, ast.SetUnion):
        parts = [_bound(e, game) for e in expr.operands]
        if any(p is None for p in parts):
            return None
        found = parts[0]
        for part in parts[1:]:
            found = found.union(part)
        return found
    if isinstance(expr, ast.SetIntersect):
        parts = [p for p in (_bound(e, game) for e in expr.operands) if p is not None]
        if not parts:
            return None
        found = parts[0]
        for part in parts[1:]:
            found = found.intersect(part)
        return found
    return None
