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
x >= u(a) other than u(a) itself. Profiles with equal payoffs are tested once, and one
`check` tests at most MAX_CHECKS payoff vectors over all its programs, and its set
operations spend at most MAX_WORK units of work, counted as in a match (programs are
untrusted; past the budget it warns no more, which is never wrong: a union of two
20,000-point hulls or 60,000 intersected sets used to cost `check` minutes; issue 17)."""

from __future__ import annotations

from spi_lang.geometry.constant_sets import CONSTANT_SETS, constant_set, coords
from spi_lang.geometry.games import Game
from spi_lang.load.programs import Program
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiWarning

FIXED_OUTCOMES = (ast.Profile, ast.Lottery)
MAX_CHECKS = 20_000  # payoff vectors tested per `check`, over all programs
MAX_WORK = 200_000  # units of set work per `check` (as --fuel counts them), over all programs


class Spent(Exception):
    """The work budget of one `check` is spent."""


class Budget:
    """The payoff-vector tests and set work one `check` may still spend on Definition 6(2)."""

    def __init__(self) -> None:
        self.left = MAX_CHECKS
        self.work = MAX_WORK

    def charge(self, units: int = 1) -> None:
        """Spend units of set work; raises Spent past the budget."""
        self.work -= units
        if self.work < 0:
            raise Spent


def never_improves(program: Program, game: Game, budget: Budget) -> list[SpiWarning]:
    """A warning if no offer of csr `program` can ever strictly improve on its default
    outcome for anyone (Definition 6(2)); [] otherwise, when that depends on the match, or
    when `budget` cannot pay for the test."""
    if program.reference is not None or not isinstance(program.decl, ast.CsrProgram):
        return []
    payoffs = list(dict.fromkeys(game.payoff(profile) for profile in game.profiles()))
    if len(payoffs) > budget.left:
        return []
    try:
        if not _never(program, game, payoffs, budget):
            return []
    except Spent:
        return []
    return [SpiWarning(f"no offer of {program.name} can ever strictly improve on its default outcome for "
                       "anyone: at every default profile a its offers hold no point x >= u(a) other than "
                       "u(a) itself (Definition 6(2)), so it always plays its default", program.decl.name.span)]


def _never(program: Program, game: Game, payoffs, budget: Budget) -> bool:
    """Whether the bound of the offers holds no strict improvement on any payoff vector."""
    bound = game.space.empty()
    for clause in program.offers:
        found = _bound(clause.set, game, budget.charge)
        if found is None:
            return False
        bound = bound.union(found, budget.charge)
    space = game.space
    for u in payoffs:
        budget.left -= 1
        better = bound.clip(space.above(u), budget.charge)
        if not better.within(space.points([u]), budget.charge):
            return False
    return True


def _bound(expr, game: Game, charge):
    """The set `expr` can be, if that does not depend on the match; else None."""
    charge()
    if isinstance(expr, CONSTANT_SETS):
        return constant_set(game, expr, charge)
    if isinstance(expr, ast.OutcomeSet) and all(isinstance(o, FIXED_OUTCOMES) for o in expr.outcomes):
        return game.space.points((game.expected(game.outcome_of(o)) for o in expr.outcomes), charge)
    if isinstance(expr, ast.HullSet) and all(isinstance(i, (ast.Coords, *FIXED_OUTCOMES)) for i in expr.items):
        charge(len(expr.items) * max(1, len(expr.items).bit_length()))
        return game.space.hull(coords(i) if isinstance(i, ast.Coords) else game.expected(game.outcome_of(i))
                               for i in expr.items)
    if isinstance(expr, ast.SetUnion):
        parts = [_bound(e, game, charge) for e in expr.operands]
        if any(p is None for p in parts):
            return None
        return game.space.of((piece for p in parts for piece in p.pieces), charge)
    if isinstance(expr, ast.SetIntersect):
        parts = [p for p in (_bound(e, game, charge) for e in expr.operands) if p is not None]
        if not parts:
            return None
        found = parts[0]
        for part in parts[1:]:
            found = found.intersect(part, charge)
        return found
    return None
